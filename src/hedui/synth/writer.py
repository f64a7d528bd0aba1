"""Writing a synthetic county to a directory of UTF-8 CSV files and a JSON summary.

::

    village_ledger.csv  township_db.csv  health_births.csv  police_hukou.csv  civil_marriages.csv
    truth.csv  truth_events.csv  villages.csv  summary.json

Files are written with polars' CSV writer, which is deterministic: the same county gives
byte-identical files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hedui.errors import ConfigurationError
from hedui.progress import NullProgress, Progress, step, weighted
from hedui.synth.county import County, generate_county
from hedui.synth.params import DEFAULT_YEAR, SynthParams
from hedui.synth.source_params import SOURCE_NAMES
from hedui.synth.summary import CountySummary

__all__ = ["OUTPUT_FILES", "WRITE_STEP", "synthesize", "write_county"]

OUTPUT_FILES = (
    *(f"{name}.csv" for name in SOURCE_NAMES),
    "truth.csv",
    "truth_events.csv",
    "villages.csv",
    "summary.json",
)
WRITE_STEP = "写出文件 writing the files"
"""Writing the county as one step, with one step per file inside it."""


def write_county(
    county: County, out_dir: Path, *, progress: Progress | None = None
) -> CountySummary:
    """Write every file of :data:`OUTPUT_FILES` into ``out_dir`` (created if needed).

    ``progress`` receives :data:`WRITE_STEP` and, inside it, one step per file.

    Raises:
        ConfigurationError: if ``out_dir`` exists and is not a directory.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigurationError(
            f"输出路径 {out_dir} 不是目录 / {out_dir} exists and is not a directory; "
            "choose another --out"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        **{f"{name}.csv": county.sources[name] for name in SOURCE_NAMES},
        "truth.csv": county.truth,
        "truth_events.csv": county.truth_events,
        "villages.csv": county.villages,
    }
    steps = {name: f"写入 writing {name}" for name in OUTPUT_FILES}
    weights = dict.fromkeys(steps.values(), 1.0)
    with weighted(progress or NullProgress(), WRITE_STEP, weights) as part:
        for filename, frame in tables.items():
            with step(part, steps[filename]):
                frame.write_csv(out_dir / filename)
        with step(part, steps["summary.json"]):
            (out_dir / "summary.json").write_text(county.summary.to_json(), encoding="utf-8")
    return county.summary


def synthesize(
    people: int,
    seed: int,
    out_dir: Path,
    params: SynthParams | None = None,
    year: int = DEFAULT_YEAR,
    *,
    export_date: date | None = None,
    error_scale: float = 1.0,
    progress: Progress | None = None,
) -> CountySummary:
    """Generate a county (see :func:`~hedui.synth.county.generate_county`) and write it."""
    county = generate_county(
        people,
        seed,
        params,
        year,
        export_date=export_date,
        error_scale=error_scale,
        progress=progress,
    )
    return write_county(county, out_dir, progress=progress)
