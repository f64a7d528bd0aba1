"""The linkage specification: declarative data, validated once, compiled into Splink settings.

A :class:`LinkageSpec` says which comparisons to use, how to block, how to train and where
to cut. :func:`validate_spec` lists *every* problem at once; :func:`build_settings` turns a
valid spec into Splink's :class:`SettingsCreator`. The spec is stored in ``model.json`` next
to the trained parameters so that a later run with ``--model`` links the same way.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict, Field
from splink import SettingsCreator
from splink.internals.comparison_creator import ComparisonCreator

from hedui.errors import ConfigurationError
from hedui.linkage.blocking import (
    BROAD_RULES,
    DETERMINISTIC_RULES,
    EVENT_KEYS,
    PREDICTION_RULES,
    TRAINING_RULES,
    BlockingKey,
    rule_creator,
)
from hedui.linkage.comparisons import (
    AddressCodeComparison,
    AddressTextComparison,
    BirthDateComparison,
    ChineseNameComparison,
    EventDateComparison,
    MotherComparison,
    ResidentIdComparison,
    SexComparison,
)
from hedui.linkage.prepare import FEATURE_COLUMNS

COMPARISONS: dict[str, Callable[[], ComparisonCreator]] = {
    "resident_id": ResidentIdComparison,
    "name": ChineseNameComparison,
    "birth_date": BirthDateComparison,
    "sex": SexComparison,
    "address_code": AddressCodeComparison,
    "event_date": EventDateComparison,
    "mother": MotherComparison,
    "address": AddressTextComparison,
}
"""Every comparison hedui knows, by the name used in specs and in ``links.parquet``
(``gamma_<name>``, ``mw_<name>``)."""

RETAINED_COLUMNS = ["source", "record_id", "event"]

DEFAULT_THRESHOLD = 0.5
"""Link a pair when a match is more likely than not: the decision that minimises the
expected number of wrong calls. On the synthetic county F1 is the same from 0.5 to 0.9
(the evidence in a registry pair is rarely in between); on Febrl4, whose copies carry
several errors each, 0.5 finds 1% more true links without a false one."""


class LinkageSpec(BaseModel):
    """Everything that decides how records are linked, as plain data.

    Attributes:
        comparisons: names from :data:`COMPARISONS`, in the order they are scored.
        blocking_rules: each rule is a tuple of prepared columns that must be equal.
        broad_rules: rules used only while they generate at most
            ``max(pair_budget, per_record_budget × records)`` pairs.
        training_rules: blocking rules for the EM sessions that estimate m.
        deterministic_rules: near-certain matches, to estimate the prior λ.
        deterministic_recall: the share of all matches the deterministic rules are
            believed to find (the prior is their count divided by this).
        threshold: the match probability at and above which two records are linked.
        u_max_pairs: random pairs sampled to estimate u (the chance agreement).
        em_max_pairs: pairs per EM session (sampled deterministically when exceeded).
        seed: seed for every random sample, so that two runs train the same model.
        min_records: below this many records a model cannot be trained reliably.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    comparisons: tuple[str, ...] = tuple(COMPARISONS)
    blocking_rules: tuple[BlockingKey, ...] = PREDICTION_RULES
    broad_rules: tuple[BlockingKey, ...] = BROAD_RULES
    pair_budget: float = 2e6
    per_record_budget: float = 0.5
    training_rules: tuple[BlockingKey, ...] = TRAINING_RULES
    deterministic_rules: tuple[BlockingKey, ...] = DETERMINISTIC_RULES
    deterministic_recall: float = 0.8
    threshold: float = DEFAULT_THRESHOLD
    u_max_pairs: float = 1.5e6
    em_max_pairs: float = 2e6
    seed: int = 20240601
    min_records: int = Field(default=200, ge=2)


