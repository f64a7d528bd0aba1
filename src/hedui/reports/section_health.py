"""Report section "voluntary health services": coverage figures by township and programme.

Aggregates only, from :func:`hedui.health.coverage.suppressed_coverage_figures`: people
screened, the positive rate, referral and follow-up completion, folic acid distributed. Both
editions print the suppressed figures (counts of 1–4 as "<5", a rate resting on one as "—"):
health data is sensitive, and a handful of positive screenings in a township could be
recognised as particular women by anyone reading the report, staff included. Referral and
follow-up completion are rates with small complements left out
(:func:`hedui.health.coverage.attendance_rate`), never counts of who did not come. There is no
"eligible population" and no figure about people who did not take part — by design.
"""

from __future__ import annotations

from typing import Any

from hedui.reports.area_names import area_label
from hedui.reports.model import Cell, Section, Table

__all__ = ["health_section"]

_COLUMNS = (
    "乡镇 township",
    "月份 month",
    "项目 programme",
    "筛查 screened",
    "阳性率 positive rate",
    "转诊完成率 referrals completed",
    "随访完成率 follow-ups done",
    "叶酸发放 folic acid packs",
)


def _rate(text: str | None) -> Cell:
    if text is None:
        return Cell("")
    if text == "—":
        return Cell(text)
    value = float(text)
    return Cell(f"{value:.1%}", value)


def _count(text: str | None) -> Cell:
    if text is None or not text.isdigit():
        return Cell(text or "")
    return Cell(text, int(text))


def health_section(rows: list[dict[str, Any]], names: dict[str, str]) -> Section:
    """The coverage of voluntary health services, one row per township, month and programme."""
    title = "自愿健康服务覆盖 Voluntary health services: coverage"
    if not rows:
        return Section(
            key="health",
            title=title,
            paragraphs=("本期没有健康服务数据 / no health-service figures for this period.",),
        )
    cells = tuple(
        (
            Cell(area_label(str(row["township_code"]), names)),
            Cell(str(row["month"])),
            Cell(f"{row['programme_name_zh']} {row['programme_name_en']}"),
            _count(row["screened"]),
            _rate(row["positive_rate"]),
            _rate(row["referral_completion_rate"]),
            _rate(row["follow_up_completion_rate"]),
            _count(row["distributed"]),
        )
        for row in rows
    )
    note = (
        "只统计自愿参加者；1–4 显示为“<5”，依据小数的比率显示为“—”；转诊和随访完成率只在至少 5 人"
        "完成、且未完成的为 0 或至少 5 人时显示，否则空白 / people who chose to take part only; "
        "counts of 1–4 shown as “<5”, rates resting on them as “—”; referral and follow-up "
        "completion only where at least 5 completed and none or at least 5 did not, else blank."
    )
    return Section(
        key="health",
        title=title,
        tables=(Table(title=title, columns=_COLUMNS, rows=cells, notes=(note,)),),
    )
