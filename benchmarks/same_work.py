"""bjla's per-VM work written by hand, the way an expert would in DuckDB SQL and in polars.

    python -m benchmarks.same_work duckdb FILE OUT.csv
    python -m benchmarks.same_work polars FILE OUT.csv

Both read a Log Analytics ``AddonAzureBackupJobs`` CSV export and write one CSV row per VM
with a failure: the latest record per job id (``TimeGenerated``), then per VM the jobs,
failed jobs, first and last failure, last successful Backup job, failing days, distinct
codes, top code and its first documented cause, and the current and longest streak of
failed Backup jobs. Codes and causes come from ``patterns/*.toml`` (read directly, as a
user with the catalogue would). They skip what bjla does beyond that: every other input
shape, status spellings, time layouts other than ISO, rejects, row accounting, evidence.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUCCEEDED = ("Completed", "CompletedWithWarnings")


def code_table() -> tuple[list[str], list[str], list[str]]:
    """Lower-cased spelling, canonical code and first cause of every catalogue code."""
    keys: list[str] = []
    codes: list[str] = []
    causes: list[str] = []
    for path in sorted((ROOT / "patterns").glob("*.toml")):
        for code in tomllib.loads(path.read_text(encoding="utf-8")).get("code", []):
            for spelling in [code["id"], *code.get("aliases", [])]:
                keys.append(spelling.lower())
                codes.append(code["id"])
                causes.append(code["causes"][0])
    return keys, codes, causes


DUCKDB_SQL = """
WITH raw AS (
    SELECT * FROM read_csv(?, header = true, all_varchar = true)
), latest AS (
    SELECT
        lower(trim(coalesce(BackupItemFriendlyName,
                            regexp_extract(BackupItemUniqueId, '([^;]+)$', 1)))) AS vm,
        JobOperation AS operation,
        JobStatus AS status,
        lower(JobFailureCode) AS key,
        CAST(JobStartDateTime AS TIMESTAMPTZ) AS start_time
    FROM raw
    QUALIFY row_number() OVER (
        PARTITION BY JobUniqueId ORDER BY CAST(TimeGenerated AS TIMESTAMPTZ) DESC) = 1
), jobs AS (
    SELECT latest.*, codes.code, codes.cause, status = 'Failed' AS failed
    FROM latest LEFT JOIN codes ON latest.key = codes.key
), per_vm AS (
    SELECT
        vm,
        count(*) AS jobs,
        count(*) FILTER (WHERE failed) AS failed_jobs,
        min(start_time) FILTER (WHERE failed) AS first_failure,
        max(start_time) FILTER (WHERE failed) AS last_failure,
        max(start_time) FILTER (WHERE operation = 'Backup'
                                AND status IN ('Completed', 'CompletedWithWarnings'))
            AS last_success,
        count(DISTINCT CAST(start_time AS DATE)) FILTER (WHERE failed) AS failing_days,
        count(DISTINCT code) FILTER (WHERE failed) AS distinct_codes,
        mode(code) FILTER (WHERE failed) AS top_code
    FROM jobs GROUP BY vm
), backups AS (
    SELECT vm, failed,
        sum(CASE WHEN failed THEN 0 ELSE 1 END)
            OVER (PARTITION BY vm ORDER BY start_time ROWS UNBOUNDED PRECEDING) AS run_id
    FROM jobs WHERE operation = 'Backup'
), runs AS (
    SELECT vm, run_id, count(*) FILTER (WHERE failed) AS length FROM backups GROUP BY vm, run_id
), streaks AS (
    SELECT vm, max(length) AS longest_streak, arg_max(length, run_id) AS current_streak
    FROM runs GROUP BY vm
)
SELECT per_vm.*, (SELECT any_value(cause) FROM codes WHERE codes.code = per_vm.top_code)
       AS top_cause, streaks.current_streak, streaks.longest_streak
FROM per_vm LEFT JOIN streaks USING (vm)
WHERE failed_jobs > 0
ORDER BY vm
"""


def run_duckdb(path: str, out: str) -> int:
    import duckdb

    keys, codes, causes = code_table()
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE codes (key VARCHAR, code VARCHAR, cause VARCHAR)")
    con.executemany(
        "INSERT INTO codes VALUES (?, ?, ?)", list(zip(keys, codes, causes, strict=True))
    )
    con.execute(f"CREATE TABLE result AS {DUCKDB_SQL}", [path])
    target = out.replace("'", "''")
    con.execute(f"COPY result TO '{target}' (HEADER, DELIMITER ',')")
    count = con.execute("SELECT count(*) FROM result").fetchone()
    return int(count[0]) if count else 0


def run_polars(path: str, out: str) -> int:
    import polars as pl

    keys, codes, causes = code_table()
    catalogue = pl.LazyFrame({"key": keys, "code": codes, "cause": causes})
    when = "%Y-%m-%dT%H:%M:%S%.fZ"
    vm = pl.coalesce(
        pl.col("BackupItemFriendlyName"), pl.col("BackupItemUniqueId").str.extract(r"([^;]+)$")
    )
    jobs = (
        pl.scan_csv(path, infer_schema=False)
        .select(
            vm.str.strip_chars().str.to_lowercase().alias("vm"),
            pl.col("JobStatus").alias("status"),
            pl.col("JobOperation").alias("operation"),
            pl.col("JobFailureCode").str.to_lowercase().alias("key"),
            pl.col("JobStartDateTime").str.to_datetime(when, time_zone="UTC").alias("start"),
            pl.col("TimeGenerated").str.to_datetime(when, time_zone="UTC").alias("recorded"),
            pl.col("JobUniqueId").alias("job"),
        )
        .sort("recorded")
        .unique("job", keep="last")
        .join(catalogue, on="key", how="left")
    )
    failed = pl.col("status") == "Failed"
    success = (pl.col("operation") == "Backup") & pl.col("status").is_in(SUCCEEDED)
    per_vm = jobs.group_by("vm").agg(
        pl.len().alias("jobs"),
        failed.sum().alias("failed_jobs"),
        pl.col("start").filter(failed).min().alias("first_failure"),
        pl.col("start").filter(failed).max().alias("last_failure"),
        pl.col("start").filter(success).max().alias("last_success"),
        pl.col("start").filter(failed).dt.date().n_unique().alias("failing_days"),
        pl.col("code").filter(failed).drop_nulls().n_unique().alias("distinct_codes"),
        pl.col("code").filter(failed).drop_nulls().mode().first().alias("top_code"),
    )
    runs = (
        jobs.filter(pl.col("operation") == "Backup")
        .sort("vm", "start")
        .with_columns((~failed).cast(pl.UInt32).cum_sum().over("vm").alias("run"))
        .group_by("vm", "run")
        .agg(failed.sum().alias("length"))
        .group_by("vm")
        .agg(
            pl.col("length").max().alias("longest_streak"),
            pl.col("length").sort_by("run").last().alias("current_streak"),
        )
    )
    top_cause = catalogue.select("code", pl.col("cause").alias("top_cause")).unique("code")
    result = (
        per_vm.filter(pl.col("failed_jobs") > 0)
        .join(top_cause, left_on="top_code", right_on="code", how="left")
        .join(runs, on="vm", how="left")
        .sort("vm")
        .collect(engine="streaming")
    )
    result.write_csv(out)
    return result.height


def main() -> None:
    kind, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
    runners = {"duckdb": run_duckdb, "polars": run_polars}
    print(runners[kind](path, out))


if __name__ == "__main__":
    main()
