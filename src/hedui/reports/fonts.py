"""Finding a CJK font file, for charts (matplotlib) and PDF reports (fpdf2).

Chinese text needs a font that has the glyphs: matplotlib's default DejaVu Sans draws empty
boxes, and a PDF without an embedded CJK font shows nothing at all on a reader's machine that
lacks one. hedui looks the font up by *file*, not by a system font registry, so the same
file is embedded everywhere and the lookup behaves the same on every machine. The project's
setup installs Debian's ``fonts-noto-cjk``; the Fedora, Arch and macOS locations are tried
too. ``HEDUI_CJK_FONT`` names another file (a ``.ttc`` collection or an ``.otf``/``.ttf``).

A machine without the font still produces everything but the PDF: :func:`find_cjk_font` answers
``None`` instead of raising, so charts fall back to DejaVu Sans (Chinese labels then draw as
boxes) and ``hedui demo`` skips its PDF with a message; :func:`cjk_font`, which the PDF writer
calls, raises with the package to install.

A Noto Sans CJK collection holds one face per region (JP, KR, SC, TC, HK); the Simplified
Chinese face is the third, index 2. The glyphs are shared, but the SC face picks the
mainland forms of characters such as 骨 and 直.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hedui.errors import ConfigurationError

__all__ = ["CJK_FONT_ENV", "CjkFont", "cjk_font", "find_cjk_font", "missing_font_message"]

CJK_FONT_ENV = "HEDUI_CJK_FONT"
_SC_FACE = 2
_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJKsc-Regular.otf"),
    Path("/Library/Fonts/NotoSansCJK-Regular.ttc"),
)


@dataclass(frozen=True)
class CjkFont:
    """A font file with Chinese glyphs.

    Attributes:
        path: the font file.
        face_index: which face of a ``.ttc`` collection to use (0 for a single font).
        family: the family name matplotlib knows the face by.
    """

    path: Path
    face_index: int
    family: str


@cache
def find_cjk_font() -> CjkFont | None:
    """The CJK font for charts and PDF: ``$HEDUI_CJK_FONT``, else the first known location.

    ``None`` when there is none; the answer is kept for the life of the process (call
    ``find_cjk_font.cache_clear()`` after installing one).
    """
    for path in _candidates():
        if path.is_file():
            return _describe(path)
    return None


def cjk_font() -> CjkFont:
    """The CJK font, for output that cannot do without one (the PDF report).

    Raises:
        ConfigurationError: no font file found; the message names the package to install.
    """
    font = find_cjk_font()
    if font is None:
        raise ConfigurationError(missing_font_message())
    return font


def missing_font_message() -> str:
    """Why there is no CJK font and how to get one, in Chinese and English."""
    tried = ", ".join(str(p) for p in _candidates())
    return (
        f"找不到中文字体（已查找：{tried}）。请安装 fonts-noto-cjk（Debian/Ubuntu："
        f"apt-get install fonts-noto-cjk），或用环境变量 {CJK_FONT_ENV} 指定字体文件 / "
        f"no CJK font found (looked for {tried}); install the fonts-noto-cjk package "
        f"(Debian/Ubuntu: apt-get install fonts-noto-cjk) or set {CJK_FONT_ENV} to a font file"
    )


def _candidates() -> tuple[Path, ...]:
    override = os.environ.get(CJK_FONT_ENV)
    return (Path(override),) if override else _CANDIDATES


def _describe(path: Path) -> CjkFont:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font_manager.fontManager.addfont(str(path))
    face = _SC_FACE if path.suffix.lower() == ".ttc" and _faces(path) > _SC_FACE else 0
    family = str(FT2Font(str(path), face_index=face).family_name)
    return CjkFont(path=path, face_index=face, family=family)


def _faces(path: Path) -> int:
    """Faces in a TrueType/OpenType collection (its header's ``numFonts``)."""
    with path.open("rb") as handle:
        header = handle.read(12)
    if header[:4] != b"ttcf":
        return 1
    return int.from_bytes(header[8:12], "big")
