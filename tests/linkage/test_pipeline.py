"""link_files end to end on a small synthetic county, and on bad input."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.errors import EncodingError, LinkageError, MissingColumnsError
from hedui.linkage.evaluate import evaluate_clusters
from hedui.linkage.pipeline import LinkResult, link_files
from hedui.progress import RecordingProgress
from hedui.sources import CANONICAL_COLUMNS

pytestmark = pytest.mark.slow


def test_link_files_writes_every_output(linked: LinkResult):
    for name in (
        "clusters.csv",
        "links.parquet",
        "model.json",
        "records.parquet",
        "duplicates.csv",
        "ambiguous.csv",
        "quarantine.csv",
    ):
        assert (linked.out_dir / name).is_file(), name
    assert linked.training is not None
    assert linked.pairs_scored >= linked.links > 0


def test_link_files_lists_every_record_exactly_once(county: Path, linked: LinkResult):
    clusters = pl.read_csv(linked.clusters_path, infer_schema=False)
    assert clusters.columns == ["source", "record_id", "cluster_id", "match_probability"]
    assert clusters.select("source", "record_id").is_duplicated().sum() == 0
    assert clusters.height == linked.records
    # A record alone has no match probability; a linked one has its strongest link's.
    sizes = clusters.group_by("cluster_id").len()
    singletons = clusters.join(sizes.filter(pl.col("len") == 1), on="cluster_id")
    assert singletons["match_probability"].null_count() == singletons.height


def test_link_files_meets_the_accuracy_floor(county: Path, linked: LinkResult):
    # 5,000 people gave F1 0.9998 overall and 1.0 on births when this was written; the
    # floor leaves room for a different county, not for a regression.
    evaluation = evaluate_clusters(linked.clusters_path, county / "truth.csv")
    assert evaluation.pairwise.f1 >= 0.995
    assert evaluation.by_event["birth"].f1 >= 0.97
    assert evaluation.clusters.merged <= evaluation.clusters.entities * 0.005


def test_link_files_second_run_gives_identical_clusters(
    sources: list[Path], linked: LinkResult, tmp_path: Path
):
    again = link_files(list(reversed(sources)), tmp_path)
    assert again.clusters_path.read_bytes() == linked.clusters_path.read_bytes()
    # The model too: parallel sums in EM differ in their last bits, which rounding removes.
    assert again.model_path.read_bytes() == linked.model_path.read_bytes()


def test_link_files_reuses_a_saved_model_without_training(
    sources: list[Path], linked: LinkResult, tmp_path: Path
):
    progress = RecordingProgress()
    reused = link_files(sources, tmp_path, model_path=linked.model_path, progress=progress)
    assert reused.training is None
    assert "训练模型 training" not in progress.steps
    assert reused.clusters_path.read_bytes() == linked.clusters_path.read_bytes()


def test_link_files_reports_progress_per_step(
    sources: list[Path], tmp_path: Path, linked: LinkResult
):
    progress = RecordingProgress()
    link_files(sources[:2], tmp_path, model_path=linked.model_path, progress=progress)
    assert progress.steps == [
        "读取来源文件 reading sources",
        "准备特征 preparing features",
        "比对记录对 scoring pairs",
        "聚类 clustering",
        "写出结果 writing results",
    ]
    # Every step that starts also finishes.
    finished = [step for kind, step, _ in progress.events if kind == "finish"]
    assert finished == progress.steps


def _canonical_csv(path: Path, rows: list[dict[str, str]], columns=CANONICAL_COLUMNS) -> Path:
    pl.DataFrame(
        [{c: row.get(c, "") for c in columns} for row in rows],
        schema=dict.fromkeys(columns, pl.Utf8),
    ).write_csv(path)
    return path


def test_link_files_names_every_missing_column(tmp_path: Path):
    columns = [c for c in CANONICAL_COLUMNS if c not in ("id_number", "birth_date")]
    path = _canonical_csv(tmp_path / "ledger.csv", [{"source": "v", "record_id": "1"}], columns)
    with pytest.raises(MissingColumnsError) as raised:
        link_files([path], tmp_path / "out")
    assert set(raised.value.columns) == {"id_number", "birth_date"}


def test_link_files_refuses_a_file_in_another_encoding(tmp_path: Path):
    # Shift-JIS is neither UTF-8, UTF-16 nor GBK/GB18030: ﾃｽﾄ ends in a byte GB18030 refuses.
    path = tmp_path / "ledger.csv"
    path.write_bytes(",".join(CANONICAL_COLUMNS).encode() + "\nﾃｽﾄ\n".encode("shift_jis"))
    with pytest.raises(EncodingError) as raised:
        link_files([path], tmp_path / "out")
    assert "ledger.csv" in str(raised.value)


def test_link_files_says_when_there_is_too_little_data_to_train(tmp_path: Path):
    rows = [
        {
            "source": "v",
            "record_id": str(i),
            "event": "resident",
            "event_date": "2025-12-31",
            "name": name,
            "id_number": "",
            "sex": "1",
            "birth_date": "1980-01-01",
        }
        for i, name in enumerate(["张三", "李四", "王五"])
    ]
    path = _canonical_csv(tmp_path / "ledger.csv", rows)
    with pytest.raises(LinkageError, match="--model"):
        link_files([path], tmp_path / "out")


def test_link_files_warns_about_an_empty_source_and_goes_on(
    sources: list[Path], linked: LinkResult, tmp_path: Path
):
    empty = _canonical_csv(tmp_path / "empty.csv", [])
    result = link_files([*sources, empty], tmp_path / "out", model_path=linked.model_path)
    assert any("empty.csv" in warning for warning in result.warnings)
    assert result.records == linked.records


def test_link_files_keeps_a_row_with_one_bad_field_and_quarantines_only_the_unlinkable(
    sources: list[Path], linked: LinkResult, tmp_path: Path
):
    # 张三's birth date 1985-02-30 is impossible: the row is linked without it (a warning,
    # not a quarantine). The third row has no name, ID, mother or date: nothing to link on.
    base = {"source": "extra", "event": "resident", "event_date": "2025-12-31", "sex": "1"}
    rows = [
        base | {"record_id": "X1", "name": "张三", "birth_date": "1985-02-30"},
        base | {"record_id": "X2", "name": "李四", "birth_date": "1985-02-28"},
        base | {"record_id": "X3", "event_date": None},
    ]
    extra = _canonical_csv(tmp_path / "extra.csv", rows)
    result = link_files([*sources, extra], tmp_path / "out", model_path=linked.model_path)
    # Columns: file, row, field, value, reason (headers bilingual, see hedui.sources).
    quarantine = pl.read_csv(result.out_dir / "quarantine.csv", infer_schema=False)
    file, row = quarantine.columns[:2]
    bad = quarantine.filter(pl.col(file).str.ends_with("extra.csv"))
    assert bad[row].unique().to_list() == ["4"]
    assert result.records == linked.records + 2
    clusters = pl.read_csv(result.clusters_path, infer_schema=False)
    assert {"X1", "X2"} <= set(clusters.filter(pl.col("source") == "extra")["record_id"])


def test_link_files_warns_when_most_of_a_file_is_quarantined(
    sources: list[Path], linked: LinkResult, tmp_path: Path
):
    # Three rows, two with nothing to link on (no name, ID, mother or date): 2 of 3, over 5%.
    rows = [
        {
            "source": "extra",
            "record_id": f"X{i}",
            "event": "resident",
            "event_date": date,
            "name": name,
            "sex": "1",
        }
        for i, (name, date) in enumerate([(None, None), (None, None), ("张三", "2025-12-31")])
    ]
    extra = _canonical_csv(tmp_path / "extra.csv", rows)
    result = link_files([*sources, extra], tmp_path / "out", model_path=linked.model_path)
    assert any("2 of 3 rows of" in w and "extra.csv" in w for w in result.warnings)


def test_link_files_refuses_the_same_records_twice(sources: list[Path], tmp_path: Path):
    with pytest.raises(LinkageError, match="given twice"):
        link_files([sources[0], sources[0]], tmp_path / "out")
