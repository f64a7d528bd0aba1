"""Reconciliation: discrepancies between sources become follow-up cases."""
