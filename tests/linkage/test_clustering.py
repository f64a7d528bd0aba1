"""Clustering under constraints: one record per source, twins never merged."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.linkage.clustering import TIE_REASON, cluster_records
from hedui.linkage.same_source import AMBIGUOUS_REASON

RECORD_SCHEMA = {
    "unique_id": pl.Int64,
    "source": pl.Utf8,
    "name_pinyin": pl.Utf8,
    "sex": pl.Utf8,
    "id18": pl.Utf8,
    "id_valid": pl.Boolean,
}


def records(
    rows: list[tuple[int, str, str | None, str | None, str | None, bool]], event: str = "resident"
) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=RECORD_SCHEMA, orient="row").with_columns(
        pl.lit(event).alias("event")
    )


def edges(rows: list[tuple[int, int, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"unique_id_l": pl.Int64, "unique_id_r": pl.Int64, "match_probability": pl.Float64},
        orient="row",
    )


def members(result: pl.DataFrame) -> set[frozenset[int]]:
    groups = result.group_by("cluster_id").agg(pl.col("unique_id"))
    return {frozenset(ids) for ids in groups["unique_id"].to_list()}


def test_cluster_records_links_across_sources_and_leaves_singletons():
    # 0 (village) — 1 (township) at 0.99 link; 2 (police) scores 0.5 with 1: below 0.9.
    people = records(
        [
            (0, "village", "zhangwei", "1", None, False),
            (1, "township", "zhangwei", "1", None, False),
            (2, "police", "zhangwei", "1", None, False),
        ]
    )
    result = cluster_records(people, edges([(0, 1, 0.99), (1, 2, 0.5)]), threshold=0.9)
    assert members(result.clusters) == {frozenset({0, 1}), frozenset({2})}
    by_id = dict(
        zip(result.clusters["unique_id"], result.clusters["match_probability"], strict=True)
    )
    assert by_id == {0: 0.99, 1: 0.99, 2: None}
    assert result.clusters["cluster_id"].to_list() == ["C00000000", "C00000000", "C00000002"]


def test_cluster_records_never_chains_twins_through_an_unnamed_newborn():
    # Hospital: 0 and 1 are unnamed same-sex twins (same mother, same day).
    # Township: 2 = 张一 and 3 = 张二, the same twins once named.
    # Every cross pair scores 0.98, the hospital pair 0.9995 (nothing tells them apart).
    # Connected components would put all four in one cluster. Greedy by (probability,
    # unique_id): 0-2 merge; 0-3 rejected (township already there); 1-2 rejected
    # (hospital already there); 1-3 merge.
    births = records(
        [
            (0, "health", None, "2", None, False),
            (1, "health", None, "2", None, False),
            (2, "township", "zhangyi", "2", None, False),
            (3, "township", "zhanger", "2", None, False),
        ],
        event="birth",
    )
    scored = edges([(0, 1, 0.9995), (0, 2, 0.98), (0, 3, 0.98), (1, 2, 0.98), (1, 3, 0.98)])
    result = cluster_records(births, scored, threshold=0.9)
    assert members(result.clusters) == {frozenset({0, 2}), frozenset({1, 3})}
    assert result.duplicates.height == 0
    reasons = {
        (row["unique_id_l"], row["unique_id_r"]): row["reason"]
        for row in result.ambiguous.iter_rows(named=True)
    }
    # The twin pair is flagged; so are the two rejected cross links, as strong as the chosen.
    assert reasons == {(0, 1): AMBIGUOUS_REASON, (0, 3): TIE_REASON, (1, 2): TIE_REASON}


def test_cluster_records_keeps_twins_of_different_sex_apart_even_at_high_probability():
    # Same source, sexes 1 and 2: the twin rule forbids merging whatever the score.
    twins = records([(0, "health", None, "1", None, False), (1, "health", None, "2", None, False)])
    result = cluster_records(twins, edges([(0, 1, 0.99999)]), threshold=0.9)
    assert members(result.clusters) == {frozenset({0}), frozenset({1})}
    assert result.ambiguous.height == 0


def test_cluster_records_merges_and_reports_a_within_source_duplicate():
    # The village ledger lists 李娜 twice with the same valid ID; the township once.
    people = records(
        [
            (0, "village", "lina", "2", "11010519491231002X", True),
            (1, "village", "lina", "2", "11010519491231002X", True),
            (2, "township", "lina", "2", "11010519491231002X", True),
        ]
    )
    scored = edges([(0, 1, 0.99995), (0, 2, 0.9999), (1, 2, 0.9999)])
    result = cluster_records(people, scored, threshold=0.9)
    assert members(result.clusters) == {frozenset({0, 1, 2})}
    assert result.duplicates.select("unique_id_l", "unique_id_r").rows() == [(0, 1)]


def test_cluster_records_merges_the_old_and_new_entries_of_a_person_who_moved():
    # 王红 moved between villages of one township; every source kept both entries. The
    # entries of each village link at 0.99999 (same village), across villages at 0.9999.
    # Greedy first builds {0, 1, 2} and {3, 4, 5}; a cross-source edge between them is
    # refused (each already has every source), but the within-source duplicate edge 0-3
    # (same name, same valid ID, ≥ 0.999) merges them whole. Both scored same-source pairs,
    # police 0-3 and village 2-5, are reported as duplicates.
    wang_hong = ("wanghong", "2", "320924197002145606", True)
    people = records(
        [
            (0, "police", *wang_hong),
            (1, "township", *wang_hong),
            (2, "village", *wang_hong),
            (3, "police", *wang_hong),
            (4, "township", *wang_hong),
            (5, "village", *wang_hong),
        ]
    )
    same_village = [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)]
    across = [(0, 3), (0, 4), (1, 3), (2, 5)]
    scored = edges([(a, b, 0.99999) for a, b in same_village] + [(a, b, 0.9999) for a, b in across])
    result = cluster_records(people, scored, threshold=0.9)
    assert members(result.clusters) == {frozenset(range(6))}
    assert result.duplicates.select("unique_id_l", "unique_id_r").rows() == [(0, 3), (2, 5)]
    assert result.ambiguous.height == 0


def test_cluster_records_merges_a_person_typed_twice_in_one_source():
    # The village ledger holds 王伟 twice, no ID either time, and the model scores the pair
    # 0.95: nothing tells two people apart, so it is one person typed twice (the old rule
    # asked for 0.999 and the same pinyin, and missed most real duplicates).
    people = records(
        [(0, "village", "wangwei", "1", None, False), (1, "village", "wangwei", "1", None, False)]
    )
    result = cluster_records(people, edges([(0, 1, 0.95)]), threshold=0.9)
    assert members(result.clusters) == {frozenset({0, 1})}
    assert result.duplicates.select("unique_id_l", "unique_id_r").rows() == [(0, 1)]


def test_cluster_records_is_independent_of_edge_order():
    people = records(
        [
            (0, "a", "jia", "1", None, False),
            (1, "b", "jia", "1", None, False),
            (2, "b", "jia", "1", None, False),
            (3, "c", "jia", "1", None, False),
        ]
    )
    rows = [(0, 1, 0.97), (0, 2, 0.97), (1, 3, 0.95), (2, 3, 0.96)]
    first = cluster_records(people, edges(rows), threshold=0.9).clusters
    second = cluster_records(people, edges(list(reversed(rows))), threshold=0.9).clusters
    assert first.equals(second)
    # 0-1 (0.97, lower ids first) merges; 0-2 rejected (b taken); 2-3 (0.96) merges.
    assert members(first) == {frozenset({0, 1}), frozenset({2, 3})}


@settings(max_examples=60, deadline=None)
@given(
    sources=st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=9),
    raw_edges=st.lists(
        st.tuples(st.integers(0, 8), st.integers(0, 8), st.floats(0.0, 1.0)), max_size=30
    ),
)
def test_cluster_records_every_cluster_has_one_record_per_source(sources, raw_edges):
    # Every record carries its own valid ID: no same-source pair can be a duplicate, so
    # one record per source is absolute, whatever the scores.
    n = len(sources)
    people = records([(i, s, None, None, f"ID{i:04d}", True) for i, s in enumerate(sources)])
    scored = edges([(a % n, b % n, p) for a, b, p in raw_edges])
    result = cluster_records(people, scored, threshold=0.5)
    assert sorted(result.clusters["unique_id"].to_list()) == list(range(n))
    per_source = (
        result.clusters.with_columns(pl.Series("source", sources))
        .group_by("cluster_id", "source")
        .len()
    )
    assert per_source["len"].max() == 1


def births(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Birth records: ``unique_id``, ``source`` and whichever pair columns a test sets."""
    columns = ["name_pinyin", "surname", "given_pinyin", "sex", "id18", "birth_date", "mother_key"]
    full = [{c: None for c in columns} | {"id_valid": False, "event": "birth"} | r for r in rows]
    return pl.DataFrame(full).with_columns(pl.col("unique_id").cast(pl.Int64))


