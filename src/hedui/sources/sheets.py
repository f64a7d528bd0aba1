"""The worksheets of an uploaded workbook, for the import page's sheet choice."""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

__all__ = ["WORKBOOK_SUFFIXES", "sheet_names"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def sheet_names(path: str | PathLike[str]) -> list[str]:
    """The worksheet names of a workbook, in order; empty for a CSV or an unreadable file (the
    reader then says what is wrong with it, naming the file)."""
    if Path(path).suffix.lower() not in WORKBOOK_SUFFIXES:
        return []
    try:
        book = load_workbook(path, read_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError):
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()
