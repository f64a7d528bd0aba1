"""Why a record was linked, or not: each field's agreement level and weight, from saved results.

Everything needed is already in the output directory — ``links.parquet`` holds every
scored pair with its per-field levels (``gamma_<field>``) and weights (``mw_<field>``),
``records.parquet`` the compared values, ``model.json`` the prior and the level labels,
``clusters.csv`` the outcome — so explaining needs no database and no rerun. The figures
add up like Splink's waterfall chart: the prior weight, plus each field's weight (plus
the name's term-frequency adjustment), gives the match weight *w*; the probability is
2ʷ / (1 + 2ʷ).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from hedui.cache import KeptAnswers, kept_answers
from hedui.errors import NotFoundError
from hedui.linkage.link_dir import LinkDir
from hedui.linkage.model_io import SavedModel
from hedui.linkage.pair_index import keep_pair_index, pairs_among, pairs_of, rows_where
from hedui.linkage.record_numbers import record_numbers


@dataclass(frozen=True)
class _Clusters:
    """``clusters.csv`` of a run, with what finds a record and its cluster without a scan.

    Attributes:
        frame: ``source, record_id, cluster_id``, in file order (that of ``unique_id``).
        order: the rows' numbers ordered by the hash of their ``cluster_id`` (stably: a
            cluster's rows in file order).
        hashes: those hashes, in that order.
    """

    frame: pl.DataFrame
    order: np.ndarray[Any, Any]
    hashes: np.ndarray[Any, Any]

    @classmethod
    def of(cls, frame: pl.DataFrame) -> _Clusters:
        hashes = frame["cluster_id"].hash(seed=_SEED).to_numpy()
        order = np.argsort(hashes, kind="stable").astype(np.uint32)  # 4 bytes a record
        return cls(frame, order, hashes[order])

    def cluster_of(self, source: str, record_id: str, unique_id: int | None) -> str | None:
        """The cluster of ``source:record_id`` (``None`` if not there): the row numbered
        ``unique_id`` when it is that record (``hedui link`` writes clusters.csv in that
        order), else found by a scan."""
        frame = self.frame
        if unique_id is not None and 0 <= unique_id < frame.height:
            guess = frame.row(unique_id, named=True)
            if guess["source"] == source and guess["record_id"] == record_id:
                return str(guess["cluster_id"])
        row = frame.filter((pl.col("source") == source) & (pl.col("record_id") == record_id))
        return str(row["cluster_id"][0]) if row.height else None

    def members(self, cluster_id: str) -> pl.DataFrame:
        """The rows of ``cluster_id``, in file order."""
        wanted = pl.Series([cluster_id]).hash(seed=_SEED).to_numpy()[0]
        first = int(np.searchsorted(self.hashes, wanted, side="left"))
        last = int(np.searchsorted(self.hashes, wanted, side="right"))
        rows = self.frame[self.order[first:last]]
        return rows.filter(pl.col("cluster_id") == cluster_id)  # another cluster's same hash


_SEED = 20_260_101
"""The seed of the hashes of cluster ids (kept in this process only)."""

_CLUSTERS: KeptAnswers[_Clusters] = kept_answers("explain: a run's clusters, indexed", 2)
"""``clusters.csv`` of a run under its modification time and size: the web explains a case's
records on every case page, and reading the file took 38 ms at 300,000 records; filtering the
kept frame for a record and its cluster took 14 ms at 3 million, finding them so 0.1 ms."""

_MODELS: KeptAnswers[tuple[SavedModel, dict[str, dict[int, str]]]] = kept_answers(
    "explain: a run's model", 2
)
"""``model.json`` of a run, read and with its level labels, under the file's modification time
and size: parsing it took a fifth of a case page's CPU (two records explained per page)."""

Flag = tuple[str, str, str]
"""``(other source, other record_id, note)``: one line of a pair list, seen from a record."""

_PAIR_LISTS: KeptAnswers[dict[tuple[str, str], list[Flag]]] = kept_answers(
    "explain: a run's pair lists, by record", 4
)
"""``ambiguous.csv`` and ``duplicates.csv`` of a run, each as its lines by record (those with the
record on the left, then those with it on the right, each in file order), under each file's
modification time and size: every explanation looks its record up in both, and filtering the
frames took a quarter of an explanation."""


def _by_record(pairs: pl.DataFrame, note: str | None) -> dict[tuple[str, str], list[Flag]]:
    """The lines of a pair list by record: for each, the other record and the note (``note``,
    or the line's ``reason``)."""
    by_record: dict[tuple[str, str], list[Flag]] = {}
    for side, other in (("l", "r"), ("r", "l")):
        for row in pairs.iter_rows(named=True):
            reason = note or str(row["reason"])
            key = (row[f"source_{side}"], row[f"record_id_{side}"])
            flag = (row[f"source_{other}"], row[f"record_id_{other}"], reason)
            by_record.setdefault(key, []).append(flag)
    return by_record


