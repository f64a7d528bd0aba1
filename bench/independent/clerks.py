"""Clerks and how each writes dates, sexes and event words.

Every village ledger has its own clerk, every township its own police station, the county its
maternity hospitals. A clerk has a care (0 sloppy to 1 careful) that sets how often they err,
a habitual date style they sometimes stray from, and a way of writing sex.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

DATE_STYLES = ("cn", "cn_padded", "dot", "slash", "iso", "compact", "iso_time")
_CN_DIGITS = "〇一二三四五六七八九十"


@dataclass(frozen=True)
class Clerk:
    """Who writes a source's records in one place.

    Attributes:
        key: A label, e.g. the village code.
        care: 0 (sloppy) to 1 (careful): weighs how likely each mistake lands on this clerk.
        date_style: The style of most dates (one of :data:`DATE_STYLES`).
        date_mix: Chance that a date is written in some other style.
        sex_style: ``"男女"``, ``"男性女性"``, ``"12"`` or ``"MF"``.
        events: The words for the events, by canonical event.
    """

    key: str
    care: float
    date_style: str
    date_mix: float
    sex_style: str
    events: dict[str, str]

    def date_style_for(self, rng: random.Random) -> str:
        """The style of one date: usually the clerk's own."""
        if rng.random() < self.date_mix:
            return rng.choice(DATE_STYLES[:6])
        return self.date_style

    def sex(self, sex: int | None) -> str:
        """Sex as this clerk writes it."""
        if sex is None:
            return ""
        style = self.sex_style
        if style == "12":
            return str(sex)
        if style == "MF":
            return "M" if sex == 1 else "F"
        if style == "男性女性":
            return "男性" if sex == 1 else "女性"
        return "男" if sex == 1 else "女"


def format_date(day: date, style: str) -> str:
    """A date in one of :data:`DATE_STYLES` (``1985年3月7日``, ``1985.3.7``, ``19850307``…)."""
    y, m, d = day.year, day.month, day.day
    if style == "cn":
        return f"{y}年{m}月{d}日"
    if style == "cn_padded":
        return f"{y}年{m:02d}月{d:02d}日"
    if style == "dot":
        return f"{y}.{m}.{d}"
    if style == "slash":
        return f"{y}/{m}/{d}"
    if style == "compact":
        return f"{y}{m:02d}{d:02d}"
    if style == "iso_time":
        return f"{y}-{m:02d}-{d:02d} 00:00:00"
    return f"{y}-{m:02d}-{d:02d}"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 组 numbers in addresses)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


LEDGER_EVENTS = {
    "birth": "出生",
    "death": "死亡",
    "marriage": "结婚",
    "divorce": "离婚",
    "move_in": "迁入",
    "move_out": "迁出",
}
POLICE_EVENTS = {
    "birth": "出生登记",
    "death": "死亡登记",
    "marriage": "结婚登记",
    "divorce": "离婚登记",
    "move_in": "户口迁入",
    "move_out": "户口迁出",
}
HOSPITAL_EVENTS = {"birth": "birth"}


def _weighted(rng: random.Random, table: dict[str, float]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def ledger_clerk(key: str, care: float, rng: random.Random) -> Clerk:
    """A village clerk: any date style, any way of writing sex, more mixing when sloppy."""
    style = _weighted(
        rng, {"cn": 28, "cn_padded": 10, "dot": 18, "slash": 18, "iso": 14, "compact": 12}
    )
    sex = _weighted(rng, {"男女": 55, "男性女性": 10, "12": 20, "MF": 15})
    events = dict(LEDGER_EVENTS)
    if rng.random() < 0.3:
        events.update(move_in="户口迁入", move_out="户口迁出")
    return Clerk(key, care, style, 0.04 + 0.3 * (1 - care), sex, events)


def police_clerk(key: str, rng: random.Random) -> Clerk:
    """A police station exporting from the household-registration system."""
    style = _weighted(rng, {"iso": 50, "compact": 30, "slash": 20})
    sex = _weighted(rng, {"男女": 50, "12": 50})
    return Clerk(key, rng.uniform(0.85, 0.97), style, 0.01, sex, dict(POLICE_EVENTS))


def hospital_clerk(key: str, rng: random.Random) -> Clerk:
    """A maternity hospital's birth-certificate system."""
    style = _weighted(rng, {"iso": 60, "iso_time": 40})
    return Clerk(key, rng.uniform(0.88, 0.95), style, 0.02, "男女", dict(HOSPITAL_EVENTS))
