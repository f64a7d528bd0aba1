"""Joining a source's records to their truth, for tests that compare written and true values."""

from __future__ import annotations

import polars as pl

from hedui.synth import County


def records_with_truth(county: County, source: str) -> pl.DataFrame:
    """A source's records joined to their truth rows and to the person's true facts."""
    people = (
        county.truth_events.select(
            "person_id",
            pl.col("name").alias("true_name"),
            pl.col("id_number").alias("true_id"),
            pl.col("sex").alias("true_sex"),
            pl.col("birth_date").alias("true_birth_date"),
        )
        .unique("person_id", keep="first")
        .sort("person_id")
    )
    return (
        county.sources[source]
        .join(county.truth, on=["source", "record_id"], how="left")
        .with_columns(pl.col("entity_id").str.split(":").list.first().alias("person_id"))
        .join(people, on="person_id", how="left")
    )
