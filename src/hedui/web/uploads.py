"""Uploaded source files, kept in the work directory between the preview and the import.

An import takes several requests: upload, look at the preview, change the mapping, import. The
file is saved once, under ``<work dir>/uploads/<token>/``, where ``token`` is 32 random bytes
(URL-safe). The token alone is not enough to use the file: it is tied to the user who uploaded it
and to that login (a digest of the session cookie, which changes at every login), so a token
copied from a screen or a log is worthless to anyone else and after logging out.

Files are kept at most :data:`UPLOAD_LIFETIME`; older ones are removed whenever a new file is
uploaded. Uploads larger than :data:`MAX_UPLOAD_BYTES` are refused with a message saying what to
do (split the file, or save it as CSV, which is several times smaller than ``.xlsx``).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path, PurePath

from starlette.datastructures import UploadFile
from starlette.requests import Request

from hedui.errors import InvalidInputError
from hedui.store.base import utcnow
from hedui.web.cookies import SESSION_COOKIE

__all__ = [
    "MAX_UPLOAD_BYTES",
    "UPLOAD_LIFETIME",
    "Upload",
    "UploadTooLargeError",
    "content_too_large",
    "load_upload",
    "save_upload",
    "session_binding",
    "too_large_error",
]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""50 MB: about 400,000 rows of CSV, several times any monthly export of a county."""
UPLOAD_LIFETIME = timedelta(hours=24)
_SUFFIXES = frozenset({".csv", ".txt", ".xlsx", ".xlsm"})
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
_BLOCK = 1 << 20


class UploadTooLargeError(InvalidInputError):
    """The uploaded file is larger than :data:`MAX_UPLOAD_BYTES` (HTTP 413)."""

    http_status = 413


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file and whose it is."""

    token: str
    file_name: str
    suffix: str
    user_id: int
    binding: str
    uploaded_at: str
    directory: Path

    @property
    def path(self) -> Path:
        """The file's bytes as uploaded."""
        return self.directory / f"upload{self.suffix}"

    @property
    def errors_path(self) -> Path:
        """Where the import writes the error file for the clerk."""
        return self.directory / "errors.csv"


def session_binding(request: Request) -> str:
    """A digest of the request's login session, to tie uploads to it."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    return hashlib.sha256(cookie.encode()).hexdigest()


async def save_upload(work_path: Path, upload: UploadFile, *, user_id: int, binding: str) -> Upload:
    """Save an uploaded file under a new token.

    Raises:
        InvalidInputError: no file was chosen, or it is not CSV or ``.xlsx``.
        UploadTooLargeError: the file is larger than :data:`MAX_UPLOAD_BYTES`.
    """
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    suffix = PurePath(name).suffix.lower()
    if not name:
        raise InvalidInputError("请选择要导入的文件 / choose a file to import")
    if suffix not in _SUFFIXES:
        raise InvalidInputError(
            f"{name} 不是 CSV 或 .xlsx 文件；旧的 .xls 请在 Excel 中另存为 .xlsx / {name} is not a "
            "CSV or .xlsx file; save an old .xls workbook as .xlsx in Excel"
        )
    _purge_old(work_path / "uploads")
    token = secrets.token_urlsafe(32)
    directory = work_path / "uploads" / token
    directory.mkdir(parents=True)
    saved = Upload(token, name, suffix, user_id, binding, utcnow().isoformat(), directory)
    size = 0
    with saved.path.open("wb") as handle:
        while block := await upload.read(_BLOCK):
            size += len(block)
            if size > MAX_UPLOAD_BYTES:
                handle.close()
                shutil.rmtree(directory)
                raise too_large_error(name)
            handle.write(block)
    meta = {k: v for k, v in asdict(saved).items() if k != "directory"}
    (directory / "upload.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return saved


def load_upload(work_path: Path, token: str, *, user_id: int, binding: str) -> Upload | None:
    """The upload of ``token`` if it exists and belongs to this user's current login."""
    if not _TOKEN.match(token):
        return None
    directory = work_path / "uploads" / token
    try:
        meta = json.loads((directory / "upload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    upload = Upload(directory=directory, **meta)
    if upload.user_id != user_id or not secrets.compare_digest(upload.binding, binding):
        return None
    return upload if upload.path.exists() else None


def content_too_large(request: Request) -> bool:
    """True when the request says, before it is read, that it is larger than allowed."""
    length = request.headers.get("content-length", "")
    return length.isdigit() and int(length) > MAX_UPLOAD_BYTES + _BLOCK


def too_large_error(name: str = "") -> UploadTooLargeError:
    """The error for a file over the limit, naming it when known."""
    limit = MAX_UPLOAD_BYTES // (1024 * 1024)
    return UploadTooLargeError(
        f"文件{name}超过 {limit} MB，请拆分后分批导入，或另存为 CSV（比 .xlsx 小得多） / the file "
        f"{name} is larger than {limit} MB: split it and import the parts, or save it as CSV, "
        "which is much smaller than .xlsx"
    )


def _purge_old(folder: Path) -> None:
    if not folder.is_dir():
        return
    cutoff = (utcnow() - UPLOAD_LIFETIME).timestamp()
    for directory in folder.iterdir():
        if directory.is_dir() and directory.stat().st_mtime < cutoff:
            shutil.rmtree(directory, ignore_errors=True)
