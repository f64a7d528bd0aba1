"""Published capture–recapture tables used as worked examples across the stats tests.

Counts are listed as in the sources, in the order of Rcapture's ``histpos.t`` (history
1…1 first, 0…01 last). Where a published table is quoted through Rcapture's own test suite
(``inst/tests/testPapersResults.R`` and the examples in ``tests/Examples``, Rcapture 1.4),
the comment says so.
"""

from __future__ import annotations

import pytest

from hedui.stats.capture_histories import CaptureHistories, all_histories


def rcapture_table(values: list[int], sources: list[str]) -> CaptureHistories:
    """A table from counts in Rcapture's ``histpos.t`` order."""
    order = sorted(all_histories(len(sources)), reverse=True)
    return CaptureHistories.from_counts(dict(zip(order, values, strict=True)), sources)


@pytest.fixture
def cormack_3b() -> CaptureHistories:
    """Cormack, Chang and Smith (2000), Table 3b: deaths from industrial injury on three
    lists (death certificates, occupational fatality reports, workers' compensation), 201 seen.

    111: 72, 110: 5, 101: 29, 100: 54, 011: 24, 010: 3, 001: 14.
    """
    return rcapture_table([72, 5, 29, 54, 24, 3, 14], ["死亡证", "伤亡通报", "工伤赔偿"])


@pytest.fixture
def cormack_3a() -> CaptureHistories:
    """Cormack, Chang and Smith (2000), Table 3a: the same deaths on four lists, 215 seen.

    Five of the seven histories without list 1 are empty, which leaves several models'
    estimates unbounded (Rcapture reports them above a million).
    """
    return rcapture_table(
        [72, 5, 29, 53, 24, 3, 12, 14, 0, 0, 0, 1, 0, 0, 2],
        ["死亡证", "伤亡通报", "工伤赔偿", "安全监管"],
    )


@pytest.fixture
def darroch_r3() -> CaptureHistories:
    """Darroch et al. (1993, JASA 88:1137–1148), census data R3 as re-analysed by Rivest (2011).

    111: 72, 110: 155, 101: 7, 100: 71, 011: 13, 010: 53, 001: 43; 414 seen.
    """
    return rcapture_table([72, 155, 7, 71, 13, 53, 43], ["E1", "E2", "E3"])


@pytest.fixture
def diabetes() -> CaptureHistories:
    """Bruno et al. (1994, Diabetes Care 17:548–556): diabetics in Casale Monferrato on four
    lists (diabetic clinics, family physicians, hospital discharges, prescriptions); 2069 seen.
    """
    return rcapture_table(
        [58, 157, 18, 104, 46, 650, 12, 709, 14, 20, 7, 74, 8, 182, 10],
        ["门诊", "家庭医生", "出院", "处方"],
    )


@pytest.fixture
def hepatitis_a() -> CaptureHistories:
    """The 1995 hepatitis A outbreak at a college in northern Taiwan (Chao et al. 2001,
    Stat Med 20:3123–3157, Table II; R package CARE1, data set HAV).

    P (serum test, 135), Q (hospital reports, 122), E (epidemiologists, 126); 271 ascertained.
    Cells: E only 63, Q only 55, Q and E 18, P only 69, P and E 17, P and Q 21, all three 28
    (the marginal totals 135/122/126/271 fix the three cells the text does not quote).
    """
    return CaptureHistories.from_counts(
        {"001": 63, "010": 55, "011": 18, "100": 69, "101": 17, "110": 21, "111": 28},
        ["P", "Q", "E"],
    )