DISPLAY_COLUMNS = {
    "resident_id": ("id18",),
    "name": ("name_norm",),
    "birth_date": ("birth_date",),
    "sex": ("sex",),
    "address_code": ("village",),
    "event_date": ("event_date",),
    "mother": ("mother_name_norm", "mother_id18"),
}
"""The prepared columns shown for each comparison when explaining a pair."""


def _shown_columns(labels: dict[str, dict[int, str]]) -> list[str]:
    """The columns of ``records.parquet`` an explanation reads: the record's number and key,
    and what :func:`_shown` shows for each comparison (those a run lacks are left out)."""
    shown = ["unique_id", "source", "record_id"]
    for comparison in labels:
        shown += [c for c in DISPLAY_COLUMNS.get(comparison, (comparison,)) if c not in shown]
    return shown


def _shown(record: dict[str, Any], comparison: str) -> str | None:
    parts = [record.get(c) for c in DISPLAY_COLUMNS.get(comparison, (comparison,))]
    text = " ".join(str(p) for p in parts if p is not None)
    return text or None


@dataclass(frozen=True)
class FieldWeight:
    """One bar of the waterfall.

    Attributes:
        comparison: the comparison's name (``name``, ``birth_date``, ...).
        level: the label of the level the pair fell in.
        weight: its match weight in bits (log₂ m/u; 0 for a null level).
        left, right: the compared values, as prepared.
    """

    comparison: str
    level: str
    weight: float
    left: str | None
    right: str | None


@dataclass(frozen=True)
class PairExplanation:
    """One candidate pair of the explained record.

    Attributes:
        other_source, other_record_id: the record it was compared with.
        linked: whether the two ended in the same cluster.
        prior_weight: log₂ of the prior odds λ / (1 − λ).
        fields: one :class:`FieldWeight` per comparison, in model order.
        term_frequency_weight: the adjustment for how common the name is (0 if none).
        match_weight: the total, in bits.
        match_probability: the resulting probability.
    """

    other_source: str
    other_record_id: str
    linked: bool
    prior_weight: float
    fields: list[FieldWeight]
    term_frequency_weight: float
    match_weight: float
    match_probability: float


@dataclass(frozen=True)
class Explanation:
    """Everything about one record's linkage.

    Attributes:
        source, record_id: the record explained.
        cluster_id: its cluster.
        cluster: the other records of its cluster, as ``(source, record_id)``.
        threshold: the probability a pair needed to be linked.
        pairs: its candidate pairs, strongest first (at most the requested number).
        candidates: how many pairs blocking generated for it in total.
        flags: its lines in ``ambiguous.csv`` and ``duplicates.csv``, as
            ``(other source, other record_id, note)``: pairs a person should look at.
    """

    source: str
    record_id: str
    cluster_id: str
    cluster: list[tuple[str, str]]
    threshold: float
    pairs: list[PairExplanation]
    candidates: int
    flags: list[tuple[str, str, str]]


