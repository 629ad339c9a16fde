"""Templates of the unknown: failure messages and log lines no catalogue entry explains, grouped.

Two steps, both deterministic:

1. **Mask** (vectorized, polars): each catalogue mask (``patterns/masks.toml``: times,
   URLs, resource ids, GUIDs, IPs, paths, quoted names, hex, numbers) replaces what it
   matches with its placeholder, in catalogue order. Lines that differ only in those
   parts are now equal, and are counted once.
2. **Merge** (over the distinct masked lines only, so its cost does not grow with the
   input's repeats): lines, split into words at white space, with the same number of
   words and the same first word join a template when at least ``similarity`` of their
   words are equal, position by position;
   the positions where they differ become ``<*>`` (placeholders count as different, so
   lines that share only their masked parts stay apart). Most frequent lines go first.

The result has one row per template with its count, VMs, first and last time and one
example line, most frequent first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from analyzer.catalogue.match import mask_expr
from analyzer.catalogue.model import Catalogue
from analyzer.schema import UTC_DATETIME

WILDCARD = "<*>"
DEFAULT_SIMILARITY = 0.5

# What the miner reads: one row per line or message.
LINE_SCHEMA: dict[str, pl.DataType] = {
    "origin": pl.String(),  # "job" (a failure message) or "log" (an agent-log line)
    "source": pl.String(),
    "vm": pl.String(),
    "time": UTC_DATETIME,
    "log_kind": pl.String(),  # the agent log's kind (waagent, ...); null for a job message
    "text": pl.String(),
}
TEMPLATE_SCHEMA: dict[str, pl.DataType] = {
    "origin": pl.String(),
    "template": pl.String(),
    "count": pl.Int64(),
    "vms": pl.Int64(),
    "first_seen": UTC_DATETIME,
    "last_seen": UTC_DATETIME,
    "example": pl.String(),
    "example_source": pl.String(),
    "log_kinds": pl.String(),  # the log kinds of its lines, comma-separated (empty for jobs)
}


def failure_lines(failures: pl.DataFrame) -> pl.DataFrame:
    """Failed jobs as lines to mine (``LINE_SCHEMA``, origin ``job``): the message, else the
    exported code."""
    return failures.select(
        origin=pl.lit("job", pl.String),
        source=pl.col("source").cast(pl.String),
        vm=pl.col("vm").cast(pl.String),
        time=pl.col("start_time"),
        log_kind=pl.lit(None, pl.String),
        text=pl.coalesce(pl.col("error_message"), pl.col("error_code")).cast(pl.String),
    ).cast(LINE_SCHEMA)  # type: ignore[arg-type]


def masked(cat: Catalogue, text: pl.Expr) -> pl.Expr:
    """``text`` with every catalogue mask applied in order, trimmed.

    Masks next to each other that write the same placeholder (the time layouts, the two
    path styles) run as one regex: one pass over the text instead of several.
    """
    for pattern, replace in _passes(cat):
        text = mask_expr(pattern, replace, text)
    return text.str.strip_chars()


def _passes(cat: Catalogue) -> list[tuple[str, str]]:
    passes: list[tuple[list[str], str]] = []
    for mask in cat.masks.values():
        if passes and passes[-1][1] == mask.replace:
            passes[-1][0].append(mask.pattern)
        else:
            passes.append(([mask.pattern], mask.replace))
    return [(_alternation(patterns), replace) for patterns, replace in passes]


def _alternation(patterns: list[str]) -> str:
    if len(patterns) == 1:
        return patterns[0]
    return "|".join(f"(?:{_scoped(p)})" for p in patterns)


def _scoped(pattern: str) -> str:
    """``(?i)x`` as ``(?i:x)``, so the flag stays with its own alternative."""
    if pattern.startswith("(?i)"):
        return f"(?i:{pattern[4:]})"
    return pattern


def mine(
    lines: pl.DataFrame, cat: Catalogue, similarity: float = DEFAULT_SIMILARITY
) -> pl.DataFrame:
    """The templates of ``lines`` (``LINE_SCHEMA``), most frequent first."""
    placed = with_templates(lines, cat, similarity)
    return _per_template(placed.filter(pl.col("template").is_not_null()))


def with_templates(
    lines: pl.DataFrame, cat: Catalogue, similarity: float = DEFAULT_SIMILARITY
) -> pl.DataFrame:
    """``lines`` with the ``template`` each one joins (null for a line with no text)."""
    # Each distinct text is masked once: failure messages repeat across VMs and nights.
    texts = lines.select("origin", "text").unique()
    texts = texts.with_columns(masked(cat, pl.col("text")).alias("_masked"))
    texts = texts.filter(pl.col("_masked") != "")
    counts = lines.group_by("origin", "text").agg(pl.len().alias("_n"))
    distinct = (
        texts.join(counts, on=["origin", "text"])
        .group_by("origin", "_masked")
        .agg(pl.col("_n").sum())
        .sort(["_n", "origin", "_masked"], descending=[True, False, False])
    )
    templates = merge_similar(
        distinct.get_column("origin").to_list(),
        distinct.get_column("_masked").to_list(),
        similarity,
    )
    mapping = (
        distinct.select("origin", "_masked")
        .with_columns(pl.Series("template", templates, dtype=pl.String))
        .join(texts, on=["origin", "_masked"])
        .select("origin", "text", "template")
    )
    return lines.join(mapping, on=["origin", "text"], how="left", maintain_order="left")


def _per_template(rows: pl.DataFrame) -> pl.DataFrame:
    ordered = rows.sort("time", nulls_last=True, maintain_order=True)
    return (
        ordered.group_by("origin", "template", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("count"),
            pl.col("vm").drop_nulls().n_unique().cast(pl.Int64).alias("vms"),
            pl.col("time").min().alias("first_seen"),
            pl.col("time").max().alias("last_seen"),
            pl.col("text").first().alias("example"),
            pl.col("source").first().alias("example_source"),
            pl.col("log_kind").drop_nulls().unique().sort().str.join(",").alias("log_kinds"),
        )
        .sort(["count", "origin", "template"], descending=[True, False, False])
        .select(list(TEMPLATE_SCHEMA))
        .cast(TEMPLATE_SCHEMA)  # type: ignore[arg-type]
    )


@dataclass
class _Cluster:
    words: list[str]
    members: list[int] = field(default_factory=list)


def merge_similar(origins: Sequence[str], lines: Sequence[str], similarity: float) -> list[str]:
    """The template each line joins; ``lines`` come most frequent first."""
    buckets: dict[tuple[str, int, str], list[_Cluster]] = defaultdict(list)
    clusters: list[_Cluster] = []
    for index, (origin, line) in enumerate(zip(origins, lines, strict=True)):
        words = line.split()
        bucket = buckets[(origin, len(words), _lead(words[0]))]
        best = _best_match(bucket, words, similarity)
        if best is None:
            best = _Cluster(list(words))
            bucket.append(best)
            clusters.append(best)
        else:
            best.words = [a if a == b else WILDCARD for a, b in zip(best.words, words, strict=True)]
        best.members.append(index)
    templates = [""] * len(lines)
    for cluster in clusters:
        text = " ".join(cluster.words)
        for index in cluster.members:
            templates[index] = text
    return templates


def _lead(word: str) -> str:
    """The first word as a bucket key; a word with a masked part or digits is any word."""
    return "*" if "<" in word or any(c.isdigit() for c in word) else word


def _best_match(bucket: list[_Cluster], words: list[str], similarity: float) -> _Cluster | None:
    """The cluster sharing the most words with ``words`` (placeholders do not count)."""
    best, best_score = None, -1.0
    for cluster in bucket:
        same = sum(
            1 for a, b in zip(cluster.words, words, strict=True) if a == b and not _hidden(a)
        )
        score = same / len(words)
        if score >= similarity and score > best_score:
            best, best_score = cluster, score
    return best


def _hidden(word: str) -> bool:
    return word.startswith("<") and word.endswith(">")
