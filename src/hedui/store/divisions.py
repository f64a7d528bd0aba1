"""Divisions: the county's townships and villages by code and name, so people read 胜利村.

A clerk writes 胜利村, never 320924101201; the store keeps codes because names repeat (two
townships may each have a 胜利村) and change (a village merged in 2019 keeps its people's old
records). One row per division: its 6-, 9- or 12-digit code, its current name, the names and
codes it was known by before a merger or renumbering, and optionally the dates it was valid.

:func:`division_names` is what every page and export asks for a name: the current name of each
code *and* of each former code (an old record's 320924101005, merged into 胜利村, shows
胜利村). It is cached per database for a minute, since a county's division list changes a few
times a decade and every page of every user reads it; an import in this process clears the
cache at once, and one in another process shows as soon as the number of divisions changes.
:func:`place_label` turns a code into ``胜利村（…201）``.

Every page names places (the header names the user's area), so the web asks
:class:`PageDivisionNames` instead: the cached names with no database session at all while they
were counted within :data:`CHECK_SECONDS`, :func:`division_names` in a session of its own
otherwise. Opening that session and counting was three quarters of the time a simple page took
to render (the login page on SQLite: 280 µs a render with it, 60 µs without); once a second per
process costs nothing, and another process's import (``hedui divisions import``) still shows
within the second.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from threading import Lock
from typing import Any

from sqlalchemy import JSON, Date, Engine, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from hedui.store.areas import AreaLevel, area_level, is_within
from hedui.store.base import Base, str_enum

__all__ = [
    "CACHE_SECONDS",
    "CHECK_SECONDS",
    "Division",
    "DivisionNames",
    "PageDivisionNames",
    "VillageChoice",
    "division_names",
    "forget_division_names",
    "place_label",
    "village_choices",
]

CACHE_SECONDS = 60.0
"""How long one process trusts its copy of the division names before reading them again."""
CHECK_SECONDS = 1.0
"""How long pages use a process's copy without counting the divisions again
(:class:`PageDivisionNames`)."""


class Division(Base):
    """One county, township or village: code, name, and what it was called before."""

    __tablename__ = "divisions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    level: Mapped[AreaLevel] = mapped_column(str_enum(AreaLevel, 8))
    name: Mapped[str] = mapped_column(String(64), index=True)
    former_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    former_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"Division(code={self.code!r}, name={self.name!r})"


@dataclass(frozen=True)
class VillageChoice:
    """A village (or township) a picker offers: its code, name and the township's name."""

    code: str
    name: str
    township: str
    former_names: tuple[str, ...]

    @property
    def label(self) -> str:
        """``胜利村（新河镇）``: the name, with its township to tell two 胜利村 apart."""
        return f"{self.name}（{self.township}）" if self.township else self.name


@dataclass(frozen=True)
class DivisionNames:
    """The names of one database's divisions: code (current or former) → current name."""

    names: dict[str, str]
    choices: tuple[VillageChoice, ...]

    def name(self, code: str | None) -> str | None:
        """The name of ``code``, or ``None`` when the code is not in the list."""
        return self.names.get(code) if code else None


@dataclass(frozen=True)
class _Kept:
    """One database's cached names: when they were read, and last counted, and the count."""

    loaded: float
    counted: float
    count: int
    names: DivisionNames


_cache: dict[str, _Kept] = {}
_lock = Lock()


def division_names(session: Session) -> DivisionNames:
    """Every division's name, cached per database.

    The cache is checked against the number of divisions on every call (one count of a small
    table), so an import by another process shows at once; a renamed division shows within
    :data:`CACHE_SECONDS`.
    """
    key = _cache_key(session)
    now = time.monotonic()
    count = session.scalar(select(func.count()).select_from(Division)) or 0
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.count == count and now - cached.loaded < CACHE_SECONDS:
            _cache[key] = _Kept(cached.loaded, now, count, cached.names)
            return cached.names
    loaded = _load(session)
    with _lock:
        _cache[key] = _Kept(now, now, count, loaded)
    return loaded


class PageDivisionNames:
    """The division names of one database as its pages show them, mostly without a session.

    Calling it gives the names :func:`division_names` last counted for this database if that
    was within ``check_seconds`` (so a process's pages count the divisions at most once a
    second, whichever page or view counted); otherwise it opens a session of its own and asks
    :func:`division_names`. The cache and its invalidation are :func:`division_names`'s: an
    import in this process (:func:`forget_division_names`) shows on the next page, one in
    another process within ``check_seconds``, a rename within :data:`CACHE_SECONDS` and
    ``check_seconds``.
    """

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session],
        *,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self._key = _engine_key(engine)
        self._sessions = sessions
        self._check_seconds = check_seconds

    def __call__(self, session: Session | None = None) -> DivisionNames:
        """The names, counted within ``check_seconds``; counted again through ``session`` (the
        page's own, so no second connection) or else a session of its own."""
        with _lock:
            kept = _cache.get(self._key)
        if kept is not None and time.monotonic() - kept.counted < self._check_seconds:
            return kept.names
        if session is not None:
            return division_names(session)
        with self._sessions() as own:
            return division_names(own)


def forget_division_names() -> None:
    """Drop the cached names (after an import) so the next page reads the new list."""
    with _lock:
        _cache.clear()


def place_label(code: str | None, names: DivisionNames | dict[str, str]) -> str:
    """``胜利村（…201）``: a code's name with the code's last three digits; the code itself when
    the name is unknown; ``""`` for no code.

    Three digits tell villages of one township apart (the rest of the code is the township's
    and the county's, which the page already says) and let a user match the paper form.
    """
    if not code:
        return ""
    lookup = names.names if isinstance(names, DivisionNames) else names
    name = lookup.get(code)
    return f"{name}（…{code[-3:]}）" if name else code


def village_choices(
    names: DivisionNames, typed: str, *, area_code: str, limit: int = 20
) -> list[VillageChoice]:
    """The villages and townships inside ``area_code`` whose name (or former name) contains
    ``typed``, names that start with it first: type 胜利, choose 胜利村."""
    wanted = typed.strip()
    if not wanted:
        return []
    found = [
        choice
        for choice in names.choices
        if is_within(choice.code, area_code)
        and any(wanted in name for name in (choice.name, *choice.former_names))
    ]
    found.sort(key=lambda c: (not c.name.startswith(wanted), len(c.code), c.name, c.code))
    return found[:limit]


def _cache_key(session: Session) -> str:
    bind: Any = session.get_bind()
    return _engine_key(bind.engine)


def _engine_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _load(session: Session) -> DivisionNames:
    divisions = list(session.scalars(select(Division).order_by(Division.code)))
    names: dict[str, str] = {}
    for division in divisions:
        for former in division.former_codes or []:
            names.setdefault(former, division.name)
    for division in divisions:
        names[division.code] = division.name
    choices = tuple(
        VillageChoice(
            code=division.code,
            name=division.name,
            township=names.get(division.code[:9], "")
            if area_level(division.code) is AreaLevel.VILLAGE
            else "",
            former_names=tuple(division.former_names or []),
        )
        for division in divisions
        if area_level(division.code) is not AreaLevel.COUNTY
    )
    return DivisionNames(names=names, choices=choices)
