"""`hedui evaluate` (being written; registers nothing yet)."""
