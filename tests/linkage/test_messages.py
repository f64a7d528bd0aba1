"""collect_splink_messages: Splink's warnings are returned, never printed."""

from __future__ import annotations

import logging

from hedui.linkage.messages import collect_splink_messages


def test_collect_splink_messages_keeps_warnings_and_restores_the_logger(capsys):
    logger = logging.getLogger("splink.internals.something")
    before = logging.getLogger("splink").propagate
    with collect_splink_messages() as messages:
        logger.warning("  blocking rule produced no pairs  ")
        logger.info("progress chatter")
        logger.warning("Level x not observed in dataset, unable to train m value")
    assert messages == ["blocking rule produced no pairs"]
    assert logging.getLogger("splink").propagate == before
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""
