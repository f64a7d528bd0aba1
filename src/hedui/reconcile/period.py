"""The reporting period of a reconciliation or a report: one month (``2025-10``) or one year.

County offices report monthly, and each month's run looks at everything recorded *up to* the end
of the month: a birth from March that the police have still not registered in October is still
a finding in October. :attr:`Period.start` and :attr:`Period.end` bound the month itself, for
the figures that are about that month only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from hedui.errors import InvalidInputError

__all__ = ["Period", "parse_period"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


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


def parse_period(text: str) -> Period:
    """Read ``2025-10`` (a month) or ``2025`` (a year).

    Raises:
        InvalidInputError: anything else, with the expected form in the message.
    """
    match = _PATTERN.match(text.strip())
    month = int(match.group(2)) if match and match.group(2) else None
    if (
        match is None
        or not 1900 <= int(match.group(1)) <= 2100
        or (month is not None and not 1 <= month <= 12)
    ):
        raise InvalidInputError(
            f"报告期“{text}”无法识别，应为 年-月（如 2025-10）或 年（如 2025） / "
            f"period {text!r} not understood: write a month as 2025-10 or a year as 2025"
        )
    return Period(int(match.group(1)), month)
