"""`hedui evaluate CLUSTERS TRUTH` on small files worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import MissingColumnsError
from hedui.linkage.link_dir import LinkDir

runner = CliRunner()


def test_evaluate_command_prints_pairwise_cluster_and_error_figures(tmp_path: Path):
    # Truth: P1 has records a, b, c; P2 has d, e. Clusters: {a, b}, {c}, {d, e}.
    # True pairs 3 + 1 = 4, predicted 1 + 1 = 2, both right: precision 1, recall 0.5,
    # F1 = 2·1·0.5 / 1.5 = 0.6667. The missed pairs (a,c), (b,c) both touch c's id_digit.
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "source,record_id,entity_id,errors\n"
        "v,a,P1,\nt,b,P1,\np,c,P1,id_digit\nv,d,P2:birth,\nt,e,P2:birth,\n",
        encoding="utf-8",
    )
    clusters = tmp_path / "clusters.csv"
    clusters.write_text(
        "source,record_id,cluster_id,match_probability\n"
        "v,a,C1,0.99\nt,b,C1,0.99\np,c,C2,\nv,d,C3,0.97\nt,e,C3,0.97\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(clusters), str(truth)])
    assert result.exit_code == 0, result.output
    assert "1.0000" in result.output  # precision
    assert "0.5000" in result.output  # recall overall
    assert "0.6667" in result.output  # F1 overall
    assert "出生 birth" in result.output
    assert "id_digit" in result.output
    assert "被拆分的实体 split entities" in result.output


def test_evaluate_command_json_and_saved_file_hold_the_same_figures(tmp_path: Path):
    # Same hand-worked files as above: precision 1, recall 0.5 (2 of 4 true pairs found).
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "source,record_id,entity_id,errors\nv,a,P1,\nt,b,P1,\np,c,P1,id_digit\n"
        "v,d,P2:birth,\nt,e,P2:birth,\n",
        encoding="utf-8",
    )
    clusters = tmp_path / "clusters.csv"
    clusters.write_text(
        "source,record_id,cluster_id,match_probability\n"
        "v,a,C1,0.99\nt,b,C1,0.99\np,c,C2,\nv,d,C3,0.97\nt,e,C3,0.97\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(clusters), str(truth), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["pairwise"]["true_pairs"] == 4
    assert document["pairwise"]["recall"] == 0.5
    assert document["by_event"]["birth"]["f1"] == 1.0
    assert document["recall_by_error"]["id_digit"] == {"pairs": 2, "found": 0, "recall": 0.0}
    assert LinkDir.at(tmp_path).evaluation() == document
    LinkDir.at(tmp_path).evaluation_path.unlink()
    runner.invoke(app, ["evaluate", str(clusters), str(truth), "--no-save"])
    assert LinkDir.at(tmp_path).evaluation() is None


def test_evaluate_command_missing_column(tmp_path: Path):
    clusters = tmp_path / "clusters.csv"
    clusters.write_text("source,record_id\nv,a\n", encoding="utf-8")
    truth = tmp_path / "truth.csv"
    truth.write_text("source,record_id,entity_id\nv,a,P1\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(clusters), str(truth)])
    assert isinstance(result.exception, MissingColumnsError)
