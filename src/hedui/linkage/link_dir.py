"""The link directory: the files ``hedui link --out DIR`` writes, named and checked in one place.

Everything that reads a linkage run — reconciliation, the statistics, the reports, the
explanation of a link, the form's duplicate check — takes a :class:`LinkDir`, and the writer
(:func:`hedui.linkage.link_files`) writes through one. A path given by a person is turned into
one at the edge, by :meth:`LinkDir.open`, which checks the directory once and lists every
problem in one :class:`~hedui.errors.LinkDirError` that says to run ``hedui link`` again.

==================  ==========================================================================
``clusters.csv``    ``source,record_id,cluster_id,match_probability``: every linked record once
``links.parquet``   every pair scored, with each field's level and weight (see below)
``model.json``      the model used, reusable with ``hedui link --model``
``records.parquet`` the prepared records linkage compared (normalised names, completed dates)
``sources.parquet`` the records as their sources wrote them, with ``recorded_date`` and spouse
``duplicates.csv``  pairs from one source merged as the same person entered twice
``ambiguous.csv``   pairs kept apart for a person to check
``quarantine.csv``  rows kept out of linkage, with the reason
``evaluation.json`` written by ``hedui evaluate``: the linkage measured against a known truth
``link.json``       the format version, written last
``.hedui-tmp/``     the engine's spill files while a run works, removed when it ends
==================  ==========================================================================

``links.parquet`` is sorted by ``unique_id_l`` in small row groups, and beside it
``links_by_right.parquet`` holds ``unique_id_r, unique_id_l`` of the same pairs sorted by
``unique_id_r``, so that one record's pairs are found without reading every pair
(:mod:`hedui.linkage.pair_index`). Neither is required: a directory an older hedui wrote has
its pairs in no order and no ``links_by_right.parquet``, and a record's pairs are then
filtered from the whole of ``links.parquet``.

The Spark engine also writes ``clusters.parquet``, ``duplicates.parquet`` and
``ambiguous.parquet`` (:data:`PARQUET_COPIES`).

**Format versions.** 2 (:data:`FORMAT_VERSION`): ``link.json`` records the version, and every
file above but ``evaluation.json`` must be there. 1: a directory an older hedui wrote, without
``link.json``: runs kept by the web application and the store are of this kind, so it still
opens; :meth:`LinkDir.open` checks ``clusters.csv`` and ``records.parquet``, and every other
file is checked when it is read (``ambiguous.csv``, which the oldest versions did not write,
reads as no pairs).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from hedui.cache import KeptAnswers, kept_answers
from hedui.errors import LinkDirError, SourceFileError
from hedui.event_dates import PARTIAL_COLUMN
from hedui.linkage.model_io import SavedModel, load_model

__all__ = [
    "AMBIGUOUS",
    "CLUSTERS",
    "DUPLICATES",
    "EVALUATION",
    "FORMAT",
    "FORMAT_VERSION",
    "LINKS",
    "LINKS_BY_RIGHT",
    "MODEL",
    "PARQUET_COPIES",
    "QUARANTINE",
    "RECORDS",
    "SOURCES",
    "TEMPORARY",
    "LinkDir",
    "kept_model",
]

CLUSTERS = "clusters.csv"
LINKS = "links.parquet"
LINKS_BY_RIGHT = "links_by_right.parquet"
MODEL = "model.json"
RECORDS = "records.parquet"
SOURCES = "sources.parquet"
DUPLICATES = "duplicates.csv"
AMBIGUOUS = "ambiguous.csv"
QUARANTINE = "quarantine.csv"
EVALUATION = "evaluation.json"
FORMAT = "link.json"
TEMPORARY = ".hedui-tmp"
FORMAT_VERSION = 2
"""The version :func:`~hedui.linkage.link_files` writes; 1 is a directory without ``link.json``."""

WRITTEN = (CLUSTERS, LINKS, MODEL, RECORDS, SOURCES, DUPLICATES, AMBIGUOUS, QUARANTINE)
"""Every file a run must have (``link.json`` last); it also writes ``links_by_right.parquet``,
which a directory of an older hedui lacks (:data:`LINKS_BY_RIGHT`)."""
PARQUET_COPIES = {
    CLUSTERS: "clusters.parquet",
    DUPLICATES: "duplicates.parquet",
    AMBIGUOUS: "ambiguous.parquet",
}
"""CSV outputs the Spark engine also writes as Parquet, and the copies' names."""

