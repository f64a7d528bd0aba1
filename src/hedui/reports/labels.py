"""Bilingual labels the report prints: events, sources, dimensions, bands, case statuses."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hedui.reconcile.findings import EVENT_LABELS_ZH, SOURCE_LABELS_ZH

__all__ = [
    "DIMENSIONS",
    "EVENT_ORDER",
    "LOCAL_ZONE",
    "case_kind_label",
    "event_label",
    "local_time",
    "source_label",
    "status_label",
]

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")
"""The county's clock: every time a report prints is China Standard Time (UTC+8)."""

EVENT_ORDER = ("birth", "death", "marriage", "divorce", "move_in", "move_out")
_EVENTS_EN = {
    "birth": "births",
    "death": "deaths",
    "marriage": "marriages",
    "divorce": "divorces",
    "move_in": "moves in",
    "move_out": "moves out",
    "resident": "residents",
}
DIMENSIONS = {
    "completeness": "完整性 completeness",
    "timeliness": "及时性 timeliness",
    "accuracy": "准确性 accuracy",
    "consistency": "一致性 consistency",
}


def event_label(event: str) -> str:
    """``出生 births`` for ``birth``; unknown types as they are."""
    zh, en = EVENT_LABELS_ZH.get(event), _EVENTS_EN.get(event)
    return f"{zh} {en}" if zh and en else event


def source_label(source: str) -> str:
    """``村台账`` for ``village_ledger``: the name the county's offices use; unknown codes as
    they are."""
    return SOURCE_LABELS_ZH.get(source, source)


def local_time(moment: datetime) -> str:
    """``2025-12-31 17:05 北京时间`` — a stored time (UTC when naive) on the county's clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M 北京时间")


_CASE_KINDS = {
    "duplicate_in_source": "同一来源重复登记",
    "invalid_id_check_digit": "身份证号校验码不正确",
    "id_birth_date_mismatch": "身份证号与出生日期不符",
    "id_sex_mismatch": "身份证号与性别不符",
    "death_before_birth": "死亡日期早于出生日期",
    "spouse_under_legal_age": "婚姻登记年龄低于法定婚龄",
    "future_date": "日期晚于今天",
    "partial_birth_date": "出生日期只有年份或年月",
    "missing_event_date": "缺少事件日期",
    "born_after_event_date": "出生日期晚于事件日期",
    "late_registration": "登记不及时",
    "move_out_without_move_in": "迁出无对应迁入",
    "move_in_without_move_out": "迁入无对应迁出",
}
"""Case kinds that are one phrase each, in the words of the case pages (the web's
``case_labels`` and its Chinese catalogue; a report must not import the web layer)."""
_FIELDS = {
    "name": "姓名",
    "id_number": "公民身份号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "event_date": "事件日期",
    "mother_name": "母亲姓名",
    "mother_id_number": "母亲公民身份号码",
    "address": "住址",
}
_STATUSES = {
    "open": "待处理",
    "assigned": "已分派",
    "verified": "已核实",
    "resolved": "已解决",
    "dismissed": "已驳回",
}


def case_kind_label(kind: str) -> str:
    """``公安户籍缺少出生记录`` for ``birth_missing_in_police_hukou``, ``记录的姓名不一致`` for
    ``name_conflict``; an unknown kind as its code, never hidden."""
    if kind in _CASE_KINDS:
        return _CASE_KINDS[kind]
    if kind.endswith("_conflict") and kind.removesuffix("_conflict") in _FIELDS:
        return f"记录的{_FIELDS[kind.removesuffix('_conflict')]}不一致"
    event, separator, source = kind.partition("_missing_in_")
    if separator and event in EVENT_LABELS_ZH:
        return f"{source_label(source)}缺少{EVENT_LABELS_ZH[event]}记录"
    return kind


def status_label(status: str) -> str:
    """``待处理`` for ``open``; an unknown status as it is."""
    return _STATUSES.get(status, status)
