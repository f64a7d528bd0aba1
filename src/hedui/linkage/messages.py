"""Splink's log messages, caught instead of printed.

Splink reports through the ``splink`` logger; with no handler configured, Python prints
warnings to stderr. A library must not print, so while hedui runs Splink, its messages at
warning level and above are collected and handed back to the caller with the results.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

_BENIGN = ("not observed in dataset", "Probe returned zero blocked pairs")


class _Collector(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        # hedui fills unobserved levels itself (hedui.linkage.training.complete_parameters)
        # and reports that in the training report; Splink's own notice would repeat it.
        # An EM probe finding no pairs to sample just means the data is small.
        if not any(benign in message for benign in _BENIGN):
            self.messages.append(message)


@contextmanager
def collect_splink_messages(level: int = logging.WARNING) -> Iterator[list[str]]:
    """Within the block, Splink's messages at ``level`` and above go into the yielded list."""
    logger = logging.getLogger("splink")
    collector = _Collector(level)
    previous = (logger.propagate, logger.level, list(logger.handlers))
    for handler in previous[2]:
        logger.removeHandler(handler)
    logger.addHandler(collector)
    logger.propagate = False
    logger.setLevel(level)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        for handler in previous[2]:
            logger.addHandler(handler)
        logger.propagate, _, _ = previous
        logger.setLevel(previous[1])