_KEYS = ("source", "record_id")
_CLUSTER_COLUMNS = [*_KEYS, "cluster_id"]
_PAIR_COLUMNS = ("source_l", "record_id_l", "source_r", "record_id_r", "reason")

Problem = tuple[str, str]
"""One problem, in Chinese and in English."""


@dataclass(frozen=True)
class LinkDir:
    """A link directory, checked when opened; its typed readers read only what they are asked.

    Attributes:
        path: The directory.
        version: Its format version (1: written before hedui recorded one).
        checked: Whether :meth:`open` checked it (:meth:`create` and :meth:`at` do not).
    """

    path: Path
    version: int = FORMAT_VERSION
    checked: bool = field(default=False, compare=False)

    @classmethod
    def open(cls, link_dir: LinkDir | Path | str) -> LinkDir:
        """The link directory at ``link_dir``, checked; one already checked is returned as is.

        Raises:
            LinkDirError: the directory does not exist; a file of its format is missing;
                ``clusters.csv`` or ``records.parquet`` lacks its key columns; it was written by
                a newer hedui. Every problem is listed.
        """
        if isinstance(link_dir, LinkDir):
            if link_dir.checked:
                return link_dir
            link_dir = link_dir.path
        path = Path(link_dir)
        if not path.is_dir():
            raise _error(path, [("目录不存在", "it does not exist")])
        # Checked once per version of its files: the web opens a run on every case page, and
        # reading the footer of a county's records.parquet takes milliseconds.
        files = tuple(_file_version(path / name) for name in (FORMAT, *WRITTEN))
        version, problems = _CHECKED.get((str(path), files), lambda: _check(path))
        if problems:
            raise _error(path, list(problems))
        return cls(path, version, checked=True)

    @classmethod
    def create(cls, link_dir: Path | str) -> LinkDir:
        """A directory to write a run into (made if missing), incomplete until
        :meth:`write_format`: an earlier run's ``link.json`` is removed first."""
        path = Path(link_dir)
        path.mkdir(parents=True, exist_ok=True)
        (path / FORMAT).unlink(missing_ok=True)
        return cls(path, FORMAT_VERSION)

    @classmethod
    def at(cls, link_dir: LinkDir | Path | str) -> LinkDir:
        """The directory as it is, unchecked: for writing a file into it (``hedui evaluate``),
        or for what it kept after its other files were purged (the model, the evaluation)."""
        if isinstance(link_dir, LinkDir):
            return link_dir
        return cls(Path(link_dir), FORMAT_VERSION)

    def write_format(self) -> None:
        """Write ``link.json``, the last file of a run: the directory is complete."""
        document = {"format": "hedui link directory", "version": FORMAT_VERSION}
        (self.path / FORMAT).write_text(json.dumps(document) + "\n", encoding="utf-8")

    # Paths, for the writer and for whoever must know a file changed.

    @property
    def clusters_path(self) -> Path:
        """``clusters.csv``."""
        return self.path / CLUSTERS

    @property
    def links_path(self) -> Path:
        """``links.parquet``."""
        return self.path / LINKS

    @property
    def links_by_right_path(self) -> Path:
        """``links_by_right.parquet``: the pairs by their right record (absent in a directory
        an older hedui wrote)."""
        return self.path / LINKS_BY_RIGHT

    @property
    def model_path(self) -> Path:
        """``model.json``."""
        return self.path / MODEL

    @property
    def records_path(self) -> Path:
        """``records.parquet``."""
        return self.path / RECORDS

    @property
    def sources_path(self) -> Path:
        """``sources.parquet``."""
        return self.path / SOURCES

    @property
    def duplicates_path(self) -> Path:
        """``duplicates.csv``."""
        return self.path / DUPLICATES

    @property
    def ambiguous_path(self) -> Path:
        """``ambiguous.csv``."""
        return self.path / AMBIGUOUS

    @property
    def quarantine_path(self) -> Path:
        """``quarantine.csv``."""
        return self.path / QUARANTINE

    @property
    def evaluation_path(self) -> Path:
        """``evaluation.json`` (present once ``hedui evaluate`` saved one)."""
        return self.path / EVALUATION

    @property
    def temporary_path(self) -> Path:
        """``.hedui-tmp/``: where the engine spills while the run works (removed after)."""
        return self.path / TEMPORARY

    def parquet_copies(self) -> list[tuple[Path, Path]]:
        """Each CSV output the Spark engine copies to Parquet, and its copy."""
        return [(self.path / csv, self.path / copy) for csv, copy in PARQUET_COPIES.items()]

    # Typed readers.

    def clusters(self) -> pl.DataFrame:
        """``source, record_id, cluster_id`` of every linked record, as text, in file order."""
        return pl.read_csv(self._file(CLUSTERS), infer_schema=False, columns=_CLUSTER_COLUMNS)

    def records(
        self, columns: Sequence[str] | None = None, *, optional: Sequence[str] = ()
    ) -> pl.DataFrame:
        """``columns`` of ``records.parquet`` (the prepared records; every column when
        ``None``), and those of ``optional`` it has, in that order.

        Raises:
            LinkDirError: the file or one of ``columns`` is missing; all are named.
        """
        return self._parquet(RECORDS, columns, optional)

    def sources(
        self, columns: Sequence[str] | None = None, *, optional: Sequence[str] = ()
    ) -> pl.DataFrame:
        """``columns`` of ``sources.parquet`` (the records as their sources wrote them; every
        column when ``None``), and those of ``optional`` it has, in that order.

        Raises:
            LinkDirError: the file or one of ``columns`` is missing; all are named.
        """
        return self._parquet(SOURCES, columns, optional)

    def scan_records(self) -> pl.LazyFrame:
        """Every column of ``records.parquet``, to be filtered before it is collected."""
        return pl.scan_parquet(self._file(RECORDS))

    def links(self) -> pl.LazyFrame:
        """Every scored pair (``links.parquet``), to be filtered before it is collected."""
        return pl.scan_parquet(self._file(LINKS))

    def duplicates(self) -> pl.DataFrame:
        """The pairs merged as one person entered twice in one source, as text."""
        return pl.read_csv(self._file(DUPLICATES), infer_schema=False)

    def ambiguous(self) -> pl.DataFrame:
        """The pairs kept apart for a person to check, as text; none when an older hedui
        wrote no ``ambiguous.csv``."""
        if self.version < 2 and not self.ambiguous_path.is_file():
            return pl.DataFrame(schema=dict.fromkeys(_PAIR_COLUMNS, pl.Utf8))
        return pl.read_csv(self._file(AMBIGUOUS), infer_schema=False)

    def model(self) -> SavedModel:
        """The model the run used.

        Raises:
            ConfigurationError: ``model.json`` is missing or not a hedui model.
        """
        return load_model(self.model_path)

    def evaluation(self) -> dict[str, Any] | None:
        """What ``hedui evaluate`` saved here, or ``None`` if the run was never evaluated."""
        if not self.evaluation_path.is_file():
            return None
        loaded = json.loads(self.evaluation_path.read_text(encoding="utf-8"))
        return loaded if isinstance(loaded, dict) else None

    def save_evaluation(self, document: dict[str, Any]) -> None:
        """Keep an evaluation of the run beside it, for estimates and reports to show."""
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        self.evaluation_path.write_text(text, encoding="utf-8")

    def partial_dates(self) -> pl.DataFrame | None:
        """``source, record_id, birth_date_partial`` (text) of the records that have one.

        Read from ``records.parquet`` or, failing that, ``sources.parquet``; ``None`` when
        neither holds the column or no record has a partial date (the usual case), so that
        callers join nothing onto a county's three million records for nothing.
        """
        for name in (RECORDS, SOURCES):
            path = self.path / name
            if path.is_file() and PARTIAL_COLUMN in pl.read_parquet_schema(path):
                frame = pl.read_parquet(path, columns=[*_KEYS, PARTIAL_COLUMN])
                dated = frame.filter(pl.col(PARTIAL_COLUMN).is_not_null())
                if dated.is_empty():
                    return None
                return dated.select(pl.all().cast(pl.Utf8))
        return None

    def county(self) -> str:
        """The county the run is about: the most common 6-digit prefix of its villages.

        Raises:
            SourceFileError: no record names a village.
        """
        counties = (
            self.records(["village"])
            .select(pl.col("village").cast(pl.Utf8).str.slice(0, 6).alias("county"))
            .filter(pl.col("county").str.len_chars() == 6)
            .group_by("county")
            .len()
            .sort(["len", "county"], descending=[True, False])
        )
        if counties.is_empty():
            path = self.records_path
            raise SourceFileError(
                f"{path} 中的记录都没有村代码，请用 --area 指定县代码 / no record in {path} "
                f"names a village; give the county code with --area",
                path=str(path),
            )
        return str(counties.item(0, "county"))

    def _file(self, name: str) -> Path:
        path = self.path / name
        if not path.is_file():
            raise _error(self.path, [(f"缺少 {name}", f"{name} is missing")])
        return path

    def _columns(self, name: str) -> list[str]:
        path = self.path / name
        if path.suffix == ".csv":
            return pl.read_csv(path, n_rows=0, infer_schema=False).columns
        return list(pl.read_parquet_schema(path))

    def _parquet(
        self, name: str, columns: Sequence[str] | None, optional: Sequence[str]
    ) -> pl.DataFrame:
        path = self._file(name)
        if columns is None:
            return pl.read_parquet(path)
        present = self._columns(name)
        problems = _absent(name, columns, present)
        if problems:
            raise _error(self.path, problems)
        wanted = [*columns, *(c for c in optional if c in present and c not in columns)]
        return pl.read_parquet(path, columns=wanted)


