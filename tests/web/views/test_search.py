"""找人 and place names on pages: search within the area, strict filters, the village picker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from hedui.store.base import utcnow
from hedui.store.cases import ReconcileRun
from hedui.store.db import transaction
from hedui.store.division_import import import_divisions
from hedui.store.ledger import EventFields, record_event
from hedui.store.records import EventType, Record
from hedui.store.users import User

from ..conftest import CHILD_ID, MOTHER_ID, Site

DIVISIONS = (
    "code,name,township_code,township_name\n"
    "320924101001,胜利村,320924101,新河镇\n"
    "320924101002,东风村,320924101,新河镇\n"
    "320924102001,胜利村,320924102,白沙镇\n"
)


def _divisions(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "divisions.csv"
    path.write_text(DIVISIONS, encoding="utf-8")
    with site.session() as session, transaction(session):
        import_divisions(session, path)


def _birth(site: Site, name: str, village: str, clerk: str, id_number: str | None) -> int:
    with site.session() as session, transaction(session):
        actor = session.get(User, site.user_ids[clerk])
        assert actor is not None
        fields = EventFields(
            event=EventType.BIRTH,
            event_date=date(2024, 3, 1),
            name=name,
            id_number=id_number,
            sex="1",
            birth_date=date(2024, 3, 1),
            mother_name="李娜",
            mother_id_number=MOTHER_ID,
        )
        return record_event(session, fields, village_code=village, actor=actor).id


def test_officer_finds_a_person_by_pinyin_characters_and_homophone(site: Site) -> None:
    wang = _birth(site, "汪国庆", "320924101001", "clerk", CHILD_ID)
    client = site.client("officer")
    by_pinyin = client.get("/search", params={"q": "wangguoqing"})
    assert by_pinyin.status_code == 200
    assert f'href="/records/{wang}"' in by_pinyin.text and "姓名同音" in by_pinyin.text
    by_name = client.get("/search", params={"q": "汪国庆"}).text
    assert f'href="/records/{wang}"' in by_name and "姓名相同" in by_name
    # 王国庆 sounds the same: a clerk who heard the name finds the entry
    assert f'href="/records/{wang}"' in client.get("/search", params={"q": "王国庆"}).text


def test_search_by_last_id_digits_and_by_mother(site: Site) -> None:
    wang = _birth(site, "汪国庆", "320924101001", "clerk", CHILD_ID)
    client = site.client("officer")
    tail = client.get("/search", params={"q": CHILD_ID[-6:]}).text
    assert f'href="/records/{wang}"' in tail and "身份证号末位相符" in tail
    assert CHILD_ID not in tail  # the number stays masked
    mother = client.get("/search", params={"q": "李娜", "by": "mother"}).text
    assert f'href="/records/{wang}"' in mother


def test_search_stays_inside_the_users_area(site: Site) -> None:
    _birth(site, "汪国庆", "320924101002", "clerk_other", CHILD_ID)
    assert "没有与" in site.client("clerk").get("/search", params={"q": "汪国庆"}).text
    assert "没有与" in site.client("officer_other").get("/search?q=wangguoqing").text
    assert "找到 1 人" in site.client("officer").get("/search?q=wangguoqing").text


def test_entries_of_one_person_are_grouped(site: Site) -> None:
    _birth(site, "汪国庆", "320924101001", "clerk", CHILD_ID)
    _birth(site, "汪國慶", "320924101002", "clerk_other", CHILD_ID)
    _birth(site, "汪国庆", "320924101001", "clerk", None)  # same name and birth date
    page = site.client("officer").get("/search?q=wangguoqing").text
    assert "找到 1 人" in page and page.count('href="/records/') == 3


def test_search_refuses_unknown_parameters_and_unusable_text(site: Site) -> None:
    client = site.client("officer")
    unknown = client.get("/search", params={"q": "wang", "village_code": "1"})
    assert unknown.status_code == 400 and "village_code" in unknown.text
    assert "此页面不认识筛选条件" in unknown.text
    assert client.get("/search", params={"q": "123"}).status_code == 400
    assert client.get("/search", params={"q": "w"}).status_code == 400
    assert client.get("/search", params={"q": "汪", "by": "father"}).status_code == 400
    assert client.get("/search").status_code == 200


def test_record_list_shows_village_names_and_filters_by_name(site: Site, tmp_path: Path) -> None:
    _divisions(site, tmp_path)
    _birth(site, "汪国庆", "320924101001", "clerk", CHILD_ID)
    _birth(site, "李四", "320924101002", "clerk_other", None)
    client = site.client("officer")
    page = client.get("/records").text
    assert "胜利村（…001）" in page and "东风村（…002）" in page
    assert "新河镇（…101）" in page  # the header names the officer's township
    by_name = client.get("/records", params={"village": "东风村"}).text
    assert "李四" in by_name and "汪国庆" not in by_name
    by_label = client.get("/records", params={"village": "胜利村（…001）"}).text
    assert "汪国庆" in by_label and "李四" not in by_label


def test_record_list_filters_that_mean_nothing_are_errors(site: Site, tmp_path: Path) -> None:
    _divisions(site, tmp_path)
    client = site.client("officer")
    for params in (
        {"vilage": "320924101001"},
        {"village": "红旗村"},
        {"village": "12345"},
        {"village": "320924102001"},  # another township's village
        {"event": "wedding"},
    ):
        response = client.get("/records", params=params)
        assert response.status_code == 400, params
    # two 胜利村 in the county: the admin must choose one
    ambiguous = site.client("admin").get("/records", params={"village": "胜利村"})
    assert ambiguous.status_code == 400 and "请从列表中选择" in ambiguous.text


def test_village_picker_offers_villages_of_the_area_by_name(site: Site, tmp_path: Path) -> None:
    _divisions(site, tmp_path)
    county = site.client("admin").get("/places/villages", params={"village": "胜利"}).text
    assert county.count('class="choice"') == 2 and "胜利村（新河镇）" in county
    assert 'href="/records?village=320924101001"' in county
    township = site.client("officer").get("/places/villages?q=胜利&to=/search").text
    assert township.count('class="choice"') == 1
    assert "320924102001" not in township
    assert "没有叫这个名字" in site.client("officer").get("/places/villages?q=红旗").text
    assert site.client("officer").get("/places/villages?x=1").status_code == 400


def test_people_are_grouped_by_the_newest_runs_clusters(site: Site, tmp_path: Path) -> None:
    """Two entries sharing neither ID nor birth date are one person when the newest run that
    covers the area put them in one cluster; without a readable run they stay apart."""
    first = _birth(site, "汪国庆", "320924101001", "clerk", CHILD_ID)
    second = _birth(site, "王国庆", "320924101002", "clerk_other", None)
    with site.session() as session:
        ids = {r.id: r.record_id for r in session.scalars(select(Record))}
    assert "找到 2 人" in site.client("officer").get("/search?q=wangguoqing").text
    link = tmp_path / "link"
    link.mkdir()
    rows = [("village_ledger", ids[first], "c1"), ("village_ledger", ids[second], "c1")]
    pl.DataFrame(rows, schema=["source", "record_id", "cluster_id"], orient="row").write_csv(
        link / "clusters.csv"
    )
    pl.DataFrame({"source": [r[0] for r in rows], "record_id": [r[1] for r in rows]}).write_parquet(
        link / "records.parquet"
    )
    with site.session() as session, transaction(session):
        session.add(ReconcileRun(period="2024-12", area_code="320924", link_dir=str(link),
                                 finished_at=utcnow(), findings=0))  # fmt: skip
    assert "找到 1 人" in site.client("officer").get("/search?q=wangguoqing").text
    (link / "clusters.csv").unlink()  # the run's files were purged: group by ID and name
    assert "找到 2 人" in site.client("officer").get("/search?q=wangguoqing").text


def test_a_search_while_saves_hold_the_database_still_answers(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keying new entries is a write; when a save holds the database the search goes on with
    # the keys there are (the entry keyed before is found) instead of failing with a 409.
    wang = _birth(site, "汪国庆", "320924101001", "clerk", CHILD_ID)
    client = site.client("officer")
    assert f'href="/records/{wang}"' in client.get("/search", params={"q": "汪国庆"}).text
    _birth(site, "汪国强", "320924101001", "clerk", None)

    def database_busy(_session: object) -> int:
        raise OperationalError("INSERT INTO record_search_keys", {}, Exception("locked"))

    monkeypatch.setattr("hedui.web.views.search.index_new_records", database_busy)
    response = client.get("/search", params={"q": "汪国庆"})
    assert response.status_code == 200
    assert f'href="/records/{wang}"' in response.text
