"""The web application's settings, validated once when the application is built.

Everything has a safe default for one county office on one machine. The secret that signs
session cookies comes from ``HEDUI_SECRET_KEY``; without it a random one is made at start-up, so
sessions simply end when the server restarts (users log in again), which is safe, merely less
convenient. Set it when running more than one server process.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hedui.errors import ConfigurationError
from hedui.health.retirement import DEFAULT_HEALTH_RETENTION_DAYS
from hedui.health.schedule import LAPSE_AFTER_DAYS
from hedui.reconcile.retention import DEFAULT_RETENTION_DAYS
from hedui.store.db import resolve_database_url

__all__ = ["RETENTION_ENV", "SECRET_KEY_ENV", "TRUSTED_PROXIES_ENV", "WORK_DIR_ENV", "Settings"]

SECRET_KEY_ENV = "HEDUI_SECRET_KEY"
WORK_DIR_ENV = "HEDUI_WORK_DIR"
TRUSTED_PROXIES_ENV = "HEDUI_TRUSTED_PROXIES"
WORK_DIR_NAME = "hedui-work"
RETENTION_ENV = {
    "run_retention_days": "HEDUI_RUN_RETENTION_DAYS",
    "health_retention_days": "HEDUI_HEALTH_RETENTION_DAYS",
}


class Settings(BaseModel):
    """How the web application runs.

    Attributes:
        database_url: SQLAlchemy URL of the store.
        secret_key: Signs session cookies; at least 32 characters.
        session_max_age: Seconds a login lasts without being renewed (a working day by default).
        login_max_failures: Failed logins for one user name within ``login_window`` before
            each further attempt waits 1, 2, 4, … seconds (HTTP 429 meanwhile); not counted
            from an address the user has logged in from before (:mod:`hedui.web.ratelimit`).
        login_address_failures: The same, for failed logins from one address (any names).
        login_window: Seconds over which failures are counted (15 minutes).
        login_max_delay: The longest wait, in seconds (5 minutes): a back-off, never a block.
        trusted_proxies: Addresses or networks of the reverse proxies in front of hedui
            (``HEDUI_TRUSTED_PROXIES``, comma-separated, or ``hedui serve --trusted-proxy``).
            Only a request from one of them may name the client in ``X-Forwarded-For`` and the
            scheme in ``X-Forwarded-Proto``; with none, those headers are ignored.
        secure_cookies: Mark cookies ``Secure`` even when a request arrives over plain HTTP
            (behind a TLS proxy that does not forward the scheme). Requests that arrive over
            HTTPS always get ``Secure`` cookies.
        other_village_checks: Look-ups of other villages' entries (the record form's duplicate
            check) one user may make within ``other_village_window``; beyond it the form
            checks the user's own village only, and says so.
        other_village_window: Seconds over which those look-ups are counted (an hour).
        health_lapse_days: Days a health visit may stay overdue; after that it has lapsed and
            leaves the work list and the reminders (:mod:`hedui.health.schedule`).
        run_retention_days: Days a reconciliation run's files (the exported ledger, the linkage
            output, the findings) are kept after the run finished; then their personal data is
            deleted (``HEDUI_RUN_RETENTION_DAYS``; :mod:`hedui.reconcile.retention`).
        health_retention_days: Days the enrolments of a retired health programme are kept
            after it was retired (``HEDUI_HEALTH_RETENTION_DAYS``;
            :mod:`hedui.health.retirement`).
        purge_interval: Seconds between two purges by the running application (a day).
        per_page: Rows on one page of a list.
        work_dir: Where background jobs write their files (the exported sources, the linkage
            output of each reconciliation). ``None`` puts ``hedui-work`` beside an SQLite
            database file, else in the current directory; see :attr:`work_path`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str
    secret_key: str = Field(min_length=32)
    session_max_age: int = Field(default=8 * 3600, gt=0)
    login_max_failures: int = Field(default=5, gt=0)
    login_address_failures: int = Field(default=20, gt=0)
    login_window: int = Field(default=15 * 60, gt=0)
    login_max_delay: int = Field(default=5 * 60, gt=0)
    trusted_proxies: tuple[str, ...] = ()
    secure_cookies: bool = False
    other_village_checks: int = Field(default=60, gt=0)
    other_village_window: int = Field(default=3600, gt=0)
    health_lapse_days: int = Field(default=LAPSE_AFTER_DAYS, ge=0, le=3650)
    run_retention_days: int = Field(default=DEFAULT_RETENTION_DAYS, ge=0, le=3650)
    health_retention_days: int = Field(default=DEFAULT_HEALTH_RETENTION_DAYS, ge=0, le=3650)
    purge_interval: float = Field(default=24 * 3600, gt=0)
    per_page: int = Field(default=25, gt=0, le=200)
    work_dir: Path | None = None

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, proxies: tuple[str, ...]) -> tuple[str, ...]:
        """Each proxy must be an IP address or network: a host name could not be compared with
        the connecting address, and ``*`` would let every client choose its own address."""
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(
                    f"{proxy!r} is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
                ) from None
        return proxies

    @property
    def work_path(self) -> Path:
        """The work directory: ``work_dir`` if set, else ``hedui-work`` beside the SQLite file.

        Beside the database, because the files of a run belong with the cases it wrote: a copy
        of one without the other is half an office's data.
        """
        if self.work_dir is not None:
            return self.work_dir
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and self.database_url != prefix:
            database = Path(self.database_url.removeprefix(prefix).split("?")[0])
            return database.parent / WORK_DIR_NAME
        return Path(WORK_DIR_NAME)

    @classmethod
    def from_env(cls, database_url: str | None = None, **overrides: object) -> Settings:
        """Settings from the environment (``HEDUI_DATABASE_URL``, ``HEDUI_SECRET_KEY``,
        ``HEDUI_WORK_DIR``, ``HEDUI_TRUSTED_PROXIES``, ``HEDUI_RUN_RETENTION_DAYS``,
        ``HEDUI_HEALTH_RETENTION_DAYS``).

        Raises:
            ConfigurationError: a value is invalid; every problem is listed.
        """
        values: dict[str, object] = {
            "database_url": resolve_database_url(database_url),
            "secret_key": os.environ.get(SECRET_KEY_ENV) or secrets.token_urlsafe(48),
            "work_dir": os.environ.get(WORK_DIR_ENV) or None,
            **{
                name: os.environ[variable]
                for name, variable in RETENTION_ENV.items()
                if os.environ.get(variable)
            },
            "trusted_proxies": tuple(
                p.strip() for p in os.environ.get(TRUSTED_PROXIES_ENV, "").split(",") if p.strip()
            ),
            **overrides,
        }
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            problems = [
                f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()
            ]
            raise ConfigurationError(
                "网页服务设置有误 / invalid web settings: " + "; ".join(problems),
                problems=problems,
            ) from None
