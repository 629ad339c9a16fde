"""Small plain CSV files read by one polars parse must give what the exact reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.ingest import csv_runs
from analyzer.ingest.csv_runs import PlainCsvReader
from analyzer.inputs import LocalFile
from analyzer.limits import Limits
from tests.cli.support import accounting, invoke
from tests.test_gather import APART, analyzed, assert_same
from tools.fleetgen import write_large

SMALL_GATHER = Limits(gather_rows=250)  # the gathered batches cut between files


@pytest.fixture(scope="module")
def plain_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six plain exports of one header, and next to them files the plain reader must leave.

    A separator-only line (an empty record) stays plain; a short row, a quote, a CR line
    end, another column order and a file that is no job history do not.
    """
    folder = tmp_path_factory.mktemp("plain")
    whole = folder.parent / "whole.csv"
    write_large(600, "la-csv", whole)
    header, *lines = whole.read_text(encoding="utf-8").splitlines()
    assert '"' not in whole.read_text(encoding="utf-8")
    width = header.count(",") + 1
    for n in range(6):
        part = lines[n * 80 : (n + 1) * 80]
        if n == 2:
            part.insert(5, "," * (width - 1))
        (folder / f"a_{n}.csv").write_text("\n".join([header, *part, ""]), encoding="utf-8")
    rest = lines[480:]
    short = [*rest[:10], rest[10].rsplit(",", 2)[0], *rest[11:20]]
    (folder / "b_short_row.csv").write_text("\n".join([header, *short]), encoding="utf-8")
    quoted = [*rest[20:25], '"' + rest[25].replace(",", '",', 1), *rest[26:40]]
    (folder / "c_quoted.csv").write_text("\n".join([header, *quoted, ""]), encoding="utf-8")
    (folder / "d_crlf.csv").write_bytes("\r\n".join([header, *rest[40:60], ""]).encode())
    columns = header.split(",")
    order = [columns.index(name) for name in reversed(columns)]
    turned = [",".join(line.split(",")[i] for i in order) for line in rest[60:80]]
    (folder / "e_turned.csv").write_text("\n".join([",".join(reversed(columns)), *turned]))
    (folder / "f_notes.csv").write_text("Name,Size\nreadme,3\n", encoding="utf-8")
    (folder / "g_last.csv").write_text("\n".join([header, *rest[80:120]]), encoding="utf-8")
    return folder


def exact_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlainCsvReader, "may_take", staticmethod(lambda _: False))


@pytest.mark.parametrize("limits", [Limits(), SMALL_GATHER, APART], ids=["one", "cut", "apart"])
def test_plain_files_read_together_give_what_the_exact_reader_gives(
    plain_folder: Path, monkeypatch: pytest.MonkeyPatch, limits: Limits
) -> None:
    together = analyzed(plain_folder, limits)
    with monkeypatch.context() as patch:
        exact_only(patch)
        assert_same(together, analyzed(plain_folder, limits))
    assert together[0].analysis.accounting.balanced()


def test_only_plain_files_of_a_known_header_are_taken(
    plain_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[str] = []
    parse = csv_runs._parse

    def recording(files: list[csv_runs._Plain]) -> object:
        taken.extend(file.local.name for file in files)
        return parse(files)

    monkeypatch.setattr(csv_runs, "_parse", recording)
    result, tables = analyzed(plain_folder)
    names = sorted(Path(name).name for name in taken)
    plain = [f"a_{n}.csv" for n in range(6)]
    assert names == [*plain, "e_turned.csv", "g_last.csv"]
    rows = tables["failures"]
    assert len(result.sources) == 11  # every job history; f_notes.csv is skipped
    rejects = tables["rejects"]
    [short] = rejects.filter(rejects["source"].str.ends_with("b_short_row.csv")).rows(named=True)
    assert short["source_row"] == 11
    assert "fields, header has" in short["reason"]
    assert rows.height > 0


def test_an_empty_record_is_skipped_and_still_counts(plain_folder: Path) -> None:
    paths = [plain_folder / "a_1.csv", plain_folder / "a_2.csv"]
    reads = PlainCsvReader().read([LocalFile(p.name, p, size=p.stat().st_size) for p in paths])
    rows = [read.staged.rows["source_row"].to_list() for read in reads if read and read.staged]
    assert rows == [list(range(1, 81)), [*range(1, 6), *range(7, 82)]]


def test_a_bad_file_among_plain_ones_is_one_named_line_and_the_rest_is_read(
    plain_folder: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    for path in sorted(plain_folder.glob("a_*.csv")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "a_2b.csv").write_text("")  # empty, between plain files of one header
    result = invoke(["analyze", str(folder), "-f", "csv"], cwd=tmp_path)
    assert result.exit_code == 3, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("bjla: error:")]
    assert errors == [
        f"bjla: error: {folder / 'a_2b.csv'}: the file is empty (export the job list again)"
    ]
    assert accounting(result.stderr).read == 480
