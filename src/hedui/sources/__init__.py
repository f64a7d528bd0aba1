"""Canonical record schema, readers for CSV/Excel (UTF-8, GBK/GB18030), validation, quarantine."""
