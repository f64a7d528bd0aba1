"""prepare_features: identity toolkit applied once per distinct value, keys for comparisons."""

from __future__ import annotations

import polars as pl

from hedui.linkage.prepare import CANONICAL_COLUMNS, FEATURE_COLUMNS, prepare_features


def canonical(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{c: row.get(c) for c in CANONICAL_COLUMNS} for row in rows],
        schema=dict.fromkeys(CANONICAL_COLUMNS, pl.Utf8),
    )


def test_prepare_features_sorts_and_numbers_records():
    frame = prepare_features(
        canonical(
            [
                {"source": "township_db", "record_id": "T2", "event": "resident"},
                {"source": "health_births", "record_id": "H1", "event": "birth"},
                {"source": "township_db", "record_id": "T1", "event": "resident"},
            ]
        )
    )
    assert frame.columns == list(FEATURE_COLUMNS)
    assert frame.select("unique_id", "source", "record_id").rows() == [
        (0, "health_births", "H1"),
        (1, "township_db", "T1"),
        (2, "township_db", "T2"),
    ]


def test_prepare_features_converts_15_digit_ids_and_reads_birth_date_and_sex():
    # 110105491231002 is the 15-digit form of 11010519491231002X: born 1949-12-31,
    # sequence 002 (even: female). The record gives neither birth date nor sex.
    row = prepare_features(
        canonical(
            [{"source": "v", "record_id": "1", "event": "resident", "id_number": "110105491231002"}]
        )
    ).row(0, named=True)
    assert row["id_raw"] == "110105491231002"
    assert row["id18"] == "11010519491231002X"
    assert row["id_valid"] is True
    assert (row["id_head"], row["id_back"]) == ("110105194", "91231002X")
    assert (row["birth_date"], row["sex"]) == ("1949-12-31", "2")


def test_prepare_features_keeps_the_record_s_own_birth_date_and_sex():
    row = prepare_features(
        canonical(
            [
                {
                    "source": "v",
                    "record_id": "1",
                    "event": "resident",
                    "id_number": "11010519491231002X",
                    "birth_date": "1949-12-30",
                    "sex": "1",
                }
            ]
        )
    ).row(0, named=True)
    assert (row["birth_date"], row["sex"]) == ("1949-12-30", "1")


def test_prepare_features_invalid_id_is_kept_but_flagged():
    # One digit off (002 → 012): the check X no longer fits; nothing is read from it.
    row = prepare_features(
        canonical(
            [
                {
                    "source": "v",
                    "record_id": "1",
                    "event": "resident",
                    "id_number": "11010519491231012X",
                }
            ]
        )
    ).row(0, named=True)
    assert (row["id18"], row["id_valid"], row["birth_date"]) == ("11010519491231012X", False, None)


def test_prepare_features_traditional_characters_become_simplified():
    frame = prepare_features(
        canonical(
            [
                {"source": "v", "record_id": "1", "event": "resident", "name": "張偉"},
                {"source": "t", "record_id": "1", "event": "resident", "name": "张伟"},
            ]
        )
    )
    assert frame["name_norm"].to_list() == ["张伟", "张伟"]
    assert frame["name_pinyin_tone"].to_list() == ["zhang1 wei3", "zhang1 wei3"]
    assert frame["surname"].to_list() == ["张", "张"]


def test_prepare_features_newborn_placeholder_names_the_mother():
    # The village ledger writes the baby as 张丽之女 ("Zhang Li's daughter"): no name yet,
    # and the mother's name for the mother comparison.
    row = prepare_features(
        canonical([{"source": "v", "record_id": "1", "event": "birth", "name": "张丽之女"}])
    ).row(0, named=True)
    assert row["name_norm"] is None
    assert (row["mother_name_norm"], row["mother_name_pinyin"]) == ("张丽", "zhangli")


def test_prepare_features_village_and_township_codes():
    frame = prepare_features(
        canonical(
            [
                {
                    "source": "v",
                    "record_id": "1",
                    "event": "resident",
                    "address_code": "320924101201",
                },
                {"source": "v", "record_id": "2", "event": "resident", "address_code": "2600"},
            ]
        )
    )
    assert frame.select("village", "township").rows() == [
        ("320924101201", "320924101"),
        ("2600", None),
    ]


def test_features_come_in_unique_id_order_as_documented() -> None:
    records = pl.DataFrame(
        {
            "source": ["b", "a", "b", "a", "c"] * 20,
            "record_id": [f"r{i:03d}" for i in range(100)],
            "name": ["王小明", "李娜", None, "张三", "王小明"] * 20,
            "id_number": [None, "11010519491231002X", None, "110105491231002", None] * 20,
        },
        schema={"source": pl.Utf8, "record_id": pl.Utf8, "name": pl.Utf8, "id_number": pl.Utf8},
    )
    features = prepare_features(records)
    assert features["unique_id"].to_list() == list(range(100))
    keys = list(zip(features["source"], features["record_id"], strict=True))
    assert keys == sorted(keys)
