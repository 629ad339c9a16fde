"""Excel workbooks: every sheet read, job tables found by their headers.

A sheet is a *job table* when one of its first rows is a header some ``TableFamily``
accepts (Backup Reports grid, vault "Export jobs" summary, or any CSV shape saved as
XLSX). The vault's "Export jobs" workbook also has one sheet per job laid out as
key/value rows ("Job ID", "Error Code", "Error Message", ...): those sheets are merged
onto the summary rows by job id, or by position when their count equals the row count;
with no summary sheet they become the rows themselves.

Workbooks are small in practice (a grid export holds at most a few thousand rows), so
they are read eagerly.
"""

from __future__ import annotations

from dataclasses import dataclass

import fastexcel
import polars as pl

from analyzer.errors import InputError
from analyzer.ingest.headers import Columns, fold, header_keys
from analyzer.ingest.model import PRE_REJECT, ROW, SourceRead, TableFamily, stage_table
from analyzer.ingest.normalize import STAGE_SCHEMA, StageInfo
from analyzer.ingest.registry import unknown_shape
from analyzer.ingest.table_shapes import VAULT_EXPORT, detect_family
from analyzer.ingest.xlsx_guard import oversized_sheets
from analyzer.inputs import LocalFile

HEADER_SEARCH_ROWS = 10  # a title or filter block may sit above the header row
# Keys that mark a per-job key/value sheet of the vault export.
JOB_SHEET_KEYS = frozenset(
    {
        "jobid",
        "activityid",
        "errorcode",
        "errormessage",
        "status",
        "operation",
        "starttime",
        "itemname",
        "backupitem",
        "workloadname",
        "duration",
        "endtime",
        "recommendedaction",
    }
)
_MIN_JOB_SHEET_KEYS = 3


@dataclass
class _SheetTable:
    sheet: str
    family: TableFamily
    keys: list[str]
    rows: pl.DataFrame  # keyed text columns + ROW + PRE_REJECT


@dataclass
class _Workbook:
    tables: list[_SheetTable]
    job_sheets: list[dict[str, str]]
    skipped: list[str]  # "sheet 'X' (headers: ...)"


def read_workbook(local: LocalFile) -> list[SourceRead]:
    """One ``SourceRead`` per job table in the workbook (per-job sheets merged in)."""
    book = _scan_workbook(local)
    if not book.tables and not book.job_sheets:
        raise unknown_shape(local.name, book.skipped)
    warnings = [f"{local.name}: {text}; skipped" for text in book.skipped]
    reads = [_read_table(local.name, table, book, warnings) for table in book.tables]
    if not book.tables:
        reads.append(_read_job_sheets_only(local.name, book.job_sheets, warnings))
    # Workbook-level warnings are reported once, with the first table.
    for later in reads[1:]:
        later.warnings = [w for w in later.warnings if w not in warnings]
    return reads


def _scan_workbook(local: LocalFile) -> _Workbook:
    too_big = oversized_sheets(local)  # before the reader opens it: it would load them
    try:
        reader = fastexcel.read_excel(local.path)
    except fastexcel.FastExcelError as exc:
        first = str(exc).splitlines()[0]
        raise InputError(local.name, f"not a readable Excel workbook ({first})") from None
    book = _Workbook([], [], [])
    for index, sheet in enumerate(reader.sheet_names):
        if sheet in too_big:
            book.skipped.append(f"sheet '{sheet}' {too_big[sheet]}")
            continue
        grid = _load_grid(reader, index)
        if isinstance(grid, str):
            book.skipped.append(f"sheet '{sheet}' cannot be read ({grid})")
        elif grid.height == 0:
            continue
        elif (table := _find_table(sheet, grid)) is not None:
            book.tables.append(table)
        elif (pairs := _key_values(grid)) is not None:
            book.job_sheets.append(pairs)
        else:
            first_row = [value for value in grid.row(0) if value]
            book.skipped.append(
                f"sheet '{sheet}' holds no job table (first row: {', '.join(first_row[:8])})"
            )
    return book


def _load_grid(reader: fastexcel.ExcelReader, index: int) -> pl.DataFrame | str:
    """The sheet's cells as text (no header row), or why it cannot be read."""
    try:
        loaded = reader.load_sheet(
            index, header_row=None, dtypes="string", skip_whitespace_tail_rows=True
        )
        grid = loaded.to_polars()
    except fastexcel.FastExcelError as exc:
        return str(exc).splitlines()[0]
    return grid.select(pl.all().cast(pl.String).str.strip_chars())


