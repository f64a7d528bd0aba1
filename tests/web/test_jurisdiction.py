"""Every route, for every role: the right people get in, others get 403, other areas get 404.

The walk introspects ``app.routes``: a route added later without an access rule fails
:func:`test_every_route_declares_an_access_rule`, and one whose rule or scoping is wrong fails
:func:`test_every_route_for_every_role`. A path parameter this test does not know how to fill
fails too, so whoever adds it decides which area its sample belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount

from hedui.store.areas import is_within
from hedui.web.jurisdiction import access_roles

from .conftest import CHILD_ID, MOTHER_ID, USERS, VILLAGE_A1, Site, build_site, form
from .views.casework import add_case, add_job


def _walk(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's include_router wrapper
        if included is not None:
            yield from _walk(included.routes)
        elif isinstance(route, Mount):
            assert route.path == "/static", f"unexpected mount {route.path}"
        else:
            assert isinstance(route, APIRoute), f"unexpected route type {route!r}"
            yield route


def _api_routes(site: Site) -> list[APIRoute]:
    routes = list(_walk(site.app.routes))
    assert len(routes) >= 20  # the walk must see the pages, not stop at the wrapper
    return routes


def test_every_route_declares_an_access_rule(site: Site) -> None:
    missing = [r.path for r in _api_routes(site) if access_roles(r) is None]
    assert missing == []


def _samples(site: Site) -> dict[str, tuple[str, str | None]]:
    """Path parameter → (value, area of the thing it names, or None when it names no area)."""
    record = site.add_birth(VILLAGE_A1)
    return {
        "record_id": (str(record), VILLAGE_A1),
        "user_id": (str(site.user_ids["clerk"]), USERS["clerk"][1]),
        "event": ("birth", None),
        "enrolment_id": ("1", VILLAGE_A1),  # health pages: every role here gets 403 first
        "case_id": (str(add_case(site, VILLAGE_A1)), VILLAGE_A1),
        "job_id": (str(add_job(site, "320924101")), "320924101"),
        "code": ("cervical_screening", None),  # a health programme: no area
    }


def _fill(route: APIRoute, samples: dict[str, tuple[str, str | None]]) -> tuple[str, str | None]:
    unknown = set(route.param_convertors) - set(samples)
    assert not unknown, f"{route.path}: add a sample for path parameters {unknown}"
    path, area = route.path, None
    for name in route.param_convertors:
        value, sample_area = samples[name]
        path = re.sub(r"\{" + name + r"(:\w+)?\}", value, path)
        area = sample_area or area
    return path, area


def _expected(route: APIRoute, actor: str | None, area: str | None) -> str:
    roles = access_roles(route)
    assert roles is not None
    if not roles:
        return "public"
    if actor is None:
        return "login"
    role, user_area = USERS[actor]
    if role not in roles:
        return "forbidden"
    if area is not None and not is_within(area, user_area):
        return "not found"
    return "allowed"


def _check(status: int, location: str, expected: str) -> bool:
    return {
        "public": status < 500 and status not in (403, 404),
        "login": status == 303 and location.startswith("/login"),
        "forbidden": status == 403,
        "not found": status == 404,
        "allowed": status < 500 and status not in (401, 403, 404),
    }[expected]


def test_every_route_for_every_role(tmp_path: Path) -> None:
    # A fresh copy of the database per request: a POST (disable a user, reset a password, log
    # out) must not change what the next request sees.
    probe = build_site(tmp_path / "probe")
    cookies = {actor: dict(probe.client(actor).cookies) for actor in [None, *USERS]}
    failures = []
    copies = 0
    for route in _api_routes(probe):
        for method in sorted(route.methods):
            for actor in [None, *USERS]:
                copies += 1
                site = probe.clone(tmp_path / str(copies))
                path, area = _fill(route, _samples(site))
                client = site.client(cookies=cookies[actor])
                response = client.request(
                    method, path, data=form(client) if method != "GET" else None
                )
                expected = _expected(route, actor, area)
                location = response.headers.get("location", "")
                if not _check(response.status_code, location, expected):
                    failures.append(
                        f"{method} {path} as {actor}: {response.status_code}, expected {expected}"
                    )
                if not route.path.endswith("/reveal"):
                    assert CHILD_ID not in response.text and MOTHER_ID not in response.text, (
                        f"{method} {path} as {actor} shows a full ID number"
                    )
    assert failures == []


@pytest.mark.parametrize("path", ["/records/999999", "/records/abc", "/no-such-page"])
def test_unknown_paths_are_404_pages(site: Site, path: str) -> None:
    response = site.client("admin").get(path)
    assert response.status_code == 404
    assert "出错了" in response.text and "(404)" in response.text