def _level_labels(splink: dict[str, Any]) -> dict[str, dict[int, str]]:
    """For each comparison, its ``gamma`` values mapped to level labels.

    Splink numbers a comparison's non-null levels from n−1 (the first, most specific)
    down to 0 (the last, "else"); a null level is −1.
    """
    labels: dict[str, dict[int, str]] = {}
    for comparison in splink["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [level for level in levels if not level.get("is_null_level")]
        mapping = {
            len(non_null) - 1 - i: level["label_for_charts"] for i, level in enumerate(non_null)
        }
        for level in levels:
            if level.get("is_null_level"):
                mapping[-1] = level["label_for_charts"]
        labels[comparison["output_column_name"]] = mapping
    return labels


def _model_and_labels(link: LinkDir) -> tuple[SavedModel, dict[str, dict[int, str]]]:
    model = link.model()
    return model, _level_labels(model.splink)


def explain_record(
    link_dir: LinkDir | Path | str, source: str, record_id: str, *, limit: int = 5
) -> Explanation:
    """Explain how ``source:record_id`` was linked in the run written to ``link_dir``.

    Raises:
        LinkDirError: ``link_dir`` is not a complete link directory.
        NotFoundError: the record is not in that run's ``clusters.csv``.
        ConfigurationError: ``model.json`` is missing or invalid.
    """
    link = LinkDir.open(link_dir)
    model, labels = _MODELS.get_for_file(link.model_path, lambda: _model_and_labels(link))
    shown = _shown_columns(labels)
    # records.parquet is sorted by (source, record_id): its statistics skip all but a row group.
    itself = rows_where(link.records_path, ("source", "record_id"), [(source, record_id)], shown)
    unique_id = int(itself["unique_id"][0]) if itself.height else None
    clusters = _CLUSTERS.get_for_file(link.clusters_path, lambda: _Clusters.of(link.clusters()))
    cluster_id = clusters.cluster_of(source, record_id, unique_id)
    if cluster_id is None:
        raise NotFoundError(
            f"在 {link.clusters_path} 中找不到记录 {source}:{record_id} / "
            f"record {source}:{record_id} is not in {link.clusters_path}"
        )
    members = clusters.members(cluster_id)
    linked_ids = set(zip(members["source"].to_list(), members["record_id"].to_list(), strict=True))
    mine = pairs_of(link, unique_id) if unique_id is not None else None
    if mine is None:  # a directory of an older hedui: its pairs are in no order
        mine = (
            link.links()
            .filter(
                ((pl.col("source_l") == source) & (pl.col("record_id_l") == record_id))
                | ((pl.col("source_r") == source) & (pl.col("record_id_r") == record_id))
            )
            .collect()
        )
    ordered = mine.sort(
        ["match_probability", "unique_id_l", "unique_id_r"], descending=[True, False, False]
    ).head(limit)
    involved = set(ordered["unique_id_l"].to_list()) | set(ordered["unique_id_r"].to_list())
    values = {row["unique_id"]: row for row in itself.iter_rows(named=True)}
    others = sorted(involved - values.keys())
    if others:
        read = rows_where(link.records_path, ("unique_id",), [(u,) for u in others], shown)
        values.update((row["unique_id"], row) for row in read.iter_rows(named=True))
    prior_weight = _prior_weight(model)
    pairs = []
    for pair in ordered.iter_rows(named=True):
        mine_on_left = pair["source_l"] == source and str(pair["record_id_l"]) == record_id
        pairs.append(
            _pair_explanation(
                pair, "l" if mine_on_left else "r", values, labels, prior_weight, linked_ids
            )
        )
    return Explanation(
        source=source,
        record_id=record_id,
        cluster_id=cluster_id,
        cluster=[
            (s, str(r))
            for s, r in zip(
                members["source"].to_list(), members["record_id"].to_list(), strict=True
            )
            if (s, str(r)) != (source, record_id)
        ],
        threshold=model.spec.threshold,
        pairs=pairs,
        candidates=mine.height,
        flags=_flags(link, source, record_id),
    )


def explain_pairs(
    link_dir: LinkDir | Path | str, records: Sequence[tuple[str, str]], *, values: bool = True
) -> list[tuple[tuple[str, str], PairExplanation]]:
    """How linkage scored each pair of ``records`` (``(source, record_id)`` each) that it
    compared: ``(one record, the pair seen from it)``, the record being the one named first in
    ``records``; by that record's place, then strongest first. Without ``values`` the compared
    values are left out (each :class:`FieldWeight`'s ``left`` and ``right`` are ``None``), and
    only the records' numbers are read.

    What a case page shows of its records. Where :func:`explain_record` reads each record's
    every pair (four look-ups a record), this reads the records and their pairs together
    (:func:`~hedui.linkage.pair_index.pairs_among`), whatever the number of records.

    Raises:
        LinkDirError: ``link_dir`` is not a complete link directory.
        NotFoundError: a record is not in that run.
        ConfigurationError: ``model.json`` is missing or invalid.
    """
    link = LinkDir.open(link_dir)
    model, labels = _MODELS.get_for_file(link.model_path, lambda: _model_and_labels(link))
    wanted = list(dict.fromkeys(records))
    rows = _records(link, wanted, _shown_columns(labels) if values else None)
    unique_ids = {(row["source"], str(row["record_id"])): u for u, row in rows.items()}
    clusters = _CLUSTERS.get_for_file(link.clusters_path, lambda: _Clusters.of(link.clusters()))
    cluster_of: dict[tuple[str, str], str] = {}
    for source, record_id in wanted:
        cluster_id = clusters.cluster_of(source, record_id, unique_ids.get((source, record_id)))
        if cluster_id is None or (source, record_id) not in unique_ids:
            raise NotFoundError(
                f"在 {link.clusters_path} 中找不到记录 {source}:{record_id} / "
                f"record {source}:{record_id} is not in {link.clusters_path}"
            )
        cluster_of[(source, record_id)] = cluster_id
    place = {unique_ids[key]: n for n, key in enumerate(wanted)}
    pairs = pairs_among(link, place, _pair_columns(labels)) if len(place) > 1 else None
    if pairs is None:
        return []
    prior_weight = _prior_weight(model)
    explained = []
    for pair in pairs.iter_rows(named=True):
        left, right = pair["unique_id_l"], pair["unique_id_r"]
        me = "l" if place[left] < place[right] else "r"
        mine = wanted[place[pair[f"unique_id_{me}"]]]
        linked = {key for key in wanted if cluster_of[key] == cluster_of[mine]}
        explanation = _pair_explanation(pair, me, rows, labels, prior_weight, linked)
        order = (place[pair[f"unique_id_{me}"]], -explanation.match_probability, left, right)
        explained.append((order, (mine, explanation)))
    return [item for _, item in sorted(explained, key=lambda entry: entry[0])]


def _records(
    link: LinkDir, keys: list[tuple[str, str]], shown: list[str] | None
) -> dict[int, dict[str, Any]]:
    """The records of ``keys`` that the run holds, by number: with the ``shown`` columns of
    ``records.parquet``, or (``None``) only their numbers and keys, found in memory
    (:mod:`~hedui.linkage.record_numbers`) unless two records share a key's hash."""
    numbers = record_numbers(link).of(keys) if shown is None else None
    if numbers is not None:
        return {u: {"unique_id": u, "source": s, "record_id": r} for (s, r), u in numbers.items()}
    columns = shown or ["unique_id", "source", "record_id"]
    found = rows_where(link.records_path, ("source", "record_id"), keys, columns)
    return {row["unique_id"]: row for row in found.iter_rows(named=True)}


def _pair_columns(labels: dict[str, dict[int, str]]) -> list[str]:
    """The columns of ``links.parquet`` a pair's explanation reads: numbers, not the records'
    keys (its records are known), which are most of a row group's decoding."""
    columns = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    for name in labels:
        columns += [f"gamma_{name}", f"mw_{name}", f"mw_tf_adj_{name}"]
    return columns


def keep_for_explaining(link_dir: LinkDir | Path | str) -> None:
    """Read and keep what explaining the run's records needs: its model, its clusters indexed,
    its records' numbers and its pair files' footers. A web worker does it for the newest run
    when it starts, so that its first case page costs what the next ones do (the first took
    275 ms of CPU at 300,000 records, the next 15 ms).

    Raises:
        LinkDirError: ``link_dir`` is not a complete link directory.
        ConfigurationError: ``model.json`` is missing or invalid.
    """
    link = LinkDir.open(link_dir)
    _MODELS.get_for_file(link.model_path, lambda: _model_and_labels(link))
    _CLUSTERS.get_for_file(link.clusters_path, lambda: _Clusters.of(link.clusters()))
    record_numbers(link)
    keep_pair_index(link)


def _prior_weight(model: SavedModel) -> float:
    """log₂ of the model's prior odds λ / (1 − λ)."""
    return math.log2(model.prior / (1.0 - model.prior))


def _pair_explanation(
    pair: dict[str, Any],
    me: str,
    values: dict[int, dict[str, Any]],
    labels: dict[str, dict[int, str]],
    prior_weight: float,
    linked_ids: set[tuple[str, str]],
) -> PairExplanation:
    """One row of ``links.parquet`` seen from its ``me`` side (``"l"`` or ``"r"``): each
    field's level and weight, with the compared values of ``values`` (by unique id)."""
    other = "r" if me == "l" else "l"
    mine_values = values[pair[f"unique_id_{me}"]]
    other_values = values[pair[f"unique_id_{other}"]]
    fields = [
        FieldWeight(
            comparison=name,
            level=mapping.get(int(pair[f"gamma_{name}"]), str(int(pair[f"gamma_{name}"]))),
            weight=float(pair.get(f"mw_{name}") or 0.0),
            left=_shown(mine_values, name),
            right=_shown(other_values, name),
        )
        for name, mapping in labels.items()
    ]
    other_key = (str(other_values["source"]), str(other_values["record_id"]))
    return PairExplanation(
        other_source=other_key[0],
        other_record_id=other_key[1],
        linked=other_key in linked_ids,
        prior_weight=prior_weight,
        fields=fields,
        term_frequency_weight=sum(
            float(pair[c] or 0.0) for c in pair if c.startswith("mw_tf_adj_")
        ),
        match_weight=float(pair["match_weight"]),
        match_probability=float(pair["match_probability"]),
    )


def _flags(link: LinkDir, source: str, record_id: str) -> list[Flag]:
    """The record's pairs listed in ``ambiguous.csv`` (with their reason) and
    ``duplicates.csv`` (noted as a duplicate within its source)."""
    key = (source, record_id)
    ambiguous = _PAIR_LISTS.get_for_file(
        link.ambiguous_path, lambda: _by_record(link.ambiguous(), None)
    )
    flags = list(ambiguous.get(key, []))
    if link.duplicates_path.is_file():  # an older hedui may not have written it
        duplicates = _PAIR_LISTS.get_for_file(
            link.duplicates_path,
            lambda: _by_record(link.duplicates(), "同源重复 duplicate"),
        )
        flags += duplicates.get(key, [])
    return flags
