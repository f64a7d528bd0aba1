"""Chinese names as they are given: surnames by frequency, given names by era and sex.

Names follow fashions: a woman born in 1940 is 秀英 or 桂兰, one born in 1975 丽 or 海燕,
one born in 2020 梓涵 or 一诺. One-character given names were common from the 1960s to the
1990s, which makes 王伟 and 张丽 the country's most shared names. Parents now like rare
characters (喆, 玥) that older systems cannot type.
"""

from __future__ import annotations

import random
from itertools import accumulate

# Surname and weight (per cent of the population, roughly the national figures).
_SURNAMES = """
王 7.1 李 7.0 张 6.8 刘 5.4 陈 4.5 杨 3.1 黄 2.2 赵 2.2 吴 2.0 周 1.9 徐 1.6 孙 1.5 马 1.4
朱 1.3 胡 1.3 郭 1.2 何 1.2 高 1.1 林 1.1 罗 0.9 郑 0.9 梁 0.9 谢 0.8 宋 0.8 唐 0.7 许 0.7
韩 0.7 冯 0.7 邓 0.7 曹 0.7 彭 0.6 曾 0.6 肖 0.6 田 0.6 董 0.5 袁 0.5 潘 0.5 于 0.5 蒋 0.5
蔡 0.5 余 0.5 杜 0.5 叶 0.5 程 0.5 苏 0.4 魏 0.4 吕 0.4 丁 0.4 任 0.4 沈 0.4 姚 0.4 卢 0.4
姜 0.4 崔 0.4 钟 0.4 谭 0.3 陆 0.3 汪 0.3 范 0.3 金 0.3 石 0.3 廖 0.3 贾 0.3 夏 0.3 韦 0.3
付 0.3 方 0.3 白 0.3 邹 0.3 孟 0.3 熊 0.3 秦 0.3 邱 0.3 江 0.3 尹 0.3 薛 0.2 闫 0.2 段 0.2
雷 0.2 侯 0.2 龙 0.2 史 0.2 陶 0.2 黎 0.2 贺 0.2 顾 0.2 毛 0.2 郝 0.2 龚 0.2 邵 0.2 万 0.2
钱 0.2 严 0.2 武 0.2 戴 0.2 覃 0.1 莫 0.1 孔 0.1 向 0.1 汤 0.1 倪 0.1 岑 0.05 季 0.05 单 0.05
解 0.04 仇 0.03 缪 0.03 盖 0.02 区 0.02 召 0.01 员 0.01 欧阳 0.05 司马 0.01 诸葛 0.01 上官 0.01
"""

SURNAMES: tuple[str, ...] = tuple(_SURNAMES.split()[0::2])
SURNAME_WEIGHTS: tuple[float, ...] = tuple(float(w) for w in _SURNAMES.split()[1::2])
_SURNAME_CUM = tuple(accumulate(SURNAME_WEIGHTS))

RARE_READING_SURNAMES = ("解", "区", "单", "仇", "盖", "覃", "缪", "召", "员")
"""Surnames read differently from the character's usual sound (解 is xiè, 区 is ōu)."""

# Whole given names by era and sex (1 male, 2 female): each generation's fashionable names.
_WHOLE = {
    (
        "old",
        1,
    ): "建国 国强 建华 国华 德明 志明 振华 福生 长林 树林 广才 金生 永福 国庆 解放 建军 文华",
    (
        "old",
        2,
    ): "秀英 桂英 秀兰 玉兰 桂兰 凤英 秀珍 玉珍 淑珍 玉英 秀云 桂珍 凤兰 翠花 金花 素珍 兰英",
    ("mid", 1): "伟 强 军 勇 磊 涛 斌 刚 辉 明 超 波 志强 建军 海涛 晓东 建平 卫东 红军 小军 俊 杰",
    ("mid", 2): "丽 芳 娟 敏 静 燕 艳 红 霞 玲 丽华 海燕 红梅 春梅 丽娟 小红 秀梅 雪梅 晓燕 丽萍",
    (
        "young",
        1,
    ): "浩 鑫 宇 杰 磊 鹏 帅 超 凯 俊杰 浩然 子豪 宇航 家豪 明轩 博文 文博 志豪 晨 阳 伟",
    ("young", 2): "婷 娜 静 丹 雪 倩 颖 婷婷 佳 琳 欣 悦 晶 慧 思雨 雨欣 佳怡 丽 芳",
    (
        "new",
        1,
    ): "子轩 浩宇 宇轩 梓豪 一鸣 子墨 睿 泽宇 浩然 宇航 俊熙 沐阳 皓轩 梓睿 奕辰 铭泽 子涵",
    (
        "new",
        2,
    ): "梓涵 欣怡 子涵 一诺 诗涵 雨桐 可馨 梓萱 思涵 语桐 紫涵 佳怡 若汐 依诺 芷若 欣妍 沐晴",
}
_WHOLE_NAMES = {key: tuple(names.split()) for key, names in _WHOLE.items()}
# Characters from which other given names are made: (first characters, second characters).
_PARTS = {
    ("old", 1): ("德福贵富春长金玉树永文广国建振忠全有", "明华林生才山福贵成海发田和顺祥荣胜"),
    ("old", 2): ("秀桂玉凤淑素翠兰金春月", "英兰珍芳云华梅花琴芬凤香荣"),
    ("mid", 1): ("建志国海晓小卫红永立学文伟春", "军华平东强明伟林勇刚波峰杰斌"),
    ("mid", 2): ("丽海红春秀晓小雪美玉艳桂", "华燕梅英萍娟芳红霞玲丽琴"),
    ("young", 1): ("浩家俊子志宇文嘉明天佳鹏", "杰豪轩宇航文博涛然鑫阳凯"),
    ("young", 2): ("思雨佳婷欣晓梦诗雪美丹", "雨欣怡婷琪颖洁倩璐瑶琳"),
    ("new", 1): ("子梓浩宇俊一奕沐泽皓铭睿锦", "轩豪宇泽辰睿熙阳航铭川霖"),
    ("new", 2): ("梓欣诗雨可语若依芷紫思一", "涵怡萱彤桐妍诺瑶晴汐馨琪"),
}
# Share of given names that are a single character, by era.
_SINGLE = {"old": 0.15, "mid": 0.45, "young": 0.3, "new": 0.08}

