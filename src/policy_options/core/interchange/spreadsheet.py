"""The study as a workbook (``policy export xlsx``) and a sheet read back as a table.

Export: a ``scores`` sheet (options x criteria, raw scores; each score's range in
hidden ``<criterion> low`` / ``<criterion> high`` columns; the rationale as the
cell's comment), a ``criteria`` sheet, a ``ranking`` sheet and one ``weights
<profile>`` sheet per weight profile. :func:`read_table` reads the ``scores`` sheet
of a workbook, or a CSV file, into cells that remember where they came from, for
``policy import``. openpyxl is imported here, and this module only when needed.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_options.core.ranking.rank import Ranking
from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.errors import UsageError

SCORES_SHEET = "scores"
LOW, HIGH = " low", " high"
COMMENT_AUTHOR = "policy-options"
FIXED_TIME = datetime.datetime(2000, 1, 1)  # workbook timestamps: same study, same bytes


def number(x: float) -> float | int:
    """7.0 -> 7: a raw number as the analyst wrote it."""
    return int(x) if float(x).is_integer() else x


def export_workbook(study: Study, ranking: Ranking, profiles: Sequence[Weights]) -> bytes:
    """The study as an .xlsx workbook (bytes)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    bold = Font(bold=True)
    sheet = book.active
    assert sheet is not None
    sheet.title = SCORES_SHEET
    criteria = list(study.criteria)
    header = ["option", "title", *criteria]
    header += [f"{key}{end}" for key in criteria for end in (LOW, HIGH)]
    sheet.append(header)
    for column, key in enumerate(criteria, start=3):
        criterion = study.criteria[key]
        better = "higher" if criterion.direction is Direction.HIGHER_IS_BETTER else "lower"
        unit = f" {criterion.unit}" if criterion.unit else ""
        sheet.cell(1, column).comment = Comment(
            f"{criterion.name}: {criterion.scale.min:g}..{criterion.scale.max:g}{unit},"
            f" {better} is better",
            COMMENT_AUTHOR,
        )
    for option in study.options.values():
        row: list[object] = [option.id, option.title]
        row += [number(option.spec.scores[key].value) for key in criteria]
        for key in criteria:
            span = option.spec.scores[key].range
            row += [None, None] if span is None else [number(span[0]), number(span[1])]
        sheet.append(row)
        for column, key in enumerate(criteria, start=3):
            rationale = option.spec.scores[key].rationale
            if rationale:
                sheet.cell(sheet.max_row, column).comment = Comment(rationale, COMMENT_AUTHOR)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["A"].width = max(len(o) for o in [*study.options, "option"]) + 2
    sheet.column_dimensions["B"].width = 40
    for index in range(3 + len(criteria), 3 + 3 * len(criteria)):
        sheet.column_dimensions[get_column_letter(index)].hidden = True

    table = book.create_sheet("criteria")
    table.append(
        ["criterion", "name", "direction", "min", "max", "unit", "threshold",
         "value function", "description"]
    )  # fmt: skip
    for key, criterion in study.criteria.items():
        table.append(
            [
                key,
                criterion.name,
                criterion.direction.value,
                number(criterion.scale.min),
                number(criterion.scale.max),
                criterion.unit,
                None if criterion.threshold is None else number(criterion.threshold),
                None
                if criterion.value_function is None
                else "; ".join(f"{x:g}: {v:g}" for x, v in criterion.value_function),
                criterion.description,
            ]
        )
    _bold_header(table, bold)

    ranked = book.create_sheet("ranking")
    ranked.append(["rank", "option", "title", "score (0-100)"])
    for entry in ranking.rows:
        ranked.append([entry.rank, entry.option, entry.title, round(entry.score * 100, 12)])
        ranked.cell(ranked.max_row, 4).number_format = "0.0"  # shown as in `policy rank`
    ranked.append([])
    ranked.append([f"method: {ranking.method}; weights: {ranking.weights.label}"])
    _bold_header(ranked, bold)

    for weights in profiles:
        page = book.create_sheet(f"weights {weights.profile}"[:31])
        page.append(["criterion", "raw weight", "normalised weight"])
        for key in criteria:
            page.append([key, number(weights.raw[key]), round(weights.normalised[key], 12)])
            page.cell(page.max_row, 3).number_format = "0.0%"
        page.append([])
        page.append([f"{weights.name}"])
        _bold_header(page, bold)

    book.properties.creator = COMMENT_AUTHOR
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The workbook with fixed zip timestamps and modified date: the same study, the same bytes.

    openpyxl stamps the save time into docProps/core.xml and every zip entry.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def _bold_header(sheet: object, bold: object) -> None:
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = bold


@dataclass(frozen=True)
class Cell:
    """One cell of an imported sheet: where it is and what it holds (None when blank)."""

    where: str  # e.g. study.xlsx:scores!D5 or scores.csv:D5
    value: object
    comment: str | None = None


@dataclass(frozen=True)
class Table:
    """A sheet as rows of cells; row 0 is the header."""

    source: str  # e.g. study.xlsx:scores
    rows: tuple[tuple[Cell, ...], ...]


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def read_table(path: Path, display: str) -> Table:
    """The ``scores`` sheet of a workbook (else its only sheet), or a CSV file, as cells."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError(f"{display}: no such file")
    if suffix == ".csv":
        return _read_csv(path, display)
    if suffix not in {".xlsx", ".xlsm"}:
        raise UsageError(f"{display}: give an .xlsx workbook or a .csv file")
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UsageError(f"{display}: not a readable workbook ({exc})") from None
    if SCORES_SHEET in book.sheetnames:
        sheet = book[SCORES_SHEET]
    elif len(book.sheetnames) == 1:
        sheet = book[book.sheetnames[0]]
    else:
        raise UsageError(
            f"{display}: no '{SCORES_SHEET}' sheet (sheets: {', '.join(book.sheetnames)})",
            hint="export one with `policy export xlsx`",
        )
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            comment = cell.comment.text if cell.comment is not None else None
            value = cell.value
            if isinstance(value, str) and not value.strip():
                value = None
            cells.append(Cell(f"{display}:{sheet.title}!{cell.coordinate}", value, comment))
        rows.append(tuple(cells))
    return Table(f"{display}:{sheet.title}", tuple(rows))


def _read_csv(path: Path, display: str) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{display}: not UTF-8 text") from None
    rows = []
    for r, values in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = []
        for c, raw in enumerate(values, start=1):
            value: object = raw.strip() or None
            cells.append(Cell(f"{display}:{_letter(c)}{r}", value))
        rows.append(tuple(cells))
    return Table(display, tuple(rows))
