"""The top of the case page: values grouped by what the records say, the odd ones marked,
ID numbers masked with only their differing digits shown."""

from __future__ import annotations

from hedui.store.cases import Case, CaseRecord
from hedui.web.case_compare import case_columns, compare_records
from hedui.web.case_decision import CaseDecision, case_decision, marked_id

VILLAGE = "320924101001"
OTHER_TOWNSHIP = "320924102001"


def _records(*rows: tuple[str, str, dict[str, str]]) -> list[CaseRecord]:
    return [
        CaseRecord(case_id=1, source=source, record_id=record_id, snapshot=snapshot)
        for source, record_id, snapshot in rows
    ]


def _decide(
    records: list[CaseRecord],
    field: str | None,
    area: str = VILLAGE,
    ledger: dict[tuple[str, str], int] | None = None,
) -> CaseDecision:
    case = Case(village_code=VILLAGE, field=field)
    columns = case_columns(records, case, area)
    return case_decision(field, records, columns, compare_records(records, columns), ledger or {})


def test_marked_id_shows_only_the_differing_digits() -> None:
    # 320927… against 320924…: position 6 differs and is shown; the rest stays masked.
    assert marked_id("320927200707026054", ["320924200707026054"]) == [
        ("320**", False),
        ("7", True),
        ("**********54", False),
    ]
    # The 15th and 16th digits are never shown, even where they differ.
    assert marked_id("320924200707026054", ["320924200707029954"]) == [
        ("320*************54", False)
    ]
    # Numbers of other lengths, or equal ones, are only masked.
    assert marked_id("320924200707026054", ["32092420070702"]) == [("320*************54", False)]


def test_records_that_agree_share_a_row_and_the_minority_is_marked() -> None:
    base = {"name": "黄子健", "birth_date": "2007-07-02", "address_code": VILLAGE}
    records = _records(
        ("police_hukou", "P1", {**base, "id_number": "320924200707026054"}),
        ("township_db", "T1", {**base, "id_number": "320927200707026054"}),
        ("village_ledger", "V1", {**base, "id_number": "320927200707026054"}),
    )
    decision = _decide(records, "id_number", ledger={("police_hukou", "P1"): 7})
    assert decision.person == "黄子健" and decision.fields == ["id_number"]
    assert [(row.sources, row.odd) for row in decision.rows] == [
        (["police_hukou"], True),
        (["township_db", "village_ledger"], False),
    ]
    assert decision.correct_id == 7  # the record that differs, which the reader may open


def test_a_single_record_is_named_by_its_identifying_fields() -> None:
    records = _records(
        ("township_db", "T1", {"name": "陈欣怡", "id_number": "320924200110137420"}),
    )
    decision = _decide(records, "id_number")
    assert not decision.differing
    assert decision.fields == ["name", "id_number"]
    assert decision.rows[0].values[0] == [("陈欣怡", False)]
    assert decision.correct_id is None


def test_two_records_two_values_both_are_marked_and_outside_names_stay_hidden() -> None:
    records = _records(
        ("village_ledger", "V1", {"name": "刘小红", "address_code": VILLAGE}),
        ("police_hukou", "P1", {"name": "刘小虹", "address_code": OTHER_TOWNSHIP}),
    )
    decision = _decide(records, "name")
    assert [row.odd for row in decision.rows] == [True, True]
    # The other township's record lends no name to the title, though its differing name shows.
    assert decision.person == "刘小红"
    assert decision.rows[1].outside and decision.rows[1].values == [[("刘小虹", False)]]
