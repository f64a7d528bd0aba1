"""`hedui validate` (being written; registers nothing yet)."""
