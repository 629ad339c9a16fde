"""Text forms of evidence events shared by attribution and the CLI."""

from __future__ import annotations

import polars as pl


def evidence_ref(
    signal: pl.Expr | None = None,
    time: pl.Expr | None = None,
    source: pl.Expr | None = None,
    line_no: pl.Expr | None = None,
) -> pl.Expr:
    """``signal @ 2026-11-17T21:58:03Z (waagent.log:1234)`` for each event row."""
    signal = pl.col("signal") if signal is None else signal
    time = pl.col("time") if time is None else time
    source = pl.col("source") if source is None else source
    line_no = pl.col("line_no") if line_no is None else line_no
    return pl.concat_str(
        [
            signal,
            pl.lit(" @ "),
            time.dt.strftime("%Y-%m-%dT%H:%M:%SZ").fill_null("time unknown"),
            pl.lit(" ("),
            source.str.replace(r"^.*[\\/]", ""),
            pl.lit(":"),
            line_no.cast(pl.String),
            pl.lit(")"),
        ]
    )
