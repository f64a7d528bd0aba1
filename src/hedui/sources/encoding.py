"""Which text encoding a source file uses: UTF-8 (with or without BOM), GBK/GB18030 or UTF-16.

Chinese Windows writes "ANSI" text as GBK (code page 936), so a CSV saved by Excel or exported by
an older township system is usually GBK, while newer systems and Excel's "CSV UTF-8" write UTF-8,
often with a byte-order mark. Nothing in the file says which, so both are tried *strictly*, in
this order:

1. UTF-8: multi-byte UTF-8 sequences are so constrained that Chinese GBK text practically never
   decodes as UTF-8 by accident, so a file that decodes is UTF-8.
2. GB18030, the superset of GBK and GB2312 (every GBK file is valid GB18030, and GB18030 also
   covers the rare characters in names that GBK lacks).

A file that is neither (Latin-1, Shift-JIS, a binary file renamed ``.csv``) is refused with the
byte offset and line of the first byte that is not UTF-8, rather than read as mojibake that would
then link nobody.

Before both, UTF-16 is recognised, which Excel writes for "Unicode text" and some database tools
for their exports. With a byte-order mark it says so itself; without one it still shows, because
every comma, digit and line break of a CSV is one ASCII byte next to a zero byte, always on the
same side. Read as UTF-8 such a file would decode (zero bytes are valid UTF-8) into headers no
mapping matches, so the zero bytes are looked for first.
"""

from __future__ import annotations

from typing import Literal

from hedui.errors import EncodingError

__all__ = ["SourceEncoding", "decode_text", "looks_like_utf16", "to_utf8"]

SourceEncoding = Literal["utf-8", "utf-8-sig", "gb18030", "utf-16-le", "utf-16-be"]

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS: dict[bytes, SourceEncoding] = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_SAMPLE = 4096


def to_utf8(data: bytes, *, path: str) -> tuple[bytes, SourceEncoding]:
    """Return the file's bytes as UTF-8 without a BOM, and the encoding they were in.

    UTF-8 input is validated and passed through without re-encoding, so a large UTF-8 file costs
    one validation pass; GB18030 input is decoded and re-encoded.

    Raises:
        EncodingError: the bytes are neither UTF-8 nor GB18030; the message names the file and
            the byte offset and line of the first byte that is not UTF-8.
    """
    text, encoding = decode_text(data, path=path)
    if encoding in ("utf-8", "utf-8-sig"):
        return (data[len(_BOM) :] if encoding == "utf-8-sig" else data), encoding
    return text.encode("utf-8"), encoding


def decode_text(data: bytes, *, path: str) -> tuple[str, SourceEncoding]:
    """Decode the bytes of a source file: UTF-16 if it looks like it, else UTF-8 then GB18030,
    all strictly.

    Raises:
        EncodingError: as for :func:`to_utf8`, or the file looks like UTF-16 but is not.
    """
    utf16 = looks_like_utf16(data)
    if utf16 is not None:
        return _decode_utf16(data, utf16, path), utf16
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            return text[1:], "utf-8-sig"
        return text, "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb_error:
            raise _encoding_error(path, data, utf8_error.start, gb_error.start) from None


def looks_like_utf16(data: bytes) -> SourceEncoding | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes start with that byte-order mark, or when at
    least a tenth of the first 4 KiB's two-byte units have a zero byte, all on the same side
    (a stray NUL in UTF-8 text is far rarer than that); otherwise, or after a UTF-8 byte-order
    mark, ``None``."""
    if data.startswith(_BOM):
        return None
    encoding = _UTF16_BOMS.get(data[:2])
    if encoding is not None and data[:4] != b"\xff\xfe\x00\x00":  # not a UTF-32 mark
        return encoding
    sample = data[:_SAMPLE]
    units = len(sample) // 2
    high, low = sample[0::2].count(0), sample[1::2].count(0)
    if units and max(high, low) * 10 >= units and min(high, low) * 10 <= max(high, low):
        return "utf-16-le" if low > high else "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: SourceEncoding, path: str) -> str:
    body = data[2:] if data[:2] in _UTF16_BOMS else data
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        offset = error.start + len(data) - len(body)
        raise EncodingError(
            f"{path} 看起来是 UTF-16 编码（{encoding}），但在偏移 {offset} 处无法按 UTF-16 读取。"
            "请在 Excel 中用“另存为 → CSV UTF-8”重新导出 / "
            f"{path} looks like UTF-16 ({encoding}) but cannot be read as UTF-16 at offset "
            f"{offset}. Re-export it from Excel with 'Save As → CSV UTF-8'",
            path=path,
        ) from None


def _encoding_error(path: str, data: bytes, utf8_offset: int, gb_offset: int) -> EncodingError:
    line = data.count(b"\n", 0, utf8_offset) + 1
    byte = data[utf8_offset]
    return EncodingError(
        f"{path} 既不是 UTF-8 也不是 GBK/GB18030 编码：第一个无法识别的字节在偏移 {utf8_offset}"
        f"（第 {line} 行，0x{byte:02X}；按 GB18030 在偏移 {gb_offset} 出错）。"
        "请在 Excel 中用“另存为 → CSV UTF-8”重新导出 / "
        f"{path} is neither UTF-8 nor GBK/GB18030: first bad byte 0x{byte:02X} at offset "
        f"{utf8_offset} (line {line}; GB18030 fails at offset {gb_offset}). "
        "Re-export it from Excel with 'Save As → CSV UTF-8'",
        path=path,
    )