MOTHER = "411524199806235383"  # 侯燕秀


def test_cluster_records_keeps_twins_named_alike_apart_in_one_source():
    # The ledger lists 张建国 and 张建军, same mother, same day, same sex, no IDs: twins
    # whose names share a character ("jianguo" / "jianjun" are more than one slip apart).
    twins = births(
        [
            {
                "unique_id": 0,
                "source": "village",
                "name_pinyin": "zhangjianguo",
                "surname": "张",
                "given_pinyin": "jianguo",
                "sex": "1",
                "birth_date": "2025-07-21",
                "mother_key": MOTHER,
            },
            {
                "unique_id": 1,
                "source": "village",
                "name_pinyin": "zhangjianjun",
                "surname": "张",
                "given_pinyin": "jianjun",
                "sex": "1",
                "birth_date": "2025-07-21",
                "mother_key": MOTHER,
            },
        ]
    )
    result = cluster_records(twins, edges([(0, 1, 0.999)]), threshold=0.5)
    assert members(result.clusters) == {frozenset({0}), frozenset({1})}


def hou_births(*extra: dict[str, object]) -> pl.DataFrame:
    """侯燕秀's son born 2025-07-21: the hospital's placeholder certificate (0), its re-issue
    as 侯宇轩 (1), the police's registration (2), then ``extra`` records."""
    born = {"sex": "1", "birth_date": "2025-07-21", "mother_key": MOTHER}
    yuxuan = {"name_pinyin": "houyuxuan", "surname": "侯", "given_pinyin": "yuxuan"}
    police_id = {"id18": "41152420250721881X", "id_valid": True}
    return births(
        [
            {"unique_id": 0, "source": "health"} | born,
            {"unique_id": 1, "source": "health"} | born | yuxuan,
            {"unique_id": 2, "source": "police"} | born | yuxuan | police_id,
            *extra,
        ]
    )


