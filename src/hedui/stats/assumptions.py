"""The assumptions behind each estimate, as bilingual sentences every output can print.

An estimate of how many births a county's registers missed is only as good as the assumptions
under it, and the people who read a monthly report cannot see them in the arithmetic. Every
result in :mod:`hedui.stats` therefore carries its assumptions as data (a tuple of these
strings, Chinese first, then English), so that the CLI, the web page and the Excel report all
print the same caveats next to the figure.
"""

from __future__ import annotations

__all__ = [
    "BINOMIAL_BIRTHS",
    "CLOSED_POPULATION",
    "HOMOGENEOUS_CAPTURE",
    "INDEPENDENT_SOURCES",
    "MODEL_AVERAGE",
    "NO_HIGHEST_ORDER_INTERACTION",
    "PERFECT_LINKAGE",
    "POISSON_EVENTS",
    "modelled_dependence",
]

CLOSED_POPULATION = (
    "人群封闭：统计期内各来源针对同一批人（同一地区、同一时期的同类事件），期间无迁入迁出 / "
    "closed population: every source covers the same people (same area, period and event "
    "type), with no one moving in or out during the period"
)

PERFECT_LINKAGE = (
    "匹配无误：同一人在各来源的记录都已正确归并，不同的人没有被误并 / "
    "perfect linkage: every person's records across sources were joined, and no two people "
    "were merged; missed links inflate the estimate, false links deflate it"
)

INDEPENDENT_SOURCES = (
    "来源相互独立：一个人是否被一个来源登记，不影响其被另一个来源登记的机会 / "
    "independent sources: being recorded by one source does not change the chance of being "
    "recorded by the other; positively dependent sources make the estimate too low"
)

HOMOGENEOUS_CAPTURE = (
    "登记机会均一：同一层内每个人被同一来源登记的机会相同（或差异与其他来源无关） / "
    "homogeneous capture: within a stratum everyone has the same chance of being recorded by "
    "a source (or differences are unrelated across sources); stratify by area to help"
)

NO_HIGHEST_ORDER_INTERACTION = (
    "模型外推：未被任何来源登记的人数依赖于所选对数线性模型，且假定不存在最高阶交互作用 / "
    "model extrapolation: the number recorded by no source follows from the chosen log-linear "
    "model, which assumes no interaction of the highest order"
)

MODEL_AVERAGE = (
    "模型平均：估计值按信息准则（AIC 或 BIC）权重平均各个可信的对数线性模型，"
    "区间包含选择模型本身的不确定性 / "
    "model averaging: the estimate averages the plausible log-linear models by their AIC "
    "(or BIC) weights, and its interval includes the uncertainty of choosing among them"
)

BINOMIAL_BIRTHS = (
    "每个活产的性别相互独立，出生登记不因性别而有差别 / "
    "each live birth's sex is independent of the others, and births are registered equally "
    "completely for boys and girls"
)

POISSON_EVENTS = (
    "事件相互独立地发生（泊松分布），人口数（人年）已知且无误 / "
    "events occur independently (Poisson counts), and the population (person-years) is known "
    "without error"
)


def modelled_dependence(pairs: list[str]) -> str:
    """State which pairs of sources the chosen log-linear model lets depend on each other.

    Args:
        pairs: the interactions of the chosen model, each written ``"甲×乙"``.

    Returns:
        The sentence; when ``pairs`` is empty the model is the independence model and the
        sentence says so, because independence is then an assumption rather than a finding.
    """
    if not pairs:
        return INDEPENDENT_SOURCES
    joined = "、".join(pairs)
    return (
        f"来源间的依赖已建模：{joined} 之间允许相关，其余来源两两条件独立 / "
        f"modelled dependence: {', '.join(pairs)} may depend on each other; "
        "all other pairs of sources are assumed conditionally independent"
    )
