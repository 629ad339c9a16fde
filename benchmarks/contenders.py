"""The baselines bjla is measured against, each runnable as its own process.

    python benchmarks/contenders.py polars FILE    # hand-written polars streaming query
    python benchmarks/contenders.py polars-full FILE  # the same, with bjla's per-VM work
    python benchmarks/contenders.py pandas FILE    # a typical pandas script
    python benchmarks/contenders.py count FILE     # bare scan_csv(...).select(pl.len())

``polars``, ``pandas`` and ``count`` do the core work the issue names, on a Log Analytics
CSV: keep the failed jobs, map their codes onto the catalogue, count failures per VM.
``polars-full`` is a reference for how much of bjla's time the rest of its per-VM work
costs when written by hand: one row per job (the latest ``TimeGenerated`` per
``JobUniqueId``), parsed times, and per VM the jobs, failures, first and last failure,
last success, failing days, top code and the current and longest failure streaks. It
still skips what bjla does beyond that (every input shape, status spellings, rejects,
accounting, causes, evidence). Each prints a row count so the work cannot be optimized
away.
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


def run_polars(path: str) -> int:
    import polars as pl

    codes = pl.DataFrame({"key": list(code_map()), "code": list(code_map().values())})
    vm = pl.coalesce(
        pl.col("BackupItemFriendlyName"), pl.col("BackupItemUniqueId").str.extract(r"([^;]+)$")
    )
    out = (
        pl.scan_csv(path, infer_schema=False)
        .filter(pl.col("JobStatus") == "Failed")
        .with_columns(pl.col("JobFailureCode").str.to_lowercase().alias("key"), vm.alias("vm"))
        .join(codes.lazy(), on="key", how="left")
        .group_by("vm")
        .agg(pl.len().alias("failed"), pl.col("code").mode().first().alias("top_code"))
        .collect(engine="streaming")
    )
    return out.height


def run_polars_full(path: str) -> int:
    import polars as pl

    codes = pl.DataFrame({"key": list(code_map()), "code": list(code_map().values())})
    when = "%Y-%m-%dT%H:%M:%S%.fZ"
    vm = pl.coalesce(
        pl.col("BackupItemFriendlyName"), pl.col("BackupItemUniqueId").str.extract(r"([^;]+)$")
    )
    jobs = (
        pl.scan_csv(path, infer_schema=False)
        .select(
            vm.str.to_lowercase().alias("vm"),
            pl.col("JobStatus").alias("status"),
            pl.col("JobOperation").alias("operation"),
            pl.col("JobFailureCode").str.to_lowercase().alias("key"),
            pl.col("JobStartDateTime").str.to_datetime(when, time_zone="UTC").alias("start"),
            pl.col("TimeGenerated").str.to_datetime(when, time_zone="UTC").alias("recorded"),
            pl.col("JobUniqueId").alias("job"),
        )
        .group_by("job")
        .agg(pl.all().sort_by("recorded").last())
        .join(codes.lazy(), on="key", how="left")
    )
    failed = pl.col("status") == "Failed"
    per_vm = jobs.group_by("vm").agg(
        pl.len().alias("jobs"),
        failed.sum().alias("failed"),
        pl.col("start").filter(failed).min().alias("first_failure"),
        pl.col("start").filter(failed).max().alias("last_failure"),
        pl.col("start").filter(pl.col("status") == "Completed").max().alias("last_success"),
        pl.col("start").filter(failed).dt.date().n_unique().alias("failing_days"),
        pl.col("code").filter(failed).mode().first().alias("top_code"),
    )
    runs = (
        jobs.filter(pl.col("operation") == "Backup")
        .sort("vm", "start")
        .with_columns(failed.cast(pl.UInt32).alias("f"))
        .with_columns(pl.col("f").cum_sum().alias("total"))
        .with_columns(
            pl.when(~failed | (pl.col("vm") != pl.col("vm").shift(1)))
            .then(pl.col("total") - pl.col("f"))
            .forward_fill()
            .alias("base")
        )
        .group_by("vm")
        .agg(
            (pl.col("total") - pl.col("base")).max().alias("longest_streak"),
            (pl.col("total") - pl.col("base")).last().alias("current_streak"),
        )
    )
    out = per_vm.join(runs, on="vm", how="left").filter(pl.col("failed") > 0)
    return out.collect(engine="streaming").height


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
        "polars": run_polars,
        "polars-full": run_polars_full,
        "pandas": run_pandas,
        "count": run_count,
    }
    print(runners[kind](path))


if __name__ == "__main__":
    main()
