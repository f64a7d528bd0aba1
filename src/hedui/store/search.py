"""Finding a person: by name (characters or pinyin), by ID (full or its last digits), by mother.

What the officer types decides what is looked up (:func:`parse_query`):

- digits (an ``X`` allowed): a full 15- or 18-digit ID, or at least its last four digits;
- Chinese characters: the name as written, then every name read the same (汪国庆 finds 王国庆:
  clerks write what they hear), then names that begin with it (汪国 finds 汪国庆);
- Latin letters: the name's pinyin without tones or spaces (``wangguoqing``), a beginning of
  it (``wangguo``), or its initials (``wgq``).

``mother=True`` asks the same of the mother's name and ID, to find a child whose own name is
still 张丽之女. Each look-up is one indexed query on :class:`RecordSearchKey` joined to the
current entries inside the user's area, so a search costs milliseconds on a million entries.

Results are ranked by how well they match (:class:`Match`, best first) and grouped per person
(:func:`group_people`): entries of the same reconciliation cluster, the same ID number, or the
same name and birth date are one person seen by several sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from hedui.errors import InvalidInputError
from hedui.identity.names import name_keys
from hedui.identity.resident_id import normalize
from hedui.store.areas import AreaLevel, area_level, in_area
from hedui.store.records import IS_CURRENT, Record
from hedui.store.search_keys import RecordSearchKey, index_new_records

__all__ = [
    "MIN_ID_DIGITS",
    "Hit",
    "Match",
    "Person",
    "SearchQuery",
    "group_people",
    "parse_query",
    "search_records",
]

MIN_ID_DIGITS = 4
"""The fewest trailing ID digits a search takes: three would match a thousandth of the county."""
_PER_LOOKUP = 200

PREFIX_CANDIDATES = 2_000
"""How many entries a "begins with" look-up reads, in the order of the key, before it keeps the
newest :data:`_PER_LOOKUP` of them. A beginning can match most of a county (every 王 begins
with 王): reading every match and sorting it took 2.1 s for "王" and 0.27 s for "王5" at a
million entries. The first entries in key order are the names nearest to what was typed (王17,
then 王170), and a short beginning now costs what a long one does."""
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"^[a-zü ]+$")


class Match(IntEnum):
    """How an entry matched, best first (the value is the rank)."""

    ID = 1
    NAME = 2
    SAME_SOUND = 3
    ID_TAIL = 4
    NAME_START = 5
    INITIALS = 6


@dataclass(frozen=True)
class SearchQuery:
    """What a search text asks for: the look-ups to make, each ``(match, key column, value,
    prefix?)``."""

    text: str
    kind: str
    lookups: tuple[tuple[Match, str, str, bool], ...]


@dataclass(frozen=True)
class Hit:
    """One current entry found, and its best match."""

    record: Record
    match: Match


@dataclass
class Person:
    """The entries of one person found by a search, best match first."""

    hits: list[Hit] = field(default_factory=list)

    @property
    def match(self) -> Match:
        """The best match among the person's entries."""
        return min(hit.match for hit in self.hits)

    @property
    def name(self) -> str | None:
        """The name most of the entries give."""
        names = Counter(h.record.name for h in self.hits if h.record.name)
        return names.most_common(1)[0][0] if names else None

    @property
    def id_number(self) -> str | None:
        """The first ID number an entry gives."""
        return next((h.record.id_number for h in self.hits if h.record.id_number), None)

    @property
    def birth_date(self) -> date | None:
        """The first birth date an entry gives."""
        return next((h.record.birth_date for h in self.hits if h.record.birth_date), None)

    @property
    def sources(self) -> list[str]:
        """The sources that hold an entry of this person, in order of first appearance."""
        return list(dict.fromkeys(h.record.source for h in self.hits))


