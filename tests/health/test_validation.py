"""Programme files: the shipped ones are valid; compulsion, non-participant lists and unknown
keys are refused, each problem naming its key."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import ConfigurationError
from hedui.health import validation
from hedui.health.catalogue import SHIPPED_DIR, shipped
from hedui.health.config import VisitKind
from hedui.health.validation import forbidden_reason, parse_programme, parse_programme_text

MINIMAL = """
code = "demo"
name_zh = "示例"
name_en = "Demo"
[offered_to]
sex = "any"
min_age = 18
max_age = 60
[[visits]]
key = "screening"
name_zh = "筛查"
name_en = "Screening"
kind = "screening"
due_days = 0
  [[visits.fields]]
  key = "result"
  label_zh = "结果"
  label_en = "Result"
  type = "result"
"""


def test_shipped_programmes_are_the_four_services() -> None:
    codes = {p.code for p in shipped()}
    assert codes == {
        "cervical_screening",
        "rti_screening",
        "birth_defect_prevention",
        "contraceptive_safety_study",
    }
    assert len(list(SHIPPED_DIR.glob("*.toml"))) == 4


def test_cervical_screening_follow_ups_come_only_after_a_positive_screening() -> None:
    cervical = next(p for p in shipped() if p.code == "cervical_screening")
    assert [(v.key, v.after, v.only_if_positive, v.due_days) for v in cervical.visits] == [
        ("screening", None, False, 0),
        ("follow_up_6m", "screening", True, 180),
        ("follow_up_12m", "screening", True, 365),
    ]
    assert cervical.offered_to.sex == "female"


def test_folic_acid_is_a_distribution_with_a_quantity() -> None:
    prevention = next(p for p in shipped() if p.code == "birth_defect_prevention")
    first = prevention.visit("folic_acid_1")
    assert first is not None and first.kind is VisitKind.DISTRIBUTION
    assert first.quantity_field is not None


def test_minimal_programme_parses() -> None:
    programme = parse_programme_text(MINIMAL, source="demo.toml")
    assert programme.code == "demo" and programme.referral_flag_days == 14


def _with(extra: str, at: str = "top") -> str:
    if at == "top":
        return extra + "\n" + MINIMAL
    if at == "visit":
        return MINIMAL.replace('kind = "screening"', f'kind = "screening"\n{extra}')
    return MINIMAL.replace('type = "result"', f'type = "result"\n{extra}')


@pytest.mark.parametrize(
    ("line", "at", "key"),
    [
        ("compulsory = true", "top", "compulsory"),
        ("mandatory = true", "visit", "visits[0].mandatory"),
        ("required_participation = true", "top", "required_participation"),
        ("list_non_participants = true", "top", "list_non_participants"),
        ("target_all = true", "top", "target_all"),
        ("isMandatory = true", "field", "visits[0].fields[0].isMandatory"),
        ("Compulsory-Visit = 1", "visit", "visits[0].Compulsory-Visit"),
        ('"强制参加" = true', "top", "强制参加"),
        ("report_defaulters = true", "top", "report_defaulters"),
        ("quota = 500", "top", "quota"),
        ("whole_population = true", "top", "whole_population"),
        ("non_enrolled_list = true", "top", "non_enrolled_list"),
    ],
)
def test_compulsion_and_non_participant_keys_are_refused_by_name(
    line: str, at: str, key: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_programme_text(_with(line, at), source="bad.toml")
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.startswith(f"bad.toml：{key} 不允许")
    assert "is refused" in problem


def test_a_compulsory_value_is_refused_too() -> None:
    text = MINIMAL.replace('kind = "screening"', 'kind = "mandatory"')
    with pytest.raises(ConfigurationError, match=r"visits\[0\]\.kind 不允许"):
        parse_programme_text(text, source="bad.toml")


def test_description_may_say_that_nothing_is_compulsory() -> None:
    text = MINIMAL.replace('name_en = "Demo"', 'name_en = "Demo"\ndescription_zh = "自愿，不强制"')
    assert parse_programme_text(text, source="ok.toml").description_zh == "自愿，不强制"


def test_unknown_keys_are_refused_listing_the_allowed_ones() -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_programme_text(_with("colour = 'red'", "visit"), source="x.toml")
    assert caught.value.problems == [
        "x.toml：visits[0].colour 是未知的键，可用：after, due_days, fields, key, kind, name_en, "
        "name_zh, only_if_positive, overdue_after_days / visits[0].colour: unknown key; allowed: "
        "after, due_days, fields, key, kind, name_en, name_zh, only_if_positive, "
        "overdue_after_days"
    ]


def test_every_problem_is_listed_at_once() -> None:
    data = tomllib.loads(MINIMAL)
    data["visits"][0]["after"] = "nothing"
    data["visits"][0]["only_if_positive"] = True
    data["offered_to"]["min_age"] = 70
    data["code"] = "Bad Code"
    with pytest.raises(ConfigurationError) as caught:
        parse_programme(data, source="x.toml")
    wheres = [p.split("：")[1].split(" ")[0] for p in caught.value.problems]
    assert wheres == ["code", "visits[0].after", "visits[0].only_if_positive", "offered_to.min_age"]


def test_invalid_toml_says_so() -> None:
    with pytest.raises(ConfigurationError, match="不是有效的 TOML"):
        parse_programme_text("code = ", source="x.toml")


_STEMS = ["compulsory", "mandatory", "obligatory", "required", "nonparticipant", "targetall"]


@given(
    prefix=st.text(alphabet="abcxyz_", max_size=6),
    stem=st.sampled_from(_STEMS),
    suffix=st.text(alphabet="abcxyz_-", max_size=6),
    upper=st.booleans(),
)
def test_any_key_spelling_a_forbidden_idea_is_refused(
    prefix: str, stem: str, suffix: str, upper: bool
) -> None:
    key = prefix + (stem.upper() if upper else stem) + suffix
    assert forbidden_reason(key) is not None
    with pytest.raises(ConfigurationError):
        parse_programme_text(_with(f'"{key}" = true', "visit"), source="x.toml")


def test_no_allowed_key_is_forbidden() -> None:
    allowed = validation._PROGRAMME_KEYS | validation._OFFERED_KEYS | validation._VISIT_KEYS
    for key in allowed | validation._FIELD_KEYS:
        assert forbidden_reason(key) is None, key
