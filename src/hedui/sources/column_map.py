"""Which header in a file holds which canonical column: guessing it, and applying a mapping.

Clerks export ledgers with the headers their system or their predecessor chose: 公民身份号码 or
身份证号码, 现住址 or 村/居委会. :func:`guess_column_map` recognises the common ones so that the
web import page and ``hedui validate`` can propose a mapping; :func:`resolve_columns` applies a
mapping and refuses, with every missing column named at once, a file that still lacks one.

Two headers are deliberately *not* guessed:

* 序号 (row number) is not a record ID. It is the row's position in this export and is renumbered
  whenever the ledger is sorted or a row deleted, so two months' exports would link the wrong
  people by it. Map it explicitly (``--column record_id=序号``) only when nothing better exists.
* 户主姓名 (head of household) names a different person from the one the row is about.

A column the file does not have is *declared absent* by mapping it to :data:`ABSENT` (``-``;
``--column id_number=-`` on the command line, "本文件没有此列" on the web form). A declared
column is filled with nulls, even a required one, and the reader's row rules then decide: a
hospital birth list without the child's ID number passes (a newborn has none yet), one without
record numbers has every row quarantined. :func:`unmatched_headers` lists the file's headers
that no column was read from, each with the canonical column it most resembles, so that a
``mother_id`` header is reported rather than silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from hedui.errors import InvalidInputError, MissingColumnsError
from hedui.sources.schema import CANONICAL_COLUMNS, REQUIRED_COLUMNS

__all__ = [
    "ABSENT",
    "CONSTANT",
    "UnmatchedHeader",
    "constant_values",
    "guess_column_map",
    "header_key",
    "resolve_columns",
    "suggest_column",
    "unmatched_headers",
]

ABSENT = "-"
"""The mapping value that declares a canonical column absent from the file (filled with nulls)."""

CONSTANT = "="
"""The prefix of a mapping value that gives a column one value for every row instead of a
header: ``{"event": "=birth"}`` (``--column event==出生``) for a hospital's birth list, which has
no event column because every row is a birth."""

# Aliases in priority order: the first one present in the file wins. The canonical name itself
# always comes first, so a file already in the canonical schema is never re-guessed.
_ALIASES: dict[str, tuple[str, ...]] = {
    "source": ("来源", "数据来源", "来源系统"),
    "record_id": ("记录号", "记录编号", "记录id", "编号", "登记号", "登记编号", "档案号", "id"),
    "event": ("事件", "事件类型", "变动类型", "类型"),
    "event_date": ("事件日期", "发生日期", "变动日期", "登记日期", "签发日期", "死亡日期"),
    "name": ("姓名", "名字", "人员姓名", "新生儿姓名", "婴儿姓名", "死者姓名"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "本人身份证号"),
    "sex": ("性别", "新生儿性别", "婴儿性别"),
    "birth_date": ("出生日期", "出生年月日", "出生年月", "出生时间", "生日"),
    "mother_name": ("母亲姓名", "母亲", "母亲名字", "产妇姓名"),
    "mother_id_number": (
        "母亲身份证号",
        "母亲身份证号码",
        "母亲公民身份号码",
        "母亲证件号码",
        "产妇身份证号",
    ),
    "address_code": (
        "住址编码",
        "地址编码",
        "地址代码",
        "区划代码",
        "统计用区划代码",
        "行政区划代码",
        "村代码",
        "村编码",
    ),
    "address": (
        "住址",
        "地址",
        "现住址",
        "家庭住址",
        "居住地址",
        "户籍地址",
        "村/居委会",
        "村居委会",
    ),
    # Written by hedui (the ledger export); a clerk's 出生年月 is a birth_date, read partially.
    "birth_date_partial": (),
}

# Example headers for the "map them with --column ..." hint in MissingColumnsError.
_EXAMPLE_HEADERS = {
    "record_id": "编号",
    "event": "事件类型",
    "event_date": "登记日期",
    "name": "姓名",
    "id_number": "公民身份号码",
    "sex": "性别",
    "birth_date": "出生日期",
}

_NOTE = re.compile(r"\(.*?\)$")  # a trailing note such as （必填） or (18位), after NFKC
_IGNORED = re.compile(r"[\s_\-*:]")


def header_key(header: str) -> str:
    """The form in which headers are compared: NFKC, lower case, no spaces, ``_``, ``-``, ``*``,
    ``:`` or trailing parenthesised note, so ``"身份证号（18位）*"`` matches ``身份证号`` and
    ``"Record ID"`` matches ``record_id``."""
    text = unicodedata.normalize("NFKC", header).strip().lower()
    text = _IGNORED.sub("", text)
    return _NOTE.sub("", text)


def guess_column_map(headers: Sequence[str]) -> dict[str, str]:
    """Propose which header holds which canonical column.

    Args:
        headers: The file's headers, as written.

    Returns:
        Canonical name → header, for every canonical column a header was recognised for. Each
        header is used at most once, so a lone 出生日期 becomes ``birth_date``, not also
        ``event_date``; for a hospital birth export map ``event_date`` to it explicitly.
    """
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(header_key(header), header)
    used: set[str] = set()
    guessed: dict[str, str] = {}
    for canonical in CANONICAL_COLUMNS:
        for alias in (canonical, *_ALIASES[canonical]):
            found = by_key.get(header_key(alias))
            if found is not None and found not in used:
                guessed[canonical] = found
                used.add(found)
                break
    return guessed


def resolve_columns(
    headers: Sequence[str],
    column_map: Mapping[str, str] | None,
    *,
    path: str,
    source_given: bool,
) -> dict[str, str | None]:
    """Decide the header of every canonical column, or refuse the file.

    An explicit ``column_map`` entry wins (:data:`ABSENT` declares the column absent: it is
    filled with nulls, even when required); otherwise a header equal to the canonical name (as
    compared by :func:`header_key`) is used. Nothing is guessed here: guessing is a proposal for
    the user to see (:func:`guess_column_map`), never a silent decision.

    Returns:
        Canonical name → header, ``None`` for optional columns the file lacks and for ``source``
        when ``source_given``.

    Raises:
        InvalidInputError: ``column_map`` has keys that are not canonical column names.
        MissingColumnsError: required columns are missing, or mapped to headers the file does not
            have; all of them are named, with how to map them.
    """
    explicit = dict(column_map or {})
    unknown = sorted(set(explicit) - set(CANONICAL_COLUMNS))
    if unknown:
        names, canonical = ", ".join(unknown), ", ".join(CANONICAL_COLUMNS)
        raise InvalidInputError(
            f"列映射中的 {names} 不是标准列名；标准列为 {canonical} / "
            f"{names} in the column map are not canonical columns; use one of {canonical}"
        )
    by_key = {header_key(h): h for h in reversed(headers)}
    resolved: dict[str, str | None] = {}
    not_found: dict[str, str] = {}
    for canonical in CANONICAL_COLUMNS:
        if canonical == "source" and source_given:
            resolved[canonical] = None
        elif _declared(explicit, canonical, headers):
            resolved[canonical] = None  # declared absent (nulls) or one value for every row
        elif canonical in explicit:
            wanted = explicit[canonical]
            found = wanted if wanted in headers else by_key.get(header_key(wanted))
            resolved[canonical] = found
            if found is None:
                not_found[canonical] = wanted
        else:
            resolved[canonical] = by_key.get(header_key(canonical))
    missing = [
        c
        for c in CANONICAL_COLUMNS
        if c in not_found
        or (
            c in REQUIRED_COLUMNS
            and resolved[c] is None
            and not (c == "source" and source_given)
            and not _declared(explicit, c, headers)
        )
    ]
    if missing:
        raise _missing_columns_error(path, missing, not_found, headers)
    return resolved


def _declared(explicit: Mapping[str, str], canonical: str, headers: Sequence[str]) -> bool:
    """Whether ``canonical`` is declared absent or given one value, rather than mapped."""
    value = explicit.get(canonical, "").strip()
    return value == ABSENT or (value.startswith(CONSTANT) and value not in headers)


def constant_values(
    column_map: Mapping[str, str] | None, headers: Sequence[str] = ()
) -> dict[str, str]:
    """The columns given one value for every row (``"=birth"`` → ``"birth"``), unless the file
    really has a header written that way."""
    return {
        c: v.strip()[len(CONSTANT) :].strip()
        for c, v in (column_map or {}).items()
        if v.strip().startswith(CONSTANT) and v.strip() not in headers and c != "source"
    }


def _missing_columns_error(
    path: str, missing: list[str], not_found: dict[str, str], headers: Sequence[str]
) -> MissingColumnsError:
    names = ", ".join(missing)
    hints_zh: list[str] = []
    hints_en: list[str] = []
    mappable = [c for c in missing if c != "source"]
    if mappable:
        # Suggest the file's own header when one is recognised, else a typical one.
        guessed = guess_column_map(headers)
        example = " ".join(
            f"--column {c}={guessed.get(c) or _EXAMPLE_HEADERS.get(c, c)}" for c in mappable
        )
        absent_example = f"--column {mappable[0]}={ABSENT}"
        hints_zh.append(f"用 {example} 指定，文件确实没有的列用 {absent_example} 声明")
        hints_en.append(
            f"map them with {example}, or declare a column the file does not have with "
            f"{absent_example}"
        )
    if "source" in missing:
        hints_zh.append("用 --source 村台账 指定来源")
        hints_en.append("name the source with --source 村台账")
    absent = "".join(
        f"（指定的列 {header} 不存在 / mapped header {header} not found）"
        for header in not_found.values()
    )
    shown = ", ".join(headers[:20]) + (" …" if len(headers) > 20 else "")
    return MissingColumnsError(
        f"{path} 缺少必需列 missing required columns: {names}{absent}; "
        f"{'，'.join(hints_zh)} {'; '.join(hints_en)}. 文件中的列 columns in the file: {shown}",
        path=path,
        columns=missing,
    )


@dataclass(frozen=True, slots=True)
class UnmatchedHeader:
    """A header of the file that no canonical column was read from.

    Attributes:
        header: The header as written.
        suggestion: The canonical column it most resembles and that was not read from another
            header, or ``None`` when nothing is close (an extra column such as 备注 is kept
            under its own name).
    """

    header: str
    suggestion: str | None


SUGGESTION_CUTOFF = 70.0
"""How similar (rapidfuzz ratio, 0–100, of :func:`header_key` forms) a header must be to a
canonical name or one of its aliases to be suggested as that column."""


def suggest_column(header: str, candidates: Sequence[str] = CANONICAL_COLUMNS) -> str | None:
    """The canonical column among ``candidates`` that ``header`` most resembles, or ``None``.

    A header containing an alias (``母亲身份证号码（18位）``), or an alias containing the header
    (``母亲身份``), is a match; otherwise the best normalised similarity at or above
    :data:`SUGGESTION_CUTOFF` wins, so ``mother_id`` suggests ``mother_id_number``.
    """
    key = header_key(header)
    if not key:
        return None
    best: tuple[float, int, str] | None = None
    for canonical in candidates:
        for alias in (canonical, *_ALIASES.get(canonical, ())):
            alias_key = header_key(alias)
            if not alias_key:
                continue
            if key == alias_key:
                score = 200.0
            elif len(alias_key) >= 2 and len(key) >= 2 and (alias_key in key or key in alias_key):
                score = 100.0 + min(len(alias_key), len(key))
            else:
                score = fuzz.ratio(key, alias_key)
            # Longer aliases first on a tie, so 母亲身份证号 beats 身份证号.
            if score >= SUGGESTION_CUTOFF and (best is None or (score, len(alias_key)) > best[:2]):
                best = (score, len(alias_key), canonical)
    return best[2] if best else None


def unmatched_headers(
    headers: Sequence[str], resolved: Mapping[str, str | None]
) -> list[UnmatchedHeader]:
    """The headers no canonical column was read from, in file order, with a suggested column.

    Only canonical columns that were not read from another header are suggested (a column
    declared absent may be suggested: the user may have overlooked the header).
    """
    used = {h for h in resolved.values() if h is not None}
    free = [c for c in CANONICAL_COLUMNS if resolved.get(c) is None and c != "birth_date_partial"]
    return [
        UnmatchedHeader(header, suggest_column(header, free))
        for header in headers
        if header not in used
    ]
