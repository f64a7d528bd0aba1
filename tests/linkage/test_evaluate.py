"""evaluate_clusters: pair counts worked out by hand, on real CSV files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.errors import MissingColumnsError
from hedui.linkage.evaluate import evaluate_clusters, evaluate_frames


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    # Person P1 has three residence records, P2 two; the birth P3:birth has two records.
    # Predicted: P1's village and township records together (one of P1's three true pairs);
    # P1's police record wrongly with P2's township record (a false pair); P2's village
    # record alone; the two birth records together.
    truth = write(
        tmp_path / "truth.csv",
        "source,record_id,entity_id,errors\n"
        "village,v1,P1,\n"
        "township,t1,P1,name_homophone\n"
        "police,p1,P1,id_digit\n"
        "village,v2,P2,\n"
        "township,t2,P2,\n"
        "health,h1,P3:birth,newborn_unnamed\n"
        "village,v3,P3:birth,\n",
    )
    clusters = write(
        tmp_path / "clusters.csv",
        "source,record_id,cluster_id,match_probability\n"
        "village,v1,C1,0.99\n"
        "township,t1,C1,0.99\n"
        "police,p1,C2,0.95\n"
        "township,t2,C2,0.95\n"
        "village,v2,C3,\n"
        "health,h1,C4,0.97\n"
        "village,v3,C4,0.97\n",
    )
    return clusters, truth


def test_evaluate_clusters_pairwise_figures(files):
    # True pairs: P1 3 + P2 1 + P3:birth 1 = 5. Predicted: C1 1 + C2 1 + C4 1 = 3.
    # True positives: (v1,t1) and (h1,v3) = 2. Precision 2/3, recall 2/5, F1 = 0.5.
    result = evaluate_clusters(*files)
    assert (result.pairwise.true_pairs, result.pairwise.predicted_pairs) == (5, 3)
    assert result.pairwise.true_positives == 2
    assert result.pairwise.precision == pytest.approx(2 / 3)
    assert result.pairwise.recall == pytest.approx(2 / 5)
    assert result.pairwise.f1 == pytest.approx(0.5)


def test_evaluate_clusters_by_event_reads_the_event_from_the_entity_id(files):
    result = evaluate_clusters(*files)
    assert set(result.by_event) == {"resident", "birth"}
    assert result.by_event["birth"].f1 == 1.0
    # Residence: true 4, predicted 2 (C1, C2), true positive 1.
    resident = result.by_event["resident"]
    assert (resident.true_pairs, resident.predicted_pairs, resident.true_positives) == (4, 2, 1)


def test_evaluate_clusters_cluster_figures(files):
    # Entities: P1 split over C1/C2, P2 split over C2/C3, P3:birth exact. C2 is merged.
    figures = evaluate_clusters(*files).clusters
    assert (figures.entities, figures.clusters) == (3, 4)
    assert (figures.exact, figures.split, figures.merged) == (1, 2, 1)


def test_evaluate_clusters_recall_by_error_kind(files):
    # P1's pairs: (v1,t1) homophone found; (v1,p1) id_digit missed; (t1,p1) both kinds, missed.
    # P2's pair has no error, missed. The birth pair: newborn_unnamed, found.
    by_kind = evaluate_clusters(*files).recall_by_error
    assert (by_kind["name_homophone"].pairs, by_kind["name_homophone"].found) == (2, 1)
    assert (by_kind["id_digit"].pairs, by_kind["id_digit"].found) == (2, 0)
    assert (by_kind["none"].pairs, by_kind["none"].found) == (1, 0)
    assert by_kind["newborn_unnamed"].recall == 1.0


def test_evaluate_clusters_names_missing_columns(tmp_path):
    clusters = write(tmp_path / "c.csv", "source,record_id\nv,1\n")
    truth = write(tmp_path / "t.csv", "source,record_id,entity_id\nv,1,P1\n")
    with pytest.raises(MissingColumnsError) as raised:
        evaluate_clusters(clusters, truth)
    assert raised.value.columns == ["cluster_id"]


@settings(max_examples=50, deadline=None)
@given(
    entities=st.lists(st.integers(0, 5), min_size=1, max_size=30),
)
def test_evaluate_frames_perfect_clusters_score_one(entities):
    # Clusters identical to the truth: precision, recall and F1 are all exactly 1.
    rows = [(f"s{i % 3}", str(i), f"P{e}") for i, e in enumerate(entities)]
    truth = pl.DataFrame(rows, schema=["source", "record_id", "entity_id"], orient="row")
    clusters = truth.rename({"entity_id": "cluster_id"})
    result = evaluate_frames(clusters, truth.with_columns(pl.lit("").alias("errors")))
    assert result.pairwise.f1 == 1.0
    assert result.clusters.exact == len(set(entities))
