"""The files a linkage run leaves for people: clusters, duplicates, ambiguous pairs, quarantine.

All are UTF-8 CSV, sorted, so that two runs over the same inputs
give byte-identical files (``links.parquet`` and ``model.json`` are written elsewhere). Their
names are those of :class:`~hedui.linkage.link_dir.LinkDir`, which reads them back.

- ``clusters.csv`` — ``source,record_id,cluster_id,match_probability``: every input record
  exactly once; ``match_probability`` is that of the record's strongest link inside its
  cluster, empty for a record alone.
- ``duplicates.csv`` — pairs from one source merged as the same person entered twice.
- ``ambiguous.csv`` — pairs kept apart although they scored above the threshold: records
  nothing distinguishes (unnamed twins), or a link as strong as the one chosen instead.
- ``quarantine.csv`` — rows kept out of linkage, one line per problem, with the reason.
"""

from __future__ import annotations

import polars as pl

from hedui.linkage.clustering import Clustering
from hedui.linkage.link_dir import LinkDir
from hedui.sources import QuarantinedRow, write_quarantine


def _name_pairs(pairs: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    ids = features.select("unique_id", "source", "record_id")
    left = ids.rename(
        {"unique_id": "unique_id_l", "source": "source_l", "record_id": "record_id_l"}
    )
    right = ids.rename(
        {"unique_id": "unique_id_r", "source": "source_r", "record_id": "record_id_r"}
    )
    extra = [c for c in pairs.columns if c not in ("unique_id_l", "unique_id_r")]
    return (
        pairs.join(left, on="unique_id_l", how="left")
        .join(right, on="unique_id_r", how="left")
        .sort("unique_id_l", "unique_id_r")
        .select("source_l", "record_id_l", "source_r", "record_id_r", *extra)
    )


def write_outputs(
    link: LinkDir,
    features: pl.DataFrame,
    clustering: Clustering,
    quarantine: list[QuarantinedRow],
) -> None:
    """Write the four CSV files into the link directory."""
    clusters = (
        features.select("unique_id", "source", "record_id")
        .join(clustering.clusters, on="unique_id", how="left")
        .sort("unique_id")
        .select("source", "record_id", "cluster_id", "match_probability")
    )
    clusters.write_csv(link.clusters_path)
    _name_pairs(clustering.duplicates, features).write_csv(link.duplicates_path)
    _name_pairs(clustering.ambiguous, features).write_csv(link.ambiguous_path)
    write_quarantine(quarantine, link.quarantine_path)
