"""The programmes a county runs: the four shipped as files, plus any an admin added.

Shipped programmes live in ``hedui/health/programmes/*.toml`` and are read through the same
validation as an admin's, so the shipped files are held to the rules they illustrate. An admin's
programme is stored as the TOML text they wrote (:class:`~hedui.store.health.HealthProgramme`);
a code already in use is refused rather than replaced, because people enrolled under the old
schedule would otherwise find their visits changed under them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import ConfigurationError, NotFoundError
from hedui.health.config import Programme
from hedui.health.validation import parse_programme_text
from hedui.store.audit import AuditAction, write_audit
from hedui.store.health import HealthProgramme
from hedui.store.users import User

__all__ = ["SHIPPED_DIR", "all_programmes", "get_programme", "save_programme", "shipped"]

SHIPPED_DIR = Path(__file__).resolve().parent / "programmes"


@cache
def shipped() -> tuple[Programme, ...]:
    """The programmes shipped with hedui, in file-name order."""
    return tuple(
        parse_programme_text(path.read_text(encoding="utf-8"), source=path.name)
        for path in sorted(SHIPPED_DIR.glob("*.toml"))
    )


def all_programmes(session: Session) -> list[Programme]:
    """Shipped programmes first, then those admins added, oldest first."""
    rows = session.scalars(select(HealthProgramme).order_by(HealthProgramme.id))
    added = [parse_programme_text(row.source_text, source=row.code) for row in rows]
    return [*shipped(), *added]


def get_programme(session: Session, code: str) -> Programme:
    """The programme called ``code``.

    Raises:
        NotFoundError: there is no such programme.
    """
    found = next((p for p in all_programmes(session) if p.code == code), None)
    if found is None:
        raise NotFoundError(f"没有项目 {code} / no programme {code}")
    return found


def save_programme(
    session: Session, text: str, *, actor: User, ip_address: str | None = None
) -> Programme:
    """Validate and store an admin's programme, with an audit entry, in the caller's transaction.

    Raises:
        ConfigurationError: the TOML is invalid, a key is unknown or refused (each named), or
            the code is already used.
    """
    programme = parse_programme_text(text, source="programme.toml")
    if any(p.code == programme.code for p in all_programmes(session)):
        raise ConfigurationError(
            f"项目代码 {programme.code} 已被使用，请换一个 code / programme code "
            f"{programme.code} is already used; choose another code"
        )
    session.add(HealthProgramme(code=programme.code, source_text=text, saved_by_id=actor.id))
    write_audit(
        session,
        actor=actor,
        action=AuditAction.PROGRAMME_SAVED,
        area_code=actor.area_code,
        target_type="health_programme",
        target_id=programme.code,
        ip_address=ip_address,
    )
    return programme
