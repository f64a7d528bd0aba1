"""Bilingual labels the report prints: events, sources, dimensions, bands, case statuses."""

from __future__ import annotations

from hedui.reconcile.findings import EVENT_LABELS_ZH, SOURCE_LABELS_ZH

__all__ = ["DIMENSIONS", "EVENT_ORDER", "event_label", "source_label"]

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
    """``村台账 village_ledger`` for ``village_ledger``."""
    zh = SOURCE_LABELS_ZH.get(source)
    return f"{zh} {source}" if zh else source
