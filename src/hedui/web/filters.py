"""List filters the server understands, and a clear 400 for those it does not.

A filter that is silently ignored is worse than an error: the officer who typed 胜利村 into a
code box, or followed an old link with ``?vilage=…``, sees the whole county and believes it is
the village. So a list view names the parameters it takes (:func:`reject_unknown_filters`), and
a village filter is a code inside the user's area or a name that means exactly one division
(:func:`village_filter`); anything else is answered with a message saying what to do.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Collection

from starlette.requests import Request

from hedui.errors import InvalidInputError
from hedui.store.areas import is_within
from hedui.store.divisions import DivisionNames, village_choices

__all__ = ["query_parameters", "reject_unknown_filters", "village_filter"]

_LABEL = re.compile(r"(.+)（…(\d{3})）")
"""A place as :func:`hedui.store.divisions.place_label` shows it: 胜利村（…201）."""


def query_parameters(view: Callable[..., object]) -> frozenset[str]:
    """The query parameters a view declares: its arguments with a default (the request, the
    session and the user have none), so a parameter added to the view is allowed at once."""
    return frozenset(
        name
        for name, parameter in inspect.signature(view).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    )


def reject_unknown_filters(request: Request, allowed: Collection[str]) -> None:
    """Raise unless every query parameter of ``request`` is one of ``allowed``.

    Raises:
        InvalidInputError: (HTTP 400) naming the parameters the page does not understand.
    """
    unknown = sorted({key for key in request.query_params if key not in allowed})
    if unknown:
        names = "、".join(unknown)
        raise InvalidInputError(
            f"此页面不认识筛选条件：{names}。请用页面上的筛选框重新筛选 / this page does not "
            f"understand the filter(s): {', '.join(unknown)}; use the page's own filters"
        )


def village_filter(typed: str, *, area_code: str, names: DivisionNames) -> str | None:
    """The area code a village filter means: ``None`` when blank, else a code inside the user's
    area, given as a code or as a name (or former name) that matches exactly one division.

    Raises:
        InvalidInputError: (HTTP 400) the code is malformed or outside the user's area, or the
            name matches no division or several; the message says which.
    """
    text = typed.strip()
    if not text:
        return None
    if text.isdigit():
        if len(text) not in (6, 9, 12):
            raise InvalidInputError(
                f"区划代码“{text}”应为 6、9 或 12 位数字，或直接输入村名 / area code {text!r} "
                "must be 6, 9 or 12 digits, or type the village's name"
            )
        if not is_within(text, area_code):
            raise InvalidInputError(
                f"区划“{text}”不在您的辖区内 / area {text!r} is outside your area"
            )
        return text
    labelled = _LABEL.fullmatch(text)
    if labelled:
        name, tail = labelled.groups()
        exact = [
            c
            for c in village_choices(names, name, area_code=area_code)
            if c.name == name and c.code.endswith(tail)
        ]
    else:
        exact = [
            c
            for c in village_choices(names, text, area_code=area_code)
            if text in (c.name, c.label, *c.former_names)
        ]
    if len(exact) == 1:
        return exact[0].code
    if not exact:
        raise InvalidInputError(
            f"辖区内没有名为“{text}”的村或乡镇 / no village or township called {text!r} in "
            "your area"
        )
    raise InvalidInputError(
        f"辖区内有 {len(exact)} 个“{text}”，请从列表中选择一个 / {len(exact)} places are called "
        f"{text!r} in your area: choose one from the list"
    )
