"""A worker's heap before its first page: templates compiled, then frozen out of the GC's way.

A web worker holds about half a million long-lived Python objects from the moment it imports
the application: pypinyin's dictionaries, Splink, SQLAlchemy's mappers, polars. Python's
cyclic garbage collector walks all of them on every full collection, and a clerk's day of
ordinary requests triggers one every hundred or so requests: measured with ``gc.callbacks``
in ``bench/bench_web_load.py``'s mixed day at 1M entries, each took 100–200 ms of CPU (one
543 ms), during which the worker answered nothing. Collections of the young generations then
walk fewer objects too.

:func:`settle` compiles every template (the first page of each kind no longer pays for it)
and then freezes the heap (``gc.freeze``, CPython's documented remedy for a server's
preloaded heap): what exists at that moment is never scanned again. Nothing is leaked by
it: objects are still freed when nothing refers to them; only a reference cycle among them
would outlive its use, and the settled heap is the application itself, alive as long as the
process.

It is done by ``hedui serve`` for each worker process (the application's start), not by
:func:`~hedui.web.app.create_app` itself: freezing is process-wide, and a test process
creating many applications would freeze its fixtures with them.
"""

from __future__ import annotations

import gc

from hedui.web.i18n import LOCALES
from hedui.web.templating import Templates

__all__ = ["settle"]


def settle(templates: Templates) -> int:
    """Compile every template of ``templates`` in every language, collect, freeze the heap.

    Returns:
        How many objects are now frozen (``gc.get_freeze_count()``).
    """
    for locale in LOCALES:
        environment = templates.environment(locale)
        for name in environment.list_templates(extensions=["html"]):
            environment.get_template(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
