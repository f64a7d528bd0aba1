"""`hedui synth` (being written; registers nothing yet)."""
