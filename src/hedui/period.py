"""The reporting period of a reconciliation or a report: one month (``2025-10``) or one year.

County offices report monthly, and each month's run looks at everything recorded *up to* the end
of the month: a birth from March that the police have still not registered in October is still
a finding in October. :attr:`Period.start` and :attr:`Period.end` bound the month itself, for
the figures that are about that month only.

It sits at the top of the package, below every layer, because every layer names a period:
reconciliation, the statistics, the health programmes' coverage, the reports and the store's
runs. Importing it costs nothing above the standard library.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from hedui.errors import InvalidInputError

__all__ = ["FIRST_YEAR", "Period", "parse_period"]

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{1,2}))?$")

FIRST_YEAR = 1950
"""The earliest year a period may name. Household registration, and with it every register hedui
reconciles, began in the 1950s; ``1900-01`` is a typing slip, and a run over it would compare
nothing with nothing and report it as a month."""

_CHINA = timezone(timedelta(hours=8))


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, or a whole year when ``month`` is ``None``."""

    year: int
    month: int | None = None

    @property
    def start(self) -> date:
        """First day of the period."""
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period."""
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """``2025-10`` for a month, ``2025`` for a year."""
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    @property
    def year_start(self) -> date:
        """1 January of the period's year: the start of the year-to-date figures."""
        return date(self.year, 1, 1)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls within the period."""
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def parse_period(text: str, *, today: date | None = None) -> Period:
    """Read ``2025-10`` (a month) or ``2025`` (a year), from :data:`FIRST_YEAR` to this month.

    Args:
        text: The period as typed.
        today: The reference date for "not yet begun" (default: today in China).

    Raises:
        InvalidInputError: anything else (another form, full-width digits, month 13, a year
            before :data:`FIRST_YEAR`, a period that has not begun), with the reason.
    """
    match = _PATTERN.match(text.strip())
    month = int(match.group(2)) if match and match.group(2) else None
    if match is None or (month is not None and not 1 <= month <= 12):
        raise InvalidInputError(
            f"报告期“{text}”无法识别，应为 年-月（如 2025-10）或 年（如 2025） / "
            f"period {text!r} not understood: write a month as 2025-10 or a year as 2025"
        )
    period = Period(int(match.group(1)), month)
    if period.year < FIRST_YEAR:
        raise InvalidInputError(
            f"报告期 {period} 太早：只能核对 {FIRST_YEAR} 年以后的登记 / period {period} is too "
            f"early: registers begin in {FIRST_YEAR}"
        )
    if period.start > (today or datetime.now(_CHINA).date()):
        raise InvalidInputError(f"报告期 {period} 尚未开始 / period {period} has not begun yet")
    return period
