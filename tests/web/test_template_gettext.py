"""The templates' ``_()`` remembers translations without variables; for every message of the
catalogues, with or without (hostile) variables, it renders what Jinja's own gettext renders."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from hedui.web.i18n import LOCALES, extract_catalog, load_translations
from hedui.web.templating import Templates

MESSAGES = sorted({str(m.id) for m in extract_catalog() if m.id and isinstance(m.id, str)})
TEMPLATE = "{{ _(message) }}|{{ _(message, **variables) }}|{{ _(message) }}"


@functools.cache
def _jinjas_own(locale: str) -> Environment:
    environment = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    environment.install_gettext_translations(load_translations(locale), newstyle=True)  # type: ignore[attr-defined]
    return environment


@functools.cache
def _ours(locale: str) -> Environment:
    return Templates().environment(locale)


def _render(environment: Environment, message: str, variables: dict[str, str]) -> str:
    try:
        return environment.from_string(TEMPLATE).render(message=message, variables=variables)
    except (KeyError, ValueError, TypeError) as error:  # a message needing other variables
        return f"error: {type(error).__name__}"


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=60, deadline=None)
@given(
    message=st.sampled_from(MESSAGES),
    value=st.text(alphabet="<>&\"'%s()abc汉字", max_size=12),
)
def test_the_remembering_gettext_renders_as_jinjas_own(
    locale: str, message: str, value: str
) -> None:
    ours = _ours(locale)
    names = {"count", "total", "number", "pages", "days", "name", "masked"}
    variables = {name: value for name in names}
    assert _render(ours, message, variables) == _render(_jinjas_own(locale), message, variables)


def test_a_page_is_the_same_twice_and_names_are_escaped() -> None:
    ours = Templates().environment("zh_CN")
    template = ours.from_string('{{ _("%(count)s current records", count=n) }} {{ _("Cases") }}')
    first = template.render(n="<b>5</b>")
    assert first == template.render(n="<b>5</b>")
    assert "&lt;b&gt;5&lt;/b&gt;" in first and "<b>" not in first
