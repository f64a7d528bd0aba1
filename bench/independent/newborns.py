"""What a newborn is called on paper before (and after) the parents decide.

A hospital must issue the birth certificate before the family has chosen a name, so it often
writes a placeholder made of the mother's name (张丽之女, 张丽之婴, 张丽婴, 张丽之长女, twins
张丽之女1 and 张丽之女2) or just 男婴/女婴, or leaves the name blank. A village clerk writes the
name the family uses: often the milk name (乐乐), sometimes a tentative name the family later
changed, a surname from the other parent, or a surname misheard through the dialect (陈/程,
黄/王). The police register the final name.

Forms are dealt from a deck (every form at least once when there are enough births) so that
even a small county shows every kind.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping

from bench.independent.events import TrueEvent
from bench.independent.names import SURNAMES, NameMaker
from bench.independent.sounds import dialect_variants

KINDS = {
    "of": "newborn_placeholder_of",
    "baby": "newborn_placeholder_baby",
    "mother_baby": "newborn_placeholder_mother_baby",
    "sex": "newborn_placeholder_sex",
    "order": "newborn_placeholder_order",
    "numbered": "newborn_placeholder_numbered",
    "blank": "newborn_blank",
    "milk": "newborn_milk_name",
    "tentative": "newborn_tentative_name",
    "other_surname": "newborn_other_parent_surname",
    "surname_dialect": "newborn_surname_dialect",
}
"""The note kind of each form (the final name is no note)."""
PLACEHOLDERS = frozenset({"of", "baby", "mother_baby", "sex", "order", "numbered", "blank"})

HOSPITAL_FORMS = {
    "final": 31, "of": 26, "baby": 5, "mother_baby": 5, "sex": 7, "order": 5, "blank": 7,
    "milk": 3, "tentative": 8, "other_surname": 3, "surname_dialect": 1,
}  # fmt: skip
LEDGER_FORMS = {
    "final": 40, "milk": 14, "of": 12, "baby": 3, "mother_baby": 3, "sex": 4, "order": 4,
    "blank": 5, "tentative": 8, "other_surname": 3, "surname_dialect": 4,
}  # fmt: skip
TWIN_FORMS = {"numbered": 4, "order": 3, "milk": 1, "final": 2}
_SURNAME_SLIPS = {
    "陈": "程",
    "程": "陈",
    "黄": "王",
    "王": "黄",
    "林": "凌",
    "胡": "吴",
    "吴": "胡",
}
_SURNAME_SET = frozenset(SURNAMES)
_ORDER = "长次三四五六"


def deal(
    weights: Mapping[str, float],
    n: int,
    rng: random.Random,
    used: Collection[str] = (),
) -> list[str]:
    """``n`` forms in proportion to ``weights``, each at least once when ``n`` allows; when it
    does not, one each of the forms not ``used`` yet (by another source), commonest first."""
    forms = list(weights)
    if n <= 0:
        return []
    if n < len(forms):
        chosen = sorted(forms, key=lambda f: (f in used, -weights[f]))[:n]
        rng.shuffle(chosen)
        return chosen
    total = sum(weights.values())
    rest = n - len(forms)
    shares = {f: rest * w / total for f, w in weights.items()}
    counts = {f: 1 + int(s) for f, s in shares.items()}
    left = n - sum(counts.values())
    for f in sorted(forms, key=lambda f: shares[f] - int(shares[f]), reverse=True)[:left]:
        counts[f] += 1
    deck = [f for f in forms for _ in range(counts[f])]
    rng.shuffle(deck)
    return deck


class NewbornNamer:
    """Names newborns' records; a child's milk name and tentative name are the same in every
    source that uses them."""

    def __init__(self, names: NameMaker, rng: random.Random) -> None:
        self._names = names
        self._rng = rng
        self._milk: dict[int, str] = {}
        self._tentative: dict[int, tuple[str, str]] = {}
        self._used: dict[str, None] = {}

    def assign(self, births: list[TrueEvent], weights: Mapping[str, float]) -> dict[str, str]:
        """A form for every birth (by entity): twins as pairs, others from one deck."""
        rng = self._rng
        singles = [b for b in births if b.twin is None]
        pairs = [b for b in births if b.order == 1]
        forms: dict[str, str] = {}
        deck = deal(weights, len(singles), rng, self._used)
        for birth in singles:
            for j, form in enumerate(deck):
                if self._eligible(form, birth):
                    forms[birth.entity] = deck.pop(j)
                    break
            else:
                forms[birth.entity] = "final"
        for first, form in zip(pairs, deal(TWIN_FORMS, len(pairs), rng, self._used), strict=True):
            assert first.twin is not None
            forms[first.entity] = forms[first.twin.entity] = form
        self._used.update(dict.fromkeys(forms.values()))
        return forms

    def _eligible(self, form: str, birth: TrueEvent) -> bool:
        child, mother = birth.person, birth.mother
        if form == "numbered":
            return False
        if form == "other_surname":
            return (
                mother is not None
                and mother.spouse is not None
                and mother.surname != mother.spouse.surname
            )
        if form == "surname_dialect":
            return bool(self._surname_slip(child.surname))
        return True

    def _surname_slip(self, surname: str) -> str:
        if surname in _SURNAME_SLIPS:
            return _SURNAME_SLIPS[surname]
        heard = (
            [c for c in dialect_variants(surname) if c in _SURNAME_SET] if len(surname) == 1 else []
        )
        return heard[0] if heard else ""

    def name(self, form: str, birth: TrueEvent) -> tuple[str, tuple[str, str] | None]:
        """The written name and, when it is a person's name, its (surname, given)."""
        child, mother = birth.person, birth.mother
        assert mother is not None
        m = mother.name
        kid = "子" if child.sex == 1 else "女"
        if form == "of":
            return f"{m}之{kid}", None
        if form == "baby":
            return f"{m}之婴", None
        if form == "mother_baby":
            return f"{m}婴", None
        if form == "sex":
            return ("男婴" if child.sex == 1 else "女婴"), None
        if form == "order":
            return f"{m}之{_ORDER[self._rank(birth)]}{kid}", None
        if form == "numbered":
            return f"{m}之{kid}{birth.order}", None
        if form == "blank":
            return "", None
        if form == "milk":
            return self.milk(birth), None
        if form == "tentative":
            return _joined(self.tentative(birth))
        if form == "other_surname":
            father = mother.spouse
            assert father is not None
            other = father.surname if child.surname == mother.surname else mother.surname
            return _joined((other, child.given))
        if form == "surname_dialect":
            return _joined((self._surname_slip(child.surname), child.given))
        return _joined((child.surname, child.given))

    def milk(self, birth: TrueEvent) -> str:
        """The child's pet name (twins: 大宝 and 二宝)."""
        if birth.order:
            return ("大宝", "二宝")[birth.order - 1]
        child = birth.person
        if child.pid not in self._milk:
            self._milk[child.pid] = self._names.milk_name(child.sex)
        return self._milk[child.pid]

    def tentative(self, birth: TrueEvent) -> tuple[str, str]:
        """A name the family gave first and changed before registering."""
        child = birth.person
        if child.pid not in self._tentative:
            given = child.given
            while given == child.given:
                given = self._names.given(child.sex, child.birth.year)
            self._tentative[child.pid] = (child.surname, given)
        return self._tentative[child.pid]

    def _rank(self, birth: TrueEvent) -> int:
        """0 for the mother's first child of this sex, 1 for the second…"""
        if birth.order:
            return birth.order - 1
        child, mother = birth.person, birth.mother
        assert mother is not None
        earlier = [c for c in mother.children if c.sex == child.sex and c.pid < child.pid]
        return min(len(earlier), len(_ORDER) - 1)


def _joined(parts: tuple[str, str]) -> tuple[str, tuple[str, str]]:
    return parts[0] + parts[1], parts
