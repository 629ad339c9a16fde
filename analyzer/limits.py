"""Every size threshold bjla uses, with its default, in one value: ``Limits``.

Two kinds live here. A *cap* keeps one hostile or damaged input (a gzip or XLSX bomb, a
stray quote, JSON nested a thousand deep) from taking the whole run down: the input, or
the part of it past the cap, is reported in one line naming it, and the other inputs are
still read. The caps a user may need to raise have a CLI option (named in the message).
A *block size* decides how much of an input is read, parsed or held at a time, so memory
follows the block, not the file; it changes how bjla works, never what it finds.

One ``Limits`` travels with a run (``cli`` -> ``run`` -> each input's ``LocalFile`` ->
its reader, and to the row store); tests pass small ones to take the large-file paths
with small files.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Caps on what one input may make bjla read, decompress or hold, and block sizes."""

    # A quoted CSV field that runs over more lines than this is a stray quote, not a
    # multi-line message: the reader takes its opening line as a bad row and reads on.
    csv_record_lines: int = 100
    # Decompressed bytes of one .gz input or of one XLSX workbook's parts: at most
    # ``unpacked_bytes``, or ``unpacked_ratio`` times the compressed size if that is more
    # (a real export compresses about 5-10 times; a bomb a thousand times).
    unpacked_bytes: int = 1024 * MIB
    xlsx_unpacked_bytes: int = 256 * MIB  # a workbook's parts are all held in memory
    unpacked_ratio: int = 100
    # An explicit cap (``--max-unpacked-mb``) replaces the rule above.
    unpacked_override: int | None = None
    # One sheet's used range, checked in its XML before the sheet is loaded.
    sheet_rows: int = 250_000
    sheet_columns: int = 256
    # One JSON item of a list or NDJSON line, and a JSON document that is read whole
    # (a REST page, one object). Nesting and numbers are capped by Python's own JSON
    # reader (about 1,000 levels, 4,300 digits); either way the item is rejected alone.
    json_item_chars: int = 64 * MIB
    json_document_chars: int = 1024 * MIB
    # An Excel sheet's own limits: data rows (less the header and the note row) and
    # hyperlinks per sheet (xlsxwriter leaves cells empty past it).
    sheet_data_rows: int = 1_048_576 - 2
    sheet_links: int = 65_530

    # Block sizes. CSV files up to ``csv_eager_bytes`` go through the exact reader; larger
    # ones are one lazy polars scan (``csv_whole_file_scan``; tests turn it off to take
    # the block path), or blocks of about ``csv_block_bytes`` when the last row is cut
    # off; the exact reader's fallback for a large file makes frames of
    # ``csv_exact_block_rows`` records.
    # 4 MiB: measured crossover. Below it the exact reader is faster (a 0.3 MB file: 3x,
    # polars' per-file cost dominates); above it polars is (an 8 MB daily export: 2x).
    csv_eager_bytes: int = 4 * MIB
    csv_block_bytes: int = 24 * MIB
    csv_exact_block_rows: int = 50_000
    csv_whole_file_scan: bool = True
    # A large CSV whose records are longer than this on average (the 45-column Log
    # Analytics export: 1.4 KB; its 12 columns: 260 bytes) comes from polars' scan in
    # morsels of about 1,000 rows, each paying the parse's fixed cost: its rows are
    # parsed batch by batch instead (``ingest.model.Deferred``).
    csv_wide_row_bytes: int = 512
    # JSON files up to ``json_small_bytes`` are staged whole (and may join others); larger
    # ones in blocks of ``json_block_items`` items, read ``json_read_chars`` at a time. A
    # first line longer than ``json_peek_line_chars`` is no NDJSON item.
    json_small_bytes: int = 8 * MIB
    json_block_items: int = 20_000
    json_read_chars: int = 8 * MIB
    json_peek_line_chars: int = 1 * MIB
    # Agent logs are scanned this much at a time (2 cores: 16 MB is ~10% faster but
    # ~150 MB bigger; 4 MB is slower).
    log_chunk_bytes: int = 8 * MIB
    # Small tables of one kind are held until this many rows, then parsed together.
    gather_rows: int = 100_000
    # The row store: inputs from ``store_large_input_bytes`` on are staged on disk in VM
    # buckets of about ``store_bucket_bytes`` input bytes (about 400k rows of a wide CSV),
    # half that from ``store_huge_input_bytes`` on (the per-VM results kept between
    # buckets grow with the input, so each bucket's working memory must shrink). Rows are
    # buffered up to ``store_flush_bytes`` before they are written; buckets beyond
    # ``store_bucket_files`` share files (fewer, larger writes). The streaming engine
    # hands over ``store_batch_rows`` rows at a time.
    store_large_input_bytes: int = 192 * MIB
    store_huge_input_bytes: int = 2048 * MIB
    store_bucket_bytes: int = 128 * MIB
    store_flush_bytes: int = 16 * MIB
    store_bucket_files: int = 16
    store_batch_rows: int = 100_000

    def unpacked_cap(self, compressed_bytes: int, *, workbook: bool = False) -> int:
        """How many decompressed bytes an input of ``compressed_bytes`` may expand to."""
        if self.unpacked_override is not None:
            return self.unpacked_override
        floor = self.xlsx_unpacked_bytes if workbook else self.unpacked_bytes
        return max(floor, self.unpacked_ratio * compressed_bytes)


DEFAULT_LIMITS = Limits()
UNPACKED_OPTION = "--max-unpacked-mb"
SHEET_ROWS_OPTION = "--max-sheet-rows"
