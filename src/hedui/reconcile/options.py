"""The limits reconciliation judges records by, set once and checked up front.

The defaults follow the 中华人民共和国户口登记条例 (Regulations on Household Registration, 1958)
as county offices still apply them:

| event | limit | rule |
|---|---|---|
| birth | 30 days | 婴儿出生后一个月以内申报出生登记 (art. 7) |
| death | 30 days | 农村在一个月以内申报死亡登记 (art. 8, rural deaths) |
| move_in | 30 days | 农村在十日以内申报迁入登记 (art. 13) — 10 days in law, but the move-in is
  written into a ledger only when the papers arrive, so 30 days keeps findings to real delays |
| move_out | 30 days | 迁出前申报 (art. 10, before leaving): the ledger often learns later |
| marriage, divorce | 30 days | registered on the day at civil affairs (婚姻登记); a ledger or
  township entry within a month is normal bookkeeping |

An office that wants the letter of the law sets ``late_days={"move_in": 10}``. The legal
marriage ages are those of the Civil Code (民法典 art. 1047: men 22, women 20). Which move-in
belongs to which move-out is linkage's decision (one cluster per move, ``docs/linkage.md``),
so reconciliation has no migration window of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from hedui.errors import ConfigurationError

__all__ = ["DEFAULT_LATE_DAYS", "ReconcileOptions"]

DEFAULT_LATE_DAYS: Mapping[str, int] = MappingProxyType(
    {
        "birth": 30,
        "death": 30,
        "marriage": 30,
        "divorce": 30,
        "move_in": 30,
        "move_out": 30,
    }
)
"""Default registration limit in days per event type (see the module docstring)."""


def _default_late_days() -> Mapping[str, int]:
    return DEFAULT_LATE_DAYS


@dataclass(frozen=True)
class ReconcileOptions:
    """Limits for the invalid-value and late-registration findings.

    Attributes:
        late_days: Days allowed between an event and its recording, per event type; event
            types not named keep their default (:data:`DEFAULT_LATE_DAYS`).
        marriage_age_men: Legal marriage age for men (22).
        marriage_age_women: Legal marriage age for women (20).
        reference_date: Dates after this day are "in the future"; ``None`` means today.

    Raises:
        ConfigurationError: on construction, listing every problem at once.
    """

    late_days: Mapping[str, int] = field(default_factory=_default_late_days)
    marriage_age_men: int = 22
    marriage_age_women: int = 20
    reference_date: date | None = None

    def __post_init__(self) -> None:
        merged = {**DEFAULT_LATE_DAYS, **self.late_days}
        problems = [
            f"未知事件类型 {event!r} / unknown event type {event!r} in late_days "
            f"(known: {', '.join(DEFAULT_LATE_DAYS)})"
            for event in self.late_days
            if event not in DEFAULT_LATE_DAYS
        ]
        problems += [
            f"{event} 的登记期限必须是非负整数天 / the limit for {event} must be a whole number "
            f"of days ≥ 0, not {days!r}"
            for event, days in merged.items()
            if isinstance(days, bool) or not isinstance(days, int) or days < 0
        ]
        for name in ("marriage_age_men", "marriage_age_women"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(f"{name} 必须是非负整数 / {name} must be a whole number ≥ 0")
        for name in ("marriage_age_men", "marriage_age_women"):
            value = getattr(self, name)
            if isinstance(value, int) and not 14 <= value <= 30:
                problems.append(f"{name} 应在 14–30 之间 / {name} must lie between 14 and 30")
        if self.reference_date is not None and not isinstance(self.reference_date, date):
            problems.append("reference_date 必须是日期 / reference_date must be a date")
        if problems:
            raise ConfigurationError(
                "对账选项有误 / invalid reconciliation options:\n" + "\n".join(problems),
                problems=problems,
            )
        object.__setattr__(self, "late_days", MappingProxyType(merged))

    @property
    def today(self) -> date:
        """The reference date for "in the future": :attr:`reference_date` or today."""
        return self.reference_date or date.today()

    def late_limit(self, event: str) -> int | None:
        """Days allowed to record ``event``, ``None`` for types without a limit (residents)."""
        return self.late_days.get(event)
