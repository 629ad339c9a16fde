"""Small polars lookup frames of the catalogue's ids, for vectorized joins.

Classification joins job frames against these instead of calling back into Python per
row. The frames of the catalogue's words (titles, fixes, messages) are in ``texts``.
"""

from __future__ import annotations

import polars as pl

from analyzer.catalogue.model import Catalogue


def code_causes_frame(cat: Catalogue) -> pl.DataFrame:
    """One row per code: code, category, causes (list, in documentation order); no texts."""
    return pl.DataFrame(
        {
            "code": [c.id for c in cat.codes.values()],
            "category": [c.category for c in cat.codes.values()],
            "causes": [list(c.causes) for c in cat.codes.values()],
        },
        schema={"code": pl.String, "category": pl.String, "causes": pl.List(pl.String)},
    )


def code_key_frame(cat: Catalogue) -> pl.DataFrame:
    """Lower-cased spelling (canonical or alias) -> code id."""
    keys = cat.code_keys()
    return pl.DataFrame(
        {"code_key": list(keys), "code_by_key": list(keys.values())},
        schema={"code_key": pl.String, "code_by_key": pl.String},
    )


def numeric_key_frame(cat: Catalogue) -> pl.DataFrame:
    """Numeric errorCode -> code id."""
    keys = cat.numeric_keys()
    return pl.DataFrame(
        {"error_number": list(keys), "code_by_number": list(keys.values())},
        schema={"error_number": pl.Int64, "code_by_number": pl.String},
    )
