"""The pieces that make event entry an installable, offline-capable web app.

The service worker must be served from the site root: its scope is the folder it is served
from, and it has to answer for ``/records/new/...``. It and the manifest hold no personal data,
so they are public; what they make the browser keep (the empty entry forms and the static files)
is described in ``static/js/sw.js``.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter
from starlette.responses import Response

from hedui.store.records import RECORDED_EVENTS
from hedui.web.jurisdiction import Visitor

__all__ = ["MANIFEST", "router"]

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "js" / "sw.js"

router = APIRouter()

MANIFEST = {
    "name": "hedui 核对 · 登记事件",
    "short_name": "核对登记",
    "lang": "zh-CN",
    "start_url": f"/records/new/{RECORDED_EVENTS[0].value}",
    "scope": "/",
    "display": "standalone",
    "background_color": "#ffffff",
    "theme_color": "#1f4e79",
    "icons": [{"src": "/static/icons/hedui.svg", "sizes": "any", "type": "image/svg+xml"}],
}


@router.get("/sw.js")
def service_worker(_user: Visitor) -> Response:
    """The service worker, at the root so that its scope covers every entry page."""
    return Response(
        SERVICE_WORKER.read_bytes(),
        media_type="text/javascript",
        # Checked for updates on every visit: a new release reaches phones at the next visit.
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/manifest.webmanifest")
def manifest(_user: Visitor) -> Response:
    """The web app manifest: "add to home screen" opens the entry form."""
    body = json.dumps(MANIFEST, ensure_ascii=False)
    return Response(body, media_type="application/manifest+json")
