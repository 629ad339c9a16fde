"""The baselines bjla is measured against, each runnable as its own process.

    python benchmarks/contenders.py polars FILE    # hand-written polars streaming query
    python benchmarks/contenders.py pandas FILE    # a typical pandas script
    python benchmarks/contenders.py count FILE     # bare scan_csv(...).select(pl.len())

Each does the same core work as ``bjla analyze`` on a Log Analytics CSV: keep the failed
jobs, map their codes onto the catalogue, count failures per VM; and prints a row count
so the work cannot be optimized away.
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
    runners = {"polars": run_polars, "pandas": run_pandas, "count": run_count}
    print(runners[kind](path))


if __name__ == "__main__":
    main()
