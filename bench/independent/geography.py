"""One county: townships, villages and the county seat's communities, with their codes.

A 12-digit village code is the county (6 digits), the township (3: 1xx towns, 2xx 乡) and the
village (3: 0xx residents' committees in town, 2xx village committees). Villages differ: some
are remote (more home births), some ledgers are kept carefully and some are not, many villages
are dominated by one clan's surname.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from bench.independent.clerks import Clerk, chinese_number, ledger_clerk, police_clerk
from bench.independent.names import RARE_READING_SURNAMES, NameMaker

_PROVINCES = {
    "32": "江苏省", "34": "安徽省", "41": "河南省", "43": "湖南省", "36": "江西省", "37": "山东省",
    "42": "湖北省", "51": "四川省", "13": "河北省",
}  # fmt: skip
_COUNTY_NAMES = [
    "清河",
    "丰宁",
    "安平",
    "临泉",
    "永和",
    "广德",
    "宁远",
    "平昌",
    "兴仁",
    "长丰",
    "东明",
    "淮阳",
    "太和",
    "新野",
    "南漳",
    "安福",
]
_TOWN_NAMES = [
    "王集",
    "新店",
    "大桥",
    "白沙",
    "柳河",
    "三河",
    "龙湾",
    "双桥",
    "马头",
    "旧县",
    "古城",
    "官庄",
    "桃园",
    "花园",
    "孙圩",
    "清水",
    "高庙",
    "石岗",
    "黄土",
    "沙河",
    "青龙",
    "李楼",
    "赵营",
    "杨集",
    "河口",
    "东岗",
    "西湖",
    "南庄",
    "北渡",
    "龙山",
    "凤凰",
    "金山",
    "塔桥",
    "土桥",
    "永安",
    "太平",
]
_VILLAGE_PLAIN = [
    "东风",
    "红旗",
    "前进",
    "胜利",
    "新华",
    "光明",
    "团结",
    "和平",
    "先锋",
    "永安",
    "长青",
    "大河",
    "小河",
    "南湖",
    "北岗",
    "石桥",
    "柳树",
    "杨柳",
    "青山",
    "新庄",
    "老庄",
    "河西",
    "河东",
    "岗头",
    "塘埂",
    "桥头",
    "新集",
    "大营",
    "小营",
    "中心",
    "四合",
    "五里",
    "八里",
    "双河",
    "白庙",
    "黄庄",
    "高楼",
]
_VILLAGE_CLAN_SUFFIX = ("庄", "家湾", "集", "楼", "营", "圩", "家岗", "店", "寨", "屯")
_COMMUNITIES = [
    "人民路",
    "城南",
    "城北",
    "新华",
    "幸福",
    "建设路",
    "解放路",
    "文化路",
    "中山",
    "滨河",
    "东关",
    "西关",
    "南关",
    "北关",
    "花园",
    "育才",
    "光明",
    "和平",
    "金城",
    "紫荆",
    "阳光",
    "振兴",
]
_SEAT_SHARE = 0.22


@dataclass(frozen=True, eq=False)
class Township:
    """A town or 乡, with its police station."""

    code: str
    name: str
    seat: bool
    station: Clerk
    true_dates: bool
    """Whether the station writes the day of a death or marriage rather than the day it was
    registered."""


@dataclass(frozen=True, eq=False)
class Village:
    """A village committee, or a residents' committee in the county seat."""

    index: int
    code: str
    name: str
    township: Township
    seat: bool
    remoteness: float
    coverage: float
    """How complete the village's ledger is, 0 to 1."""
    clerk: Clerk
    clans: tuple[str, ...]
    clan_share: float


@dataclass(frozen=True, eq=False)
class County:
    """The county: its code, names, townships and villages."""

    code: str
    name: str
    province: str
    townships: tuple[Township, ...]
    villages: tuple[Village, ...]
    seat_villages: tuple[Village, ...]
    """The county seat's residents' committees."""


