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
    criteria = list(study.all_criteria)  # the modifiers' scores too: they are edited alike
    header = ["option", "title", *criteria]
    header += [f"{key}{end}" for key in criteria for end in (LOW, HIGH)]
    sheet.append(header)
    for column, key in enumerate(criteria, start=3):
        criterion = study.all_criteria[key]
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
    for key, criterion in study.all_criteria.items():
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
        for key in study.criteria:  # weighted criteria only: a modifier takes no weight
            page.append([key, number(weights.raw[key]), round(weights.normalised[key], 12)])
            page.cell(page.max_row, 3).number_format = "0.0%"
        page.append([])
        page.append([f"{weights.name}"])
        _bold_header(page, bold)

    _text_not_formulas(book)
    book.properties.creator = COMMENT_AUTHOR
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue())


def _text_not_formulas(book: object) -> None:
    """Every cell openpyxl took for a formula (text from the study starting with ``=``,
    such as a title ``=HYPERLINK(...)``) written as the text it is: the workbook holds
    no formula of its own, so none can come from the study (formula injection, OWASP)."""
    for sheet in book.worksheets:  # type: ignore[attr-defined]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


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

    if path.stat().st_size > MAX_UNCOMPRESSED:
        raise UsageError(f"{display}: larger than {MAX_UNCOMPRESSED // 1024 // 1024} MiB; refused")
    data = path.read_bytes()  # openpyxl leaves a file it fails on open: give it bytes
    has_formulas = _check_archive(data, display)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False) if has_formulas else None
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        # its messages run to several lines ("... Please see the exception for more
        # details"): the first sentence, and the cause's own words when there is one
        reason = " ".join(str(exc).split()).split(". ")[0].rstrip(".")
        cause = exc.__cause__ or exc.__context__
        if cause is not None and str(cause):
            reason += f": {' '.join(str(cause).split())[:80]}"
        raise UsageError(f"{display}: not a readable workbook ({reason})") from None
    if SCORES_SHEET in book.sheetnames:
        sheet = book[SCORES_SHEET]
    elif len(book.sheetnames) == 1:
        sheet = book[book.sheetnames[0]]
    else:
        raise UsageError(
            f"{display}: no '{SCORES_SHEET}' sheet (sheets: {', '.join(book.sheetnames)})",
            hint="export one with `policy export xlsx`",
        )
    if sheet.max_row > MAX_ROWS:
        raise UsageError(f"{display}: {sheet.max_row:,} rows, above {MAX_ROWS:,}; refused")
    written = None if formulas is None else formulas[sheet.title]
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            comment = cell.comment.text if cell.comment is not None else None
            value = cell.value
            where = f"{display}:{sheet.title}!{cell.coordinate}"
            if value is None and written is not None:
                formula = written[cell.coordinate].value
                if isinstance(formula, str) and formula.startswith("="):
                    raise UsageError(
                        f"{where}: a formula with no saved value ({formula[:40]});"
                        " refused, not read as blank",
                        hint="open and save the workbook in a spreadsheet program, or type"
                        " the value",
                    )
            if isinstance(value, str) and not value.strip():
                value = None
            cells.append(Cell(where, value, comment))
        rows.append(tuple(cells))
    return Table(f"{display}:{sheet.title}", tuple(rows))


MAX_ROWS = 100_000
"""Rows an imported sheet may have: far above any study, far below what hangs an import."""
MAX_UNCOMPRESSED = 100 * 1024 * 1024
"""Bytes a workbook may inflate to (its parts, uncompressed): a zip bomb is refused
before openpyxl reads it."""


def _check_archive(data: bytes, display: str) -> bool:
    """Refuse a workbook that inflates beyond :data:`MAX_UNCOMPRESSED` (reading only the
    zip's directory); whether its sheets hold any formula."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            total = sum(part.file_size for part in parts)
            if total > MAX_UNCOMPRESSED:
                raise UsageError(
                    f"{display}: inflates to {total / 1024 / 1024:,.0f} MiB, above"
                    f" {MAX_UNCOMPRESSED // 1024 // 1024} MiB; refused"
                )
            return any(
                b"<f" in archive.read(part)
                for part in parts
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"{display}: not a readable workbook ({exc})") from None


def _read_csv(path: Path, display: str) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{display}: not UTF-8 text") from None
    rows = []
    reader = csv.reader(io.StringIO(text), strict=True)
    r = 0
    try:
        for r, values in enumerate(reader, start=1):
            if r > MAX_ROWS:
                raise UsageError(f"{display}: more than {MAX_ROWS:,} rows; refused")
            cells = []
            for c, raw in enumerate(values, start=1):
                value: object = raw.strip() or None
                cells.append(Cell(f"{display}:{_letter(c)}{r}", value))
            rows.append(tuple(cells))
    except csv.Error as exc:
        raise UsageError(
            f"{display}: row {r + 1} (line {reader.line_num}): {_csv_problem(exc)}"
        ) from None
    return Table(display, tuple(rows))


def _csv_problem(exc: csv.Error) -> str:
    """The csv module's complaint, in words."""
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell longer than {csv.field_size_limit():,} characters; refused"
    if "unexpected end of data" in text or "expected after" in text:
        return 'a quote (") is never closed or is followed by text; fix the quoting'
    return text
