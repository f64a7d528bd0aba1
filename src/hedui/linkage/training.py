"""Training without labels: λ from near-certain matches, u by random sampling, m by EM.

Nobody in a county has labelled pairs, so the Fellegi–Sunter parameters are estimated
from the data, in Splink's recommended order:

1. λ, the probability that two random records match, from deterministic rules (same
   event, same ID, same name) divided by their assumed recall;
2. u, how often each level occurs by chance, from a seeded random sample of pairs — in a
   county almost every random pair is two different people;
3. m, how often each level occurs among true matches, by expectation–maximisation over
   pairs blocked on a rule; each rule leaves the comparisons it fixes untrained, so two
   complementary rules are used (see :mod:`hedui.linkage.blocking`).

Too little data gives nonsense parameters without failing, so hedui checks before and
after and raises :class:`~hedui.errors.LinkageError` suggesting a saved model instead.

A level that never occurs in a training sample gets no estimate from Splink (and, once
saved, would silently fall back to Splink's defaults). :func:`complete_parameters` fills
those gaps by a stated rule, so a model scores the same in memory and after reloading:

- m or u never observed → 10⁻⁶, the value Splink itself uses in memory for such a level
  (rare, but not impossible): a level seen neither among matches nor among random pairs
  then weighs nothing, one seen only by chance weighs against a match, and one seen only
  among matches — a repairable ID typo — weighs for it;
- no level's m is below :data:`M_FLOOR` (the m of each comparison are then rescaled to
  sum to 1): EM on a few hundred training pairs never sees a one-day slip or a neighbouring
  township among the matches and drives their m towards zero, which turns a single field's
  disagreement into a veto of −90 bits. Real registries hold every kind of slip among true
  matches; the floor says "at least one match in 500 shows any level", which caps the
  evidence a single field can give against a link at about nine bits;
- the last level ("anything else") never *supports* a match: if its m exceeds its u (which
  happens when, say, every random pair shares a township), m is lowered to u;
- every parameter is rounded to 10 significant digits, so that the run-to-run noise of
  parallel sums does not reach ``model.json`` or the probabilities.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from splink import Linker
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from hedui.errors import LinkageError
from hedui.linkage.blocking import rule_creator, rule_label
from hedui.linkage.settings import LinkageSpec
from hedui.progress import NullProgress, Progress

TRAINING_STEP = "训练模型 training"

_TOO_LITTLE = (
    "数据太少，无法训练链接模型：{detail}。请用 --model 指定以前保存的 model.json "
    "（例如上个月的输出目录中的 model.json）。 / Too little data to train a linkage model: "
    "{detail_en}. Pass a saved model with --model (for example last month's DIR/model.json)."
)


@dataclass(frozen=True)
class TrainingReport:
    """What training did.

    Attributes:
        prior: the estimated λ.
        em_rules: the blocking rules of the EM sessions, in order.
        completed: how :func:`complete_parameters` filled gaps, one line per level.
        parameters: the trained Splink settings dict, gaps filled.
    """

    prior: float
    em_rules: list[str]
    completed: list[str]
    parameters: dict[str, Any]


def too_little_data(detail: str, detail_en: str) -> LinkageError:
    """The error for a dataset too small to train on, with what to do instead."""
    return LinkageError(_TOO_LITTLE.format(detail=detail, detail_en=detail_en))


def train_model(
    linker: Linker,
    spec: LinkageSpec,
    record_count: int,
    progress: Progress | None = None,
) -> TrainingReport:
    """Estimate λ, u and m on ``linker``'s data, in place.

    Raises:
        LinkageError: fewer records than ``spec.min_records``, no near-certain match to
            estimate λ from, or comparisons left untrained.
    """
    progress = progress or NullProgress()
    if record_count < spec.min_records:
        raise too_little_data(
            f"只有 {record_count} 条记录，至少需要 {spec.min_records} 条",
            f"only {record_count} records, at least {spec.min_records} are needed",
        )
    deterministic: list[str | BlockingRuleCreator] = [
        rule_creator(rule) for rule in spec.deterministic_rules
    ]
    try:
        linker.training.estimate_probability_two_random_records_match(
            deterministic, recall=spec.deterministic_recall
        )
    except ValueError as error:
        raise too_little_data(
            "无法估计先验概率", f"the prior cannot be estimated ({error})"
        ) from None
    progress.advance(TRAINING_STEP)
    prior = float(linker.misc.save_model_to_json()["probability_two_random_records_match"])
    if prior <= 0.0:
        raise too_little_data(
            "没有任何两条记录的身份证号与姓名都相同",
            "no two records share both an ID number and a name",
        )
    linker.training.estimate_u_using_random_sampling(max_pairs=spec.u_max_pairs, seed=spec.seed)
    progress.advance(TRAINING_STEP)
    for rule in spec.training_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule_creator(rule),
            estimate_without_term_frequencies=True,
            max_pairs=spec.em_max_pairs,
        )
        progress.advance(TRAINING_STEP)
    settings = linker.misc.save_model_to_json()
    untrained = [
        str(c.get("output_column_name"))
        for c in settings["comparisons"]
        if not any("m_probability" in level for level in c["comparison_levels"])
    ]
    if len(untrained) == len(settings["comparisons"]):
        raise too_little_data("任何比较项都无法估计", "no comparison could be estimated")
    parameters, completed = complete_parameters(settings)
    # A field empty in every record (no sex in Febrl, no mother on residence records) is
    # always in its null level and weighs nothing, whatever its parameters.
    completed.extend(f"{name}: no estimate at all (is the field empty?)" for name in untrained)
    return TrainingReport(
        prior=prior,
        em_rules=[rule_label(rule) for rule in spec.training_rules],
        completed=completed,
        parameters=parameters,
    )


def training_steps(spec: LinkageSpec) -> int:
    """How many times :func:`train_model` advances the progress step."""
    return 2 + len(spec.training_rules)


UNOBSERVED = 1e-6
M_FLOOR = 0.002
"""The least m of any level: one true match in 500 (see the module docstring)."""
SIGNIFICANT_DIGITS = 10


def _stable(value: float) -> float:
    """``value`` to 10 significant digits.

    EM sums over pairs in parallel, so the last bits of m differ from run to run; rounding
    them away makes two runs over the same data write the same ``model.json`` and the same
    probabilities, as well as the same clusters.
    """
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def complete_parameters(settings: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Fill unobserved m and u by the rules in the module docstring.

    Returns:
        A new settings dict and one line per level changed, ``comparison: level: what``.
    """
    completed = copy.deepcopy(settings)
    completed.pop("linker_uid", None)  # random per run; nothing depends on it
    prior = completed.get("probability_two_random_records_match")
    if isinstance(prior, float):
        completed["probability_two_random_records_match"] = _stable(prior)
    notes: list[str] = []
    for comparison in completed["comparisons"]:
        name = comparison.get("output_column_name")
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            label = level.get("label_for_charts")
            for parameter, sample in (("u", "random pairs"), ("m", "training pairs")):
                if f"{parameter}_probability" not in level:
                    level[f"{parameter}_probability"] = UNOBSERVED
                    notes.append(f"{name}: {label}: {parameter} = 1e-6 (never seen in {sample})")
        _floor_m(name, levels, notes)
        for position, level in enumerate(levels):
            label = level.get("label_for_charts")
            for parameter in ("m_probability", "u_probability"):
                level[parameter] = _stable(level[parameter])
            last = position == len(levels) - 1
            if last and level["m_probability"] > level["u_probability"]:
                level["m_probability"] = level["u_probability"]
                notes.append(f"{name}: {label}: m lowered to u (a disagreement is no evidence)")
    return completed, notes


def _floor_m(name: object, levels: list[dict[str, Any]], notes: list[str]) -> None:
    """Raise every m to :data:`M_FLOOR` and rescale the comparison's m to sum to 1."""
    low = [level for level in levels if level["m_probability"] < M_FLOOR]
    if not low:
        return
    for level in low:
        level["m_probability"] = M_FLOOR
        notes.append(f"{name}: {level.get('label_for_charts')}: m raised to {M_FLOOR}")
    total = sum(level["m_probability"] for level in levels)
    for level in levels:
        level["m_probability"] /= total
