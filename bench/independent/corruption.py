"""The corruption pass: every kind of clerk's mistake, dealt out by quota.

Each kind has a rate per source. Its number of occurrences is drawn from the records it can
happen to (at least one whenever any can), and the records are chosen with a weight that grows
with the clerk's carelessness, so sloppy villages collect most mistakes. A field takes at most
one mistake, so that every difference has exactly one explanation in ``corruptions.csv``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from bench.independent import date_noise, id_noise, name_noise
from bench.independent.records import HOSPITAL, LEDGER, POLICE, Record
from bench.independent.sampling import weighted_sample

Apply = Callable[[Record, str, random.Random], str | None]


@dataclass(frozen=True)
class Kind:
    """A kind of mistake: its name, the fields it hits, its rate in each source."""

    name: str
    fields: tuple[str, ...]
    rates: dict[str, float]
    apply: Apply


def _name(noise: name_noise.NameNoise) -> Apply:
    def apply(record: Record, field: str, rng: random.Random) -> str | None:
        parts = record.parts(field)
        if parts is None:
            return None
        found = noise(parts, rng)
        return None if found is None else found[0] + found[1]

    return apply


def _id(noise: id_noise.IdNoise) -> Apply:
    def apply(record: Record, field: str, rng: random.Random) -> str | None:
        return noise(record.written[field], rng)

    return apply


def _record(noise: Callable[[Record, random.Random], str | None]) -> Apply:
    def apply(record: Record, field: str, rng: random.Random) -> str | None:
        return noise(record, rng)

    return apply


def _mother_id_in_child_field(record: Record, field: str, rng: random.Random) -> str | None:
    """A newborn's record with the mother's ID number in the child's column."""
    if record.event != "birth" or record.written["id_number"] or not record.mother_id_number:
        return None
    return record.mother_id_number


NAMES = ("name", "mother_name")
IDS = ("id_number", "mother_id_number")


def _rates(ledger: float, hospital: float = 0.0, police: float = 0.0) -> dict[str, float]:
    return {LEDGER: ledger, HOSPITAL: hospital, POLICE: police}


BIRTH = ("birth_date",)
KINDS: tuple[Kind, ...] = (
    # Rarely possible kinds first, so that common kinds do not take their fields.
    Kind("surname_rare_reading", NAMES, _rates(0.3, 0.1, 0.03), _name(name_noise.rare_reading)),
    Kind("name_rare_to_common", NAMES, _rates(0.6, 0.5, 0.3), _name(name_noise.rare_to_common)),
    Kind("name_traditional", NAMES, _rates(0.01, 0.003), _name(name_noise.traditional)),
    Kind("name_lookalike", NAMES, _rates(0.015, 0.005, 0.003), _name(name_noise.lookalike)),
    Kind("name_dialect", NAMES, _rates(0.03, 0.01, 0.005), _name(name_noise.dialect)),
    Kind("name_homophone", NAMES, _rates(0.05, 0.02, 0.01), _name(name_noise.homophone)),
    Kind("name_space_padding", NAMES, _rates(0.03, 0.01), _name(name_noise.space_padding)),
    Kind("id_lowercase_x", IDS, _rates(0.3, 0.1), _id(id_noise.lowercase_x)),
    Kind("id_15_digit", IDS, _rates(0.05), _id(id_noise.fifteen_digit)),
    Kind("id_mother_in_child_field", ("id_number",), _rates(0.02, 0.01), _mother_id_in_child_field),
    Kind("id_missing", IDS, _rates(0.08, 0.02, 0.002), _id(id_noise.missing)),
    Kind("id_digit_wrong", IDS, _rates(0.02, 0.01, 0.003), _id(id_noise.digit_wrong)),
    Kind("id_digits_swapped", IDS, _rates(0.01, 0.005, 0.002), _id(id_noise.digits_swapped)),
    Kind("id_truncated", IDS, _rates(0.006, 0.003), _id(id_noise.truncated)),
    Kind("id_excel_scientific", IDS, _rates(0.015), _id(id_noise.excel_scientific)),
    Kind("id_excel_zeros", IDS, _rates(0.01), _id(id_noise.excel_zeros)),
    Kind("id_full_width", IDS, _rates(0.02), _id(id_noise.full_width)),
    Kind("id_spaces", IDS, _rates(0.02, 0.005), _id(id_noise.spaces)),
    Kind("id_apostrophe", IDS, _rates(0.04), _id(id_noise.apostrophe)),
    Kind("newborn_birth_day_off", BIRTH, _rates(0.1), _record(date_noise.newborn_day_off)),
    Kind("birth_partial_year", BIRTH, _rates(0.02), _record(date_noise.partial_year)),
    Kind("birth_partial_month", BIRTH, _rates(0.02), _record(date_noise.partial_month)),
    Kind("birth_lunar", BIRTH, _rates(0.08), _record(date_noise.lunar)),
    Kind("birth_heaped", BIRTH, _rates(0.08), _record(date_noise.heaped)),
    Kind(
        "birth_month_day_swapped", BIRTH, _rates(0.01, 0.002), _record(date_noise.month_day_swapped)
    ),
    Kind("birth_year_typo", BIRTH, _rates(0.005), _record(date_noise.year_typo)),
    Kind("sex_blank", ("sex",), _rates(0.03, 0.002), _record(date_noise.sex_blank)),
    Kind("sex_wrong", ("sex",), _rates(0.005, 0.0, 0.001), _record(date_noise.sex_wrong)),
)  # fmt: skip


@dataclass
class Tally:
    """How often a kind could have happened, and how often it did."""

    eligible: int = 0
    applied: int = 0


def corrupt(
    records: list[Record], rng: random.Random, gen: np.random.Generator, seed: int
) -> dict[str, Tally]:
    """Apply every kind of mistake to ``records`` (changing ``written``, adding notes)."""
    probe = random.Random(seed)
    tallies: dict[str, Tally] = {}
    for kind in KINDS:
        candidates = [
            (record, field)
            for record in records
            if kind.rates[record.source] > 0
            for field in kind.fields
            if field not in record.touched and kind.apply(record, field, probe) is not None
        ]
        tally = tallies[kind.name] = Tally(eligible=len(candidates))
        if not candidates:
            continue
        rates = np.array([kind.rates[r.source] for r, _ in candidates])
        care = np.array([r.clerk.care for r, _ in candidates])
        expected = float(rates.sum())
        count = max(1, int(expected) + (rng.random() < expected - int(expected)))
        for i in weighted_sample(gen, rates * (1.05 - care), count):
            record, field = candidates[i]
            written = kind.apply(record, field, rng)
            if written is None:
                continue
            record.note(field, kind.name, record.written[field], written)
            record.written[field] = written
            tally.applied += 1
    return tallies
