"""Baselines that do less than bjla, each runnable as its own process.

    python -m benchmarks.contenders pandas FILE    # a typical pandas script: core work only
    python -m benchmarks.contenders count FILE     # bare scan_csv(...).select(pl.len())

``pandas`` keeps the failed jobs of a Log Analytics CSV, maps their codes onto the
catalogue and counts failures per VM; ``count`` is the physical floor of reading the file.
Each prints a row count so the work cannot be optimized away. bjla's whole per-VM work,
written by hand, is in ``same_work.py``.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def code_map() -> dict[str, str]:
    """Lower-cased code spelling -> canonical code, read from patterns/ directly."""
    mapping: dict[str, str] = {}
    for path in sorted((ROOT / "patterns").glob("*.toml")):
        for code in tomllib.loads(path.read_text(encoding="utf-8")).get("code", []):
            for spelling in [code["id"], *code.get("aliases", [])]:
                mapping[spelling.lower()] = code["id"]
    return mapping


def run_pandas(path: str) -> int:
    import pandas as pd

    mapping = code_map()
    frame = pd.read_csv(path, dtype=str)
    failed = frame[frame["JobStatus"] == "Failed"].copy()
    failed["code"] = failed["JobFailureCode"].str.lower().map(mapping)
    failed["vm"] = failed["BackupItemFriendlyName"].fillna(
        failed["BackupItemUniqueId"].str.split(";").str[-1]
    )
    out = failed.groupby("vm").agg(
        failed=("code", "size"),
        top_code=("code", lambda s: s.mode().iloc[0] if len(s.mode()) else None),
    )
    return len(out)


def run_count(path: str) -> int:
    import polars as pl

    return int(pl.scan_csv(path, infer_schema=False).select(pl.len()).collect().item())


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    runners = {
        "pandas": run_pandas,
        "count": run_count,
    }
    print(runners[kind](path))


if __name__ == "__main__":
    main()
