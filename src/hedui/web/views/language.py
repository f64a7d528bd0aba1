"""The language switch: Simplified Chinese (default) or English, remembered in a cookie."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from hedui.web.cookies import set_cookie
from hedui.web.forms import FormFields, redirect, safe_next
from hedui.web.i18n import DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES
from hedui.web.jurisdiction import Visitor

router = APIRouter()

ONE_YEAR = 365 * 24 * 3600


@router.post("/language")
def switch_language(request: Request, _visitor: Visitor, form: FormFields) -> Response:
    """Remember the chosen language and return to the page the switch was on."""
    locale = form.get("locale", DEFAULT_LOCALE)
    response = redirect(safe_next(form.get("next")))
    set_cookie(
        request,
        response,
        LOCALE_COOKIE,
        locale if locale in LOCALES else DEFAULT_LOCALE,
        max_age=ONE_YEAR,
    )
    return response
