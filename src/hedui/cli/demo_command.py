"""`hedui demo` (being written; registers nothing yet)."""
