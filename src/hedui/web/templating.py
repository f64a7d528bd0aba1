"""Jinja2 templates, one environment per language, and the context every page shares.

Each language gets its own environment with its gettext catalogue installed, so a template's
``_("...")`` and ``{% trans %}`` need nothing from the view. Autoescaping is on for every
template: names typed by clerks end up in pages, and must never become markup.

Every page receives ``user`` (or ``None``), ``csrf_token``, ``locale`` and ``path`` without the
view passing them; views pass only what is particular to the page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from hedui.identity.resident_id import mask
from hedui.store.divisions import DivisionNames, place_label
from hedui.store.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from hedui.web import labels
from hedui.web.case_labels import SOURCE_LABELS, STATUS_LABELS, kind_parts
from hedui.web.i18n import LOCALES, load_translations, locale_of, one_language

__all__ = ["CHINA_TIME", "TEMPLATE_DIR", "Templates"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
CHINA_TIME = timezone(timedelta(hours=8), "CST")
"""China Standard Time: one zone, no daylight saving since 1991, so a fixed offset is exact."""


def _local_time(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def _iso_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _masked(value: str | None) -> str:
    return "" if not value else mask(value)


@pass_context
def _place(context: Context, code: str | None) -> str:
    """``胜利村（…201）`` for a division code, the code itself when its name is unknown."""
    places = context.get("places")
    return place_label(code, places if isinstance(places, DivisionNames) else {})


def _places(request: Request) -> DivisionNames | None:
    """The division names of the request's database, for ``| place``: the application's
    :class:`~hedui.store.divisions.PageDivisionNames`, which opens no session while its copy
    is current (every page names places; a session and a count were most of a simple page's
    render)."""
    hedui = getattr(request.app.state, "hedui", None)
    if hedui is None:
        return None
    names: DivisionNames = hedui.places()
    return names


def _remembering_gettext(translate: Callable[[str], str]) -> Callable[..., Markup]:
    """``_()`` of the templates: what Jinja's own (newstyle, autoescaping) gives — the
    translation as markup, formatted with its escaped variables — with each message that has
    no variables translated once. A page calls ``_()`` a few hundred times (menus, labels, each
    card's words), and Jinja's went through the template context twice per call: 8% of the
    server's CPU in a clerk's day. Every template is HTML, so autoescaping is always on."""
    done: dict[str, Markup] = {}

    def gettext(message: str, /, **variables: Any) -> Markup:
        if variables:
            return Markup(translate(message)) % variables
        translated = done.get(message)
        if translated is None:
            translated = done[message] = Markup(translate(message)) % {}
        return translated

    return gettext


_PART_WORDS = frozenset(
    [*labels.FIELD_LABELS.values(), *labels.EVENT_LABELS.values(), *SOURCE_LABELS.values()]
)
"""The labels a finding kind's parts may name (:func:`~hedui.web.case_labels.kind_parts`)."""


def _case_words(gettext: Callable[..., Markup]) -> dict[str, Callable[[str], Markup]]:
    """``kind_label(kind)`` and ``status_tag(status)`` of one language, each kind and status
    worded once per process: a case list names 25 of each, and as macros they were a tenth of
    its render."""

    @functools.lru_cache(maxsize=1024)
    def kind_label(kind: str) -> Markup:
        message, parts = kind_parts(kind)
        if message == kind and not parts:
            return escape(kind)  # a kind hedui has no words for is shown as its code
        words = {
            # a part hedui has no words for (a source of another name) is shown as written
            name: gettext(label) if label in _PART_WORDS else escape(label)
            for name, label in parts.items()
        }
        return gettext(message, **words)

    @functools.lru_cache(maxsize=64)
    def status_tag(status: str) -> Markup:
        return Markup('<span class="tag tag-status-{}">{}</span>').format(
            status, gettext(STATUS_LABELS[status])
        )

    return {"kind_label": kind_label, "status_tag": status_tag}


class Templates:
    """The template environments of one application, and the render helpers views use."""

    def __init__(self, directory: Path = TEMPLATE_DIR) -> None:
        self._environments = {locale: self._environment(directory, locale) for locale in LOCALES}

    @staticmethod
    def _environment(directory: Path, locale: str) -> Environment:
        environment = Environment(
            loader=FileSystemLoader(directory),
            autoescape=select_autoescape(["html"]),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # The templates are files of the installed package: looking at each one's time on
            # every render (three or four a page) buys nothing in a running server.
            auto_reload=False,
        )
        translations = load_translations(locale)
        environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        gettext = _remembering_gettext(translations.gettext)
        environment.globals.update(_=gettext, **_case_words(gettext))
        environment.filters.update(
            local_time=_local_time, iso_date=_iso_date, masked=_masked, place=_place
        )
        environment.filters["one_language"] = lambda message: one_language(str(message), locale)
        environment.globals.update(
            EVENT_LABELS=labels.EVENT_LABELS,
            ROLE_LABELS=labels.ROLE_LABELS,
            SEX_LABELS=labels.SEX_LABELS,
            ACTION_LABELS=labels.ACTION_LABELS,
            TARGET_LABELS=labels.TARGET_LABELS,
            field_labels=labels.FIELD_LABELS,
            SOURCE_LABELS=SOURCE_LABELS,
            MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH,
            MAX_PASSWORD_LENGTH=MAX_PASSWORD_LENGTH,
        )
        return environment

    def environment(self, locale: str) -> Environment:
        """The template environment of ``locale`` (one of :data:`hedui.web.i18n.LOCALES`), with
        its catalogue, filters and globals installed.

        Raises:
            KeyError: ``locale`` is not one of the application's languages.
        """
        return self._environments[locale]

    def render_text(self, request: Request, name: str, context: Mapping[str, Any]) -> str:
        """Render ``name`` in the request's language with the shared context added."""
        locale = locale_of(request)
        shared = {
            "request": request,
            "user": getattr(request.state, "user", None),
            "csrf_token": getattr(request.state, "csrf_token", ""),
            "locale": locale,
            "path": request.url.path,
            "query": request.url.query,
            "places": _places(request),
        }
        return self.environment(locale).get_template(name).render({**shared, **context})

    def render(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        """An HTML response of template ``name``."""
        body = self.render_text(request, name, context or {})
        return HTMLResponse(body, status_code=status_code, headers=headers)
