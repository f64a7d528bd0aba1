"""A whole linkage run on Spark: every step that grows with the records runs on the executors.

:func:`hedui.linkage.link_files` with ``engine="spark"`` hands over to :func:`link_on_spark`
once Spark is up. Reading and validating (:mod:`.reading`), preparing features
(:mod:`.features`), scoring (Splink), clustering (:mod:`.clusters`) and writing
(:mod:`.results`) are Spark jobs; the driver keeps what does not grow with the records — the
model, the blocking rules, per-file summaries, counts, one number per partition — and
streams the result files from the executors' part files a batch at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from splink import Linker

from hedui.errors import LinkageError
from hedui.linkage.blocking import BlockingKey
from hedui.linkage.link_dir import LinkDir
from hedui.linkage.model_io import SavedModel
from hedui.linkage.pair_index import LOOKUP_GROUP_ROWS
from hedui.linkage.predict import PREDICT_STEP, score_pairs, write_links
from hedui.linkage.settings import LinkageSpec, build_settings
from hedui.linkage.spark.clusters import NODE_COLUMNS, cluster_on_executors
from hedui.linkage.spark.features import prepare_on_executors, select_rules_on_spark
from hedui.linkage.spark.reading import read_on_executors
from hedui.linkage.spark.results import write_cluster_files, write_quarantine_file, write_table
from hedui.linkage.spark.tables import load_spark_records
from hedui.linkage.training import TRAINING_STEP, TrainingReport, train_model, training_steps
from hedui.progress import Progress, step
from hedui.sources.schema import CANONICAL_COLUMNS


@dataclass
class SparkRun:
    """What a Spark run did: counts, the model, the rules, warnings."""

    saved: SavedModel
    training: TrainingReport | None
    blocking_rules: list[BlockingKey]
    records: int = 0
    quarantined: int = 0
    pairs_scored: int = 0
    links: int = 0
    clusters: int = 0
    duplicates: int = 0
    ambiguous: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Steps:
    """The progress step names of the pipeline, so they stay the same whatever the engine."""

    read: str
    prepare: str
    cluster: str
    write: str


def link_on_spark(
    db_api: Any,
    paths: list[str],
    link: LinkDir,
    spec: LinkageSpec,
    saved: SavedModel | None,
    *,
    extra_columns: tuple[str, ...],
    quarantine_warning: Callable[[str, int, int, str], list[str]],
    steps: Steps,
    progress: Progress,
    lap: Callable[[str], None],
) -> SparkRun:
    """Read, prepare, train (unless ``saved``), score, cluster and write on Spark."""
    spark = db_api.spark
    scratch: Path = db_api.hedui_work_dir / "work"

    def label(name: str) -> None:
        # Spark's UI and event log name each job by the step that ran it ("hedui predict").
        spark.sparkContext.setJobDescription(f"hedui {name}")

    label("read")
    with step(progress, steps.read):
        sources = read_on_executors(
            spark,
            paths,
            scratch,
            extra_columns=extra_columns,
            today=date.today(),
            quarantine_warning=quarantine_warning,
        )
        records = sources.records
        count = records.count()
        if count == 0:
            raise LinkageError(
                "没有可链接的记录：所有来源文件都为空或全部被隔离 / "
                "nothing to link: every source file is empty or fully quarantined"
            )
        _no_record_twice(records)
    lap("read")
    label("prepare")
    with step(progress, steps.prepare):
        write_table(
            records.orderBy("position", "seq").select(*CANONICAL_COLUMNS, *extra_columns),
            scratch / "out",
            parquet=link.sources_path,
        )
        features = prepare_on_executors(records, scratch)
        write_table(
            features.orderBy("unique_id"),
            scratch / "out",
            parquet=link.records_path,
            row_group_size=LOOKUP_GROUP_ROWS,  # one record read without the rest (explain)
        )
        table = load_spark_records(db_api, link.records_path, "hedui_records")
        prepared = spark.table("hedui_records")
        rules = select_rules_on_spark(
            prepared,
            count,
            spec.blocking_rules,
            spec.broad_rules,
            pair_budget=spec.pair_budget,
            per_record_budget=spec.per_record_budget,
        )
    lap("prepare")
    report = None
    label("train")
    if saved is None:
        with step(progress, TRAINING_STEP, training_steps(spec)):
            trainer = Linker(table, build_settings(spec, rules), log_level=None)
            report = train_model(trainer, spec, count, progress)
        sources_linked = sorted(r["source"] for r in prepared.select("source").distinct().collect())
        trained_on = {"records": count, "sources": sources_linked}
        saved = SavedModel(spec=spec, splink=report.parameters, trained_on=trained_on)
    lap("train")
    linker = Linker(
        table,
        saved.settings(spec, rules),
        log_level=None,
        validate_settings=report is None,
    )
    run = SparkRun(saved=saved, training=report, blocking_rules=rules, records=count)
    run.warnings = sources.warnings
    label("predict")
    with step(progress, PREDICT_STEP):
        predictions = score_pairs(linker)
        run.pairs_scored = write_links(db_api, predictions, link)
    lap("predict")
    label("cluster")
    with step(progress, steps.cluster):
        threshold = float(spec.threshold)
        scored = spark.table(predictions.physical_name).where(f"match_probability >= {threshold!r}")
        run.links = scored.count()
        strong = (
            scored.selectExpr(
                "least(unique_id_l, unique_id_r) AS unique_id_l",
                "greatest(unique_id_l, unique_id_r) AS unique_id_r",
                "CAST(match_probability AS DOUBLE) AS match_probability",
            )
            .where("unique_id_l <> unique_id_r")
            .groupBy("unique_id_l", "unique_id_r")
            .agg({"match_probability": "max"})
            .withColumnRenamed("max(match_probability)", "match_probability")
        )
        nodes = prepared.select(*NODE_COLUMNS, "record_id")
        clustering = cluster_on_executors(db_api, nodes, strong)
    lap("cluster")
    label("write")
    with step(progress, steps.write):
        write_cluster_files(link, nodes, clustering, scratch / "out")
        write_quarantine_file(sources.quarantine, link.quarantine_path, scratch / "out")
        run.quarantined = sources.quarantine.count()
        run.clusters = clustering.clusters.select("cluster_id").distinct().count()
        run.duplicates = clustering.duplicates.count()
        run.ambiguous = clustering.ambiguous.count()
    lap("write")
    spark.sparkContext.setJobDescription(None)
    return run


def _no_record_twice(records: Any) -> None:
    """A record in two files (a file given twice) stops the run, as on DuckDB."""
    repeated = (
        records.groupBy("source", "record_id")
        .count()
        .where("count > 1")
        .orderBy("source", "record_id")
        .limit(5)
        .collect()
    )
    if repeated:
        examples = ", ".join(f"{r['source']}:{r['record_id']}" for r in repeated)
        raise LinkageError(
            f"同一记录在多个文件中出现（{examples}），是否重复指定了文件？ / "
            f"records appear in more than one file ({examples}); was a file given twice?"
        )
