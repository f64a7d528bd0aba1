"""Users: one role and one area code each.

A county's population office has three kinds of staff, and hedui gives each exactly the reach of
their desk:

* the **county admin** (县级管理员) sees everything in the county and manages users;
* a **township officer** (乡镇干部) sees the villages of one township;
* a **village clerk** (村级统计员) records events in, and sees, their own village only;
* a **health worker** (卫生服务人员) runs the voluntary health services of one township (its
  health centre, 乡镇卫生院): only this role sees health data, and only of that township.

Each login is a row of :mod:`hedui.store.logins`; disabling a user or changing their password
ends all of them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hedui.store.areas import AreaLevel
from hedui.store.base import Base, UtcDateTime, str_enum, utcnow

__all__ = ["ROLE_LEVEL", "Role", "User"]


class Role(StrEnum):
    """What a user may do; the value is stored in ``users.role``."""

    COUNTY_ADMIN = "county_admin"
    TOWNSHIP_OFFICER = "township_officer"
    VILLAGE_CLERK = "village_clerk"
    HEALTH_WORKER = "health_worker"


ROLE_LEVEL: dict[Role, AreaLevel] = {
    Role.COUNTY_ADMIN: AreaLevel.COUNTY,
    Role.TOWNSHIP_OFFICER: AreaLevel.TOWNSHIP,
    Role.VILLAGE_CLERK: AreaLevel.VILLAGE,
    Role.HEALTH_WORKER: AreaLevel.TOWNSHIP,
}
"""The area level each role's code must have: a clerk holds a village code, and so on."""


class User(Base):
    """A person who logs in; never deleted (the audit log refers to them), only disabled."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, 32))
    area_code: Mapped[str] = mapped_column(String(12), index=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, username={self.username!r}, role={self.role.value!r})"
