"""Library messages are bilingual; a page shows the reader's half."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hedui.web.i18n import one_language

CHINESE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1)
ENGLISH = st.from_regex(r"[a-z][a-z ,;:']{0,30}[a-z]", fullmatch=True)


@given(CHINESE, ENGLISH)
def test_a_bilingual_message_splits_into_its_halves(chinese: str, english: str) -> None:
    message = f"{chinese} / {english}"
    assert one_language(message, "zh_CN") == chinese
    assert one_language(message, "en") == english


def test_nested_hints_labels_and_plain_messages() -> None:
    nested = "事项 3 当前为“已解决”；已结案，不能再更改 / it is closed / case 3 is resolved"
    assert one_language(nested, "zh_CN") == "事项 3 当前为“已解决”；已结案，不能再更改"
    assert one_language(nested, "en") == "it is closed case 3 is resolved"
    assert one_language("命令行 command line", "zh_CN") == "命令行"
    assert one_language("命令行 command line", "en") == "command line"
    assert one_language("王小明", "en") == "王小明"
    assert one_language("plain words", "zh_CN") == "plain words"