def build_county(people: int, rng: random.Random, names: NameMaker) -> County:
    """A county sized for ``people``: about 22 % in the seat, villages of about 1,200."""
    prefix = rng.choice(list(_PROVINCES))
    code = f"{prefix}{rng.randint(2, 13):02d}{rng.randint(21, 28):02d}"
    name = rng.choice(_COUNTY_NAMES) + "县"
    n_seat = max(1, round(people * _SEAT_SHARE / 2500))
    n_rural = max(5, round(people * (1 - _SEAT_SHARE) / 1200))
    n_towns = max(1, round(n_rural / 14))
    town_names = rng.sample(_TOWN_NAMES, n_towns)
    townships = [_township(code, "100", "城关镇", True, rng)]
    for i, town_name in enumerate(town_names):
        is_xiang = rng.random() < 0.3
        number = f"{200 + i:03d}" if is_xiang else f"{101 + i:03d}"
        suffix = "乡" if is_xiang else "镇"
        townships.append(_township(code, number, town_name + suffix, False, rng))
    villages: list[Village] = []
    seat = townships[0]
    for i, community in enumerate(rng.sample(_COMMUNITIES, min(n_seat, len(_COMMUNITIES)))):
        villages.append(_village(len(villages), seat, f"{i + 1:03d}", community + "社区", rng, ()))
    rare_villages = rng.sample(range(n_rural), 2)  # clans of 解, 区… (n_rural is at least 5)
    used: set[str] = set()
    for i in range(n_rural):
        town = townships[1 + i % n_towns] if n_towns and i % 8 else seat
        clans = _clans(rng, names, rare=i in rare_villages)
        village_name = _village_name(rng, clans, used)
        number = f"{201 + sum(1 for v in villages if v.township is town and not v.seat):03d}"
        villages.append(_village(len(villages), town, number, village_name, rng, clans))
    seat_villages = tuple(v for v in villages if v.seat)
    return County(code, name, _PROVINCES[prefix], tuple(townships), tuple(villages), seat_villages)


def village_sizes(county: County, people: int, seed: int) -> list[int]:
    """How many of ``people`` live in each village (seat communities about twice as big)."""
    gen = np.random.default_rng(seed)
    weights = np.array(
        [2.1 if v.seat else 1.0 for v in county.villages], dtype=float
    ) * gen.lognormal(0.0, 0.35, len(county.villages))
    return [int(n) for n in gen.multinomial(people, weights / weights.sum())]


def _township(county: str, number: str, name: str, seat: bool, rng: random.Random) -> Township:
    return Township(
        county + number, name, seat, police_clerk(county + number, rng), rng.random() < 0.25
    )


def _village(
    index: int,
    town: Township,
    number: str,
    name: str,
    rng: random.Random,
    clans: tuple[str, ...],
) -> Village:
    seat = town.seat and not clans and name.endswith("社区")
    good = seat or rng.random() < 0.65
    coverage = rng.betavariate(8, 2) if good else rng.betavariate(2, 3)
    care = min(0.98, max(0.2, coverage + rng.gauss(0, 0.1)))
    code = town.code + number
    return Village(
        index=index,
        code=code,
        name=name,
        township=town,
        seat=seat,
        remoteness=0.0 if seat else rng.random(),
        coverage=coverage,
        clerk=ledger_clerk(code, care, rng),
        clans=clans,
        clan_share=rng.uniform(0.25, 0.6) if clans else 0.0,
    )


def _clans(rng: random.Random, names: NameMaker, rare: bool) -> tuple[str, ...]:
    if rare or rng.random() < 0.04:
        first = rng.choice(RARE_READING_SURNAMES)
    elif rng.random() < 0.75:
        first = names.surname()
    else:
        return ()
    second = names.surname() if rng.random() < 0.35 else ""
    return (first, second) if second and second != first else (first,)


def _village_name(rng: random.Random, clans: tuple[str, ...], used: set[str]) -> str:
    for _ in range(50):
        if clans and rng.random() < 0.6:
            name = clans[0] + rng.choice(_VILLAGE_CLAN_SUFFIX) + "村"
        else:
            name = rng.choice(_VILLAGE_PLAIN) + "村"
        if name not in used:
            break
    else:
        name = f"{name[:-1]}{chinese_number(len(used) % 10 + 1)}村"
    used.add(name)
    return name


def police_address(county: County, village: Village, group: int, house: int) -> str:
    """The full address in the household register."""
    town = village.township.name
    if village.seat:
        street = village.name.removesuffix("社区")
        return f"{county.province}{county.name}{town}{street}{house}号"
    return f"{county.province}{county.name}{town}{village.name}{group}组{house}号"


def ledger_address(village: Village, group: int, house: int, rng: random.Random) -> str:
    """The address as a village clerk writes it: often just the 组."""
    if village.seat:
        street = village.name.removesuffix("社区")
        return rng.choice((f"{street}{house}号", f"{street}{house}号院", f"{house}号"))
    short = village.name.removesuffix("村")
    return rng.choice(
        (
            f"{group}组",
            f"{chinese_number(group)}组",
            f"{village.name}{group}组",
            f"{short}{chinese_number(group)}组",
            f"{village.name}{group}组{house}号",
        )
    )


def residence_address(county: County, village: Village, group: int, house: int) -> str:
    """Where someone actually lives, as they tell a nurse."""
    if village.seat:
        street = village.name.removesuffix("社区")
        return f"{county.name}城关镇{street}{house}号"
    return f"{village.township.name}{village.name}{group}组"
