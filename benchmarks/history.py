"""The history store at scale: add a large export, add it again, analyze from the store.

    python -m benchmarks.history --rows 2000000
    python -m benchmarks.history --rows 20000000

Each step runs in its own process (wall time and peak RSS from os.wait4): ``bjla history
add`` of a generated Log Analytics CSV into an empty store; the same add again (it must
write nothing); ``bjla analyze`` of the store next to ``bjla analyze`` of the CSV itself.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.measure import OUT, PY, ROOT, measure


def export(rows: int) -> Path:
    """The generated 18-column LA CSV of ``rows`` rows (made once, then reused)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"la_jobs_{rows}.csv"
    if not path.exists():
        print(f"generating {rows:,} rows -> {path}", file=sys.stderr)
        tmp = path.with_suffix(".tmp")
        cmd = [PY, "-m", "tools.fleetgen", "large", "--rows", str(rows), "--shape", "la-csv"]
        subprocess.run([*cmd, str(tmp)], check=True, cwd=ROOT)
        tmp.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    path = export(args.rows)
    store = OUT / f"history_{args.rows}"
    shutil.rmtree(store, ignore_errors=True)
    bjla = [PY, "-m", "analyzer"]
    runs = [
        measure(
            "history add (new store)", [*bjla, "history", "add", str(path), "--into", str(store)]
        ),
        measure(
            "history add (same again)", [*bjla, "history", "add", str(path), "--into", str(store)]
        ),
        measure(
            "analyze the store",
            [*bjla, "analyze", str(store), "-f", "csv", "-o", str(OUT / "h.csv")],
        ),
        measure(
            "analyze the CSV", [*bjla, "analyze", str(path), "-f", "csv", "-o", str(OUT / "c.csv")]
        ),
    ]
    size = sum(p.stat().st_size for p in store.rglob("*.parquet")) / 1e6
    print(
        f"\n{args.rows:,} job rows, {path.stat().st_size / 1e6:,.0f} MB CSV"
        f" -> a store of {size:,.0f} MB"
    )
    print(f"  {'step':<28}{'wall s':>9}{'rows/s':>12}{'peak RSS MB':>13}")
    for run in runs:
        flag = "" if run.ok else "  (failed)"
        rate = args.rows / run.wall_s if run.wall_s else 0.0
        print(f"  {run.name:<28}{run.wall_s:>9.2f}{rate:>12,.0f}{run.peak_rss_mb:>13.0f}{flag}")
    same = (OUT / "h.csv").read_bytes() == (OUT / "c.csv").read_bytes()
    print(f"  the store's analysis {'equals' if same else 'DIFFERS FROM'} the CSV's")


if __name__ == "__main__":
    main()
