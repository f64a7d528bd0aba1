"""Which readable rows may enter the ledger: the village code decides whose a row is."""

from __future__ import annotations

import polars as pl
from sqlalchemy.orm import Session

from hedui.store.import_checks import ledger_problems

from .conftest import TOWNSHIP


def _rows(*codes: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "row": list(range(2, 2 + len(codes))),
            "record_id": [f"R{n}" for n in range(len(codes))],
            "event": ["birth"] * len(codes),
            "address_code": list(codes),
        }
    )


def test_a_full_width_village_code_is_a_bad_code_not_another_area(session: Session) -> None:
    # ３２０９２４１０１００１ is the township's own village 001 typed with full-width digits:
    # the clerk must be told the code is malformed, not that the village is someone else's.
    inside, full_width, elsewhere = TOWNSHIP + "001", "３２０９２４１０１００１", "320925101001"
    problems = ledger_problems(
        session, _rows(inside, full_width, elsewhere), source="police", area_code=TOWNSHIP
    )
    reasons = dict(zip(problems["row"], problems["reason"], strict=True))
    assert sorted(reasons) == [3, 4]
    assert "不是 12 位村级代码" in reasons[3] and "不在您的辖区" not in reasons[3]
    assert "不在您的辖区" in reasons[4]
