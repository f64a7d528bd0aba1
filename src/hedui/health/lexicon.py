"""The coercion lexicon: words no health programme of hedui's may contain, in Chinese and English.

hedui serves voluntary health services. It is never a tool of birth-control enforcement, so a
programme an admin writes is read for its *content*, not only for its key names: a programme
called 查环查孕 with a field 孕情（计划外怀孕） and an option 未落实 uses nothing but allowed
keys, and it is exactly what hedui must never run. :func:`lexicon_hits` finds the words of four
subjects in any text of a programme:

* **enforcement** — the vocabulary of the old birth-control campaigns: checks of IUDs and
  pregnancies (查环, 查孕, 孕检, 孕情), procedures done to people (上环, 放环, 结扎, 补救措施),
  births "outside the plan" (计划外, 超生, 未落实), quotas, permits, fines (社会抚养费, 罚款);
* **contraception** — any method or status of contraception (避孕, 节育, IUD): hedui never keeps
  a record of a person's contraception, consent or not;
* **foetal sex** — determining or recording the sex of a foetus (胎儿性别, 性别鉴定);
* **pregnancy status** — whether someone is pregnant (怀孕, 妊娠, 孕周). This subject is refused in
  what a visit records (its name and its fields), not in a description: the shipped
  birth-defect programme rightly says it offers folic acid "before and in early pregnancy".

Text is compared after normalising it the way a person could vary it: Unicode NFKC (full-width
ＩＵＤ is IUD), traditional characters made simplified (查環 is 查环, through
:func:`hedui.identity.variants.to_simplified`), invisible format characters dropped, and, for
Chinese, every space and punctuation mark removed (查 环, 查·环). English terms match whole words
(``fine``, not ``define``); a term of several words also matches written together
(``pregnancyCheck``, ``iud_check``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from hedui.identity.variants import to_simplified

__all__ = ["LEXICON", "LexiconHit", "Subject", "lexicon_hits", "normalise"]


class Subject(StrEnum):
    """What a lexicon word is about, which decides where it is refused and why."""

    ENFORCEMENT = "enforcement"
    CONTRACEPTION = "contraception"
    FOETAL_SEX = "foetal_sex"
    PREGNANCY_STATUS = "pregnancy_status"


@dataclass(frozen=True)
class _Words:
    subject: Subject
    chinese: tuple[str, ...]
    english: tuple[str, ...]
    """Regular expressions over lower-case words separated by single spaces."""
    reason_zh: str
    reason_en: str


_ENFORCEMENT_ZH = (
    "查环", "查孕", "孕检", "孕情", "三查", "四术", "上环", "放环", "取环", "带环", "结扎",
    "绝育", "补救措施", "引产", "计划外", "计划生育", "计生办", "计生专干", "政策外", "超生",
    "违法生育", "未落实", "落实措施", "社会抚养费", "超生费", "罚", "生育指标", "生育证",
    "准生证",
)  # fmt: skip
_ENFORCEMENT_EN = (
    r"iud checks?", r"ring checks?", r"pregnancy (?:checks?|tests?|status)",
    r"unplanned pregnanc(?:y|ies)", r"out of plan", r"outside the plan", r"family planning",
    r"birth (?:quotas?|permits?|targets?)", r"excess births?", r"over quota",
    r"(?:social )?(?:maintenance|compensation) fees?", r"fines?", r"fined",
    r"penalt(?:y|ies)", r"sterili[sz]ations?", r"tubal ligations?", r"vasectom(?:y|ies)",
    r"remedial measures?",
)  # fmt: skip
_CONTRACEPTION_ZH = ("避孕", "节育", "宫内节育器", "皮下埋植")
_CONTRACEPTION_EN = (
    r"contracept\w*", r"iuds?", r"intrauterine (?:devices?|systems?)", r"birth control",
)  # fmt: skip
_FOETAL_SEX_ZH = (
    "胎儿性别", "性别鉴定", "鉴定性别", "鉴定胎儿", "性别选择", "选择性别", "男胎", "女胎",
)  # fmt: skip
_FOETAL_SEX_EN = (
    r"f(?:o)?etal sex", r"f(?:o)?etal gender", r"sex of the f(?:o)?etus",
    r"sex (?:determination|selection)", r"gender (?:determination|selection)",
)  # fmt: skip
_PREGNANCY_ZH = ("怀孕", "妊娠", "孕周", "孕期", "早孕", "有孕", "停经", "末次月经")
_PREGNANCY_EN = (r"pregnan\w*", r"gestation\w*", r"last menstrual", r"lmp")

LEXICON: tuple[_Words, ...] = (
    _Words(
        Subject.ENFORCEMENT,
        _ENFORCEMENT_ZH,
        _ENFORCEMENT_EN,
        "这是计划生育执法的用语；hedui 不做查环查孕、孕情监控、生育指标、罚款或针对家庭的名单",
        "this is the vocabulary of birth-control enforcement; hedui never checks IUDs or "
        "pregnancies, monitors births against a plan, enforces quotas or fines anyone",
    ),
    _Words(
        Subject.CONTRACEPTION,
        _CONTRACEPTION_ZH,
        _CONTRACEPTION_EN,
        "hedui 从不记录任何人的避孕方式或避孕情况，无论本人是否同意",
        "hedui never keeps a record of anyone's contraceptive method or status, consent or not",
    ),
    _Words(
        Subject.FOETAL_SEX,
        _FOETAL_SEX_ZH,
        _FOETAL_SEX_EN,
        "胎儿性别不得鉴定，也不得记录",
        "the sex of a foetus is never determined or recorded",
    ),
    _Words(
        Subject.PREGNANCY_STATUS,
        _PREGNANCY_ZH,
        _PREGNANCY_EN,
        "访视和字段不得记录是否怀孕（孕情）",
        "no visit or field may record whether someone is pregnant",
    ),
)
"""Every subject with its words and why it is refused (Chinese, English)."""


@dataclass(frozen=True)
class LexiconHit:
    """A lexicon word found in a text."""

    subject: Subject
    term: str
    reason_zh: str
    reason_en: str


def normalise(text: str) -> tuple[str, str]:
    """The two forms text is searched in: Chinese (letters and digits only, simplified, lower
    case) and English (lower-case words separated by single spaces).

    >>> normalise("查　環 ＩＵＤ-Check")
    ('查环iudcheck', '查 环 iud check')
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = to_simplified(text).lower()
    words = re.sub(r"[\W_]+", " ", text).strip()
    # camelCase keys (pregnancyStatus) are lower-cased above, so they stay one word.
    joined = "".join(c for c in text if unicodedata.category(c)[0] in "LN")
    return joined, words


def _compile(words: _Words) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    spaced = re.compile(r"\b(?:" + "|".join(words.english) + r")\b")
    several = [term.replace(" ", "") for term in words.english if " " in term]
    joined = re.compile("|".join(several)) if several else None
    return spaced, joined


_PATTERNS = {words.subject: _compile(words) for words in LEXICON}


def lexicon_hits(text: str, subjects: frozenset[Subject] | None = None) -> list[LexiconHit]:
    """The lexicon's words found in ``text``, one hit per subject (the first word found).

    Args:
        text: any text of a programme — a name, label, option, description, key or code.
        subjects: only these subjects (default: all four).
    """
    joined, words = normalise(text)
    hits = []
    for entry in LEXICON:
        if subjects is not None and entry.subject not in subjects:
            continue
        term = next((t for t in entry.chinese if t in joined), None)
        if term is None:
            spaced, together = _PATTERNS[entry.subject]
            found = spaced.search(words) or (together.search(joined) if together else None)
            term = found.group(0) if found else None
        if term is not None:
            hits.append(LexiconHit(entry.subject, term, entry.reason_zh, entry.reason_en))
    return hits
