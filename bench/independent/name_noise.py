"""How a clerk gets a name wrong: by ear, by eye, by input method, by the script in use.

Every function takes a name as ``(surname, given)`` and returns the miswritten pair, or
``None`` when that mistake cannot happen to this name (so the same function is its own
eligibility test).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from bench.independent.names import RARE_TO_COMMON
from bench.independent.sounds import dialect_variants, homophones

Name = tuple[str, str]
NameNoise = Callable[[Name, random.Random], Name | None]

LOOKALIKES = {
    "侯": "候", "候": "侯", "季": "李", "李": "季", "王": "玉", "玉": "王", "杨": "扬", "扬": "杨",
    "梁": "粱", "辛": "幸", "幸": "辛", "玲": "铃", "晴": "睛", "娟": "涓", "己": "已", "未": "末",
    "末": "未", "土": "士", "田": "由", "天": "夭", "干": "千", "冶": "治", "汩": "汨", "戌": "戍",
    "宫": "官", "刁": "刀", "贝": "见", "崇": "祟", "茶": "荼", "徽": "微", "祝": "视",
    "兵": "乒", "钧": "钩", "瑛": "英", "琪": "淇", "萍": "苹", "怡": "恰", "凤": "风",
}  # fmt: skip
"""Characters misread from handwriting (侯/候, 季/李)."""

TRADITIONAL = {
    "张": "張", "陈": "陳", "刘": "劉", "杨": "楊", "黄": "黃", "赵": "趙", "吴": "吳", "孙": "孫",
    "马": "馬", "罗": "羅", "郑": "鄭", "谢": "謝", "韩": "韓", "冯": "馮", "邓": "鄧", "许": "許",
    "叶": "葉", "苏": "蘇", "卢": "盧", "蒋": "蔣", "陆": "陸", "钟": "鍾", "国": "國", "华": "華",
    "伟": "偉", "丽": "麗", "红": "紅", "军": "軍", "强": "強", "东": "東", "兰": "蘭", "凤": "鳳",
    "云": "雲", "龙": "龍", "飞": "飛", "鹏": "鵬", "宝": "寶", "贵": "貴", "荣": "榮", "庆": "慶",
    "义": "義", "礼": "禮", "凯": "凱", "涛": "濤", "杰": "傑", "静": "靜", "艳": "艷", "兴": "興",
    "发": "發", "刚": "剛", "宁": "寧", "辉": "輝", "晓": "曉", "颖": "穎", "轩": "軒", "铭": "銘",
    "泽": "澤", "锦": "錦", "瑶": "瑤", "诗": "詩", "语": "語", "汉": "漢", "长": "長", "广": "廣",
    "齐": "齊", "顺": "順", "梦": "夢", "丰": "豐", "卫": "衛", "萧": "蕭", "欢": "歡", "乐": "樂",
    "书": "書", "岭": "嶺", "闫": "閆",
}  # fmt: skip
"""Simplified characters and the traditional forms an older clerk or a Taiwanese IME writes."""

RARE_READINGS = {
    "解": "谢", "区": "欧", "单": "善", "仇": "裘", "盖": "葛", "覃": "秦", "缪": "苗", "召": "邵",
    "员": "云",
}  # fmt: skip
"""Surnames with an unusual reading, and the common surname a clerk hears (解 xiè → 谢)."""


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    """The IME's first candidates are the likeliest picks."""
    top = options[:5]
    return rng.choices(top, weights=[5, 3, 2, 1, 1][: len(top)])[0]


def _replace_one(
    name: Name, rng: random.Random, options: Callable[[str], tuple[str, ...]], surname_too: bool
) -> Name | None:
    surname, given = name
    places = [i for i, char in enumerate(given) if options(char)]
    if (
        surname_too
        and len(surname) == 1
        and options(surname)
        and (not places or rng.random() < 0.2)
    ):
        return _pick(rng, options(surname)), given
    if not places:
        return None
    i = rng.choice(places)
    return surname, given[:i] + _pick(rng, options(given[i])) + given[i + 1 :]


def homophone(name: Name, rng: random.Random) -> Name | None:
    """An IME picked the wrong character of the same sound (丽 → 力)."""
    return _replace_one(name, rng, homophones, surname_too=True)


def dialect(name: Name, rng: random.Random) -> Name | None:
    """A clerk heard the sound through a dialect (陈 chen → 程 cheng, 黄 → 王, 兰 → 南)."""
    return _replace_one(name, rng, dialect_variants, surname_too=True)


def _lookalikes(char: str) -> tuple[str, ...]:
    found = LOOKALIKES.get(char)
    return (found,) if found else ()


def lookalike(name: Name, rng: random.Random) -> Name | None:
    """A handwritten character read as its look-alike (侯 → 候, 季 → 李)."""
    return _replace_one(name, rng, _lookalikes, surname_too=True)


def traditional(name: Name, rng: random.Random) -> Name | None:
    """Written in traditional characters (张伟 → 張偉)."""
    surname, given = name
    new_surname = "".join(TRADITIONAL.get(c, c) for c in surname)
    new_given = "".join(TRADITIONAL.get(c, c) for c in given)
    if (new_surname, new_given) == name:
        return None
    return new_surname, new_given


def rare_to_common(name: Name, rng: random.Random) -> Name | None:
    """A rare character the system cannot type replaced by a common one (喆 → 哲)."""
    surname, given = name
    if not any(c in RARE_TO_COMMON for c in given):
        return None
    return surname, "".join(RARE_TO_COMMON.get(c, c) for c in given)


def rare_reading(name: Name, rng: random.Random) -> Name | None:
    """A surname with a rare reading written as the common surname it sounds like (解 → 谢)."""
    surname, given = name
    heard = RARE_READINGS.get(surname)
    return (heard, given) if heard else None


def space_padding(name: Name, rng: random.Random) -> Name | None:
    """A two-character name padded to the width of three (张　丽), as forms line names up."""
    surname, given = name
    if len(surname) + len(given) != 2:
        return None
    return surname, rng.choice(("\u3000", " ", "  ")) + given
