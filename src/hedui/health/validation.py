"""Reading a programme from TOML, refusing anything that could make a service an obligation.

Every problem is listed at once (as datasette validates its settings), each naming the key.

Content first: every text of the programme — code, names, descriptions, visit and field keys,
labels, options — is searched for the coercion lexicon (:mod:`hedui.health.lexicon`), so a
programme that checks IUDs and pregnancies, tracks contraception or the sex of a foetus, or
speaks of births outside a plan is refused however its keys are spelled; and nothing a visit
records (its name, its fields and their options) may be about whether someone is pregnant.

Then the keys. Three kinds are refused outright, whatever their value:

* anything that would make taking part or a visit **compulsory** (``compulsory``,
  ``mandatory``, ``obligatory``, ``required_participation``, ``enforce`` …): the person decides;
* anything that would list or pursue people who **did not enrol** or single out a population to
  cover (``list_non_participants``, ``target_all``, ``defaulters`` …): hedui only ever knows the
  people who asked for the service;
* penalties, fines and quotas (``penalty``, ``quota``, ``罚`` …).

The check works on the key's *spelling* with separators and case removed, full-width and
traditional forms folded (:func:`hedui.health.lexicon.normalise`), in English and Chinese, so
``Compulsory-Visit``, ``isMandatory``, ``强制`` and ``強制`` are all caught; an admin who
misspells a legitimate key gets the "unknown key" error instead, which lists the keys allowed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

from hedui.errors import ConfigurationError
from hedui.health.config import (
    FieldSpec,
    FieldType,
    OfferedTo,
    Programme,
    VisitKind,
    VisitSpec,
)
from hedui.health.lexicon import Subject, lexicon_hits, normalise

__all__ = ["forbidden_reason", "parse_programme", "parse_programme_text"]

_COMPULSION = (
    "compuls", "mandat", "obligat", "requir", "enforc", "forced", "must", "强制", "必须", "义务",
)  # fmt: skip
_NON_PARTICIPANTS = (
    "nonparticipa", "notparticipa", "nonenrol", "notenrol", "unenrol", "nonrespond", "refuser",
    "declined", "defaulter", "missing", "absent", "targetall", "allresidents", "population",
    "everyone", "listnon", "listnot", "未参加", "未登记", "未报名", "拒绝", "全体", "所有居民",
)  # fmt: skip
_SANCTION = ("penalt", "sanction", "fine", "quota", "punish", "罚", "指标", "处分")
_REASONS = (
    (
        _COMPULSION,
        "参加和每一次访视都是自愿的，不能设为强制",
        "taking part and every visit are voluntary; nothing can be made compulsory",
    ),
    (
        _NON_PARTICIPANTS,
        "hedui 只记录自愿参加的人，不产生未参加者名单，也不以全体居民为对象",
        "hedui knows only the people who asked for the service; it never lists or targets "
        "people who did not enrol",
    ),
    (
        _SANCTION,
        "卫生服务没有处罚、罚款或指标",
        "a health service has no penalties, fines or quotas",
    ),
)
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_PROGRAMME_KEYS = {
    "code", "name_zh", "name_en", "description_zh", "description_en", "offered_to",
    "referral_flag_days", "visits",
}  # fmt: skip
_OFFERED_KEYS = {"sex", "min_age", "max_age"}
_VISIT_KEYS = {
    "key", "name_zh", "name_en", "kind", "due_days", "overdue_after_days", "after",
    "only_if_positive", "fields",
}  # fmt: skip
_FIELD_KEYS = {"key", "label_zh", "label_en", "type", "options", "may_be_blank"}
_FREE_TEXT = {"name_zh", "name_en", "description_zh", "description_en", "label_zh", "label_en"}


def forbidden_reason(key: str) -> tuple[str, str] | None:
    """Why a key may not appear in a programme (Chinese, English), or ``None`` if it may.

    >>> forbidden_reason("List-Non-Participants")[1][:10]
    'hedui know'
    """
    for stems, zh, en in _REASONS:
        if _spells(key, stems):
            return zh, en
    return None


def _spells(text: str, stems: tuple[str, ...]) -> bool:
    """Whether ``text``, without case, spaces and separators, contains one of ``stems``."""
    spelled = normalise(text)[0]
    return any(stem in spelled for stem in stems)


def parse_programme_text(text: str, *, source: str) -> Programme:
    """Parse TOML text into a :class:`Programme`.

    Raises:
        ConfigurationError: the text is not TOML, or the programme is invalid or refused; every
            problem is listed in ``problems``, each naming ``source`` and the key.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(
            f"{source}：不是有效的 TOML（{error}） / {source} is not valid TOML: {error}"
        ) from None
    return parse_programme(data, source=source)