RARE_TO_COMMON = {
    "喆": "哲", "堃": "坤", "犇": "奔", "玥": "月", "珺": "君", "琍": "莉", "瑨": "晋", "赟": "云",
    "昇": "升", "祎": "依", "頔": "迪", "琇": "秀", "晧": "浩", "翀": "冲", "旻": "敏", "垚": "尧",
    "淼": "苗", "燚": "义", "骉": "彪",
}  # fmt: skip
"""Rare name characters and the common character of the same sound a clerk types instead."""
_RARE_MALE = "喆堃犇瑨赟昇晧翀垚燚骉旻"
_RARE_FEMALE = "玥珺琍祎頔琇淼旻"

_MILK = {
    1: "乐乐 豆豆 壮壮 虎子 小宝 毛毛 牛牛 阳阳 天天 果果 石头 小胖 东东 宝宝",
    2: "乐乐 豆豆 妞妞 甜甜 丫丫 朵朵 欢欢 贝贝 囡囡 小美 萌萌 宝宝 糖糖 晶晶",
}
_TWIN_PAIRS = {
    1: (("子豪", "子杰"), ("浩宇", "浩轩"), ("俊熙", "俊辰"), ("一鸣", "一凡"), ("文博", "文涛")),
    2: (("欣怡", "欣悦"), ("梓涵", "梓萱"), ("佳怡", "佳琪"), ("思雨", "思琪"), ("诗涵", "诗琪")),
}


def era(birth_year: int) -> str:
    """The naming generation of a birth year."""
    if birth_year < 1960:
        return "old"
    if birth_year < 1985:
        return "mid"
    if birth_year < 2005:
        return "young"
    return "new"


class NameMaker:
    """Draws surnames and given names; every draw comes from the one ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def surname(self) -> str:
        """A surname by national frequency."""
        return self._rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]

    def given(
        self, sex: int, birth_year: int, generation: str = "", rare_share: float = 0.0
    ) -> str:
        """A given name of the person's generation.

        Args:
            sex: 1 male, 2 female.
            birth_year: Decides the fashion.
            generation: A generation character (字辈) that siblings share as first character.
            rare_share: Chance that one character is a rare one (生僻字).
        """
        rng = self._rng
        key = (era(birth_year), sex)
        if generation:
            name = generation + rng.choice(_PARTS[key][1])
        elif rng.random() < 0.4:
            name = rng.choice(_WHOLE_NAMES[key])
        elif rng.random() < _SINGLE[key[0]]:
            name = rng.choice(_PARTS[key][1])
        else:
            first, second = _PARTS[key]
            name = rng.choice(first) + rng.choice(second)
            while name[0] == name[1] and rng.random() < 0.7:
                name = rng.choice(first) + rng.choice(second)
        if rare_share and rng.random() < rare_share:
            rare = rng.choice(_RARE_MALE if sex == 1 else _RARE_FEMALE)
            name = name[:-1] + rare if len(name) > 1 else rare
        return name

    def generation_character(self, sex: int, birth_year: int) -> str:
        """A character siblings of one family share."""
        return self._rng.choice(_PARTS[(era(birth_year), sex)][0])

    def milk_name(self, sex: int) -> str:
        """A baby's pet name (乳名)."""
        return self._rng.choice(_MILK[sex].split())

    def twin_givens(self, sexes: tuple[int, int], birth_year: int) -> tuple[str, str]:
        """Two different given names for twins, often a pair sharing one character."""
        rng = self._rng
        if sexes[0] == sexes[1] and rng.random() < 0.6:
            pair = rng.choice(_TWIN_PAIRS[sexes[0]])
            return pair if rng.random() < 0.5 else (pair[1], pair[0])
        first = self.given(sexes[0], birth_year)
        second = self.given(sexes[1], birth_year)
        while second == first:
            second = self.given(sexes[1], birth_year)
        return first, second
