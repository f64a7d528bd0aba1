"""`hedui link` (being written; registers nothing yet)."""
