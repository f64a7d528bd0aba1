"""Tests for hedui.sources.encoding: UTF-8 (with or without BOM), GBK/GB18030, and refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import EncodingError
from hedui.sources.encoding import decode_text, looks_like_utf16, to_utf8


def test_decode_text_utf8_without_bom() -> None:
    data = "姓名,性别\n张三,男\n".encode()
    assert decode_text(data, path="a.csv") == ("姓名,性别\n张三,男\n", "utf-8")


def test_decode_text_utf8_with_bom_drops_the_bom() -> None:
    data = "\ufeff姓名\n张三\n".encode()
    assert decode_text(data, path="a.csv") == ("姓名\n张三\n", "utf-8-sig")


def test_to_utf8_strips_the_bom_without_reencoding() -> None:
    data = b"\xef\xbb\xbfname\n" + "李娜\n".encode()
    assert to_utf8(data, path="a.csv") == ("name\n李娜\n".encode(), "utf-8-sig")


def test_decode_text_gbk_is_read_as_gb18030() -> None:
    # What Excel on Chinese Windows writes for "Save as CSV": code page 936 (GBK).
    data = "姓名,性别,住址\n张三,男,某村3组\n".encode("gbk")
    assert decode_text(data, path="ledger.csv") == ("姓名,性别,住址\n张三,男,某村3组\n", "gb18030")


def test_to_utf8_converts_gb18030_characters_gbk_lacks() -> None:
    # 𠮷 (U+20BB7, in some surnames' variants) has no GBK code; GB18030 gives it four bytes.
    text = "姓名\n𠮷丽\n"
    converted, encoding = to_utf8(text.encode("gb18030"), path="a.csv")
    assert (converted.decode("utf-8"), encoding) == (text, "gb18030")


def test_decode_text_latin1_names_file_and_first_bad_byte() -> None:
    # "name,city\n" is 10 bytes and "Jos" 3 more, so é (0xE9) is at offset 13, on line 2.
    # 0xE9 followed by "," (0x2C) is not GB18030 either: its trail byte must be 0x30-0xFE.
    data = "name,city\nJosé,Paris\n".encode("latin-1")
    with pytest.raises(EncodingError) as caught:
        decode_text(data, path="export.csv")
    message = str(caught.value)
    assert caught.value.path == "export.csv"
    assert "export.csv" in message
    assert "offset 13" in message
    assert "line 2" in message
    assert "0xE9" in message


def test_decode_text_shift_jis_is_refused() -> None:
    # Half-width katakana ﾃｽﾄ are single bytes C3 BD C4 in Shift-JIS. C3 BD happens to be valid
    # UTF-8 and valid GBK, but C4 followed by "," is neither: offset 10 + 2 = 12.
    data = b"name,note\n" + "ﾃｽﾄ,1\n".encode("shift_jis")
    with pytest.raises(EncodingError, match="offset 12"):
        decode_text(data, path="tokyo.csv")


def test_decode_text_offset_counts_the_bom() -> None:
    # BOM (3 bytes) + "a\n" (2 bytes): the stray 0xFF is byte 5 of the file.
    data = b"\xef\xbb\xbfa\n\xff\n"
    with pytest.raises(EncodingError, match="offset 5"):
        decode_text(data, path="x.csv")


def test_decode_text_utf16_with_and_without_bom() -> None:
    text = "姓名,身份证号\n张三,320924198503071232\n"
    assert decode_text(text.encode("utf-16-le"), path="a.csv") == (text, "utf-16-le")
    assert decode_text(text.encode("utf-16-be"), path="a.csv") == (text, "utf-16-be")
    # Python's "utf-16" writes a byte-order mark (little-endian here); it is dropped.
    assert decode_text(text.encode("utf-16"), path="a.csv") == (text, "utf-16-le")
    assert to_utf8(text.encode("utf-16-le"), path="a.csv") == (text.encode(), "utf-16-le")


def test_decode_text_broken_utf16_is_named_in_the_error() -> None:
    # UTF-16 by its zero bytes, but cut short: the last character has one byte of two.
    data = "ab\n".encode("utf-16-le") + b"A"
    with pytest.raises(EncodingError, match=r"UTF-16 \(utf-16-le\).*offset 6"):
        decode_text(data, path="x.csv")


def test_looks_like_utf16_ignores_a_stray_nul_in_utf8() -> None:
    # One NUL (a control character the reader reports per field) does not make a file UTF-16.
    data = ("姓名,住址\n" + "张三,某村3组\n" * 50).encode() + b"\x00"
    assert looks_like_utf16(data) is None
    assert decode_text(data, path="a.csv")[1] == "utf-8"


@given(st.text())
def test_to_utf8_passes_any_utf8_text_through(text: str) -> None:
    data = text.encode("utf-8")
    # With a byte-order mark the bytes say they are UTF-8. Without one, only text that is at
    # least a tenth zero bytes, all at even or all at odd offsets, is taken for UTF-16; text
    # without NUL never is.
    converted_bom, encoding = to_utf8(b"\xef\xbb\xbf" + data, path="x.csv")
    assert (converted_bom.decode("utf-8"), encoding) == (text, "utf-8-sig")
    if "\x00" not in text:
        assert looks_like_utf16(data) is None
    if looks_like_utf16(data) is None:
        converted, _ = to_utf8(data, path="x.csv")
        assert converted.decode("utf-8") == text.removeprefix("\ufeff")