def test_cluster_records_merges_a_reissued_birth_certificate():
    # The hospital wrote 侯燕秀之子 (a placeholder: no name) and later re-issued the
    # certificate as 侯宇轩; the police list one child of that mother and day. A re-issue,
    # not twins: the two hospital records are one birth.
    scored = edges([(0, 1, 0.99), (0, 2, 0.99), (1, 2, 0.9999)])
    result = cluster_records(hou_births(), scored, threshold=0.5)
    assert members(result.clusters) == {frozenset({0, 1, 2})}
    assert result.duplicates.select("unique_id_l", "unique_id_r").rows() == [(0, 1)]


def test_cluster_records_a_placeholder_beside_a_twin_is_ambiguous():
    # The same hospital pair, but the police list two sons of that mother and day under two
    # valid IDs: there were twins, and nothing tells whether the placeholder is 侯宇轩's
    # first certificate or his brother's. Kept apart, for a person to check.
    brother = {
        "unique_id": 3,
        "source": "police",
        "name_pinyin": "houyuhang",
        "surname": "侯",
        "given_pinyin": "yuhang",
        "sex": "1",
        "birth_date": "2025-07-21",
        "mother_key": MOTHER,
        "id18": "411524202507218836",
        "id_valid": True,
    }
    scored = edges([(0, 1, 0.99), (1, 2, 0.9999), (0, 3, 0.99)])
    result = cluster_records(hou_births(brother), scored, threshold=0.5)
    assert members(result.clusters) == {frozenset({1, 2}), frozenset({0, 3})}
    assert (0, 1) in result.ambiguous.select("unique_id_l", "unique_id_r").rows()


def test_cluster_records_puts_the_two_halves_of_a_move_in_one_cluster():
    # 徐树森 moved inside the county: ledger and police each hold a move-out at the old
    # village and a move-in at the new one. Four records, two per source, one event.
    xu = ("xushusen", "1", "411524195910140490", True)
    moves = pl.DataFrame(
        [(0, "village", *xu), (1, "village", *xu), (2, "police", *xu), (3, "police", *xu)],
        schema=RECORD_SCHEMA,
        orient="row",
    ).with_columns(pl.Series("event", ["move_out", "move_in", "move_out", "move_in"]))
    scored = edges([(a, b, 0.999) for a in range(4) for b in range(a + 1, 4)])
    result = cluster_records(moves, scored, threshold=0.5)
    assert members(result.clusters) == {frozenset(range(4))}
    assert result.duplicates.height == 0


def test_cluster_records_latin_names_written_differently_are_one_person_by_their_number():
    # Febrl's duplicates: "madeline masno" and "mason madeline", one number (not a Chinese
    # ID), one birthday. Latin names carry no Chinese twin habits, and no mother is known.
    people = pl.DataFrame(
        {
            "unique_id": [0, 1],
            "source": ["febrl", "febrl"],
            "event": ["resident", "resident"],
            "name_pinyin": ["madelinemasno", "masonmadeline"],
            "surname": ["madeline", "mason"],
            "given_pinyin": ["masno", "madeline"],
            "id18": ["2185997", "2185997"],
            "id_valid": [False, False],
            "birth_date": ["1908-11-28", "1908-11-28"],
        }
    )
    result = cluster_records(people, edges([(0, 1, 0.99)]), threshold=0.5)
    assert members(result.clusters) == {frozenset({0, 1})}
