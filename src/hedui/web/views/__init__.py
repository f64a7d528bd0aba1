"""One module per page (as datasette does); each defines ``router``, and :data:`ROUTERS` lists them.

A page added later adds its module here. Every route must depend on one access rule from
:mod:`hedui.web.jurisdiction`; the test that walks every route for every role fails otherwise.
"""

from __future__ import annotations

from fastapi import APIRouter

from hedui.web.views import (
    account,
    audit,
    case_bulk,
    case_detail,
    case_export,
    case_worklist,
    cases,
    dashboard,
    health_coverage,
    health_enrol,
    health_enrolment,
    health_programmes,
    health_reminders,
    health_worklist,
    home,
    import_jobs,
    imports,
    language,
    login,
    offline_app,
    reconcile,
    record_correct,
    record_history,
    record_new,
    record_upload,
    records,
    reports,
    search,
    users,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    account.router,
    audit.router,
    case_bulk.router,  # /cases/bulk and /cases/mine before /cases/{case_id}
    case_worklist.router,
    case_detail.router,
    case_export.router,
    cases.router,
    dashboard.router,
    health_coverage.router,
    health_enrol.router,
    health_enrolment.router,
    health_programmes.router,
    health_reminders.router,
    health_worklist.router,
    home.router,
    import_jobs.router,
    imports.router,
    language.router,
    login.router,
    offline_app.router,
    reconcile.router,
    record_correct.router,
    record_history.router,
    record_new.router,
    record_upload.router,
    records.router,
    reports.router,
    search.router,
    users.router,
)
