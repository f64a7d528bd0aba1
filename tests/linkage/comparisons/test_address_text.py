"""AddressTextComparison: street addresses in Latin script."""

from __future__ import annotations

from hedui.linkage.comparisons import AddressTextComparison


def at(text: str | None, event: str = "resident") -> dict[str, str | None]:
    return {"address_text": text, "event": event}


def test_address_text_levels(levels_of):
    # Febrl: "12 banksia street" copied with a letter dropped; another street; no address.
    home = at("12 banksia street mount eliza vic")
    pairs = [
        (home, at("12 banksia street mount eliza vic")),
        (home, at("12 banksa street mount eliza vic")),
        (home, at("7 wattle grove frankston vic")),
        (home, at(None)),
    ]
    assert levels_of(AddressTextComparison(), pairs) == [
        "地址相同 same address",
        "地址相近 similar address",
        "不同 different",
        "缺失 missing",
    ]


def test_address_text_is_no_evidence_for_a_move_or_a_birth(levels_of):
    moved = (at("12 banksia street", "move_out"), at("7 wattle grove", "move_in"))
    born = (at("12 banksia street", "birth"), at("7 wattle grove", "birth"))
    assert levels_of(AddressTextComparison(), [moved, born]) == [
        "迁出地与迁入地 the two ends of a move",
        "出生：医院记母亲现住址 hospital: the mother's address",
    ]


def test_chinese_addresses_are_not_prepared_for_comparison():
    # Each agency writes a Chinese address its own way: only the village code compares them.
    import polars as pl

    from hedui.linkage.prepare import prepare_features

    records = pl.DataFrame(
        {
            "source": ["a", "b"],
            "record_id": ["1", "2"],
            "event": ["resident", "resident"],
            "name": ["张三", "john smith"],
            "address": ["湖南省淮阳县城关镇先锋村12组146号", "12  Banksia Street"],
        }
    )
    features = prepare_features(records)
    assert features["address_text"].to_list() == [None, "12 banksia street"]
