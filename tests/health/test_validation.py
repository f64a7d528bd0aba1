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


def test_shipped_programmes_are_the_three_services() -> None:
    """No contraceptive-safety study: per-woman contraception tracking is out of scope."""
    codes = {p.code for p in shipped()}
    assert codes == {"cervical_screening", "rti_screening", "birth_defect_prevention"}
    assert len(list(SHIPPED_DIR.glob("*.toml"))) == 3


def test_no_shipped_file_names_contraception_or_pregnancy_status() -> None:
    for path in SHIPPED_DIR.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        for word in ("避孕", "contracept", "上环", "节育", "孕情", "IUD"):
            assert word not in text, (path.name, word)


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


# The programme a review found accepted: women 15–49, quarterly IUD and pregnancy checks.
COERCIVE = """
code = "quarterly_checks"
name_zh = "查环查孕"
name_en = "Quarterly checks"
[offered_to]
sex = "female"
min_age = 15
max_age = 49
[[visits]]
key = "q1"
name_zh = "第一季度"
name_en = "First quarter"
kind = "screening"
due_days = 0
  [[visits.fields]]
  key = "status"
  label_zh = "孕情（计划外怀孕）"
  label_en = "Status"
  type = "choice"
  options = ["已落实", "未落实"]
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(ConfigurationError) as caught:
        parse_programme_text(text, source="p.toml")
    return caught.value.problems


def _wheres(problems: list[str]) -> list[str]:
    return [p.split("：")[1].split(" ")[0] for p in problems]


def test_a_programme_of_iud_and_pregnancy_checks_is_refused_for_its_content() -> None:
    problems = _problems(COERCIVE)
    assert _wheres(problems) == [
        "name_zh",  # 查环
        "visits[0].fields[0].label_zh",  # 孕情 (enforcement)
        "visits[0].fields[0].label_zh",  # 怀孕 (pregnancy status)
        "visits[0].fields[0].options[1]",  # 未落实
    ]
    assert "含有“查环”" in problems[0] and "birth-control enforcement" in problems[0]
    assert "含有“怀孕”" in problems[2] and "whether someone is pregnant" in problems[2]


@pytest.mark.parametrize(
    ("old", "new", "where", "term"),
    [
        # Full-width, traditional, spaced and hidden-character spellings are the same words.
        ('name_en = "Demo"', 'name_en = "ＩＵＤ Check"', "name_en", "iud check"),
        ('name_zh = "示例"', 'name_zh = "查環"', "name_zh", "查环"),
        ('name_zh = "示例"', 'name_zh = "查　孕"', "name_zh", "查孕"),
        ('name_zh = "示例"', 'name_zh = "超\u200b生"', "name_zh", "超生"),
        ('name_en = "Demo"', 'name_en = "Birth-Quota follow-up"', "name_en", "birth quota"),
        ('name_en = "Demo"', 'name_en = "Unplanned pregnancy"', "name_en", "unplanned pregnancy"),
        ('name_zh = "示例"', 'name_zh = "社会抚养费"', "name_zh", "社会抚养费"),
        ('name_zh = "示例"', 'name_zh = "罚款"', "name_zh", "罚"),
        ('name_en = "Demo"', 'name_en = "Demo (fines apply)"', "name_en", "fines"),
        # Contraception: a method or status, anywhere.
        ('label_zh = "结果"', 'label_zh = "避孕方式"', "visits[0].fields[0].label_zh", "避孕"),
        ('label_zh = "结果"', 'label_zh = "避孕措施"', "visits[0].fields[0].label_zh", "避孕"),
        ('label_en = "Result"', 'label_en = "Contraceptive method"', "visits[0].fields[0].label_en",
         "contraceptive"),
        ('key = "result"', 'key = "iud_in_place"', "visits[0].fields[0].key", "iud"),
        ('description_zh = ""', 'description_zh = "记录节育情况"', "description_zh", "节育"),
        # The sex of a foetus.
        ('label_zh = "结果"', 'label_zh = "胎儿性别"', "visits[0].fields[0].label_zh", "胎儿性别"),
        ('key = "result"', 'key = "fetal_sex"', "visits[0].fields[0].key", "fetal sex"),
        ('name_en = "Screening"', 'name_en = "Sex determination"', "visits[0].name_en",
         "sex determination"),
        # Pregnancy status, in what a visit records.
        ('label_zh = "结果"', 'label_zh = "是否怀孕"', "visits[0].fields[0].label_zh", "怀孕"),
        ('key = "result"', 'key = "pregnancyStatus"', "visits[0].fields[0].key", "pregnancystatus"),
        ('name_zh = "筛查"', 'name_zh = "妊娠确认"', "visits[0].name_zh", "妊娠"),
    ],
)  # fmt: skip
def test_lexicon_words_are_refused_however_written(
    old: str, new: str, where: str, term: str
) -> None:
    text = MINIMAL.replace('name_en = "Demo"', 'name_en = "Demo"\ndescription_zh = ""')
    assert old in text
    problems = _problems(text.replace(old, new, 1))
    assert where in _wheres(problems), problems
    assert any(f"含有“{term}”" in p for p in problems), problems


def test_pregnancy_may_be_named_in_a_description_but_not_recorded() -> None:
    """The birth-defect programme offers folic acid "before and in early pregnancy"."""
    text = MINIMAL.replace(
        'name_en = "Demo"', 'name_en = "Demo"\ndescription_en = "Folic acid in early pregnancy."'
    )
    assert parse_programme_text(text, source="ok.toml").description_en.endswith("pregnancy.")
    prevention = next(p for p in shipped() if p.code == "birth_defect_prevention")
    assert "孕早期" in prevention.description_zh


@pytest.mark.parametrize(
    "description",
    ["We define and refine the follow-up.", "计划随访", "检测指标", "Free and voluntary."],
)
def test_ordinary_words_that_contain_a_short_term_are_allowed(description: str) -> None:
    text = MINIMAL.replace(
        'name_en = "Demo"', f'name_en = "Demo"\ndescription_en = "{description}"'
    )
    assert parse_programme_text(text, source="ok.toml").description_en == description
