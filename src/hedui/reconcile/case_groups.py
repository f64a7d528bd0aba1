"""The findings of one person, grouped: one card for a clerk instead of five.

A person whose ID was mistyped in the ledger gets a check-digit finding, an ID conflict and a
birth-date conflict on the same records; a family whose birth the police never registered has
the missing-birth finding on the child's birth records and a name conflict on the same cluster.
Each finding stays what it is (its own case, kind and history), but the cases of one person
share a ``person_key`` so the case list shows them as one card.

Two findings belong to one person when their records lie in one link cluster, or in clusters
that hold the same valid 18-digit ID (a person's resident entry and their marriage are two
events, so two clusters, of one person). The key is ``P:`` and the smallest ``source:record_id``
among the records of the person's findings: the same as long as that record is involved, so a
person keeps their group from one month's run to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from hedui.linkage.link_dir import LinkDir
from hedui.reconcile.findings import Finding, read_linked_records
from hedui.reconcile.source_records import read_source_records

__all__ = ["assign_person_keys", "group_findings", "person_keys"]


def person_keys(records: pl.DataFrame, findings: Sequence[Finding]) -> dict[str, str]:
    """``case_key → person_key`` for every finding (see the module docstring).

    Args:
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them, with
            an ``id_valid`` column when valid IDs should join clusters.
        findings: The findings to group.
    """
    wanted = pl.DataFrame(
        {
            "source": [s for f in findings for s, _ in f.records],
            "record_id": [r for f in findings for _, r in f.records],
        },
        schema={"source": pl.Utf8, "record_id": pl.Utf8},
    ).unique()
    involved = records.join(wanted, on=["source", "record_id"], how="semi")
    cluster_of = dict(
        zip(
            involved.select("source", "record_id").iter_rows(),
            involved.get_column("cluster_id").to_list(),
            strict=True,
        )
    )
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    clusters = records.join(
        pl.DataFrame(
            {"cluster_id": sorted(set(cluster_of.values()))}, schema={"cluster_id": pl.Utf8}
        ),
        on="cluster_id",
        how="semi",
    )
    if "id_valid" in clusters.columns:
        valid = clusters.filter(pl.col("id_valid").fill_null(False) & pl.col("id18").is_not_null())
        shared = valid.group_by("id18").agg(pl.col("cluster_id").unique()).get_column("cluster_id")
        for ids in shared.to_list():
            for other in ids[1:]:
                union(ids[0], other)
    node_of: dict[str, str] = {}
    for finding in findings:
        nodes = [cluster_of.get(r, f"record:{r[0]}:{r[1]}") for r in finding.records]
        node_of[finding.case_key] = nodes[0] if nodes else f"finding:{finding.case_key}"
        for node in nodes[1:]:
            union(nodes[0], node)
    smallest: dict[str, str] = {}
    for finding in findings:
        group = root(node_of[finding.case_key])
        for source, record_id in finding.records:
            name = f"{source}:{record_id}"
            if group not in smallest or name < smallest[group]:
                smallest[group] = name
    return {
        f.case_key: "P:" + smallest.get(root(node_of[f.case_key]), f.case_key) for f in findings
    }


def assign_person_keys(records: pl.DataFrame, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` with their ``person_key`` filled in (see :func:`person_keys`)."""
    keys = person_keys(records, findings)
    return [replace(f, person_key=keys[f.case_key]) for f in findings]


def group_findings(link_dir: LinkDir | Path | str, findings: Sequence[Finding]) -> dict[str, str]:
    """``case_key → person_key`` of ``findings``, reading the link directory's records."""
    link = LinkDir.open(link_dir)
    return person_keys(read_source_records(link, read_linked_records(link)), findings)
