"""`hedui db` (being written; registers nothing yet)."""
