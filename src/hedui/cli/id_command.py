"""`hedui id NUMBER...`: check resident ID numbers and propose corrections for mistyped ones.

For each number: valid or not and why, the region it was issued in (current or historical),
the birth date and sex it encodes, and for a number that fails its check the ranked repair
candidates. ``--json`` prints one JSON object per number and nothing else, for scripts.
The exit status is 0 when every number is valid and 1 otherwise.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hedui.cli.app import app, console
from hedui.errors import InvalidResidentIdError
from hedui.identity.dates import parse_date
from hedui.identity.regions import RegionInfo, lookup_region
from hedui.identity.resident_id import (
    RepairCandidate,
    ResidentId,
    check_character,
    normalize,
    parse,
    repair_candidates,
)
from hedui.identity.sex import Sex, normalize_sex

_STATUS_ZH = {"current": "现行", "historical": "已撤销", "unknown": "代码不存在"}


def _region(code: str) -> RegionInfo | None:
    if len(code) == 6 and code.isascii() and code.isdigit():
        return lookup_region(code)
    return None


def _years(region: RegionInfo) -> str:
    if region.status == "unknown":
        return ""
    start = str(region.valid_from) if region.valid_from else ""
    end = str(region.valid_to) if region.valid_to else ""
    return f"{start}-{end}" if start or end else ""


def _readable(number: str, error: InvalidResidentIdError | None) -> ResidentId | None:
    """The parsed number, or for a check-digit failure what its other 17 digits say."""
    if error is None:
        return parse(number)
    if error.kind == "check_digit":
        return parse(number[:17] + check_character(number[:17]))
    return None


def _region_fields(region: RegionInfo | None) -> dict[str, Any]:
    return {
        "region_code": region.code if region else None,
        "region_name": region.name if region else None,
        "region_status": region.status if region else None,
    }


def _candidate_json(candidate: RepairCandidate) -> dict[str, Any]:
    parsed = parse(candidate.number)
    return {
        "number": candidate.number,
        "kind": candidate.kind,
        "positions": list(candidate.positions),
        "score": candidate.score,
        "reasons": list(candidate.reasons),
        **_region_fields(lookup_region(parsed.region_code)),
        "birth_date": parsed.birth_date.isoformat(),
        "sex": parsed.sex.value,
    }


def _region_text(region: RegionInfo | None) -> Text:
    if region is None:
        return Text("—")
    style = {"current": "green", "historical": "yellow", "unknown": "red"}[region.status]
    text = Text(f"{region.name or '未知地区'} ({region.code}) ")
    text.append(f"{_STATUS_ZH[region.status]} {region.status}", style=style)
    if years := _years(region):
        text.append(f" {years}")
    return text


def _highlighted(candidate: RepairCandidate) -> Text:
    text = Text()
    for position, ch in enumerate(candidate.number, start=1):
        text.append(ch, style="bold reverse" if position in candidate.positions else "")
    return text


def _candidates_table(candidates: list[RepairCandidate]) -> Table:
    table = Table(
        title="可能的更正（最可能的在前）Repair candidates, best first", title_justify="left"
    )
    for header in ("号码", "错误", "得分", "出生日期", "性别"):
        table.add_column(header, no_wrap=True, justify="right" if header == "得分" else "left")
    table.add_column("地区", overflow="fold")
    for candidate in candidates:
        parsed = parse(candidate.number)
        region = lookup_region(parsed.region_code)
        table.add_row(
            _highlighted(candidate),
            _error_text(candidate),
            f"{candidate.score:+g}",
            parsed.birth_date.isoformat(),
            parsed.sex.label_zh,
            _region_short(region),
        )
    return table


def _error_text(candidate: RepairCandidate) -> str:
    if candidate.kind == "transposition":
        first, second = candidate.positions
        return f"第{first}、{second}位颠倒"
    return f"第{candidate.positions[0]}位录错"


def _region_short(region: RegionInfo) -> Text:
    """The county alone: a candidate table has no room for the province and prefecture."""
    name = region.county or region.name or region.code
    if region.status == "current":
        return Text(name)
    style = "yellow" if region.status == "historical" else "red"
    years = _years(region)
    return Text(f"{name}（{_STATUS_ZH[region.status]}{' ' + years if years else ''}）", style=style)


def _render(raw: str, report: dict[str, Any], region: RegionInfo | None) -> None:
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")
    if report["valid"]:
        rows.add_row("状态 Status", Text("有效 valid", style="bold green"))
    else:
        rows.add_row("状态 Status", Text("无效 invalid", style="bold red"))
        rows.add_row("原因 Why", Text(report["error"], style="red"))
    rows.add_row("号码 Number", Text(report["normalized"] or "—"))
    rows.add_row("地区 Region", _region_text(region))
    rows.add_row("出生日期 Born", report["birth_date"] or "—")
    sex = Sex(report["sex"]).label_zh if report["sex"] else "—"
    rows.add_row("性别 Sex", sex)
    # Text, not str: what a user typed must never be read as Rich markup ("[/red]").
    console.print(Panel(rows, title=Text(raw), title_align="left", expand=False))
    if report["candidates_objects"]:
        console.print(_candidates_table(report["candidates_objects"]))


def _check(
    raw: str, *, birth_date: date | None, sex: Sex | None, region_code: str | None
) -> tuple[dict[str, Any], RegionInfo | None]:
    number = normalize(raw)
    error: InvalidResidentIdError | None = None
    try:
        parsed = parse(number)
        number = parsed.number
    except InvalidResidentIdError as caught:
        error = caught
    readable = _readable(number, error)
    region = _region(number[:6])
    candidates = repair_candidates(number, birth_date=birth_date, sex=sex, region_code=region_code)
    report = {
        "input": raw,
        "valid": error is None,
        "normalized": number,
        "error": str(error) if error else None,
        **_region_fields(region),
        "birth_date": readable.birth_date.isoformat() if readable else None,
        "sex": readable.sex.value if readable else None,
        "candidates": [_candidate_json(c) for c in candidates],
        "candidates_objects": candidates,
    }
    return report, region


@app.command("id")
def id_command(
    numbers: Annotated[
        list[str],
        typer.Argument(help="要核对的身份证号（18 位或旧式 15 位），可多个 / resident ID numbers"),
    ],
    birth_date: Annotated[
        str | None,
        typer.Option(
            "--birth-date",
            help="已知的出生日期，用于排列更正候选 / known birth date, ranks repairs",
        ),
    ] = None,
    sex: Annotated[
        str | None,
        typer.Option("--sex", help="已知的性别（男/女、M/F、1/2）/ known sex, ranks repairs"),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="已知的 6 位地区代码 / known 6-digit region code"),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="每个号码输出一行 JSON / print one JSON object per number"),
    ] = False,
) -> None:
    """核对身份证号 Check resident ID numbers, with corrections for typos.

    显示是否有效及原因、发证地区（现行或已撤销）、出生日期、性别；无效号码列出可能的更正。
    Shows validity and why, region (current or historical), birth date, sex, and repairs.

    --birth-date、--sex、--region 对所有号码适用 / the known facts apply to every number.
    退出码：全部有效为 0，否则为 1 / exit status 0 when all are valid, 1 otherwise.
    """
    known_birth = parse_date(birth_date).value if birth_date else None
    known_sex = normalize_sex(sex) if sex else None
    known_region = lookup_region(normalize(region)).code if region else None
    all_valid = True
    for raw in numbers:
        report, info = _check(raw, birth_date=known_birth, sex=known_sex, region_code=known_region)
        all_valid = all_valid and report["valid"]
        if as_json:
            report.pop("candidates_objects")
            console.out(json.dumps(report, ensure_ascii=False), highlight=False)
        else:
            _render(raw, report, info)
    if not all_valid:
        raise typer.Exit(code=1)
