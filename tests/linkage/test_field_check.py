"""The records a field check found unlinked (issue #11), linked with the county's model.

Each group below is one event in three registries that never agree; the expected clusters
are worked out by hand in the comments. The model is the one trained on the synthetic
county (``linked``), reused with ``--model`` as a monthly run would.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.linkage.pipeline import LinkResult, link_files
from hedui.sources.schema import CANONICAL_COLUMNS

pytestmark = pytest.mark.slow

# (source, record_id, event, event_date, name, id_number, sex, birth_date, mother_name,
#  mother_id_number, address_code, address) — one row a record, as the registries wrote them.
# fmt: off
ROWS = [
    # 1. 刘子睿: the hospital wrote 男婴 at the mother's actual residence (another township),
    #    the police registered him six weeks later, the ledger in traditional characters.
    ("health_births", "H1", "出生", "2025-03-20", "男婴", "", "男", "2025-03-20",
     "周露", "320924199806225328", "320924107002", ""),
    ("police_hukou", "P1", "出生", "2025-04-30", "刘子睿", "320924202503205690", "1", "2025-03-20",
     "周露", "320924199806225328", "320924001011", ""),
    ("village_ledger", "V1", "出生", "20250419", "劉子睿", "", "男", "20250320",
     "周露", "320924199806225328", "320924001011", ""),
    # 2. 侯宇轩: the ledger's birth date is a day after its event date (a slip); the hospital
    #    wrote 侯燕秀之子.
    ("village_ledger", "V2", "出生", "2025年7月21日", "侯宇轩", "", "男", "2025年7月22日",
     "侯燕秀", "411524199806235383", "411524107211", ""),
    ("health_births", "H2", "出生", "2025-07-21", "侯燕秀之子", "", "男", "2025-07-21",
     "侯燕秀", "411524199806235383", "411524107211", ""),
    ("police_hukou", "P2", "出生", "2025-07-31", "侯宇轩", "41152420250721881X", "1", "2025-07-21",
     "侯燕秀", "411524199806235383", "411524107211", ""),
    # 3. 徐树森 moved inside the county: out of village 107211, into community 001001.
    ("village_ledger", "V3", "迁出", "2025-10-30", "徐树森", "411524195910140490", "男",
     "1959-10-14", "", "", "411524107211", "12组5号"),
    ("police_hukou", "P3", "迁出", "2025-10-07", "徐树森", "411524195910140490", "1",
     "1959-10-14", "", "", "411524107211", ""),
    ("village_ledger", "V4", "迁入", "2025-10-26", "徐树森", "411524195910140490", "男",
     "1959-10-14", "", "", "411524001001", "幸福社区香榭丽都34号楼701"),
    ("police_hukou", "P4", "迁入", "2025-10-07", "徐树森", "411524195910140490", "1",
     "1959-10-14", "", "", "411524001001", ""),
    # 4. 吴桂林's death: his birth date is known only to the month.
    ("village_ledger", "V5", "死亡", "2025年2月8日", "吴桂林", "411524194906117779", "男",
     "1949年6月", "", "", "411524107211", ""),
    ("police_hukou", "P5", "死亡", "2025-02-20", "吴桂林", "411524194906117779", "1",
     "1949-06-11", "", "", "411524107211", ""),
]
# fmt: on


def test_field_check_records_are_one_event_each(linked: LinkResult, tmp_path: Path) -> None:
    paths = []
    frame = pl.DataFrame(ROWS, schema=list(CANONICAL_COLUMNS[:12]), orient="row")
    for (source,), part in frame.group_by("source"):
        path = tmp_path / f"{source}.csv"
        part.write_csv(path)
        paths.append(path)
    result = link_files(paths, tmp_path / "out", model_path=linked.model_path)
    clusters = pl.read_csv(result.clusters_path, infer_schema=False)
    assert clusters.height == len(ROWS)  # nothing quarantined, partial date included
    groups = {
        frozenset(ids)
        for ids in clusters.group_by("cluster_id").agg(pl.col("record_id"))["record_id"].to_list()
    }
    assert groups == {
        frozenset({"H1", "P1", "V1"}),  # one birth, whatever the hospital wrote
        frozenset({"V2", "H2", "P2"}),  # the one-day slip neither dropped nor split
        frozenset({"V3", "P3", "V4", "P4"}),  # one move inside the county
        frozenset({"V5", "P5"}),  # one death, the partial date compared to the month
    }
