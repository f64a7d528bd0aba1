"""Record linkage with Splink: Chinese-aware comparisons, blocking, training, clustering.

The two functions most callers need are :func:`link_files` (source files in, clusters and
their evidence out) and :func:`evaluate_clusters` (clusters against a known truth);
:func:`explain_record` says why one record was linked or not. What a run leaves is read back
through :class:`LinkDir`, the one place that names its files.
"""

from __future__ import annotations

from hedui.linkage.evaluate import Evaluation, evaluate_clusters
from hedui.linkage.explain import Explanation, explain_record
from hedui.linkage.link_dir import LinkDir
from hedui.linkage.pipeline import LinkResult, link_files
from hedui.linkage.settings import LinkageSpec

__all__ = [
    "Evaluation",
    "Explanation",
    "LinkDir",
    "LinkResult",
    "LinkageSpec",
    "evaluate_clusters",
    "explain_record",
    "link_files",
]
