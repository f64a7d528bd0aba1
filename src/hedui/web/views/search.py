"""找人: find a person by name, pinyin, ID (full or last digits) or mother, within one's area.

``/search`` shows the people found, grouped across sources (the newest reconciliation's
clusters, else shared ID or name and birth date) and ranked by how well they match;
``/places/villages`` is the village picker's list: type 胜利, choose 胜利村.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from hedui.cache import KeptAnswers, kept_answers
from hedui.errors import HeduiError, InvalidInputError, StoreError
from hedui.linkage.link_dir import LinkDir
from hedui.runs.covering import covering_run
from hedui.store.db import transaction
from hedui.store.divisions import village_choices
from hedui.store.records import Record
from hedui.store.search import (
    Match,
    group_people,
    parse_query,
    search_records,
)
from hedui.store.search_keys import index_new_records
from hedui.web.case_labels import SOURCE_LABELS
from hedui.web.filters import reject_unknown_filters
from hedui.web.i18n import N_
from hedui.web.jurisdiction import RegistryUser
from hedui.web.state import DbSession, get_state

router = APIRouter()

SEARCH_FILTERS = ("q", "by")
PICKER_TARGETS = ("/records", "/cases", "/search")
_MAX_PEOPLE = 50

MATCH_LABELS: dict[str, str] = {
    Match.ID.name: N_("Same ID number"),
    Match.NAME.name: N_("Same name"),
    Match.SAME_SOUND.name: N_("Name sounds the same"),
    Match.ID_TAIL.name: N_("ID ends with these digits"),
    Match.NAME_START.name: N_("Name begins so"),
    Match.INITIALS.name: N_("Same initials"),
}
"""How a person matched, in words (by :class:`~hedui.store.search.Match` name)."""


@router.get("/search")
def search_page(
    request: Request, session: DbSession, user: RegistryUser, q: str = "", by: str = ""
) -> Response:
    """The search box, and the people it found."""
    reject_unknown_filters(request, SEARCH_FILTERS)
    if by not in ("", "mother"):
        raise InvalidInputError(
            f"不认识的查找方式“{by}”：请按本人或按母亲查找 / unknown search mode {by!r}"
        )
    mother = by == "mother"
    context: dict[str, object] = {
        "q": q,
        "by": by,
        "people": [],
        "searched": False,
        "SOURCE_LABELS": SOURCE_LABELS,
        "MATCH_LABELS": MATCH_LABELS,
    }
    if q.strip():
        query = parse_query(q)
        _key_new_entries(session)
        with transaction(session):
            hits = search_records(
                session, query, area_code=user.area_code, mother=mother, key_new_entries=False
            )
            run = covering_run(session, user.area_code)
        link_dir = None if run is None or run.finished_at is None else run.link_dir
        people = group_people(hits, _cluster_lookup(link_dir))
        context.update(
            people=people[:_MAX_PEOPLE],
            more=max(0, len(people) - _MAX_PEOPLE),
            searched=True,
            kind=query.kind,
        )
    return get_state(request).templates.render(request, "search/page.html", context)


def _key_new_entries(session: Session) -> None:
    """Key the entries added since the last search, in a transaction of its own: when saves
    hold the database at that moment, the search goes on with the keys there are (the next
    search keys the newest entries) instead of failing the officer's search."""
    try:
        with transaction(session):
            index_new_records(session)
    except StoreError:
        pass


@router.get("/places/villages")
def village_picker(
    request: Request,
    session: DbSession,
    user: RegistryUser,
    q: str = "",
    village: str = "",
    to: str = "/records",
) -> Response:
    """The villages and townships of the user's area whose name contains ``q`` (or
    ``village``, as the list's filter box sends it), each a link to ``to`` filtered by it."""
    reject_unknown_filters(request, ("q", "village", "to"))
    target = to if to in PICKER_TARGETS else "/records"
    typed = q or village
    places = get_state(request).places(session)
    choices = village_choices(places, typed, area_code=user.area_code)
    context = {"choices": choices, "q": typed, "to": target}
    return get_state(request).templates.render(request, "search/_villages.html", context)


def _cluster_lookup(link_dir: str | None) -> Callable[[Record], str | None] | None:
    """Which cluster of the newest run an entry is in (``None`` when there is no run)."""
    if link_dir is None:
        return None
    try:
        path = Path(link_dir) / "clusters.csv"
        version = (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        clusters = _RUN_CLUSTERS.get(version, lambda: _clusters(path))
    except (OSError, HeduiError):
        return None
    return lambda record: clusters.get((record.source, record.record_id))


_RUN_CLUSTERS: KeptAnswers[dict[tuple[str, str], str]] = kept_answers("search: a run's clusters", 2)
"""Kept under the clusters file's path, modification time and size (:mod:`hedui.cache`)."""


def _clusters(path: Path) -> dict[tuple[str, str], str]:
    """``(source, record_id) → cluster_id`` of one run."""
    frame = LinkDir.open(path.parent).clusters()
    return {
        (source, record_id): cluster
        for source, record_id, cluster in zip(
            frame["source"], frame["record_id"], frame["cluster_id"], strict=True
        )
    }
