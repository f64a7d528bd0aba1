"""Many cases at once: assign them to one person, or resolve them with one reason.

A township officer who has checked twenty spelling variants against the paper register
closes them together, with one note; a county admin hands a village's open cases to its
clerk in one go. Each case goes through the same function as a single action
(:func:`~hedui.store.case_actions.assign_case`, :func:`~hedui.store.case_actions.resolve_case`):
the same checks of role, area and status, one history row and one audit entry per case.

All or nothing: every case is tried, and if any is refused the caller's transaction must be
rolled back; :class:`~hedui.errors.InvalidInputError` then lists every refused case with its
reason, so the officer can untick them and try again. Nothing is committed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session

from hedui.errors import HeduiError, InvalidInputError, PermissionDeniedError
from hedui.store.case_actions import assign_case, resolve_case
from hedui.store.cases import Case
from hedui.store.users import Role, User

__all__ = ["BULK_LIMIT", "BULK_ROLES", "bulk_assign", "bulk_resolve"]

BULK_ROLES = (Role.COUNTY_ADMIN, Role.TOWNSHIP_OFFICER)
"""Who may act on many cases at once: the officers who oversee several villages."""

BULK_LIMIT = 200
"""The most cases one bulk action takes: a page of the list is far less."""


def bulk_assign(
    session: Session,
    actor: User,
    case_ids: Iterable[int],
    assignee_id: int,
    note: str | None = None,
) -> list[Case]:
    """Assign every case of ``case_ids`` to ``assignee_id``, each as :func:`assign_case` would.

    Raises:
        PermissionDeniedError: the actor is not a county admin or township officer.
        InvalidInputError: no case was chosen, too many were, or any case was refused (each
            refused case is listed with its reason).
    """
    return _each(
        actor,
        case_ids,
        lambda case_id: assign_case(session, actor, case_id, assignee_id, note=note),
    )


def bulk_resolve(
    session: Session, actor: User, case_ids: Iterable[int], *, note: str
) -> list[Case]:
    """Resolve every case of ``case_ids`` with the same ``note``, each as :func:`resolve_case`
    would (the source that was right is left unknown: it differs from case to case).

    Raises:
        PermissionDeniedError: the actor is not a county admin or township officer.
        InvalidInputError: no case was chosen, too many were, the note is blank, or any case
            was refused (each refused case is listed with its reason).
    """
    return _each(actor, case_ids, lambda case_id: resolve_case(session, actor, case_id, note=note))


def _each(actor: User, case_ids: Iterable[int], act: Callable[[int], Case]) -> list[Case]:
    if actor.role not in BULK_ROLES:
        raise PermissionDeniedError(
            "只有县级管理员和乡镇专干可以批量处理事项 / "
            "only county admins and township officers act on many cases at once"
        )
    chosen = list(dict.fromkeys(case_ids))
    if not chosen:
        raise InvalidInputError("请先勾选事项 / tick the cases to act on first")
    if len(chosen) > BULK_LIMIT:
        raise InvalidInputError(
            f"一次最多处理 {BULK_LIMIT} 个事项，已勾选 {len(chosen)} 个 / "
            f"at most {BULK_LIMIT} cases at once, {len(chosen)} were ticked"
        )
    done: list[Case] = []
    refused: list[tuple[int, HeduiError]] = []
    for case_id in chosen:
        try:
            done.append(act(case_id))
        except HeduiError as error:
            refused.append((case_id, error))
    if refused:
        zh = "；".join(f"事项 {case_id}：{_chinese(error.message)}" for case_id, error in refused)
        en = "; ".join(f"case {case_id}: {_english(error.message)}" for case_id, error in refused)
        raise InvalidInputError(f"以下事项未能处理，均未更改：{zh} / nothing was changed: {en}")
    return done


def _chinese(message: str) -> str:
    return " ".join(part for part in message.split(" / ") if _has_cjk(part)) or message


def _english(message: str) -> str:
    return " ".join(part for part in message.split(" / ") if not _has_cjk(part)) or message


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)
