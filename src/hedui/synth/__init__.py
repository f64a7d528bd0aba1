"""A synthetic county with ground truth: population, events, sources and their errors.

Every later part of hedui is measured on these data, so the truth is exact: ``truth.csv`` maps
each record to the person-and-event it describes and names every error injected into it, and
``truth_events.csv`` lists every true event, recorded or not. Typical use in a test::

    from hedui.synth import generate_county, write_county

    county = generate_county(people=2_000, seed=1)
    write_county(county, tmp_path)

The parts, one concept per module: :mod:`~hedui.synth.params` and
:mod:`~hedui.synth.source_params` (documented defaults), :mod:`~hedui.synth.geography`,
:mod:`~hedui.synth.population` (households), :mod:`~hedui.synth.year` (the period's events),
:mod:`~hedui.synth.coverage` (what each source holds), :mod:`~hedui.synth.render`,
:mod:`~hedui.synth.errors_model` (error injection), :mod:`~hedui.synth.truth`,
:mod:`~hedui.synth.writer`.
"""

from hedui.synth.county import STEPS, County, generate_county
from hedui.synth.errors_model import ERROR_KINDS
from hedui.synth.params import SynthParams
from hedui.synth.source_params import (
    EVENT_KINDS,
    SOURCE_NAMES,
    ErrorRates,
    SourceParams,
    VillageCoverage,
)
from hedui.synth.summary import CountySummary
from hedui.synth.writer import OUTPUT_FILES, synthesize, write_county

__all__ = [
    "ERROR_KINDS",
    "EVENT_KINDS",
    "OUTPUT_FILES",
    "SOURCE_NAMES",
    "STEPS",
    "County",
    "CountySummary",
    "ErrorRates",
    "SourceParams",
    "SynthParams",
    "VillageCoverage",
    "generate_county",
    "synthesize",
    "write_county",
]
