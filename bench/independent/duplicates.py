"""Records typed twice: the second time a few days or weeks later, with a typo.

Clerks re-enter a person they do not find in the ledger (or in the police system, rarely); the
copy is the same event of the same person, so it shares the original's entity.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import numpy as np
from bench.independent import id_noise, name_noise
from bench.independent.config import Window
from bench.independent.date_noise import month_day_swapped, newborn_day_off
from bench.independent.records import LEDGER, POLICE, Record
from bench.independent.sampling import weighted_sample

RATES = {LEDGER: 0.02, POLICE: 0.004}


def duplicate_records(
    records: list[Record], rng: random.Random, gen: np.random.Generator, window: Window
) -> list[Record]:
    """Copies of some records (already rendered), each with one typo noted as
    ``duplicate_record``."""
    candidates = [r for r in records if RATES.get(r.source, 0) > 0]
    if not candidates:
        return []
    rates = np.array([RATES[r.source] for r in candidates])
    care = np.array([r.clerk.care for r in candidates])
    count = max(1, round(float(rates.sum())))
    copies = []
    for i in weighted_sample(gen, rates * (1.05 - care), count):
        original = candidates[i]
        copy = replace(
            original,
            notes=list(original.notes),
            written=dict(original.written),
            styles=dict(original.styles),
            touched=set(original.touched),
            copy_of=original,
        )
        copy.entry = min(original.entry + timedelta(days=rng.randint(1, 60)), window.cutoff)
        _typo(copy, rng)
        copies.append(copy)
    return copies


def _typo(copy: Record, rng: random.Random) -> None:
    """One typo in a field no other note explains (or none, if every field is taken)."""
    options: list[tuple[str, str | None]] = []
    if "name" not in copy.touched and copy.name_parts is not None:
        found = name_noise.homophone(copy.name_parts, rng) or name_noise.dialect(
            copy.name_parts, rng
        )
        options.append(("name", None if found is None else found[0] + found[1]))
    if "id_number" not in copy.touched:
        options.append(("id_number", id_noise.digit_wrong(copy.written["id_number"], rng)))
    if "birth_date" not in copy.touched:
        typo = newborn_day_off(copy, rng) or month_day_swapped(copy, rng)
        options.append(("birth_date", typo))
    options = [(field, value) for field, value in options if value is not None]
    if not options:
        copy.note("record_id", "duplicate_record", "", "")
        return
    field, value = rng.choice(options)
    assert value is not None
    copy.note(field, "duplicate_record", copy.written[field], value)
    copy.written[field] = value
