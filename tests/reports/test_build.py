"""The report for staff and for the public: sections, suppression, no personal data."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import polars as pl

from hedui.reports.build import build_report
from hedui.reports.data import ReportData
from hedui.reports.model import Report, Table
from hedui.reports.suppression import SMALL_MAX

SMALL_TEXTS = {str(n) for n in range(1, SMALL_MAX + 1)}


def _tables(report: Report) -> dict[str, Table]:
    return {table.title: table for section in report.sections for table in section.tables}


def _count_tables(report: Report) -> list[Table]:
    """The tables whose cells are counts of events or cases."""
    return [t for title, t in _tables(report).items() if "Events by township" in title
            or "Open cases by kind" in title]  # fmt: skip


def test_both_editions_have_every_section(internal_report: Report, public_report: Report) -> None:
    for report in (internal_report, public_report):
        keys = [section.key for section in report.sections]
        assert keys == [
            "summary",
            "events",
            "sex_ratio",
            "completeness",
            "scorecard",
            "cases",
            "health",
        ]
        assert report.title.startswith("人口登记核对")
        charted = [s for s in report.sections if s.key not in ("summary", "scorecard", "health")]
        assert all(section.charts for section in charted)


def test_public_counts_are_never_between_one_and_four(
    public_report: Report, internal_report: Report
) -> None:
    report, internal = public_report, internal_report
    suppressed = 0
    for table in _count_tables(report):
        for row in table.rows:
            for cell in row[1:]:
                assert cell.text not in SMALL_TEXTS
                assert cell.value is None or not 1 <= cell.value <= SMALL_MAX
                suppressed += cell.text == "<5"
    # The synthetic county is small: its internal table does hold counts from 1 to 4.
    small_inside = sum(
        1
        for table in _count_tables(internal)
        for row in table.rows
        for cell in row[1:]
        if cell.text in SMALL_TEXTS
    )
    assert small_inside > 0 and suppressed > 0


def test_public_edition_holds_no_record_ids_paths_or_case_lists(
    public_report: Report, link_dir: Path
) -> None:
    document = json.dumps(public_report.to_dict(), ensure_ascii=False)
    record_ids = set(pl.read_csv(link_dir / "clusters.csv", infer_schema=False)["record_id"])
    assert record_ids and not record_ids & set(re.findall(r"\w+", document))
    assert str(link_dir) not in document
    assert "Open cases by village" not in document
    assert "Scores by dimension" not in document  # numerators and denominators are internal


def test_internal_edition_traces_figures_to_the_run(
    internal_report: Report, report_data: ReportData
) -> None:
    report = internal_report
    meta = dict(report.meta)
    assert meta["核对批次 reconciliation run"].startswith(f"#{report_data.run.id} ")
    assert "链接目录 link directory" not in meta  # no server path in any edition
    by_village = next(t for title, t in _tables(report).items() if "by village and kind" in title)
    # run_reconciliation stored the run's findings as cases: staff see them counted by village.
    assert sum(int(row[2].value or 0) for row in by_village.rows) == report_data.cases["open"] > 0


def test_public_sex_ratio_needs_five_boys_and_five_girls(
    public_report: Report, report_data: ReportData
) -> None:
    report = public_report
    (table,) = next(s for s in report.sections if s.key == "sex_ratio").tables
    by_area = {row["area"]: row["sex_ratio"] for row in report_data.indicators["areas"]["township"]}
    for row in table.rows:
        code = row[0].text.rsplit("(", 1)[-1].rstrip(")")
        ratio = by_area.get(code)
        if ratio is not None and min(ratio.get("boys", 0), ratio.get("girls", 0)) < 5:
            assert row[1].text == "—"


def test_report_to_dict_is_one_json_document(
    internal_report: Report, public_report: Report
) -> None:
    for report in (internal_report, public_report):
        document = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
        assert document["audience"] == report.audience


def test_a_period_with_no_events_says_so(report_data: ReportData) -> None:
    empty = {
        **report_data.indicators,
        "period": "2030-01",
        "areas": {
            level: [{**row, "events": dict.fromkeys(row["events"], 0)} for row in rows]
            for level, rows in report_data.indicators["areas"].items()
        },
    }
    data = dataclasses.replace(report_data, indicators=empty)
    events = build_report(data, "public").sections[1]  # after the summary
    assert "没有事件记录" in events.paragraphs[0] and "no event" in events.paragraphs[0]
