"""Canonical record schema, readers for CSV/Excel (UTF-8, GBK/GB18030), validation, quarantine.

Every source a county holds is read with :func:`read_source` into the canonical schema
(``docs/schema.md``): good rows as a polars frame, bad rows into a quarantine with the reason, and
warnings about rows that were kept. :func:`guess_column_map` proposes which header holds which
canonical column; :func:`write_quarantine` writes the bad rows for a clerk to fix.
"""

from hedui.sources.column_map import (
    ABSENT,
    CONSTANT,
    UnmatchedHeader,
    constant_values,
    guess_column_map,
    suggest_column,
    unmatched_headers,
)
from hedui.sources.quarantine import write_quarantine
from hedui.sources.reader import read_header, read_source
from hedui.sources.schema import (
    CANONICAL_COLUMNS,
    MAX_LENGTHS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Event,
    QuarantinedRow,
    SourceReadResult,
    SourceWarning,
)

__all__ = [
    "ABSENT",
    "CANONICAL_COLUMNS",
    "CONSTANT",
    "MAX_LENGTHS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "Event",
    "QuarantinedRow",
    "SourceReadResult",
    "SourceWarning",
    "UnmatchedHeader",
    "constant_values",
    "guess_column_map",
    "read_header",
    "read_source",
    "suggest_column",
    "unmatched_headers",
    "write_quarantine",
]
