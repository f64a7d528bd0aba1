"""County-level region codes (GB/T 2260), current and historical.

A resident ID keeps the region code of the place where it was first issued, even after that
county was abolished, merged or renamed: 440524 (潮阳县, Guangdong) ceased to exist in 1993 but
millions of ID numbers still begin with it. A lookup therefore has to know historical codes,
not only today's list, and must say which is which.

The table is the one python-stdnum ships as ``stdnum/cn/loc.dat`` (compiled by its authors
from the Chinese Wikipedia lists of administrative division codes, with the years each name
was valid). It is read from the installed package on first use and cached. Its lines are::

    44 province="广东省"
      0524 county="[1983-1993]潮阳县"
      0110 county="[-1991]东郊区,[1992-]东丽区"

A province line carries the first two digits; an indented county line the next four. ``[a-b]``
gives the years a name was valid; an open end means "before the table begins" or "still".

Below the county, the National Bureau of Statistics' twelve-digit codes (统计用区划代码) add a
three-digit township (乡镇街道) and a three-digit village (村/居委会) part; :class:`VillageCode`
splits them and :func:`load_village_list` reads a county's own list from a CSV file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from hedui.errors import (
    EmptySourceError,
    EncodingError,
    InvalidRegionCodeError,
    MissingColumnsError,
    SourceFileError,
)

__all__ = [
    "RegionInfo",
    "RegionStatus",
    "VillageCode",
    "county_code",
    "load_village_list",
    "lookup_region",
    "newest_year",
    "township_code",
]

RegionStatus = Literal["current", "historical", "unknown"]

_LINE = re.compile(r'^(?P<indent> *)(?P<digits>\d+) (?P<kind>province|county)="(?P<names>[^"]*)"$')
_SPAN = re.compile(r"^\[(?P<start>\d*)-(?P<end>\d*)\](?P<name>.*)$")
# Prefecture-level placeholders that are not place names: 北京市市辖区 is just 北京市.
_PLACEHOLDERS = frozenset({"市辖区", "县"})


@dataclass(frozen=True)
class _Name:
    name: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class RegionInfo:
    """What is known about a six-digit region code.

    Attributes:
        code: The six-digit code looked up.
        name: The full name, province first (广东省汕头市潮阳县), using the names in force
            when the code was last valid; ``None`` when the code is unknown.
        province: The province-level name, if the first two digits are known.
        prefecture: The prefecture-level name (digits 3-4), if any.
        county: The county-level name (digits 5-6), if the code names a county.
        status: ``"current"`` if the code is valid in the newest year of the table,
            ``"historical"`` if it ceased earlier, ``"unknown"`` if it is not in the table.
        valid_from: First year the code was valid, ``None`` if before the table begins.
        valid_to: Last year the code was valid, ``None`` if still valid.
        former_names: Earlier names under the same code, oldest first (东郊区 for 东丽区).
    """

    code: str
    name: str | None
    province: str | None
    prefecture: str | None
    county: str | None
    status: RegionStatus
    valid_from: int | None
    valid_to: int | None
    former_names: tuple[str, ...] = ()


def _parse_names(field: str) -> tuple[_Name, ...]:
    names = []
    for part in field.split(","):
        span = _SPAN.match(part)
        if span is None:
            names.append(_Name(part, None, None))
        else:
            start, end = span.group("start"), span.group("end")
            names.append(
                _Name(span.group("name"), int(start) if start else None, int(end) if end else None)
            )
    return tuple(names)


@cache
def _table() -> dict[str, tuple[_Name, ...]]:
    """Six-digit code → its names over time; province codes are stored as ``XX0000``."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    table: dict[str, tuple[_Name, ...]] = {}
    province = ""
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        names = _parse_names(match.group("names"))
        if match.group("kind") == "province":
            province = match.group("digits")
            table[province + "0000"] = names
        elif match.group("digits") != "0000":
            table[province + match.group("digits")] = names
    return table


@cache
def newest_year() -> int:
    """The most recent year the table mentions; a code that ended before it is historical."""
    years = [
        year
        for names in _table().values()
        for name in names
        for year in (name.start, name.end)
        if year is not None
    ]
    return max(years)


def _name_at(names: tuple[_Name, ...] | None, year: int | None) -> str | None:
    """The name in force in ``year`` (the latest name when ``year`` is None)."""
    if not names:
        return None
    if year is not None:
        for name in names:
            if (name.start is None or name.start <= year) and (
                name.end is None or year <= name.end
            ):
                return name.name
    return names[-1].name


def _is_placeholder(name: str) -> bool:
    """省直辖县级行政单位 and the like group counties under a province; they are not places."""
    return name in _PLACEHOLDERS or "直辖" in name


def lookup_region(code: str) -> RegionInfo:
    """Look up a six-digit GB/T 2260 code, current or historical.

    Raises:
        InvalidRegionCodeError: unless ``code`` is six ASCII digits.
    """
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        raise InvalidRegionCodeError(
            f"地区代码 {code!r} 应为 6 位数字 / region code {code!r} must be six digits"
        )
    table = _table()
    own = table.get(code)
    province_code, prefecture_code = code[:2] + "0000", code[:4] + "00"
    if own is None:
        province = _name_at(table.get(province_code), None)
        return RegionInfo(code, None, province, None, None, "unknown", None, None)
    starts = [name.start for name in own]
    valid_from = None if None in starts else min(s for s in starts if s is not None)
    valid_to = own[-1].end
    status: RegionStatus = (
        "historical" if valid_to is not None and valid_to < newest_year() else "current"
    )
    province = _name_at(table.get(province_code), valid_to)
    prefecture = None if code == province_code else _name_at(table.get(prefecture_code), valid_to)
    county = None if code in (province_code, prefecture_code) else own[-1].name
    parts = [p for p in (province, prefecture, county) if p and not _is_placeholder(p)]
    # Municipalities repeat themselves: 北京市 (110000) then 北京市 again is not wanted.
    full = "".join(p for i, p in enumerate(parts) if p not in parts[:i])
    return RegionInfo(
        code=code,
        name=full or own[-1].name,
        province=province,
        prefecture=prefecture,
        county=county,
        status=status,
        valid_from=valid_from,
        valid_to=valid_to,
        former_names=tuple(name.name for name in own[:-1]),
    )


