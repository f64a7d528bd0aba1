"""The import page: upload a source file, map its columns, preview, then import it.

Township officers import for their township, the county admin for the county; a village clerk
records events one by one instead. The flow is upload → preview → import:

1. ``POST /imports`` saves the file under a random token tied to the user's login
   (:mod:`hedui.web.uploads`) and goes to the preview.
2. The preview shows a select per canonical column with the recognised header pre-selected
   (姓名, 公民身份号码, 出生日期 ...), the first rows as they will be stored and the problems
   found (:func:`hedui.store.import_preview.preview_file`). Every column may be declared "not in
   this file" (:data:`hedui.sources.ABSENT`), a required one too: a hospital's birth list has no
   child ID, and the reader's row rules decide what a null means. A required column nobody
   chose is asked for in the web's words (choose its header, or "not in this file"), never with
   the command line's flags; the file's headers that no column is read from are listed with
   the column each most resembles, and the warnings are listed, not only counted. Changing a
   select re-runs the preview (HTMX); without JavaScript the "preview again" button does the
   same.
3. ``POST /imports/run`` starts the import as a background job and goes to its page
   (:mod:`hedui.web.views.import_jobs`), which shows its progress and then its result.

The token travels as a form field or query parameter, never in the path, so a stale or foreign
token just leads back to the upload form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from hedui.errors import HeduiError, InvalidInputError, MissingColumnsError
from hedui.sources import (
    ABSENT,
    CANONICAL_COLUMNS,
    REQUIRED_COLUMNS,
    UnmatchedHeader,
    guess_column_map,
    read_header,
    unmatched_headers,
)
from hedui.sources.column_map import resolve_columns
from hedui.sources.sheets import WORKBOOK_SUFFIXES, sheet_names
from hedui.store.db import transaction
from hedui.store.import_preview import preview_file
from hedui.store.import_queries import imported_sources, recent_batches
from hedui.store.importing import import_file, quarantine_file
from hedui.store.users import Role, User
from hedui.web.auth import client_address
from hedui.web.background import JobContext, job_runner
from hedui.web.case_labels import CASE_LABELS, SOURCE_LABELS
from hedui.web.forms import FormFields, redirect
from hedui.web.i18n import N_
from hedui.web.jurisdiction import allow
from hedui.web.labels import FIELD_LABELS
from hedui.web.state import DbSession, get_state
from hedui.web.uploads import (
    MAX_UPLOAD_BYTES,
    Upload,
    content_too_large,
    load_upload,
    save_upload,
    session_binding,
    too_large_error,
)

__all__ = ["IMPORTER", "IMPORT_FIELD_LABELS", "JOB_KIND", "SHOWN_WARNINGS", "Importer", "router"]

router = APIRouter()

JOB_KIND = "import"
IMPORTER = allow(Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER)
"""Who may import files: the county admin and township officers, into their own area."""
Importer = Annotated[User, Depends(IMPORTER)]

IMPORT_FIELD_LABELS: dict[str, str] = {
    **FIELD_LABELS,
    "source": N_("Source"),
    "record_id": N_("Record number"),
    "event": N_("Event"),
    "address_code": N_("Village code"),
    "birth_date_partial": N_("Birth year or month"),
}
"""Labels of every canonical column, for the mapping form, the preview and the problems."""

PREVIEW_COLUMNS = (
    "record_id",
    "event",
    "event_date",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "mother_name",
    "address_code",
    "address",
)
"""Columns of the preview table (the mother's ID number is left out for width)."""

MAPPED_COLUMNS = tuple(c for c in CANONICAL_COLUMNS if c not in ("source", "birth_date_partial"))
"""Columns the form maps; ``source`` is the source chosen on the page, and the reader fills
``birth_date_partial`` from the birth date (a 出生年月 column is mapped to ``birth_date``)."""
_SOURCE_NAME = re.compile(r"^[\w-]{1,32}$")

SHOWN_WARNINGS = 200
"""Warnings kept with an import's result to be listed on its page (the count is complete)."""


@router.get("/imports")
def imports_page(request: Request, session: DbSession, user: Importer) -> Response:
    """The upload form and the area's recent imports."""
    return _upload_page(request, session, user)


@router.post("/imports")
async def upload_file(request: Request, session: DbSession, user: Importer) -> Response:
    """Save the uploaded file and go to its preview.

    The page posts the file with HTMX, whose CSRF header spares the application from reading
    the body for the token: a file announced as too large is then refused before it is read.
    """
    source = ""
    try:
        if content_too_large(request):
            raise too_large_error()
        # The context closes the form's spooled file once it is saved.
        async with request.form() as form:
            source = _source(str(form.get("source") or ""), str(form.get("source_other") or ""))
            file = form.get("file")
            if not isinstance(file, UploadFile):
                raise InvalidInputError("请选择要导入的文件 / choose a file to import")
            upload = await save_upload(
                get_state(request).settings.work_path,
                file,
                user_id=user.id,
                binding=session_binding(request),
            )
    except InvalidInputError as error:
        return _upload_page(
            request, session, user, error=error.message, source=source, status=error.http_status
        )
    target = f"/imports/preview?token={upload.token}&source={source}"
    if request.headers.get("HX-Request") == "true":
        return Response(headers={"HX-Redirect": target})
    return redirect(target)


@router.get("/imports/preview")
def preview_page(
    request: Request, session: DbSession, user: Importer, token: str = "", source: str = ""
) -> Response:
    """The mapping form with the recognised headers pre-selected, and the preview."""
    upload = _upload(request, user, token)
    if upload is None:
        return redirect("/imports?expired=1")
    return _preview(request, session, user, upload, source=source, sheet=None, mapping=None)


@router.post("/imports/preview")
def preview_again(
    request: Request, session: DbSession, user: Importer, form: FormFields
) -> Response:
    """The preview with the mapping as changed on the form (a fragment for HTMX)."""
    upload = _upload(request, user, form.get("token", ""))
    if upload is None:
        return redirect("/imports?expired=1")
    mapping = {c: form.get(f"map-{c}", "") for c in MAPPED_COLUMNS}
    fragment = request.headers.get("HX-Request") == "true"
    return _preview(
        request,
        session,
        user,
        upload,
        source=form.get("source", ""),
        sheet=form.get("sheet") or None,
        mapping=mapping,
        fragment=fragment,
    )


@router.post("/imports/run")
def start_import(
    request: Request, session: DbSession, user: Importer, form: FormFields
) -> Response:
    """Start importing the previewed file with the chosen mapping; go to the job's page."""
    upload = _upload(request, user, form.get("token", ""))
    if upload is None:
        return redirect("/imports?expired=1")
    try:
        source = _source(form.get("source", ""), "")
    except InvalidInputError as error:
        mapping = {c: form.get(f"map-{c}", "") for c in MAPPED_COLUMNS}
        return _preview(
            request, session, user, upload, source="", sheet=None, mapping=mapping, error=error
        )
    column_map = _column_map({c: form.get(f"map-{c}", "") for c in MAPPED_COLUMNS})
    sheet = form.get("sheet") or None
    user_id, area_code, ip = user.id, user.area_code, client_address(request)

    def work(context: JobContext) -> dict[str, Any]:
        with transaction(context.session), _named_errors(upload):
            outcome = import_file(
                context.session,
                upload.path,
                source=source,
                actor=context.session.get(User, user_id),
                area_code=area_code,
                column_map=column_map,
                sheet=sheet,
                file_name=upload.file_name,
                ip=ip,
                progress=context.progress,
            )
        upload.errors_path.write_bytes(quarantine_file(outcome))
        return {
            "token": upload.token,
            "batch_id": outcome.batch_id,
            "already_imported": outcome.already_imported,
            "imported_at": outcome.imported_at.isoformat(),
            "file_name": outcome.file_name,
            "source": outcome.source,
            "rows_read": outcome.rows_read,
            "accepted": outcome.accepted,
            "quarantined_rows": outcome.quarantined_rows,
            "warnings": len(outcome.warnings),
            "warning_list": [
                {"row": w.row, "field": w.field, "value": w.value, "reason": w.reason}
                for w in outcome.warnings[:SHOWN_WARNINGS]
            ],
        }

    job_id = job_runner(request).start(
        kind=JOB_KIND, area_code=area_code, actor_id=user_id, work=work
    )
    return redirect(f"/imports/job?id={job_id}")


def _column_map(mapping: dict[str, str]) -> dict[str, str]:
    """The form's choices as a column map: a header, or :data:`ABSENT`; unchosen ones left out."""
    return {c: h for c, h in mapping.items() if h and c != "source"}


def _initial_mapping(headers: list[str]) -> dict[str, str]:
    """The recognised headers; an optional column not recognised is "not in this file", a
    required one is left for the user to choose (a header, or "not in this file")."""
    guessed = guess_column_map(headers)
    return {c: guessed.get(c) or ("" if c in REQUIRED_COLUMNS else ABSENT) for c in MAPPED_COLUMNS}


def _unmatched(headers: list[str], column_map: dict[str, str]) -> list[UnmatchedHeader]:
    """The file's headers no column is read from, each with a suggestion; listed while required
    columns are still to be chosen too, since one of these headers may be the one."""
    unchosen = {c: ABSENT for c in REQUIRED_COLUMNS if c not in column_map}
    try:
        resolved = resolve_columns(headers, {**unchosen, **column_map}, path="", source_given=True)
    except HeduiError:
        return []
    return unmatched_headers(headers, resolved)


def _upload(request: Request, user: User, token: str) -> Upload | None:
    return load_upload(
        get_state(request).settings.work_path,
        token,
        user_id=user.id,
        binding=session_binding(request),
    )


def _named(message: str, upload: Upload) -> str:
    """``message`` naming the file as the user knows it, not by its path in the work dir."""
    return message.replace(str(upload.path), upload.file_name)


@contextmanager
def _named_errors(upload: Upload) -> Iterator[None]:
    """Re-raise hedui's errors with the upload's own name instead of its stored path."""
    try:
        yield
    except MissingColumnsError as error:
        # The command line's advice (--column ...) means nothing on the web.
        raise InvalidInputError(
            f"文件缺少必需列 {', '.join(error.columns)}：请回到预览，为它们选择文件中的列，"
            "或选择“本文件没有此列”。"
        ) from error
    except HeduiError as error:
        error.message = _named(error.message, upload)
        raise


def _source(chosen: str, other: str) -> str:
    name = (other or chosen).strip()
    if not _SOURCE_NAME.match(name):
        raise InvalidInputError(
            "请选择来源，或填写新的来源名称（最多 32 个字母、数字、汉字或下划线）/ choose the "
            "source, or give a new source name (up to 32 letters, digits or underscores)"
        )
    return name


def _sources(session: DbSession, user: User) -> list[str]:
    seen = imported_sources(session, user.area_code)
    return [*SOURCE_LABELS, *sorted(seen - set(SOURCE_LABELS))]


def _upload_page(
    request: Request,
    session: DbSession,
    user: User,
    *,
    error: str | None = None,
    source: str = "",
    status: int = 200,
) -> Response:
    batches = recent_batches(session, user.area_code, limit=10)
    if error is None and request.query_params.get("expired"):
        error = "上传的文件已过期或不属于本次登录，请重新上传 / the upload has expired or belongs "
        error += "to another login; upload the file again"
    context = {
        **CASE_LABELS,
        "error": error,
        "source": source,
        "sources": _sources(session, user),
        "batches": batches,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return get_state(request).templates.render(
        request, "imports/upload.html", context, status_code=status
    )


def _preview(
    request: Request,
    session: DbSession,
    user: User,
    upload: Upload,
    *,
    source: str,
    sheet: str | None,
    mapping: dict[str, str] | None,
    fragment: bool = False,
    error: HeduiError | None = None,
) -> Response:
    sheets = _sheets(upload)
    context: dict[str, Any] = {
        **CASE_LABELS,
        "IMPORT_FIELD_LABELS": IMPORT_FIELD_LABELS,
        "required": REQUIRED_COLUMNS,
        "preview_columns": PREVIEW_COLUMNS,
        "upload": upload,
        "source": source,
        "sources": _sources(session, user),
        "sheets": sheets,
        "sheet": sheet,
        "columns": MAPPED_COLUMNS,
        "headers": [],
        "mapping": mapping or {},
        "preview": None,
        "error": error.message if error else None,
        "absent": ABSENT,
        "missing_columns": [],
        "unmatched": [],
    }
    try:
        headers = read_header(upload.path, sheet=sheet)
        context["headers"] = headers
        if mapping is None:
            context["mapping"] = _initial_mapping(headers)
        column_map = _column_map(context["mapping"])
        context["unmatched"] = _unmatched(headers, column_map)
        context["preview"] = preview_file(
            session,
            upload.path,
            source=_source(source, ""),
            area_code=user.area_code,
            column_map=column_map,
            sheet=sheet,
            file_name=upload.file_name,
        )
    except MissingColumnsError as problem:
        # Said in the web's words by the template: choose a header or "not in this file".
        context["missing_columns"] = problem.columns
    except HeduiError as problem:
        context["error"] = context["error"] or _named(problem.message, upload)
    name = "imports/_preview.html" if fragment else "imports/preview.html"
    return get_state(request).templates.render(request, name, context)


def _sheets(upload: Upload) -> list[str]:
    """The worksheet names of the upload (empty for a CSV or an unreadable file)."""
    return sheet_names(upload.path) if upload.suffix in WORKBOOK_SUFFIXES else []