def parse_programme(data: Mapping[str, Any], *, source: str) -> Programme:
    """Validate a programme read from TOML; see :func:`parse_programme_text`."""
    problems: list[str] = []
    _refuse_forbidden(data, "", source, problems)
    if problems:
        raise _error(source, problems)
    reader = _Reader(source, problems)
    programme = reader.programme(data)
    if problems or programme is None:
        raise _error(source, problems)
    return programme


def _error(source: str, problems: list[str]) -> ConfigurationError:
    listed = "\n".join(f"- {p}" for p in problems)
    return ConfigurationError(
        f"项目配置 {source} 有 {len(problems)} 个问题 / programme {source} has "
        f"{len(problems)} problem(s):\n{listed}",
        problems=problems,
    )


_ANYWHERE = frozenset(Subject) - {Subject.PREGNANCY_STATUS}
"""Subjects refused in every text; pregnancy status only in what a visit records."""


def _refuse_forbidden(
    value: Any, path: str, source: str, problems: list[str], *, in_visits: bool = False
) -> None:
    """Walk every table and array, refusing forbidden keys (and compulsion spelled as a value)
    and every text that holds a word of the coercion lexicon."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            reason = forbidden_reason(str(key))
            if reason is None and isinstance(item, str) and key not in _FREE_TEXT:
                # A value cannot make anything compulsory either (kind = "mandatory").
                reason = _REASONS[0][1:] if _spells(item, _COMPULSION) else None
            if reason is not None:
                problems.append(
                    f"{source}：{where} 不允许——{reason[0]} / {where} is refused: {reason[1]}"
                )
            inside = in_visits or (not path and key == "visits")
            _refuse_forbidden(item, where, source, problems, in_visits=inside)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_forbidden(item, f"{path}[{index}]", source, problems, in_visits=in_visits)
    elif isinstance(value, str):
        for hit in lexicon_hits(value, None if in_visits else _ANYWHERE):
            problems.append(
                f"{source}：{path} 含有“{hit.term}”——{hit.reason_zh} / {path} contains "
                f"“{hit.term}”: {hit.reason_en}"
            )


class _Reader:
    """Reads the allowed keys, appending a problem for each bad one instead of stopping."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems

    def problem(self, where: str, zh: str, en: str) -> None:
        self.problems.append(f"{self.source}：{where} {zh} / {where}: {en}")

    def table(self, data: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            self.problem(where, "应为表", "must be a table")
            return {}
        for key in sorted(set(data) - allowed):
            self.problem(
                f"{where}.{key}" if where else key,
                f"是未知的键，可用：{', '.join(sorted(allowed))}",
                f"unknown key; allowed: {', '.join(sorted(allowed))}",
            )
        return data

    def text(self, data: Mapping[str, Any], key: str, where: str, *, blank: bool = False) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (not blank and not value.strip()):
            self.problem(f"{where}{key}", "应为非空文字", "must be non-empty text")
            return ""
        return value.strip()

    def number(self, data: Mapping[str, Any], key: str, where: str, default: int | None) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 36500:
            self.problem(
                f"{where}{key}", "应为 0 到 36500 的整数", "must be a whole number 0–36500"
            )
            return 0
        return value

    def programme(self, data: Mapping[str, Any]) -> Programme | None:
        data = self.table(data, "", _PROGRAMME_KEYS)
        code = self.text(data, "code", "")
        if code and not _CODE.match(code):
            self.problem(
                "code", "只能用小写字母、数字和下划线", "use lower-case letters, digits, _"
            )
        visits_data = data.get("visits")
        if not isinstance(visits_data, list) or not visits_data:
            self.problem("visits", "至少需要一次访视", "needs at least one [[visits]]")
            visits_data = []
        visits = tuple(self.visit(v, f"visits[{i}].") for i, v in enumerate(visits_data))
        self.check_schedule(visits)
        programme = Programme(
            code=code,
            name_zh=self.text(data, "name_zh", ""),
            name_en=self.text(data, "name_en", ""),
            description_zh=self.text(data, "description_zh", "", blank=True),
            description_en=self.text(data, "description_en", "", blank=True),
            offered_to=self.offered_to(data.get("offered_to")),
            referral_flag_days=self.number(data, "referral_flag_days", "", 14),
            visits=visits,
        )
        return None if self.problems else programme

    def offered_to(self, data: Any) -> OfferedTo:
        data = self.table(data, "offered_to", _OFFERED_KEYS)
        sex = data.get("sex", "any")
        if sex not in ("female", "male", "any"):
            self.problem("offered_to.sex", "应为 female、male 或 any", "must be female/male/any")
        low = self.number(data, "min_age", "offered_to.", 0)
        high = self.number(data, "max_age", "offered_to.", 120)
        if low > high:
            self.problem("offered_to.min_age", "大于 max_age", "is greater than max_age")
        return OfferedTo(sex=str(sex), min_age=low, max_age=high)

    def visit(self, data: Any, where: str) -> VisitSpec:
        data = self.table(data, where.rstrip("."), _VISIT_KEYS)
        kind = data.get("kind")
        if kind not in set(VisitKind):
            self.problem(f"{where}kind", f"应为 {', '.join(VisitKind)}", "unknown visit kind")
            kind = VisitKind.CONSULTATION
        fields_data = data.get("fields", [])
        if not isinstance(fields_data, list):
            self.problem(f"{where}fields", "应为 [[visits.fields]] 列表", "must be a list")
            fields_data = []
        fields = tuple(self.field(f, f"{where}fields[{i}].") for i, f in enumerate(fields_data))
        after = data.get("after")
        only_if_positive = data.get("only_if_positive", False)
        if not isinstance(only_if_positive, bool):
            self.problem(f"{where}only_if_positive", "应为 true 或 false", "must be true/false")
        return VisitSpec(
            key=self.text(data, "key", where),
            name_zh=self.text(data, "name_zh", where),
            name_en=self.text(data, "name_en", where),
            kind=VisitKind(kind),
            due_days=self.number(data, "due_days", where, 0),
            overdue_after_days=self.number(data, "overdue_after_days", where, 30),
            fields=fields,
            after=after if isinstance(after, str) else None,
            only_if_positive=bool(only_if_positive),
        )

    def field(self, data: Any, where: str) -> FieldSpec:
        data = self.table(data, where.rstrip("."), _FIELD_KEYS)
        kind = data.get("type")
        if kind not in set(FieldType):
            self.problem(f"{where}type", f"应为 {', '.join(FieldType)}", "unknown field type")
            kind = FieldType.TEXT
        options = data.get("options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            self.problem(f"{where}options", "应为文字列表", "must be a list of text")
            options = []
        if kind == FieldType.CHOICE and not options:
            self.problem(f"{where}options", "选择题需要选项", "a choice field needs options")
        return FieldSpec(
            key=self.text(data, "key", where),
            label_zh=self.text(data, "label_zh", where),
            label_en=self.text(data, "label_en", where),
            type=FieldType(kind),
            options=tuple(options),
            may_be_blank=data.get("may_be_blank", False) is True,
        )

    def check_schedule(self, visits: tuple[VisitSpec, ...]) -> None:
        seen: set[str] = set()
        for index, visit in enumerate(visits):
            where = f"visits[{index}]."
            if visit.key in seen:
                self.problem(f"{where}key", f"重复：{visit.key}", f"duplicate key {visit.key}")
            if visit.after is not None and visit.after not in seen:
                self.problem(
                    f"{where}after", "应为列在前面的访视的 key", "must name an earlier visit's key"
                )
            if visit.only_if_positive:
                earlier = next((v for v in visits[:index] if v.key == visit.after), None)
                if earlier is None or earlier.result_field is None:
                    self.problem(
                        f"{where}only_if_positive",
                        "需要 after 指向一个有 result 字段的访视",
                        "needs `after` to name a visit with a result field",
                    )
            keys = [f.key for f in visit.fields]
            if len(keys) != len(set(keys)):
                self.problem(f"{where}fields", "字段 key 重复", "field keys repeat")
            seen.add(visit.key)
