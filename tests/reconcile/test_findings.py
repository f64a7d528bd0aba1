"""Tests for hedui.reconcile.findings."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import SourceFileError
from hedui.reconcile.findings import make_finding, read_linked_records
from hedui.reconcile.summary import mode_by
from hedui.store.cases import make_case_key

from .conftest import WriteLinkDir

pairs = st.lists(
    st.tuples(st.sampled_from(["village_ledger", "police_hukou"]), st.text("0123", min_size=1)),
    min_size=1,
    max_size=5,
)


@given(pairs)
def test_make_finding_case_key_ignores_record_order(records: list[tuple[str, str]]) -> None:
    """The same kind over the same records, in any order, is the same case."""
    forward = make_finding("sex_conflict", "birth", "", records, ("中", "en"))
    backward = make_finding("sex_conflict", "birth", "", records[::-1], ("中", "en"))
    assert forward.case_key == backward.case_key == make_case_key("sex_conflict", records)
    assert list(forward.records) == sorted(set(records))


def test_make_finding_kind_changes_case_key() -> None:
    """A missing-in-township and a missing-in-ledger finding on one record are two cases."""
    records = [("health_births", "HB1")]
    one = make_finding("birth_missing_in_township_db", "birth", "", records, ("中", "en"))
    other = make_finding("birth_missing_in_village_ledger", "birth", "", records, ("中", "en"))
    assert one.case_key != other.case_key


def test_mode_by_majority_then_smallest() -> None:
    """Cluster 1: A, A, B → A. Cluster 2: B, A → tie, smaller A. Cluster 3: all null → absent."""
    a, b = "110101001001", "110101001002"
    frame = pl.DataFrame(
        {"c": ["1", "1", "1", "2", "2", "3"], "v": [b, a, a, b, a, None]},
        schema={"c": pl.Utf8, "v": pl.Utf8},
    )
    assert mode_by(frame, "c", "v").sort("c").rows() == [("1", a), ("2", a)]


def test_read_linked_records_joins_cluster_and_values(write_link_dir: WriteLinkDir) -> None:
    """Each record gets its cluster and prepared values, in records.parquet's order.

    clusters.csv listed in the same order → columns placed side by side; reversed → joined;
    both give T1 in C2 and V1 in C1.
    """
    link_dir = write_link_dir(
        [
            ("township_db", "T1", "C2", "death", None, "李四", "1940-02-02", "1", "v"),
            ("village_ledger", "V1", "C1", "birth", None, "王五", "2025-03-01", "2", "v"),
        ],
        [],
    )
    same_order = read_linked_records(link_dir)
    clusters = pl.read_csv(link_dir / "clusters.csv", infer_schema=False)
    clusters.reverse().write_csv(link_dir / "clusters.csv")
    joined = read_linked_records(link_dir)
    for records in (same_order, joined):
        by_id = {r["record_id"]: r for r in records.iter_rows(named=True)}
        assert by_id["V1"]["cluster_id"] == "C1"
        assert by_id["V1"]["name_norm"] == "王五"
        assert by_id["T1"]["cluster_id"] == "C2"
        assert by_id["T1"]["event_date"] == "2025-06-01"


def test_read_linked_records_names_missing_file_and_column(write_link_dir: WriteLinkDir) -> None:
    """No records.parquet → SourceFileError naming it and hedui link; no event_date → named."""
    link_dir = write_link_dir(
        [("township_db", "T1", "C1", "death", None, None, None, "1", "v")], []
    )
    records = pl.read_parquet(link_dir / "records.parquet")
    (link_dir / "records.parquet").unlink()
    with pytest.raises(SourceFileError, match=r"records\.parquet.*hedui link"):
        read_linked_records(link_dir)
    records.drop("event_date").write_parquet(link_dir / "records.parquet")
    with pytest.raises(SourceFileError, match="event_date"):
        read_linked_records(link_dir)
