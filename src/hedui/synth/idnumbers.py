"""Region codes and 18-digit resident ID numbers for synthetic people.

The number is built as GB 11643 prescribes: region code of first issue, birth date, a
three-digit sequence whose parity is the sex (odd male), and the check character from
:func:`hedui.identity.resident_id.check_character`. People first registered elsewhere carry
another county's code, valid in the year their number was issued — for the old that is often a
code since abolished (320926 大丰县, 321021 兴化县), which a validator must accept.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from hedui.errors import ConfigurationError
from hedui.identity.resident_id import check_character
from hedui.synth.names_data import regions

__all__ = ["assign_id_numbers", "assign_region_codes"]

IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

# Numbers were first issued from 1985; later-born people get theirs at birth registration.
_FIRST_ISSUE_YEAR = 1985
_SEQUENCE_STRIDE = 37  # coprime with 500: successive ranks give scattered, distinct sequences


def assign_region_codes(
    rng: np.random.Generator,
    birth_years: IntArray,
    born_elsewhere: npt.NDArray[np.bool_],
    home_code: str,
) -> ObjectArray:
    """The home county's code, or for people born elsewhere a code valid when theirs was issued."""
    codes = np.full(len(birth_years), home_code, dtype=object)
    table = [r for r in regions() if r.code != home_code and r.weight > 0]
    index = np.flatnonzero(born_elsewhere)
    issued = np.maximum(birth_years[index], _FIRST_ISSUE_YEAR + rng.integers(0, 6, index.size))
    valid_from = np.array([r.valid_from for r in table], dtype=np.int64)
    valid_to = np.array([r.valid_to or 9999 for r in table], dtype=np.int64)
    weights = np.array([r.weight for r in table], dtype=np.float64)
    usable = (valid_from[None, :] <= issued[:, None]) & (issued[:, None] <= valid_to[None, :])
    cumulative = np.cumsum(usable * weights[None, :], axis=1)
    pick = rng.random(index.size) * cumulative[:, -1]
    chosen = (cumulative <= pick[:, None]).sum(axis=1)
    names = np.array([r.code for r in table], dtype=object)
    codes[index] = names[np.minimum(chosen, len(table) - 1)]
    return codes


def assign_id_numbers(
    rng: np.random.Generator,
    region_codes: ObjectArray,
    birth_days: IntArray,
    sexes: npt.NDArray[np.int8],
) -> ObjectArray:
    """Unique 18-digit numbers: people sharing region, birth date and sex get distinct sequences.

    Raises:
        ConfigurationError: if more than 500 people of one sex share a region and birth date,
            which the three-digit sequence cannot number.
    """
    count = len(birth_days)
    if count == 0:
        return np.empty(0, dtype=object)
    region_index = np.unique(region_codes.astype(str), return_inverse=True)[1]
    order = np.lexsort((rng.random(count), sexes, birth_days, region_index))
    key = np.stack([region_index[order], birth_days[order], sexes[order].astype(np.int64)])
    starts = np.ones(count, dtype=bool)
    starts[1:] = np.any(key[:, 1:] != key[:, :-1], axis=0)
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    rank = np.arange(count) - first[group]
    if rank.max() >= 500:
        raise ConfigurationError(
            "同一地区、同一出生日期、同一性别的人超过 500 个，顺序码不够用；请减少人数 / "
            "more than 500 people share a region, birth date and sex; use fewer people"
        )
    offset = rng.integers(0, 500, size=first.size)[group]
    half = (offset + rank * _SEQUENCE_STRIDE) % 500
    sequence = np.empty(count, dtype=np.int64)
    sequence[order] = 2 * half + (sexes[order] == 1)
    dates = np.datetime_as_string(birth_days.astype("datetime64[D]"), unit="D")
    body = np.strings.add(
        np.strings.add(region_codes.astype("U6"), np.strings.replace(dates, "-", "")),
        np.strings.zfill(sequence.astype("U3"), 3),
    )
    first17 = body.tolist()
    checks = list(map(check_character, first17))
    return np.array([b + c for b, c in zip(first17, checks, strict=True)], dtype=object)