def spec_problems(spec: LinkageSpec) -> list[str]:
    """Every problem with ``spec``, each as one bilingual sentence (empty when valid)."""
    problems: list[str] = []
    known = set(FEATURE_COLUMNS)
    for name in spec.comparisons:
        if name not in COMPARISONS:
            problems.append(
                f"未知的比较项 {name!r}（可用：{', '.join(COMPARISONS)}） / "
                f"unknown comparison {name!r}"
            )
    if len(set(spec.comparisons)) != len(spec.comparisons):
        problems.append("比较项重复 / a comparison is listed twice")
    if not spec.comparisons:
        problems.append("至少需要一个比较项 / at least one comparison is needed")
    for kind, rules in (
        ("blocking_rules", spec.blocking_rules),
        ("broad_rules", spec.broad_rules),
        ("training_rules", spec.training_rules),
        ("deterministic_rules", spec.deterministic_rules),
    ):
        if not rules and kind != "broad_rules":
            problems.append(f"{kind} 为空 / {kind} is empty")
        for rule in rules:
            unknown = [column for column in rule if column not in known]
            if unknown:
                problems.append(
                    f"{kind} 规则 {'+'.join(rule)} 引用了不存在的列 {', '.join(unknown)} / "
                    f"{kind} rule {'+'.join(rule)} names unknown columns {', '.join(unknown)}"
                )
            if not set(EVENT_KEYS) & set(rule):
                problems.append(
                    f"{kind} 规则 {'+'.join(rule)} 必须包含 event 或 event_group"
                    "（只比较同类事件） / "
                    f"{kind} rule {'+'.join(rule)} must include event or event_group"
                )
    if not 0.0 < spec.threshold < 1.0:
        problems.append(
            f"阈值 {spec.threshold} 应在 0 与 1 之间 / threshold {spec.threshold} must be in (0, 1)"
        )
    if not 0.0 < spec.deterministic_recall <= 1.0:
        problems.append("deterministic_recall 应在 (0, 1] 之间 / must be in (0, 1]")
    if spec.u_max_pairs < 1e4:
        problems.append("u_max_pairs 至少 10000 / u_max_pairs must be at least 10,000")
    if spec.em_max_pairs < 1e3:
        problems.append("em_max_pairs 至少 1000 / em_max_pairs must be at least 1,000")
    return problems


def validate_spec(spec: LinkageSpec) -> LinkageSpec:
    """Return ``spec`` if it is usable, else raise with every problem listed.

    A legal but risky choice — a very low threshold, a blocking rule on ``event`` alone —
    is reported with :func:`warnings.warn` instead.

    Raises:
        ConfigurationError: one or more problems; ``problems`` lists them all.
    """
    problems = spec_problems(spec)
    if problems:
        raise ConfigurationError(
            "链接配置有误 / the linkage specification is invalid:\n- " + "\n- ".join(problems),
            problems=problems,
        )
    if spec.threshold < 0.5:
        warnings.warn(
            f"阈值 {spec.threshold} 低于 0.5：链接的记录对多半不是同一人 / "
            f"threshold {spec.threshold} is below 0.5: most links would be wrong",
            UserWarning,
            stacklevel=2,
        )
    for rule in spec.blocking_rules:
        if len(rule) == 1:
            warnings.warn(
                f"分块规则 {'+'.join(rule)} 只按事件类型分块，比较次数会非常大 / "
                f"blocking rule {'+'.join(rule)} compares every pair of an event type",
                UserWarning,
                stacklevel=2,
            )
    return spec


def build_settings(
    spec: LinkageSpec, blocking_rules: Sequence[BlockingKey] | None = None
) -> SettingsCreator:
    """Compile a (validated) spec into Splink settings for a dedupe of one prepared table.

    hedui hands Splink a single table with every source in it and ``link_type`` set to
    ``dedupe_only``: pairs within one source are scored too, since a ledger can hold the
    same person twice. Which source each record came from is enforced later, in
    clustering. ``unique_id`` is an integer, which makes Splink's joins cheap.

    ``blocking_rules`` overrides ``spec.blocking_rules`` — with the rules
    :func:`~hedui.linkage.blocking.select_rules` chose for the data at hand.
    """
    validate_spec(spec)
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[COMPARISONS[name]() for name in spec.comparisons],
        blocking_rules_to_generate_predictions=[
            rule_creator(r) for r in (blocking_rules or spec.blocking_rules)
        ],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=list(RETAINED_COLUMNS),
        max_iterations=25,
        em_convergence=0.0001,
    )