def _find_table(sheet: str, grid: pl.DataFrame) -> _SheetTable | None:
    for top in range(min(HEADER_SEARCH_ROWS, grid.height)):
        headers = [value or "" for value in grid.row(top)]
        keys = header_keys(headers)
        family = detect_family(Columns(keys))
        if family is not None:
            return _SheetTable(sheet, family, keys, _data_rows(grid, top, keys))
    return None


def _data_rows(grid: pl.DataFrame, top: int, keys: list[str]) -> pl.DataFrame:
    body = grid.slice(top + 1).rename(dict(zip(grid.columns, keys, strict=True)))
    body = body.with_columns(pl.all().replace("", None))
    numbered = body.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
    filled = pl.any_horizontal(pl.col(key).is_not_null() for key in keys)
    return numbered.filter(filled).with_columns(pl.lit(None, dtype=pl.String).alias(PRE_REJECT))


def _key_values(grid: pl.DataFrame) -> dict[str, str] | None:
    """A per-job sheet as folded key -> value, or None when the sheet is not one."""
    if grid.width < 2:
        return None
    pairs: dict[str, str] = {}
    for key, value in grid.select(grid.columns[:2]).iter_rows():
        if key and value and fold(key) not in pairs:
            pairs[fold(key)] = value
    if len(JOB_SHEET_KEYS & pairs.keys()) < _MIN_JOB_SHEET_KEYS:
        return None
    return pairs


def _stage(rows: pl.DataFrame, family: TableFamily, keys: list[str]) -> pl.DataFrame:
    staged = stage_table(rows.lazy(), family, Columns(keys)).collect()
    missing = [
        pl.lit(None, dtype=dtype).alias(n)
        for n, dtype in STAGE_SCHEMA.items()
        if n not in staged.columns
    ]
    return staged.with_columns(missing).select(list(STAGE_SCHEMA))


def _read_table(name: str, table: _SheetTable, book: _Workbook, warnings: list[str]) -> SourceRead:
    staged = _stage(table.rows, table.family, table.keys)
    if book.job_sheets and table.family is VAULT_EXPORT:
        staged = _merge_job_sheets(name, staged, book.job_sheets, warnings)
    shape = table.family.shape_id("xlsx")
    info = StageInfo(f"{name} [{table.sheet}]", shape, table.family.duration_unit, True)
    return SourceRead.whole(name, info, staged.lazy(), list(warnings))


def _job_sheet_rows(job_sheets: list[dict[str, str]]) -> pl.DataFrame:
    keys = sorted({key for sheet in job_sheets for key in sheet})
    data = {key: [sheet.get(key) for sheet in job_sheets] for key in keys}
    rows = pl.DataFrame(data, schema={key: pl.String() for key in keys})
    rows = rows.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
    staged = _stage(
        rows.with_columns(pl.lit(None, dtype=pl.String).alias(PRE_REJECT)), VAULT_EXPORT, keys
    )
    return staged


def _merge_job_sheets(
    name: str, summary: pl.DataFrame, job_sheets: list[dict[str, str]], warnings: list[str]
) -> pl.DataFrame:
    """Fill the summary's empty fields from the per-job sheets (by job id, else position)."""
    details = _job_sheet_rows(job_sheets).drop("source_row", "pre_reject")
    fillable = details.columns
    if summary["job_id"].is_not_null().any() and details["job_id"].is_not_null().any():
        key = pl.col("job_id").str.to_lowercase().alias("_key")
        by_id = details.with_columns(key).unique("_key", keep="first", maintain_order=True)
        joined = summary.with_columns(key).join(
            by_id, on="_key", how="left", suffix="_detail", maintain_order="left"
        )
    elif details.height == summary.height:
        joined = pl.concat(
            [summary, details.rename({c: f"{c}_detail" for c in fillable})], how="horizontal"
        )
    else:
        warnings.append(
            f"{name}: {details.height} per-job sheets could not be matched to the"
            f" {summary.height} summary rows (no job ids); their details are not used"
        )
        return summary
    merged = [pl.coalesce(pl.col(c), pl.col(f"{c}_detail")).alias(c) for c in fillable]
    return joined.with_columns(merged).select(list(STAGE_SCHEMA))


def _read_job_sheets_only(
    name: str, job_sheets: list[dict[str, str]], warnings: list[str]
) -> SourceRead:
    staged = _job_sheet_rows(job_sheets)
    shape = VAULT_EXPORT.shape_id("xlsx")
    info = StageInfo(f"{name} [per-job sheets]", shape, VAULT_EXPORT.duration_unit, True)
    return SourceRead.whole(name, info, staged.lazy(), list(warnings))
