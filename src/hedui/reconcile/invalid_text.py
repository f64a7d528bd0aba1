"""Plain-language explanations of invalid values, in Chinese and English.

Every explanation names the record and the value, says why it cannot be right and asks for
the record to be checked against the original document. None of them suggests acting against
a person: an impossible value is a typing or copying error until the paper says otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hedui.reconcile.findings import EVENT_LABELS_ZH, SOURCE_LABELS_ZH
from hedui.reconcile.options import ReconcileOptions

__all__ = ["explain_invalid"]

_SEX_ZH = {"1": "男", "2": "女"}
_SEX_EN = {"1": "male", "2": "female"}
_CHECK_ZH = "请对照原始证件或登记材料核实并更正该记录。"
_CHECK_EN = "Please check the record against the original document and correct it."


def explain_invalid(kind: str, row: dict[str, Any], options: ReconcileOptions) -> tuple[str, str]:
    """Chinese and English explanation of one invalid-value finding.

    Args:
        kind: One of :data:`hedui.reconcile.invalid_values.INVALID_KINDS`.
        row: The record, with ``record_value`` and ``other_value`` set by the check.
        options: For the legal ages and the reference date.
    """
    source = str(row["source"])
    where_zh = f"{SOURCE_LABELS_ZH.get(source, source)}记录 {row['record_id']}"
    where_en = f"Record {row['record_id']} of {source}"
    value, other = row["record_value"], row["other_value"]
    if kind == "invalid_id_check_digit":
        zh = f"{where_zh}的身份证号 {value} 校验码不正确（按前17位应为 {other}），可能有数字录错。"
        en = (
            f"{where_en} has ID number {value} whose check character is wrong (the first 17 "
            f"digits give {other}); a digit was probably mistyped."
        )
    elif kind == "id_birth_date_mismatch":
        zh = f"{where_zh}的出生日期为 {value}，但身份证号中的出生日期为 {other}。"
        en = f"{where_en} gives birth date {value}, but its ID number encodes {other}."
    elif kind == "id_sex_mismatch":
        zh = (
            f"{where_zh}的性别为“{_SEX_ZH.get(value, value)}”，但身份证号第17位表示"
            f"“{_SEX_ZH.get(other, other)}”。"
        )
        en = (
            f"{where_en} gives sex {_SEX_EN.get(value, value)}, but the 17th digit of its ID "
            f"number says {_SEX_EN.get(other, other)}."
        )
    elif kind == "death_before_birth":
        zh = f"{where_zh}的死亡日期 {value} 早于出生日期 {other}，其中必有一个日期有误。"
        en = f"{where_en} dates the death {value}, before the birth date {other}; one is wrong."
    elif kind == "spouse_under_legal_age":
        ages_zh = "、".join(
            text
            for text in (
                f"本人登记年龄 {value} 岁" if value is not None else "",
                f"配偶按身份证号计 {other} 岁" if other is not None else "",
            )
            if text
        )
        ages_en = ", ".join(
            text
            for text in (
                f"the person is {value}" if value is not None else "",
                f"the spouse (by ID number) is {other}" if other is not None else "",
            )
            if text
        )
        zh = (
            f"{where_zh}为结婚登记，{ages_zh}，低于法定婚龄（男 {options.marriage_age_men} 岁、"
            f"女 {options.marriage_age_women} 岁）。这通常是出生日期、身份证号或登记日期的录入"
            f"错误，属于需要核实的数据问题。"
        )
        en = (
            f"{where_en} is a marriage where {ages_en}, below the legal age (men "
            f"{options.marriage_age_men}, women {options.marriage_age_women}). This is usually a "
            f"wrong birth date, ID number or event date: a data error to verify."
        )
    elif kind == "future_date":
        zh = f"{where_zh}中有晚于参照日期 {other} 的日期（{value}），日期不可能在将来。"
        en = f"{where_en} holds dates after the reference date {other} ({value}), in the future."
    elif kind == "partial_birth_date":
        zh, en = _partial_text(where_zh, where_en, str(value), other)
    elif kind == "missing_event_date":
        zh, en = _missing_text(where_zh, where_en, str(row["event"]))
    else:
        zh, en = _born_after_text(where_zh, where_en, str(row["event"]), str(value), str(other))
    return f"{zh}{_CHECK_ZH}", f"{en} {_CHECK_EN}"


def _partial_text(where_zh: str, where_en: str, value: str, from_id: Any) -> tuple[str, str]:
    """A birth date known only to the year or month; the ID's whole day when there is one."""
    year, _, month = value.partition("-")
    shown = f"{year}年{int(month)}月" if month.isdigit() else f"{year}年"
    zh = f"{where_zh}的出生日期只有年份或年月（{shown}），请补全。"
    en = f"{where_en}: the birth date is known only to the year or month ({value}): complete it."
    if from_id is not None:
        zh += f"身份证号中的出生日期为 {from_id}。"
        en += f" Its ID number gives {from_id}."
    return zh, en


def _missing_text(where_zh: str, where_en: str, event: str) -> tuple[str, str]:
    """No date of the event: the event is counted in no period until one is written."""
    label = EVENT_LABELS_ZH.get(event, event)
    what_zh = "既没有出生日期也没有事件日期" if event == "birth" else "没有事件日期"
    what_en = "neither a birth date nor an event date" if event == "birth" else "no event date"
    zh = f"{where_zh}（{label}）{what_zh}（原表中为空或无法识别），不能计入任何时期。请补上日期。"
    en = (
        f"{where_en} ({event}) has {what_en} (blank or unreadable in the file), so the event "
        f"counts in no period. Please add the date."
    )
    return zh, en


def _born_after_text(
    where_zh: str, where_en: str, event: str, born: str, event_date: str
) -> tuple[str, str]:
    """A birth date after the event date; a newborn's one-day slip is said to be one."""
    zh = f"{where_zh}的出生日期 {born} 晚于事件日期 {event_date}，出生不可能在事件之后。"
    en = f"{where_en} gives birth date {born}, after its event date {event_date}."
    if event == "birth" and _days_between(event_date, born) == 1:
        zh += "两者只差一天：新生儿登记时日期差一天是常见的笔误，请核对哪个日期正确。"
        en += (
            " They are one day apart: a one-day slip is common when a newborn is registered; "
            "check which date is right."
        )
    else:
        zh += "其中必有一个日期有误。"
        en += " One of them is wrong."
    return zh, en


def _days_between(first: str, second: str) -> int | None:
    """Days from ``first`` to ``second`` (ISO days), ``None`` unless both are whole days."""
    try:
        return (date.fromisoformat(second) - date.fromisoformat(first)).days
    except ValueError:
        return None
