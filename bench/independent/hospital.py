"""The hospitals' birth certificates (出生医学证明): births only, and only hospital births.

Home births (commoner in remote villages, and every hidden birth) and births in hospitals
outside the county are missing. The event date is the day of birth. The child has no ID number
yet and often no name. The address is where the mother actually lives, as she tells the nurse:
often the county seat where the young couple works, sometimes only the county. When the first
certificate carried a placeholder, the family may come back for one with the real name.
"""

from __future__ import annotations

import random
from datetime import timedelta

from bench.independent.clerks import Clerk, hospital_clerk
from bench.independent.config import Window
from bench.independent.events import TrueEvent
from bench.independent.geography import County, residence_address
from bench.independent.newborns import HOSPITAL_FORMS, KINDS, PLACEHOLDERS, NewbornNamer, deal
from bench.independent.records import HOSPITAL, Record

_ADDRESSES = {"full": 79, "county_only": 18, "blank": 3}
"""How the address code of a mother's residence is written."""


def hospital_records(
    events: list[TrueEvent],
    county: County,
    window: Window,
    rng: random.Random,
    namer: NewbornNamer,
) -> list[Record]:
    """Birth certificates of the year's births delivered in the county's hospitals."""
    clerks = (hospital_clerk("县人民医院", rng), hospital_clerk("县妇幼保健院", rng))
    delivered: list[TrueEvent] = []
    in_hospital: dict[str, bool] = {}
    for birth in (e for e in events if e.kind == "birth"):
        if birth.order == 2 and birth.twin is not None:
            if in_hospital[birth.twin.entity]:
                delivered.append(birth)
            continue
        home = 0.02 + 0.1 * birth.village.remoteness
        recorded = not birth.hidden and rng.random() >= home + 0.06
        in_hospital[birth.entity] = recorded
        if recorded:
            delivered.append(birth)
    forms = namer.assign(delivered, HOSPITAL_FORMS)
    mothers = list(dict.fromkeys(b.mother.pid for b in delivered if b.mother is not None))
    writing = dict(zip(mothers, deal(_ADDRESSES, len(mothers), rng), strict=True))
    out: list[Record] = []
    for birth in delivered:
        mother = birth.mother
        assert mother is not None
        clerk = clerks[0] if mother.pid % 3 else clerks[1]
        code, address, kind = _residence(county, birth, writing[mother.pid])
        form = forms[birth.entity]
        record = _certificate(birth, clerk, form, namer, code, address)
        if kind:
            record.note("address_code", kind, birth.village.code, code)
        out.append(record)
        if form in PLACEHOLDERS and rng.random() < 0.3:
            again = birth.day + timedelta(days=rng.randint(20, 120))
            if again <= window.cutoff:
                reissued = _certificate(birth, clerk, "final", namer, code, address)
                reissued.entry = again
                reissued.note("name", "certificate_reissued", record.name, reissued.name)
                out.append(reissued)
    return out


def _certificate(
    birth: TrueEvent, clerk: Clerk, form: str, namer: NewbornNamer, code: str, address: str
) -> Record:
    mother = birth.mother
    assert mother is not None
    name, parts = namer.name(form, birth)
    record = Record(
        source=HOSPITAL,
        event="birth",
        truth=birth,
        clerk=clerk,
        unit="hospital",
        entry=birth.day,
        event_date=birth.day,
        person=birth.person,
        name=name,
        name_parts=parts,
        id_number="",
        sex=birth.person.sex,
        birth_date=birth.day,
        mother=mother,
        mother_name=mother.name,
        mother_id_number=mother.id_number,
        address_code=code,
        address=address,
    )
    if form != "final":
        record.note("name", KINDS[form], birth.person.name, name)
    return record


def _residence(county: County, birth: TrueEvent, writing: str) -> tuple[str, str, str]:
    """(address code, address, note kind) of the mother's actual residence, the code written
    in full, as the county only, or not at all."""
    mother = birth.mother
    assert mother is not None
    home = mother.residence or birth.village
    address = residence_address(county, home, mother.group, mother.house)
    if writing == "county_only":
        return county.code + "000000", address, "hospital_address_county_only"
    if writing == "blank":
        return "", address, ""
    if home is not birth.village:
        return home.code, address, "hospital_address_county_seat"
    return home.code, address, ""
