"""``kind_label`` and ``status_tag``, the templates' per-language words for case kinds and
statuses: what the macros they replace rendered, a kind hedui has no words for shown as its
escaped code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from hedui.store.cases import CaseStatus
from hedui.web.templating import Templates

TEMPLATES = Templates()


def _render(locale: str, source: str, **context: object) -> str:
    return TEMPLATES.environment(locale).from_string(source).render(**context)


@pytest.mark.parametrize(
    ("locale", "kind", "expected"),
    [
        ("en", "sex_conflict", "Records disagree on Sex"),
        ("en", "birth_missing_in_police_hukou", "Birth missing in Police household register"),
        ("en", "duplicate_in_source", "Entered twice in one source"),
        ("zh_CN", "duplicate_in_source", "同一来源重复登记"),
    ],
)
def test_a_kind_is_worded_in_the_pages_language(locale: str, kind: str, expected: str) -> None:
    assert _render(locale, "{{ kind_label(kind) }}", kind=kind) == expected


@pytest.mark.parametrize("status", list(CaseStatus))
def test_a_status_tag_names_its_status_in_both_languages(status: CaseStatus) -> None:
    english = _render("en", "{{ status_tag(s) }}", s=status.value)
    chinese = _render("zh_CN", "{{ status_tag(s) }}", s=status.value)
    assert english.startswith(f'<span class="tag tag-status-{status.value}">')
    assert english.endswith("</span>") and chinese.endswith("</span>")
    assert english != chinese  # each language its own word


@given(
    st.sampled_from(["", "birth_missing_in_", "death_missing_in_", "<b>_conflict", "x"]),
    st.text(alphabet="<>&\"'ab_ 王", min_size=1, max_size=20),
)
def test_a_kind_hedui_has_no_words_for_is_shown_escaped(head: str, tail: str) -> None:
    """A kind (or the source it names) without words is shown as written, never as markup."""
    words = TEMPLATES.environment("en").globals["kind_label"]
    label = words(head + tail)
    assert isinstance(label, Markup)
    assert "<" not in str(label) and ">" not in str(label)
