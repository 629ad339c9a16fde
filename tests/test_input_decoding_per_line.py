"""A few lines in another encoding are decoded on their own, not the whole file."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cases import LA_HEADER, la_row, local_for, read_one

SWEDISH = "Säkerhetskopiering"


def _rows_with(extra: bytes) -> bytes:
    lines = [la_row(n).replace("Backup", SWEDISH).encode() for n in range(1, 6)]
    return b"\n".join([LA_HEADER.encode(), *lines, extra, b""])


def test_one_cp1252_line_keeps_the_utf8_lines_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes(_rows_with(la_row(6).replace("Backup", SWEDISH).encode("cp1252")))
    local = local_for(path, tmp_path)
    assert local.warnings == [
        "jobs.csv: line 7 is not valid UTF-8; read as cp1252, the other lines as they are"
        " (pass --encoding to choose another)"
    ]
    frame = read_one(local).frame.collect()
    assert frame.height == 6
    assert frame["reject_reason"].is_null().all()
    # "Säkerhetskopiering" reads as Backup; its mojibake ("SÃ¤kerhets...") would not.
    assert set(frame["operation"]) == {"Backup"}


def test_stray_0x81_byte_does_not_make_the_file_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_bytes(_rows_with(la_row(6).encode().replace(b"vm-", b"vm\x81-")))
    frame = read_one(local_for(path, tmp_path)).frame.collect()
    assert frame.height == 6
    assert frame["vm"][5] == "vm\ufffd-00006"
    assert frame["operation"][0] == "Backup"


def test_explicit_cp1252_with_an_undefined_byte_reads_the_file(tmp_path: Path) -> None:
    from analyzer.inputs import InputFile, Workspace, materialize

    path = tmp_path / "jobs.csv"
    path.write_bytes(_rows_with(b"\x81").replace(SWEDISH.encode(), SWEDISH.encode("cp1252")))
    (tmp_path / "s").mkdir()
    local = materialize(InputFile("jobs.csv", path), Workspace(tmp_path / "s"), "cp1252")
    assert local.warnings and "line 7" in local.warnings[0]
    assert read_one(local).frame.collect()["operation"][0] == "Backup"
