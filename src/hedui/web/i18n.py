"""Translations: Simplified Chinese by default, English on request, from gettext catalogues.

Message ids are English (as code is); ``locale/zh_CN/LC_MESSAGES/messages.po`` holds the Chinese
every user sees by default and ``locale/en/...`` the English, which is mostly the message ids
themselves. A feature may keep its strings in a catalogue of its own beside ``messages.po``
(``health.po``, ``cases.po`` ...): every ``.po`` file of a locale is read and merged, so features
built side by side do not edit one file. The ``.po`` files are compiled in memory at start-up,
so there is no ``.mo`` file to forget to rebuild, and a test checks that every string in the
templates and in the code marked with :func:`N_` has a Chinese translation.

The chosen language lives in the ``hedui_lang`` cookie; there is no ``Accept-Language``
negotiation, because county offices use browsers set to English as often as to Chinese and the
office's language is Chinese either way.

``python -m hedui.web.i18n`` re-extracts the strings and updates both locales, keeping the
existing translations, dropping obsolete ids from every file and adding new message ids (with an
empty translation to fill in) to ``messages.po``.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations
from starlette.requests import Request

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "LOCALE_COOKIE",
    "N_",
    "catalogue_problems",
    "extract_catalog",
    "load_translations",
    "locale_of",
    "one_language",
    "update_catalogues",
]

LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"
LOCALE_COOKIE = "hedui_lang"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
PACKAGE_DIR = Path(__file__).resolve().parent
DOMAIN = "messages"

_METHOD_MAP = [("templates/**.html", "jinja2"), ("**.py", "python")]
_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def N_(message: str) -> str:
    """Mark a string for translation without translating it here; a template translates it."""
    return message


def locale_of(request: Request) -> str:
    """The request's language: the ``hedui_lang`` cookie if it names a known locale."""
    chosen = request.cookies.get(LOCALE_COOKIE)
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def one_language(message: str, locale: str) -> str:
    """The half of a bilingual message (``"请选择负责人 / choose who will check this case"``)
    in ``locale``.

    hedui's library messages are written ``中文 / English`` so the command line can print them
    whole; a page shows one language. The message is cut at every `` / ``: the parts with
    Chinese characters are the Chinese half, the others the English half (a message whose hint
    is itself bilingual, ``中文；提示 / hint / English``, comes apart the same way); a short label
    ``中文 English`` (``命令行 command line``) at its first space before the English. A message
    with no Chinese part, or no English one, is returned as it is.
    """
    paired = _CHINESE_THEN_ENGLISH.match(message)
    if paired is not None and " / " not in message:
        return paired["zh"] if locale == DEFAULT_LOCALE else paired["en"]
    parts = message.split(" / ")
    chinese = [part.strip() for part in parts if _has_cjk(part)]
    english = [part.strip() for part in parts if not _has_cjk(part)]
    if not chinese or not english:
        return message
    return " ".join(chinese) if locale == DEFAULT_LOCALE else " ".join(english)


_CHINESE_THEN_ENGLISH = re.compile(
    r"^(?P<zh>[^\x00-\x7f][^A-Za-z]*?)\s+(?P<en>[A-Za-z][\x00-\x7f]*)$"
)
"""A short label ``中文 English`` (``命令行 command line``): Chinese, a space, then ASCII."""


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" for char in text)


def _po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _po_paths(locale: str) -> list[Path]:
    """Every catalogue file of a locale: ``messages.po`` first, then the others by name."""
    others = sorted(p for p in _po_path(locale).parent.glob("*.po") if p != _po_path(locale))
    return [_po_path(locale), *others]


def _read_file(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _read(locale: str) -> Catalog:
    """All of a locale's catalogue files merged into one (a message id in two files: the first)."""
    merged: Catalog | None = None
    for path in _po_paths(locale):
        catalog = _read_file(path, locale)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id and message.id not in merged:
                merged[message.id] = message
    assert merged is not None
    return merged


def load_translations(locale: str) -> Translations:
    """Compile one locale's ``.po`` file in memory and return it as gettext translations."""
    buffer = io.BytesIO()
    write_mo(buffer, _read(locale))
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def extract_catalog() -> Catalog:
    """Every translatable string of the web package: template ``_()``/``trans`` and code ``N_``."""
    catalog = Catalog(domain=DOMAIN)
    found = extract_from_dir(
        str(PACKAGE_DIR), _METHOD_MAP, options_map=_OPTIONS, keywords=_KEYWORDS
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    return catalog


def catalogue_problems() -> list[str]:
    """What is out of step: strings missing from a catalogue, obsolete ones, untranslated ones."""
    wanted = {_key(m.id) for m in extract_catalog() if m.id}
    problems: list[str] = []
    for locale in LOCALES:
        catalog = _read(locale)
        have = {_key(m.id) for m in catalog if m.id}
        problems += [f"{locale}: missing {message!r}" for message in sorted(wanted - have)]
        problems += [f"{locale}: obsolete {message!r}" for message in sorted(have - wanted)]
        if locale == DEFAULT_LOCALE:
            problems += [
                f"{locale}: untranslated {_key(m.id)!r}"
                for m in catalog
                if m.id and not _translated(m.string)
            ]
    return problems


def update_catalogues(locales: Iterable[str] = LOCALES) -> None:
    """Bring each ``.po`` file in step with the extracted strings, keeping translations."""
    template = extract_catalog()
    wanted = {_key(m.id) for m in template if m.id}
    for locale in locales:
        elsewhere: set[str] = set()
        for path in _po_paths(locale)[1:]:
            catalog = _read_file(path, locale)
            for message in list(catalog):
                if message.id and _key(message.id) not in wanted:
                    del catalog[message.id]
            elsewhere |= {_key(m.id) for m in catalog if m.id}
            _write(path, catalog)
        main = _read_file(_po_path(locale), locale)
        main.update(template, no_fuzzy_matching=True)
        main.obsolete.clear()
        for message in list(main):
            if message.id and _key(message.id) in elsewhere:
                del main[message.id]
        _write(_po_path(locale), main)


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, include_lineno=False)


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    """The singular id of a message (plural messages have a tuple or list of ids)."""
    return message_id if isinstance(message_id, str) else message_id[0]


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if string is None or isinstance(string, str):
        return bool(string)
    return all(string)


if __name__ == "__main__":
    update_catalogues()
    sys.exit(0)
