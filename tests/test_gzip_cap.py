"""A .gz that unpacks past the cap stops there, with one line naming it and the option."""

from __future__ import annotations

import gzip
from pathlib import Path

from tests.cli.support import JOBS, accounting, invoke


def test_gz_bomb_stops_at_the_cap_naming_the_option(tmp_path: Path) -> None:
    (tmp_path / "bomb.csv.gz").write_bytes(gzip.compress(b"\0" * (3 << 20)))  # 3 KB -> 3 MB
    good = str(JOBS / "bom_utf8.csv")
    args = ["analyze", "bomb.csv.gz", good, "--max-unpacked-mb", "1", "-f", "csv"]
    result = invoke(args, cwd=tmp_path)
    assert result.exit_code == 3
    assert (
        "bjla: error: bomb.csv.gz: decompresses to more than 1 MB, more than bjla unpacks"
        " (pass --max-unpacked-mb to raise the cap if the file is a real export)"
    ) in result.stderr.splitlines()
    assert accounting(result.stderr).read == 1


def test_default_cap_grows_with_the_compressed_size() -> None:
    from analyzer.limits import DEFAULT_LIMITS, MIB

    assert DEFAULT_LIMITS.unpacked_cap(3 * 1024) == 1024 * MIB
    assert DEFAULT_LIMITS.unpacked_cap(600 * MIB) == 60_000 * MIB  # a real 6 GB export