VillageLevel = Literal["county", "township", "village"]


@dataclass(frozen=True)
class VillageCode:
    """A twelve-digit statistical division code: county 6 + township 3 + village 3 digits.

    A township's own code ends in ``000`` and a county's in ``000000``, which is how the
    statistical lists write them; :attr:`level` says which kind of place the code names.
    """

    code: str

    def __post_init__(self) -> None:
        if len(self.code) != 12 or not (self.code.isascii() and self.code.isdigit()):
            raise InvalidRegionCodeError(
                f"村级代码 {self.code!r} 应为 12 位数字（县 6 位 + 乡镇 3 位 + 村 3 位）/ "
                f"village code {self.code!r} must be 12 digits (county 6 + township 3 + village 3)"
            )

    @property
    def county(self) -> str:
        """The six-digit GB/T 2260 county code."""
        return self.code[:6]

    @property
    def township(self) -> str:
        """The nine-digit township code (county + township part)."""
        return self.code[:9]

    @property
    def level(self) -> VillageLevel:
        """``"county"``, ``"township"`` or ``"village"``: the smallest place the code names."""
        if self.code[6:] == "000000":
            return "county"
        if self.code[9:] == "000":
            return "township"
        return "village"


def county_code(code12: str) -> str:
    """The six-digit county code of a twelve-digit village code.

    Raises:
        InvalidRegionCodeError: unless given twelve digits.
    """
    return VillageCode(code12).county


def township_code(code12: str) -> str:
    """The nine-digit township code of a twelve-digit village code.

    Raises:
        InvalidRegionCodeError: unless given twelve digits.
    """
    return VillageCode(code12).township


_CODE_HEADERS = ("code", "代码", "区划代码")
_NAME_HEADERS = ("name", "名称")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    # GB18030 is a superset of GBK: files saved by Chinese Excel as "CSV" are GBK.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EncodingError(
        f"{path} 既不是 UTF-8 也不是 GBK 编码；请另存为 UTF-8 CSV / "
        f"{path} is neither UTF-8 nor GBK; save it as UTF-8 CSV",
        path=str(path),
    )


def _column(header: list[str], accepted: tuple[str, ...]) -> int | None:
    cleaned = [cell.strip().lower() for cell in header]
    return next((cleaned.index(name) for name in accepted if name in cleaned), None)


def load_village_list(path: str | Path) -> dict[str, str]:
    """Read a county's list of village codes and names from a CSV file.

    The file has a header with ``code`` and ``name`` columns (代码/名称 are accepted too), is
    UTF-8 or GBK, and has one twelve-digit code per row. Blank lines are skipped. The list is
    reference data: one bad row makes the whole file unusable, so it is rejected with the row
    named rather than read in part.

    Returns:
        Code → name, in file order.

    Raises:
        EncodingError: the file is neither UTF-8 nor GBK.
        EmptySourceError: there is no header or no data row.
        MissingColumnsError: the header lacks the code or name column.
        SourceFileError: a row has a code that is not twelve digits, an empty name, or a code
            that an earlier row already gave another name.
    """
    path = Path(path)
    rows = [row for row in csv.reader(io.StringIO(_decode(path))) if any(c.strip() for c in row)]
    if len(rows) < 2:
        raise EmptySourceError(f"{path} 没有数据行 / {path} has no data rows", path=str(path))
    code_at, name_at = _column(rows[0], _CODE_HEADERS), _column(rows[0], _NAME_HEADERS)
    missing = [name for name, at in (("code", code_at), ("name", name_at)) if at is None]
    if code_at is None or name_at is None:
        raise MissingColumnsError(
            f"{path} 缺少列 {', '.join(missing)}；表头应为 code,name / "
            f"{path} lacks column(s) {', '.join(missing)}; the header must be code,name",
            path=str(path),
            columns=missing,
        )
    villages: dict[str, str] = {}
    for row_number, row in enumerate(rows[1:], start=2):
        code = row[code_at].strip() if code_at < len(row) else ""
        name = row[name_at].strip() if name_at < len(row) else ""
        problem = _row_problem(code, name, villages)
        if problem is not None:
            raise SourceFileError(
                f"{path} 第 {row_number} 行 / row {row_number}: {problem}", path=str(path)
            )
        villages[code] = name
    return villages


def _row_problem(code: str, name: str, seen: dict[str, str]) -> str | None:
    if len(code) != 12 or not (code.isascii() and code.isdigit()):
        return (
            f"代码 {code!r} 不是 12 位数字（Excel 可能把它变成了科学计数法）/ "
            f"code {code!r} is not 12 digits (Excel may have turned it into scientific notation)"
        )
    if not name:
        return f"代码 {code} 没有名称 / code {code} has no name"
    if seen.get(code, name) != name:
        return (
            f"代码 {code} 已用于 {seen[code]}，此处又是 {name} / "
            f"code {code} was already given to {seen[code]}, here it is {name}"
        )
    return None
