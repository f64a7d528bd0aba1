"""Statistics: capture–recapture completeness, indicators with intervals, data-quality scores.

Every estimate is a value that states its own assumptions (bilingual strings) and turns into
JSON-ready figures with ``to_dict()``; when the numbers are too small for a meaningful
estimate the result is a :class:`NotEstimable` that says why. The method, with worked
examples from the literature, is described in ``docs/capture-recapture.md``.
"""

from hedui.stats.capture_histories import CaptureHistories, History, all_histories
from hedui.stats.capture_recapture import PopulationEstimate, estimate_population
from hedui.stats.chapman import ChapmanEstimate, chapman, chapman_from_histories
from hedui.stats.completeness import COMBINED, SourceCompleteness
from hedui.stats.interval import Interval
from hedui.stats.linked_histories import capture_histories, capture_histories_by
from hedui.stats.loglinear import LoglinearEstimate, loglinear_estimate
from hedui.stats.loglinear_fit import ModelFit
from hedui.stats.loglinear_models import MAX_SOURCES, LoglinearModel
from hedui.stats.proportions import (
    ProportionEstimate,
    clopper_pearson_interval,
    proportion,
    wilson_interval,
)
from hedui.stats.rates import RateEstimate, crude_rate, garwood_interval
from hedui.stats.sex_ratio import DEFAULT_NORMAL_RANGE, SexRatioEstimate, sex_ratio_at_birth
from hedui.stats.small_numbers import DEFAULT_MIN_EVENTS, DEFAULT_MIN_OVERLAP, NotEstimable

__all__ = [
    "COMBINED",
    "DEFAULT_MIN_EVENTS",
    "DEFAULT_MIN_OVERLAP",
    "DEFAULT_NORMAL_RANGE",
    "MAX_SOURCES",
    "CaptureHistories",
    "ChapmanEstimate",
    "History",
    "Interval",
    "LoglinearEstimate",
    "LoglinearModel",
    "ModelFit",
    "NotEstimable",
    "PopulationEstimate",
    "ProportionEstimate",
    "RateEstimate",
    "SexRatioEstimate",
    "SourceCompleteness",
    "all_histories",
    "capture_histories",
    "capture_histories_by",
    "chapman",
    "chapman_from_histories",
    "clopper_pearson_interval",
    "crude_rate",
    "estimate_population",
    "garwood_interval",
    "loglinear_estimate",
    "proportion",
    "sex_ratio_at_birth",
    "wilson_interval",
]
