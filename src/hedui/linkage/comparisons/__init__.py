"""hedui's domain comparisons: one small Splink ``ComparisonCreator`` per field.

Each class returns its list of levels, most specific first, as Splink's own comparisons
do; the SQL is rendered only once the dialect is known, so the same classes serve DuckDB
and Spark.
"""

from __future__ import annotations

from hedui.linkage.comparisons.address_code import AddressCodeComparison
from hedui.linkage.comparisons.address_text import AddressTextComparison
from hedui.linkage.comparisons.birth_date import BirthDateComparison
from hedui.linkage.comparisons.chinese_name import ChineseNameComparison
from hedui.linkage.comparisons.event_date import EventDateComparison
from hedui.linkage.comparisons.mother import MotherComparison
from hedui.linkage.comparisons.resident_id import ResidentIdComparison
from hedui.linkage.comparisons.sex import SexComparison

__all__ = [
    "AddressCodeComparison",
    "AddressTextComparison",
    "BirthDateComparison",
    "ChineseNameComparison",
    "EventDateComparison",
    "MotherComparison",
    "ResidentIdComparison",
    "SexComparison",
]
