"""`hedui serve` (being written; registers nothing yet)."""
