"""What a character sounds like, and what a clerk may type for it by ear.

A clerk typing a name with a pinyin input method picks the first character the IME offers for
the sound, which is the commonest one: 丽 (li) becomes 力 or 立. A clerk from a dialect area
hears zh as z, -ng as -n, n as l, h as w or f: 陈 (chen) becomes 程 (cheng), 黄 (huang) 王 (wang).
The candidates are drawn from a pool of common characters in order of frequency, then from the
name characters and surnames.
"""

from __future__ import annotations

from functools import cache

from bench.independent.names import _PARTS, SURNAMES
from pypinyin import Style, pinyin

# About 700 of the commonest characters, most frequent first (the IME's first candidates).
_COMMON = (
    "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学"
    "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头"
    "面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向"
    "情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信"
    "北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难"
    "神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物"
    "台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指"
    "思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步"
    "完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双"
    "历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞"
    "观争究包组造落视济喜离虽坏兴切证医杨军朝刚春秋冬夏梅兰竹菊松柏桂玉珍秀英芳丽娟敏静燕艳霞玲"
    "伟勇磊涛斌辉超波峰杰亮鹏浩宇轩豪泽辰睿熙阳航铭川霖涵怡萱彤桐妍诺瑶晴汐馨琪雪婷娜丹倩颖晶慧"
    "欣悦佳琳思梦诗美凤翠淑素琴芬荣祥顺福贵富寿康宁健永忠全有才田和发胜利平安礼智仁善良吉庆喜"
    "云雨露霜星辰旭晨曦光亮彩虹波浪涛洋湖河泉溪江汉淮洪泰岳峰岭岩石磊森林树木枝叶根苗禾稻麦豆"
    "粮食米面油盐茶酒烟糖果瓜菜肉鱼鸡鸭鹅牛羊猪狗猫虎龙凤鹤鹰燕雀莺鹂蝶蜂"
    "力立里理利例历丽励莉厉黎离礼李栗粒"
    "维卫威微围尾委味伟位为未韦魏薇唯惟"
    "静敬境镜景京晶经精井警竞径净"
    "芳方房放防访纺仿坊"
    "军君均俊骏峻郡菌钧"
    "华花化话画划滑桦"
    "明名鸣铭命冥茗"
    "红洪宏鸿虹弘泓"
    "志智治质致制至置"
    "章彰掌丈皇煌凰晃蓝篮澜览州洲舟粥欧鸥谢泄卸善扇山衫葛格秦琴勤苗描妙邵绍云运韵"
    "吴午武舞胡湖虎户程成城承诚沈深审婶孙森损笋赵照召兆罩钱前潜浅徐许续序旭"
)


@cache
def reading(char: str) -> str:
    """The toneless pinyin of a character's commonest reading, or "" for a non-Han character."""
    found = pinyin(char, style=Style.NORMAL, heteronym=False, errors="ignore")
    return found[0][0] if found and found[0] else ""


def _pool() -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for char in _COMMON:
        seen.setdefault(char, None)
    for first, second in _PARTS.values():
        for char in first + second:
            seen.setdefault(char, None)
    for surname in SURNAMES:
        if len(surname) == 1:
            seen.setdefault(surname, None)
    return tuple(seen)


@cache
def _by_reading() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for char in _pool():
        sound = reading(char)
        if sound:
            table.setdefault(sound, []).append(char)
    return {sound: tuple(chars) for sound, chars in table.items()}


@cache
def homophones(char: str) -> tuple[str, ...]:
    """Common characters of the same sound (tone ignored), commonest first."""
    sound = reading(char)
    return tuple(c for c in _by_reading().get(sound, ()) if c != char)


# h/w and f/h are both heard for the same syllables in many southern dialects.
_H_W = {
    "hu": "wu", "hua": "wa", "huai": "wai", "huan": "wan", "huang": "wang", "hui": "wei",
    "hun": "wen", "huo": "wo", "fu": "hu", "fa": "hua", "fan": "huan", "fang": "huang",
    "fei": "hui", "feng": "hong",
}  # fmt: skip
_H_W_BACK = {b: a for a, b in _H_W.items() if not a.startswith("f")}


def dialect_sounds(sound: str) -> tuple[str, ...]:
    """Syllables a dialect speaker confuses with ``sound``: zh/z, ch/c, sh/s, -n/-ng, n/l, h/w."""
    out: list[str] = []
    for retroflex, flat in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if sound.startswith(retroflex):
            out.append(flat + sound[2:])
        elif sound.startswith(flat):
            out.append(retroflex + sound[1:])
    if sound.endswith("ng"):
        out.append(sound[:-1])
    elif sound.endswith("n"):
        out.append(sound + "g")
    if sound.startswith("n") and not sound.startswith("ng"):
        out.append("l" + sound[1:])
    elif sound.startswith("l"):
        out.append("n" + sound[1:])
    for table in (_H_W, _H_W_BACK):
        if sound in table:
            out.append(table[sound])
    return tuple(out)


@cache
def dialect_variants(char: str) -> tuple[str, ...]:
    """Common characters a dialect speaker would write for ``char``, commonest first."""
    table = _by_reading()
    found: list[str] = []
    for sound in dialect_sounds(reading(char)):
        found.extend(c for c in table.get(sound, ()) if c != char and c not in found)
    return tuple(found)