def kept_model(link_dirs: Iterable[LinkDir | Path | str]) -> Path | None:
    """The ``model.json`` of the first of ``link_dirs`` that still has one (a purge keeps it)."""
    for link_dir in link_dirs:
        path = LinkDir.at(link_dir).model_path
        if path.is_file():
            return path
    return None


_CHECKED: KeptAnswers[tuple[int, tuple[Problem, ...]]] = kept_answers("link directory: checked", 16)
"""What :meth:`LinkDir.open` found in a directory, under the versions of its files."""


def _file_version(path: Path) -> tuple[int, int] | None:
    """``path``'s modification time and size; ``None`` when it is not a file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if path.is_file() else None


def _check(path: Path) -> tuple[int, tuple[Problem, ...]]:
    """The format version of the directory at ``path``, and every problem with it."""
    problems: list[Problem] = []
    version = _read_version(path, problems)
    required = WRITTEN if version >= 2 else (CLUSTERS, RECORDS)
    problems += [(f"缺少 {n}", f"{n} is missing") for n in required if not (path / n).is_file()]
    opened = LinkDir(path, version)
    for name, keys in ((CLUSTERS, _CLUSTER_COLUMNS), (RECORDS, _KEYS)):
        if (path / name).is_file():
            try:
                present = opened._columns(name)
            except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError):
                problems.append((f"{name} 无法读取", f"{name} cannot be read"))
            else:
                problems += _absent(name, keys, present)
    return version, tuple(problems)


def _read_version(path: Path, problems: list[Problem]) -> int:
    """The format version ``link.json`` records; 1 without one."""
    record = path / FORMAT
    if not record.is_file():
        return 1
    try:
        version = json.loads(record.read_text(encoding="utf-8")).get("version")
    except (ValueError, AttributeError):
        version = None
    if not isinstance(version, int) or version < 1:
        problems.append((f"{FORMAT} 无法识别", f"{FORMAT} is not understood"))
        return FORMAT_VERSION
    if version > FORMAT_VERSION:
        problems.append(
            (
                f"格式版本 {version} 比本 hedui 能读的 {FORMAT_VERSION} 新（或请升级 hedui）",
                f"its format version {version} is newer than this hedui reads "
                f"({FORMAT_VERSION}; or upgrade hedui)",
            )
        )
    return version


def _absent(name: str, wanted: Sequence[str], present: Sequence[str]) -> list[Problem]:
    missing = [c for c in wanted if c not in present]
    if not missing:
        return []
    zh, en = "、".join(missing), ", ".join(missing)
    return [(f"{name} 缺少列 {zh}", f"{name} lacks the columns {en}")]


def _error(path: Path, problems: list[Problem]) -> LinkDirError:
    """The one error for an unreadable link directory: every problem, and what to do."""
    return LinkDirError(
        f"链接结果目录 {path} 无法读取：{'；'.join(zh for zh, _ in problems)}。请重新运行 "
        f"hedui link … --out {path} / the link directory {path} cannot be read: "
        f"{'; '.join(en for _, en in problems)}; run `hedui link ... --out {path}` again",
        path=str(path),
    )