def parse_query(text: str) -> SearchQuery:
    """Work out what ``text`` asks for.

    Raises:
        InvalidInputError: nothing usable: empty, fewer than four ID digits, one letter, or
            a name made only of a placeholder (男婴); the message says what to type.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    compact = re.sub(r"[\s\-]", "", cleaned)
    if not compact:
        raise InvalidInputError("请输入姓名、拼音或身份证号 / type a name, pinyin or ID number")
    if re.fullmatch(r"[0-9]+[0-9xX]?", compact) or re.fullmatch(r"[0-9]*[xX]", compact):
        return _id_query(cleaned, normalize(compact))
    if _HAN.search(compact):
        return _han_query(cleaned)
    latin = cleaned.lower()
    if _LATIN.match(latin):
        return _pinyin_query(cleaned, latin.replace(" ", "").replace("ü", "v"))
    raise InvalidInputError(
        f"无法按“{cleaned}”查找：请输入汉字姓名、拼音或身份证号 / cannot search for "
        f"{cleaned!r}: type a name in characters or pinyin, or ID digits"
    )


def _id_query(text: str, digits: str) -> SearchQuery:
    backwards = digits[::-1]
    if len(digits) in (15, 18):
        return SearchQuery(text, "id", ((Match.ID, "id_reversed", backwards, False),))
    if len(digits) < MIN_ID_DIGITS:
        raise InvalidInputError(
            f"请至少输入身份证号末 {MIN_ID_DIGITS} 位 / type at least the last "
            f"{MIN_ID_DIGITS} digits of the ID number"
        )
    return SearchQuery(text, "id_tail", ((Match.ID_TAIL, "id_reversed", backwards, True),))


def _han_query(text: str) -> SearchQuery:
    keys = name_keys(text)
    if keys is None:
        raise InvalidInputError(
            f"“{text}”不是可以查找的姓名 / {text!r} is not a name that can be searched"
        )
    return SearchQuery(
        text,
        "name",
        (
            (Match.NAME, "name_normalized", keys.normalized, False),
            (Match.SAME_SOUND, "name_pinyin", keys.pinyin, False),
            (Match.NAME_START, "name_normalized", keys.normalized, True),
        ),
    )


def _pinyin_query(text: str, letters: str) -> SearchQuery:
    if len(letters) < 2:
        raise InvalidInputError("拼音请至少输入两个字母 / type at least two letters of pinyin")
    lookups = [(Match.SAME_SOUND, "name_pinyin", letters, False)]
    if len(letters) >= 3:
        lookups.append((Match.NAME_START, "name_pinyin", letters, True))
    if len(letters) <= 4:
        lookups.append((Match.INITIALS, "name_initials", letters, False))
    return SearchQuery(text, "pinyin", tuple(lookups))


def search_records(
    session: Session,
    query: SearchQuery,
    *,
    area_code: str,
    mother: bool = False,
    key_new_entries: bool = True,
) -> list[Hit]:
    """The current entries inside ``area_code`` that ``query`` finds, best match first.

    ``mother`` looks the query up in the mother's name and ID instead of the person's own.
    Entries added since the last search are keyed first (:func:`index_new_records`), in the
    caller's transaction, unless ``key_new_entries`` is false: a caller that keyed them in a
    transaction of its own keeps this one read-only (in SQLite a read that turns into a write
    fails at once, without waiting, when another connection wrote in between).
    """
    if key_new_entries:
        index_new_records(session)
    best: dict[int, Hit] = {}
    # A village's look-ups seek (village_code, key) (0017). A township's or the county's
    # keep the key's own index: SQLite would otherwise skip-scan the village index, village
    # by village (a county's "王17" 25 → 60 ms).
    in_village = area_level(area_code) is AreaLevel.VILLAGE
    for match, column_name, value, prefix in query.lookups:
        if mother and match is Match.INITIALS:
            continue
        column = getattr(RecordSearchKey, _column_for(column_name, mother=mother))
        where_key = _starts_with(column, value) if prefix else column == value
        where_area = (
            RecordSearchKey.village_code == area_code
            if in_village
            else in_area(RecordSearchKey.village_code, area_code)
        )
        statement = select(Record)
        if prefix:
            nearest = (
                select(RecordSearchKey.record_pk)
                .where(where_key, where_area)
                .order_by(column, RecordSearchKey.record_pk)
                .limit(PREFIX_CANDIDATES)
                .subquery("nearest")
            )
            statement = statement.join(nearest, nearest.c.record_pk == Record.id)
        else:
            statement = statement.join(
                RecordSearchKey, RecordSearchKey.record_pk == Record.id
            ).where(where_key, where_area if in_village else true())
        statement = (
            statement.where(in_area(Record.village_code, area_code), IS_CURRENT)
            # ``id + 0``: the newest first, but not by walking the primary key backwards.
            # PostgreSQL chose that walk for the LIMIT, filtering every key on the way: a name
            # with no match read all million keys (150 ms) instead of looking it up (0.05 ms).
            .order_by((Record.id + 0).desc())
            .limit(_PER_LOOKUP)
        )
        for record in session.scalars(statement):
            if record.id not in best or match < best[record.id].match:
                best[record.id] = Hit(record=record, match=match)
    return sorted(best.values(), key=lambda h: (h.match, h.record.name or "", -h.record.id))


def _column_for(name: str, *, mother: bool) -> str:
    if not mother:
        return name
    return {
        "id_reversed": "mother_id_reversed",
        "name_normalized": "mother_normalized",
        "name_pinyin": "mother_pinyin",
    }[name]


def _starts_with(column: InstrumentedAttribute[str | None], prefix: str) -> ColumnElement[bool]:
    """``column`` begins with ``prefix``, as a range an index answers (``LIKE`` would not use
    SQLite's index): ``prefix <= column < prefix'`` where ``prefix'`` has its last character
    moved on by one."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (column >= prefix) & (column < upper)


def group_people(
    hits: Sequence[Hit], cluster_of: Callable[[Record], str | None] | None = None
) -> list[Person]:
    """The hits grouped per person, best-matching person first.

    Two entries are one person when the reconciliation put them in one cluster
    (``cluster_of``, from the newest run, when there is one), when they share an ID number, or
    when they share a name and a birth date; the rule is transitive.
    """
    parent = list(range(len(hits)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, hit in enumerate(hits):
        for key in _identity_keys(hit.record, cluster_of):
            j = first.setdefault(key, i)
            parent[find(i)] = find(j)
    groups: dict[int, Person] = {}
    for i, hit in enumerate(hits):
        groups.setdefault(find(i), Person()).hits.append(hit)
    people = list(groups.values())
    for person in people:
        person.hits.sort(key=lambda h: (h.match, h.record.source, -h.record.id))
    people.sort(key=lambda p: (p.match, -len(p.hits), p.name or ""))
    return people


def _identity_keys(
    record: Record, cluster_of: Callable[[Record], str | None] | None
) -> list[tuple[str, str]]:
    keys = []
    cluster = cluster_of(record) if cluster_of is not None else None
    if cluster:
        keys.append(("cluster", cluster))
    if record.id_number and len(record.id_number) == 18:
        keys.append(("id", record.id_number))
    name = name_keys(record.name)
    if name is not None and record.birth_date is not None:
        keys.append(("name_birth", f"{name.normalized}|{record.birth_date.isoformat()}"))
    return keys
