"""Reports name areas from a villages.csv when given, else from the store's division list."""

from __future__ import annotations

from pathlib import Path

from hedui.reports.area_names import area_label, area_names
from hedui.store.db import make_engine, make_session_factory
from hedui.store.division_import import import_divisions
from hedui.store.migrations import upgrade


def test_area_names_come_from_the_division_list_without_a_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    divisions = tmp_path / "divisions.csv"
    divisions.write_text(
        "code,name,former_codes\n320924101201,胜利村,320924101005\n", encoding="utf-8"
    )
    villages = tmp_path / "villages.csv"
    villages.write_text(
        "code,name,township_code,township_name\n320924101201,红旗村,320924101,新河镇\n",
        encoding="utf-8",
    )
    with make_session_factory(engine)() as session:
        assert area_names(session) == {}
        import_divisions(session, divisions)
        session.commit()
        names = area_names(session)
        file_names = area_names(session, villages)
    engine.dispose()
    assert area_label("320924101201", names) == "胜利村 (320924101201)"
    assert area_label("320924101005", names) == "胜利村 (320924101005)"  # a former code
    assert file_names["320924101201"] == "红旗村"  # the file, when given, wins
