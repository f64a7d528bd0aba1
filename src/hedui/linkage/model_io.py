"""``model.json``: a trained model saved once and reused every month without retraining.

The file holds two things::

    {"hedui": {"format": 1, "spec": {...}, "trained_on": {...}},
     "splink": {... Splink's own settings dictionary, with m and u for every level ...}}

Loading does not hand Splink's dictionary back to Splink as is: that dictionary holds SQL
already rendered for the engine it was trained on. hedui rebuilds the comparisons from the
stored :class:`~hedui.linkage.settings.LinkageSpec` — for whatever engine runs now — and
copies the trained m and u probabilities onto them level by level. A model trained on
DuckDB therefore scores the same way on Spark, and a model whose levels do not match the
current comparisons (a file from another version, or edited by hand) is refused with
every mismatch listed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from splink import SettingsCreator

from hedui.errors import ConfigurationError
from hedui.linkage.blocking import BlockingKey
from hedui.linkage.settings import LinkageSpec, build_settings

MODEL_FORMAT = 1


@dataclass(frozen=True)
class SavedModel:
    """A model as read from ``model.json``.

    Attributes:
        spec: how to link (comparisons, blocking, threshold, ...).
        splink: Splink's settings dictionary with the trained parameters.
        trained_on: free-form facts about the training data (record counts, sources).
    """

    spec: LinkageSpec
    splink: dict[str, Any]
    trained_on: dict[str, Any] = field(default_factory=dict)

    @property
    def prior(self) -> float:
        """λ, the probability that two random records match."""
        return float(self.splink["probability_two_random_records_match"])

    def settings(
        self, spec: LinkageSpec | None = None, blocking_rules: Sequence[BlockingKey] | None = None
    ) -> SettingsCreator:
        """Splink settings for the comparisons of ``spec``, carrying the trained m and u.

        Raises:
            ConfigurationError: the stored parameters do not fit the comparisons.
        """
        spec = spec or self.spec
        creator = build_settings(spec, blocking_rules)
        stored = {c.get("output_column_name"): c for c in self.splink.get("comparisons", [])}
        problems: list[str] = []
        for comparison in creator.comparisons:
            assert not isinstance(comparison, dict)
            name = comparison.create_output_column_name()
            levels = stored.get(name, {}).get("comparison_levels")
            if levels is None:
                problems.append(f"模型中没有比较项 {name} / the model has no comparison {name!r}")
                continue
            trained = [level for level in levels if not level.get("is_null_level", False)]
            if len(trained) != comparison.num_non_null_levels:
                problems.append(
                    f"比较项 {name} 在模型中有 {len(trained)} 个级别，当前为 "
                    f"{comparison.num_non_null_levels} / comparison {name!r} has {len(trained)} "
                    f"levels in the model but {comparison.num_non_null_levels} now"
                )
                continue
            missing = [
                i
                for i, level in enumerate(trained)
                if "m_probability" not in level or "u_probability" not in level
            ]
            if missing:
                problems.append(
                    f"比较项 {name} 的参数未训练完全 / comparison {name!r} is not fully trained"
                )
                continue
            comparison.configure(
                m_probabilities=[float(level["m_probability"]) for level in trained],
                u_probabilities=[float(level["u_probability"]) for level in trained],
            )
        if problems:
            raise ConfigurationError(
                "模型文件与当前的比较项不符 / the model file does not fit:\n- "
                + "\n- ".join(problems),
                problems=problems,
            )
        creator.probability_two_random_records_match = self.prior
        return creator


def save_model(
    path: Path, spec: LinkageSpec, splink: dict[str, Any], trained_on: dict[str, Any]
) -> None:
    """Write ``model.json`` (UTF-8, indented, keys in a stable order)."""
    document = {
        "hedui": {
            "format": MODEL_FORMAT,
            "spec": spec.model_dump(mode="json"),
            "trained_on": trained_on,
        },
        "splink": splink,
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def load_model(path: Path) -> SavedModel:
    """Read a ``model.json`` written by :func:`save_model`.

    Raises:
        ConfigurationError: the file is missing, not JSON, or not a hedui model.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(
            f"找不到模型文件 {path}；请先不带 --model 运行一次以训练模型 / "
            f"model file {path} not found; run once without --model to train one"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ConfigurationError(
            f"模型文件 {path} 不是有效的 JSON：{error} / model file {path} is not valid JSON"
        ) from None
    if not isinstance(document, dict) or "hedui" not in document or "splink" not in document:
        raise ConfigurationError(
            f"{path} 不是 hedui 的模型文件（应由 hedui link 生成） / "
            f"{path} is not a hedui model (it should be written by hedui link)"
        )
    meta = document["hedui"]
    if meta.get("format") != MODEL_FORMAT:
        raise ConfigurationError(
            f"模型文件 {path} 的格式版本 {meta.get('format')} 不受支持 / "
            f"model format {meta.get('format')!r} is not supported (expected {MODEL_FORMAT})"
        )
    try:
        spec = LinkageSpec.model_validate(meta.get("spec", {}))
    except ValidationError as error:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        raise ConfigurationError(
            f"模型文件 {path} 中的链接配置无效 / the specification in {path} is invalid",
            problems=problems,
        ) from None
    return SavedModel(spec=spec, splink=document["splink"], trained_on=meta.get("trained_on", {}))
