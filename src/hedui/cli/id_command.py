"""`hedui id` (being written; registers nothing yet)."""
