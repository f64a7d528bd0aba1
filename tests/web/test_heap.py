"""settle: a worker's templates compiled and its heap frozen before the first page."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from hedui.web.heap import settle
from hedui.web.i18n import LOCALES
from hedui.web.templating import Templates


@pytest.fixture
def unfreezing() -> Iterator[None]:
    # Freezing is process-wide: give the test process its heap back afterwards.
    try:
        yield
    finally:
        gc.unfreeze()


def _tracked(thing: object) -> bool:
    return any(o is thing for o in gc.get_objects())


def test_settle_freezes_what_exists_and_leaves_later_objects_to_the_collector(
    unfreezing: None,
) -> None:
    before = [object()]  # a list: tracked by the collector
    assert _tracked(before)
    frozen = settle(Templates())
    assert frozen > 0 and gc.get_freeze_count() > 0
    assert not _tracked(before)  # frozen: never walked again
    after = [object()]
    assert _tracked(after)


def test_settle_compiles_every_template_in_every_language(unfreezing: None) -> None:
    templates = Templates()
    settle(templates)
    for locale in LOCALES:
        environment = templates.environment(locale)
        names = environment.list_templates(extensions=["html"])
        assert "base.html" in names
        assert environment.cache is not None and environment.loader is not None
        loader = weakref.ref(environment.loader)
        assert all((loader, name) in environment.cache for name in names)
