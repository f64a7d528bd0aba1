"""Case keys are stable; cases, their history and their records fit together."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from hedui.errors import StoreError
from hedui.store.cases import Case, CaseHistory, CaseRecord, CaseStatus, make_case_key
from hedui.store.db import transaction
from hedui.store.users import User

from .conftest import VILLAGE_A

pairs = st.lists(
    st.tuples(st.sampled_from(["village_ledger", "health_births", "police_hukou"]), st.text()),
    min_size=1,
    max_size=6,
)


@given(records=pairs, seed=st.randoms())
def test_make_case_key_ignores_order_and_repeats(records: list[tuple[str, str]], seed) -> None:
    shuffled = list(records)
    seed.shuffle(shuffled)
    key = make_case_key("birth_missing_in_ledger", records)
    assert key == make_case_key("birth_missing_in_ledger", shuffled + records[:1])
    assert len(key) == 64


def test_make_case_key_differs_by_kind_and_records() -> None:
    records = [("health_births", "HB-0001"), ("village_ledger", "VL-7")]
    key = make_case_key("birth_missing_in_ledger", records)
    assert key != make_case_key("death_missing_in_ledger", records)
    assert key != make_case_key("birth_missing_in_ledger", records[:1])
    # The separator keeps ("a", "bc") and ("ab", "c") apart.
    assert make_case_key("k", [("a", "bc")]) != make_case_key("k", [("ab", "c")])


def _case(key: str) -> Case:
    return Case(
        case_key=key,
        kind="birth_missing_in_ledger",
        status=CaseStatus.OPEN,
        village_code=VILLAGE_A,
        period="2024-03",
        explanation_zh="医院有出生医学证明，村台账未登记",
        explanation_en="The hospital certified a birth the village ledger does not have",
        first_seen_run="run-1",
        last_seen_run="run-1",
    )


def test_a_case_keeps_its_history_and_records(session: Session, clerk: User) -> None:
    key = make_case_key("birth_missing_in_ledger", [("health_births", "HB-0001")])
    with transaction(session):
        case = _case(key)
        session.add(case)
        session.flush()
        session.add(CaseRecord(case_id=case.id, source="health_births", record_id="HB-0001"))
        session.add(
            CaseHistory(
                case_id=case.id, actor_id=clerk.id, to_status=CaseStatus.ASSIGNED, note="交村核实"
            )
        )
    assert case.recurring is False and case.status is CaseStatus.OPEN
    assert case.created_at.tzinfo is not None


def test_case_key_is_unique(session: Session) -> None:
    with transaction(session):
        session.add(_case("k" * 64))
    with pytest.raises(StoreError), transaction(session):
        session.add(_case("k" * 64))
