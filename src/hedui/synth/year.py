"""One reporting period of a county's life: who is born, dies, marries, divorces and moves.

Rates are per 1,000 residents on 1 January and cover the period from 1 January to the end of
the year, or to an earlier export date (then scaled down). A person gets at most one event of
their own in the period, except a bride, whose marriage may be followed by her move to the
groom's village; people who die have no other event, so every event happens to someone alive.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from hedui.synth.moves import draw_moves_in, draw_moves_out, draw_moves_within
from hedui.synth.params import SynthParams
from hedui.synth.people import Households, People, days
from hedui.synth.period import PeriodBuilder, Year
from hedui.synth.unions import draw_divorces, draw_marriages
from hedui.synth.vital import draw_births, draw_deaths

__all__ = ["Year", "simulate_year"]


def simulate_year(
    rng: np.random.Generator,
    people: People,
    households: Households,
    village_share: npt.NDArray[np.float64],
    params: SynthParams,
    year: int,
    end: int,
) -> Year:
    """Draw the events from 1 January of ``year`` to day ``end`` (days since 1970-01-01).

    The order matters: deaths first (the dying have no other event), then births (mothers
    stay put), marriages, divorces and moves among those still free.
    """
    builder = PeriodBuilder(
        rng,
        people,
        households,
        params,
        days(date(year, 1, 1)),
        end,
        len(village_share),
        village_share,
    )
    for draw in (
        draw_deaths,
        draw_births,
        draw_marriages,
        draw_divorces,
        draw_moves_within,
        draw_moves_out,
        draw_moves_in,
    ):
        draw(builder)
    return builder.finish()
