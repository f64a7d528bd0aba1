"""RunFolder and figures_dir: where a run's files and its report figures live."""

from __future__ import annotations

from pathlib import Path

from hedui.reports.store_figures import RunInfo
from hedui.runs import RunFolder, figures_dir


def _info(link_dir: Path, out_dir: Path | None) -> RunInfo:
    return RunInfo(
        id=1,
        period="2025-12",
        area_code="320924",
        link_dir=str(link_dir),
        out_dir=None if out_dir is None else str(out_dir),
        finished_at=None,
        findings=0,
    )


def test_a_run_folder_holds_sources_link_and_reconcile(tmp_path: Path) -> None:
    folder = RunFolder.under(tmp_path, "job-12")
    assert folder.root == tmp_path / "runs" / "job-12"
    assert (folder.sources, folder.link, folder.reconcile) == (
        folder.root / "sources",
        folder.root / "link",
        folder.root / "reconcile",
    )


def test_figures_are_kept_beside_the_findings_else_in_the_link_directory(tmp_path: Path) -> None:
    link, out = tmp_path / "link", tmp_path / "reconcile"
    link.mkdir()
    assert figures_dir(_info(link, None)) == link
    assert figures_dir(_info(link, out)) is None  # the out folder is gone: computed each time
    out.mkdir()
    assert figures_dir(_info(link, out)) == out
