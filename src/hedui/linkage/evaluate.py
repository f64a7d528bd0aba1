"""How good are the clusters? Pairwise and cluster-level figures against a known truth.

Truth comes from the synthetic county (``truth.csv``: ``source,record_id,entity_id,errors``)
or any hand-checked sample in that shape. Pairs are counted without listing them all:
within a group of *n* records there are n(n−1)/2 pairs, so

- true pairs: Σ over entities, predicted pairs: Σ over clusters,
- true positives: Σ over (cluster, entity) intersections.

Recall is also broken down by the kind of error the generator injected (a pair counts for
a kind when either record carries it), so a user sees which mistakes the linker still
misses. Entity ids of the synthetic truth name the event (``P0000123:birth``; a bare
``P0000123`` is a person on a residence register), which gives the per-event figures; a
truth file may instead carry its own ``event`` column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from hedui.errors import MissingColumnsError

RESIDENT = "resident"


@dataclass(frozen=True)
class PairCounts:
    """Pair counts and the figures derived from them (1.0 where nothing can be wrong)."""

    true_pairs: int
    predicted_pairs: int
    true_positives: int

    @property
    def precision(self) -> float:
        """Share of predicted pairs that are true."""
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        """Share of true pairs that were predicted."""
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """The counts and the derived figures, for JSON."""
        return {
            "true_pairs": self.true_pairs,
            "predicted_pairs": self.predicted_pairs,
            "true_positives": self.true_positives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class ClusterFigures:
    """Cluster-level figures.

    Attributes:
        entities: true entities (people or events) among the evaluated records.
        clusters: predicted clusters.
        exact: entities whose records form exactly one cluster holding nothing else.
        split: entities spread over more than one cluster.
        merged: clusters holding records of more than one entity.
    """

    entities: int
    clusters: int
    exact: int
    split: int
    merged: int

    @property
    def exact_share(self) -> float:
        """Share of entities recovered exactly."""
        return self.exact / self.entities if self.entities else 1.0


@dataclass(frozen=True)
class ErrorRecall:
    """Recall over the true pairs touched by one kind of injected error."""

    pairs: int
    found: int

    @property
    def recall(self) -> float:
        """Share of those pairs put in the same cluster."""
        return self.found / self.pairs if self.pairs else 1.0


@dataclass(frozen=True)
class Evaluation:
    """Everything :func:`evaluate_clusters` measures.

    Attributes:
        records: records present in both files (those evaluated).
        missing_from_clusters: truth records absent from the clusters (e.g. quarantined).
        unknown_to_truth: clustered records the truth does not know.
        pairwise: over all records.
        by_event: per event type (``resident``, ``birth``, ...).
        clusters: cluster-level figures.
        recall_by_error: per injected error kind; ``none`` for pairs without any error.
    """

    records: int
    missing_from_clusters: int
    unknown_to_truth: int
    pairwise: PairCounts
    by_event: dict[str, PairCounts]
    clusters: ClusterFigures
    recall_by_error: dict[str, ErrorRecall]

    def to_dict(self) -> dict[str, object]:
        """Every figure as plain JSON types (what ``hedui evaluate --json`` prints)."""
        figures = self.clusters
        return {
            "records": self.records,
            "missing_from_clusters": self.missing_from_clusters,
            "unknown_to_truth": self.unknown_to_truth,
            "pairwise": self.pairwise.to_dict(),
            "by_event": {event: c.to_dict() for event, c in sorted(self.by_event.items())},
            "clusters": {
                "entities": figures.entities,
                "clusters": figures.clusters,
                "exact": figures.exact,
                "split": figures.split,
                "merged": figures.merged,
                "exact_share": figures.exact_share,
            },
            "recall_by_error": {
                kind: {"pairs": e.pairs, "found": e.found, "recall": e.recall}
                for kind, e in sorted(self.recall_by_error.items())
            },
        }


def _pairs(n: pl.Expr) -> pl.Expr:
    return (n * (n - 1) // 2).sum()


def _counts(frame: pl.DataFrame) -> PairCounts:
    true_pairs = frame.group_by("entity_id").len().select(_pairs(pl.col("len"))).item()
    predicted = frame.group_by("cluster_id").len().select(_pairs(pl.col("len"))).item()
    positives = frame.group_by("cluster_id", "entity_id").len().select(_pairs(pl.col("len"))).item()
    return PairCounts(int(true_pairs or 0), int(predicted or 0), int(positives or 0))


def _read(path: Path, required: tuple[str, ...]) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise MissingColumnsError(
            f"{path} 缺少列 {', '.join(missing)} / {path} lacks columns {', '.join(missing)}",
            path=str(path),
            columns=missing,
        )
    return frame


def evaluate_frames(clusters: pl.DataFrame, truth: pl.DataFrame) -> Evaluation:
    """Evaluate clusters against truth, both given as frames (see :func:`evaluate_clusters`)."""
    keys = ["source", "record_id"]
    truth = truth.with_columns(
        pl.col("errors").fill_null("") if "errors" in truth.columns else pl.lit("").alias("errors")
    )
    if "event" not in truth.columns:
        event = pl.col("entity_id").str.split(":").list.get(1, null_on_oob=True)
        truth = truth.with_columns(event.fill_null(RESIDENT).alias("event"))
    joined = clusters.select(*keys, "cluster_id").join(
        truth.select(*keys, "entity_id", "event", "errors"), on=keys, how="inner"
    )
    by_event = {
        str(event): _counts(joined.filter(pl.col("event") == event))
        for event in sorted(joined["event"].unique().to_list())
    }
    return Evaluation(
        records=joined.height,
        missing_from_clusters=truth.height - joined.height,
        unknown_to_truth=clusters.height - joined.height,
        pairwise=_counts(joined),
        by_event=by_event,
        clusters=_cluster_figures(joined),
        recall_by_error=_recall_by_error(joined),
    )


def evaluate_clusters(clusters_path: Path | str, truth_path: Path | str) -> Evaluation:
    """Compare ``clusters.csv`` (from ``hedui link``) with ``truth.csv``.

    Raises:
        MissingColumnsError: a file lacks a column the evaluation needs.
    """
    clusters = _read(Path(clusters_path), ("source", "record_id", "cluster_id"))
    truth = _read(Path(truth_path), ("source", "record_id", "entity_id"))
    return evaluate_frames(clusters, truth)


def _cluster_figures(joined: pl.DataFrame) -> ClusterFigures:
    per_entity = joined.group_by("entity_id").agg(
        pl.col("cluster_id").n_unique().alias("clusters"), pl.len().alias("records")
    )
    per_cluster = joined.group_by("cluster_id").agg(
        pl.col("entity_id").n_unique().alias("entities"), pl.len().alias("size")
    )
    single = per_entity.filter(pl.col("clusters") == 1).join(
        joined.select("entity_id", "cluster_id").unique(), on="entity_id"
    )
    exact = single.join(per_cluster, on="cluster_id").filter(pl.col("size") == pl.col("records"))
    return ClusterFigures(
        entities=per_entity.height,
        clusters=per_cluster.height,
        exact=exact.height,
        split=per_entity.filter(pl.col("clusters") > 1).height,
        merged=per_cluster.filter(pl.col("entities") > 1).height,
    )


def _recall_by_error(joined: pl.DataFrame) -> dict[str, ErrorRecall]:
    records = joined.with_row_index("row").select(
        "row", "entity_id", "cluster_id", pl.col("errors").str.split(";").alias("kinds")
    )
    pairs = (
        records.join(records, on="entity_id", suffix="_r")
        .filter(pl.col("row") < pl.col("row_r"))
        .select(
            (pl.col("cluster_id") == pl.col("cluster_id_r")).alias("found"),
            pl.concat_list("kinds", "kinds_r")
            .list.eval(pl.element().filter(pl.element() != ""))
            .list.unique()
            .alias("kinds"),
        )
        .with_columns(
            pl.when(pl.col("kinds").list.len() == 0)
            .then(pl.lit(["none"]))
            .otherwise(pl.col("kinds"))
            .alias("kinds")
        )
        .explode("kinds")
        .group_by("kinds")
        .agg(pl.len().alias("pairs"), pl.col("found").sum().alias("found"))
        .sort("kinds")
    )
    return {
        str(row["kinds"]): ErrorRecall(int(row["pairs"]), int(row["found"]))
        for row in pairs.iter_rows(named=True)
    }
