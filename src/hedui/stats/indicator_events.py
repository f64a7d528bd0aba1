"""Linked events, one row per cluster: the unit every indicator counts.

A birth seen by the hospital, the village ledger and the police is three records but one
birth. Counting records would inflate every indicator by the number of sources that happen to
cover an event type (births have four, divorces one), so indicators count *clusters* of
``hedui link``. Each cluster takes the most common value of its records for the event type,
village, event date and sex (ties: the smallest value, so reruns agree); a record with a
blank value does not vote.

``resident`` clusters are people on the register, not events: they give the population
denominator (:func:`register_population`).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hedui.errors import HeduiError

__all__ = ["RESIDENT", "linked_events", "register_population"]

RESIDENT = "resident"
_COLUMNS = ("event", "village", "event_date", "sex")
_KEYS = [pl.col("source").cast(pl.Utf8), pl.col("record_id").cast(pl.Utf8)]


def linked_events(link_dir: Path | str) -> pl.DataFrame:
    """One row per cluster: ``cluster_id, event, village, event_date, sex`` (text or null).

    Raises:
        HeduiError: ``clusters.csv`` or ``records.parquet`` is missing or lacks columns.
    """
    directory = Path(link_dir)
    for name in ("clusters.csv", "records.parquet"):
        if not (directory / name).is_file():
            raise HeduiError(
                f"{directory} 不是完整的连接输出目录：缺少 {name}（请先运行 hedui link）/ "
                f"{directory} is not a complete linkage output: {name} is missing "
                "(run hedui link first)"
            )
    clusters = pl.read_csv(directory / "clusters.csv", infer_schema=False)
    _require(clusters.columns, ["source", "record_id", "cluster_id"], directory)
    columns = pl.read_parquet_schema(directory / "records.parquet")
    _require(list(columns), ["source", "record_id", *_COLUMNS], directory)
    records = pl.read_parquet(
        directory / "records.parquet", columns=["source", "record_id", *_COLUMNS]
    )
    joined = _join(clusters, records.select(_KEYS + [_blank_to_null(c) for c in _COLUMNS]))
    return _modes(joined).sort("cluster_id")


def register_population(events: pl.DataFrame) -> pl.DataFrame:
    """People on the register by village: ``village, population`` from ``resident`` clusters.

    Why the register: it is the one population count every county office has for every
    village, and it is the population the sources themselves describe. Clusters rather than
    records, so that one person listed by the ledger, the township database and the police
    counts once. People with no village code are counted under ``""``.
    """
    return (
        events.filter(pl.col("event") == RESIDENT)
        .group_by(pl.col("village").fill_null(""))
        .agg(pl.len().alias("population"))
        .sort("village")
    )


def _blank_to_null(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.Utf8).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).alias(column)


def _join(clusters: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """Each record with its cluster.

    ``hedui link`` writes both files in the same record order; when the keys agree row by
    row the two are put side by side, which at a million people is several times faster than
    a join on two text columns. Any other pair of files is joined on the keys.
    """
    keys = clusters.select(_KEYS)
    if keys.height == records.height and keys.equals(records.select(_KEYS)):
        return pl.concat([clusters.select("cluster_id"), records], how="horizontal")
    return clusters.select(*_KEYS, "cluster_id").join(records, on=["source", "record_id"])


def _modes(joined: pl.DataFrame) -> pl.DataFrame:
    """Each cluster's most common non-null value per column (ties: the smallest).

    Nearly every cluster agrees with itself, so the mode is computed only for the clusters
    whose smallest and largest value of some column differ; the rest take that value.
    """
    spread = (
        joined.group_by("cluster_id")
        .agg(
            *[pl.col(c).min() for c in _COLUMNS],
            *[pl.col(c).max().alias(f"{c}_max") for c in _COLUMNS],
        )
        .with_columns(
            pl.any_horizontal(*[pl.col(c) != pl.col(f"{c}_max") for c in _COLUMNS])
            .fill_null(False)
            .alias("mixed")
        )
        .drop([f"{c}_max" for c in _COLUMNS])
    )
    mixed = spread.filter(pl.col("mixed"))
    if mixed.is_empty():
        return spread.drop("mixed")
    modes = (
        joined.join(mixed.select("cluster_id"), on="cluster_id", how="semi")
        .group_by("cluster_id")
        .agg(*[pl.col(c).drop_nulls().mode().sort().first() for c in _COLUMNS])
    )
    return pl.concat([spread.filter(~pl.col("mixed")).drop("mixed"), modes])


def _require(columns: list[str], needed: list[str], directory: Path) -> None:
    missing = [c for c in needed if c not in columns]
    if missing:
        raise HeduiError(
            f"{directory} 的连接输出缺少列 {missing}，可能来自其他版本的 hedui，请重新运行 "
            f"hedui link / the linkage output in {directory} lacks columns {missing}; it may "
            "come from another hedui version: run hedui link again"
        )
