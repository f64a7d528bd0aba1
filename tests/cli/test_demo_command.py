"""``hedui demo`` generates, links and evaluates a small county end to end."""

from pathlib import Path

from typer.testing import CliRunner

from hedui.cli import app
from hedui.synth import SOURCE_NAMES


def test_demo_writes_county_and_linkage_and_prints_f1(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--people", "1500"])
    assert result.exit_code == 0, result.output
    for name in SOURCE_NAMES:
        assert (out / f"{name}.csv").is_file()
    assert (out / "link" / "clusters.csv").is_file()
    assert "F1" in result.output
    assert "召回率" in result.output
