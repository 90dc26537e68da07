"""An analyst's scoring sheet: ``policy export xlsx --for ANALYST`` writes it (blank, or
with what the analyst already gave), ``policy import FILE --for ANALYST`` reads a filled
one back into ``judgements/<analyst>/``.

One sheet, ``judgements``, one row per cell (option x criterion) with the columns of
:data:`COLUMNS`: IDEA's four points and a rationale; a header comment on ``value``
gives each criterion's scale on its rows. A row with a blank ``value`` is no judgement.
Every cell is checked before any file is written; the first problem is one error
naming the sheet and cell. Written files hold only the sheet's judgements, in the
study's criterion order, so export -> import -> export gives the same bytes.
openpyxl is imported only here, and this module only when a sheet is used.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from policy_options.core.study.files.model import Study
from policy_options.core.study.judgements.files import JUDGEMENTS_DIR, Judgement, JudgementFile
from policy_options.errors import UsageError

SHEET = "judgements"
COLUMNS = ("option", "criterion", "value", "lowest", "highest", "confidence", "rationale")
FIELDS = COLUMNS[2:]


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def export_sheet(study: Study, analyst: str) -> bytes:
    """The analyst's sheet (bytes of an .xlsx), filled with what they already scored."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    from policy_options.core.interchange.spreadsheet import (
        COMMENT_AUTHOR,
        FIXED_TIME,
        _reproducible,
    )

    known = study.analysts.get(analyst)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.cell(1, 6).comment = Comment(
        "Percent (above 0, at most 100) that the truth lies in [lowest, highest]; blank: 80.",
        COMMENT_AUTHOR,
    )
    for option in study.options:
        given = known.scores.get(option, {}) if known is not None else {}
        for key, criterion in study.all_criteria.items():
            j = given.get(key)
            row: list[object] = [option, key]
            if j is None:
                row += [None] * len(FIELDS)
            else:
                row += [
                    _number(j.value),
                    None if j.lowest is None else _number(j.lowest),
                    None if j.highest is None else _number(j.highest),
                    None if j.confidence is None else _number(j.confidence),
                    j.rationale or None,
                ]
            sheet.append(row)
            unit = f" {criterion.unit}" if criterion.unit else ""
            sheet.cell(sheet.max_row, 2).comment = Comment(
                f"{criterion.name}: {criterion.scale.min:g}..{criterion.scale.max:g}{unit}",
                COMMENT_AUTHOR,
            )
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["G"].width = 60
    book.properties.creator = COMMENT_AUTHOR
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue())


@dataclass(frozen=True)
class LayerFile:
    """One file of the analyst's layer the import writes."""

    option: str
    path: Path
    text: str
    changed: bool


def plan_analyst_import(table: object, study: Study, analyst: str) -> list[LayerFile]:
    """The analyst's files from a filled sheet (a ``Table`` of read_table), every cell
    checked first; an error names the first bad cell."""
    from policy_options.core.study.judgements.loading import layer_problems
    from policy_options.core.study.scaffold import check_id

    check_id(analyst, "analyst")
    rows = getattr(table, "rows", ())
    source = getattr(table, "source", "sheet")
    if not rows or [str(c.value or "") for c in rows[0][: len(COLUMNS)]] != list(COLUMNS):
        raise UsageError(
            f"{source}: expected the columns {', '.join(COLUMNS)}",
            hint=f"write a sheet with `policy export xlsx --for {analyst}`",
        )
    found: dict[str, dict[str, dict[str, object]]] = {}
    for row in rows[1:]:
        cells = list(row[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(row))
        if all(c is None or c.value is None for c in cells):
            continue
        option, key = (
            str(c.value) if c is not None and c.value is not None else "" for c in cells[:2]
        )
        where = cells[0].where if cells[0] is not None else source
        if option not in study.options:
            raise UsageError(f"{where}: unknown option '{option}'")
        if key not in study.all_criteria:
            raise UsageError(f"{where}: unknown criterion '{key}'")
        data = {
            name: c.value
            for name, c in zip(FIELDS, cells[2:], strict=True)
            if c is not None and c.value is not None
        }
        if not data:
            continue
        value_cell = cells[2]
        if "value" not in data:
            raise UsageError(
                f"{value_cell.where if value_cell else where}: no value, but other cells"
            )
        for name in ("value", "lowest", "highest", "confidence"):
            if name in data and isinstance(data[name], str):
                try:
                    data[name] = float(str(data[name]))
                except ValueError:
                    cell = cells[2 + FIELDS.index(name)]
                    raise UsageError(
                        f"{cell.where if cell else where}: not a number: {data[name]!r}"
                    ) from None
        try:
            Judgement.model_validate(data)
        except ValidationError as exc:
            message = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise UsageError(f"{value_cell.where if value_cell else where}: {message}") from None
        found.setdefault(option, {})[key] = data
    folder = study.path / JUDGEMENTS_DIR / analyst
    known = study.analysts.get(analyst)
    plans: list[LayerFile] = []
    for option in study.options:
        scores = found.get(option)
        path = folder / f"{option}.yaml"
        if scores is None and (known is None or option not in known.scores):
            continue
        ordered = {k: scores[k] for k in study.all_criteria if scores and k in scores}
        layer = JudgementFile.model_validate({"scores": ordered})
        problems = layer_problems(option, layer, study.spec, list(study.options))
        if problems:
            raise UsageError(f"{source}: {option}: {problems[0].message}")
        text = layer_text(ordered)
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        plans.append(LayerFile(option, path, text, old != text))
    return plans


def layer_text(scores: dict[str, dict[str, object]]) -> str:
    """A judgement file's YAML: one flow mapping per criterion, strings JSON-quoted."""
    if not scores:
        return "scores: {}\n"
    lines = ["scores:"]
    for key, data in scores.items():
        parts = []
        for name in FIELDS:
            if name in data:
                x = data[name]
                shown = (
                    json.dumps(x, ensure_ascii=False)
                    if isinstance(x, str)
                    else f"{_number(float(x))!r}"  # type: ignore[arg-type]
                )
                parts.append(f"{name}: {shown}")
        lines.append(f"  {key}: {{{', '.join(parts)}}}")
    return "\n".join(lines) + "\n"


def analyst_readme(analyst: str, study: Study) -> str:
    """``judgements/<analyst>/README.md``: what to write there, for this study."""
    criteria = "\n".join(
        f"- `{key}`: {c.name}, {c.scale.min:g}..{c.scale.max:g}{' ' + c.unit if c.unit else ''}"
        for key, c in study.all_criteria.items()
    )
    options = ", ".join(f"`{o}`" for o in study.options)
    return f"""# Judgements of {analyst}

One file per option you score, named after it (`<option>.yaml`), with any of its cells:

```yaml
scores:
  <criterion>: {{value: 6, lowest: 4, highest: 8, confidence: 80, rationale: "why"}}
```

`value` is your best estimate; `lowest` and `highest` the plausible range; `confidence`
the percent chance (above 0, at most 100; default 80) that the truth lies between them.
`criterion: 6` alone says you are sure. Optionally, `weights.yaml` holds your weights
(`weights: {{criterion: raw weight, ...}}`, every criterion).

Or fill a sheet: `policy export xlsx --for {analyst} -o {analyst}.xlsx`, then
`policy import {analyst}.xlsx --for {analyst}`.

Options: {options}

Criteria:
{criteria}
"""
