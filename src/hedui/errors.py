"""hedui's exceptions: one tree, every class says when it is raised.

::

    HeduiError                      base of everything hedui raises on purpose
    ├── InvalidInputError           a value a user gave cannot be used (CLI argument, form field)
    │   ├── InvalidResidentIdError  a resident ID number is malformed or fails its check character
    │   ├── InvalidDateError        a date cannot be parsed, or is impossible (1985-02-30)
    │   ├── InvalidSexError         a sex code is none of 男/女, M/F, 1/2/0/9
    │   ├── InvalidRegionCodeError  a region code is not 6 digits, a village code not 12
    │   ├── InvalidNameError        a name is unusable (for example only punctuation)
    │   └── EstimationInputError    counts or a capture table cannot be used for an estimate
    ├── SourceFileError             a source file cannot be read as a whole
    │   ├── EncodingError           the file is neither UTF-8 nor GBK/GB18030
    │   ├── MissingColumnsError     required columns are missing (all are named at once)
    │   ├── EmptySourceError        the file has no data rows
    │   └── LinkDirError            a link directory is missing, incomplete or from a newer hedui
    ├── ConfigurationError          a setting, model file or spec is wrong (all problems listed)
    ├── LinkageError                linkage cannot run (too little data to train, no model, ...)
    ├── StoreError                  the database refused an operation; nothing was written
    ├── NotFoundError               no such record/user, or outside the caller's jurisdiction (404)
    ├── PermissionDeniedError       the caller's role does not allow the operation (403)
    └── TooManyAttemptsError        too many failed logins for a username and address (429)

Messages say what is wrong *and what to do*. The CLI prints them in red and exits 1; the web
application renders them as a page or an HTMX fragment with :attr:`HeduiError.http_status`.
"""

from __future__ import annotations


class HeduiError(Exception):
    """Base class for every error hedui raises on purpose."""

    http_status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInputError(HeduiError):
    """A single value given by a user cannot be used."""


class InvalidResidentIdError(InvalidInputError):
    """A resident ID number is malformed or fails its check character.

    ``kind`` is ``"malformed"`` (wrong length, letters, impossible date) or ``"check_digit"``
    (well formed, but the ISO 7064 MOD 11-2 check character does not match).
    """

    def __init__(self, message: str, *, kind: str, value: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.value = value


class InvalidDateError(InvalidInputError):
    """A date string cannot be parsed or names a day that does not exist."""


class InvalidSexError(InvalidInputError):
    """A sex code is not one hedui understands."""


class InvalidRegionCodeError(InvalidInputError):
    """A GB/T 2260 region code is not six digits, or a village code not twelve."""


class InvalidNameError(InvalidInputError):
    """A name cannot be used at all."""


class EstimationInputError(InvalidInputError):
    """Counts or a capture table given to :mod:`hedui.stats` cannot be used for an estimate.

    Raised for impossible input (a negative count, an overlap larger than a source, a cluster
    in two strata) and for parameters out of range (a confidence level outside (0, 1)).

    Too few records for a meaningful estimate is *not* an error: the estimators return a
    result that says so, because an empty village is an ordinary situation.
    """


class SourceFileError(HeduiError):
    """A source file cannot be read as a whole (as opposed to single bad rows)."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class EncodingError(SourceFileError):
    """The file is neither UTF-8 (with or without BOM) nor GBK/GB18030."""


class MissingColumnsError(SourceFileError):
    """Required columns are missing; ``columns`` lists all of them."""

    def __init__(self, message: str, *, path: str, columns: list[str]) -> None:
        super().__init__(message, path=path)
        self.columns = columns


class EmptySourceError(SourceFileError):
    """The file has a header (or nothing) but no data rows."""


class LinkDirError(SourceFileError):
    """A link directory (``hedui link --out``) cannot be read: it does not exist, lacks a file
    or a column, or was written by a newer hedui. The message lists every problem found and
    says to run ``hedui link`` again (:class:`hedui.linkage.link_dir.LinkDir`)."""


class ConfigurationError(HeduiError):
    """A setting, model file or specification is wrong; ``problems`` lists every one."""

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class LinkageError(HeduiError):
    """Linkage cannot run, for example with too little data to train a model."""


class StoreError(HeduiError):
    """The database refused an operation; the transaction was rolled back."""

    http_status = 409


class NotFoundError(HeduiError):
    """A record, case or user does not exist, or is outside the caller's jurisdiction."""

    http_status = 404


class PermissionDeniedError(HeduiError):
    """The caller's role does not allow the operation."""

    http_status = 403


class TooManyAttemptsError(HeduiError):
    """Too many failed logins for one username from one address; ``retry_after`` is in seconds."""

    http_status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
