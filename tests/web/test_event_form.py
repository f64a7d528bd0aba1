"""The record-an-event checks, with the expected results worked out by hand."""

from __future__ import annotations

from datetime import date

from hedui.store.records import EventType
from hedui.web.event_form import REQUIRED, check_event_form

from .conftest import CHILD_ID, MAN_ID, MOTHER_ID

TODAY = date(2024, 6, 1)
CONTROL = "Contains the invisible control character %(code)s; delete it and retype."


def _birth(**fields: str) -> dict[str, str]:
    base = {
        "name": "王小明",
        "sex": "1",
        "birth_date": "2024-03-01",
        "mother_name": "李娜",
        "mother_id_number": MOTHER_ID,
    }
    return base | fields


def test_a_clean_birth_gives_fields_and_no_issues() -> None:
    check = check_event_form(EventType.BIRTH, _birth(id_number=CHILD_ID.lower()), today=TODAY)
    assert check.errors == [] and check.warnings == []
    assert check.fields is not None
    assert check.fields.event_date == check.fields.birth_date == date(2024, 3, 1)
    assert check.fields.id_number == CHILD_ID  # the lower-case x is normalised to X


def test_a_swapped_pair_is_an_error_with_the_swap_back_suggested_first() -> None:
    # 32092420240310001X: the day digits 01 typed as 10. With birth date 2024-03-01 and sex
    # male on the form, the swap back scores +3 (birth date) +1 (sex) +1 (region exists) = 5.
    check = check_event_form(EventType.BIRTH, _birth(id_number="32092420240310001X"), today=TODAY)
    assert [issue.field for issue in check.errors] == ["id_number"]
    best = check.suggestions["id_number"][0]
    assert (best.number, best.kind, best.positions) == (CHILD_ID, "transposition", (13, 14))
    assert check.fields is None


def test_impossible_and_future_dates_are_errors() -> None:
    check = check_event_form(EventType.BIRTH, _birth(birth_date="2023-02-29"), today=TODAY)
    assert [(i.field, i.message) for i in check.errors] == [
        ("birth_date", "Not a valid date: %(detail)s")
    ]
    future = check_event_form(EventType.BIRTH, _birth(birth_date="2024-07-01"), today=TODAY)
    assert [i.message for i in future.errors] == ["This date is in the future."]


def test_id_disagreeing_with_birth_date_and_sex_is_a_warning_not_an_error() -> None:
    # MAN_ID says born 1985-03-07, male; the form says 1985-03-08 and female.
    form = {
        "name": "赵强",
        "id_number": MAN_ID,
        "sex": "2",
        "birth_date": "1985-03-08",
        "event_date": "2024-05-01",
    }
    check = check_event_form(EventType.MOVE_IN, form, today=TODAY)
    assert check.errors == []
    assert [i.field for i in check.warnings] == ["birth_date", "sex"]
    assert check.warnings[0].params == {"id_date": "1985-03-07", "date": "1985-03-08"}


def test_blank_birth_date_and_sex_are_taken_from_the_id() -> None:
    form = {"name": "赵强", "id_number": MAN_ID, "event_date": "2024-05-01"}
    check = check_event_form(EventType.DEATH, form, today=TODAY)
    assert check.fields is not None
    assert (check.fields.birth_date, check.fields.sex) == (date(1985, 3, 7), "1")


def test_required_fields_and_event_before_birth() -> None:
    check = check_event_form(
        EventType.DEATH, {"birth_date": "1985-03-07", "event_date": "1980-01-01"}, today=TODAY
    )
    required = {i.field for i in check.errors if i.message == REQUIRED}
    assert required == {"name", "id_number", "sex"}
    assert "The event date is before the birth date." in {i.message for i in check.errors}
    assert check.without_missing().errors[0].field == "event_date"


def test_mother_checks_sex_digit_and_age() -> None:
    # MAN_ID as the mother's number: a male sex digit, and born 1985 → 38 at a 2024 birth (fine).
    check = check_event_form(EventType.BIRTH, _birth(mother_id_number=MAN_ID), today=TODAY)
    assert [i.message for i in check.warnings] == ["The mother's ID number has a male sex digit."]
    # A mother born 1990-03-07 giving birth 2000-01-01 would be 9: implausible, worth a look.
    young = check_event_form(EventType.BIRTH, _birth(birth_date="2000-01-01"), today=TODAY)
    assert [i.params for i in young.warnings] == [{"age": "9"}]


def test_control_characters_and_over_long_text_are_errors() -> None:
    check = check_event_form(
        EventType.BIRTH,
        _birth(name="王\x00小明", mother_name="李\x1b娜", address="路" * 256),
        today=TODAY,
    )
    assert [(i.field, i.message, dict(i.params)) for i in check.errors] == [
        ("name", CONTROL, {"code": "U+0000"}),
        ("mother_name", CONTROL, {"code": "U+001B"}),  # not also "required"
        ("address", "At most %(limit)s characters.", {"limit": "255"}),
    ]
    assert check.fields is None
    fits = check_event_form(EventType.BIRTH, _birth(address="路" * 255), today=TODAY)
    assert fits.errors == [] and fits.fields is not None


def test_a_control_character_in_an_id_number_is_named() -> None:
    check = check_event_form(EventType.BIRTH, _birth(id_number=CHILD_ID + "\x00"), today=TODAY)
    assert [(i.field, dict(i.params)) for i in check.errors] == [("id_number", {"code": "U+0000"})]
