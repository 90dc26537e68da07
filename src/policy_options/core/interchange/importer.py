"""``policy import``: option files created or updated from a sheet of scores.

The sheet has a header row ``option, title, <criterion>...`` and, optionally,
``<criterion> low`` / ``<criterion> high`` columns for the ranges (as ``policy export
xlsx`` writes them). Every cell is checked before any file is written: the first
problem is one :class:`UsageError` naming its sheet and cell. Existing files are
edited in place with ruamel.yaml's round-trip mode, so the keys, quotes, comments and
rationales that the sheet does not change stay byte for byte as they were; a file that
does not change is not written.

A blank score cell keeps the file's score; a missing ``low``/``high`` column keeps the
file's range, blank ``low`` and ``high`` cells under present columns remove it. A
cell comment (xlsx) different from the score's rationale replaces the rationale.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_options.core.interchange.spreadsheet import (
    COMMENT_AUTHOR,
    HIGH,
    LOW,
    Cell,
    Table,
    number,
)
from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.files.model import Study
from policy_options.core.study.scaffold import check_id
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import PolicyError, UsageError


@dataclass(frozen=True)
class Change:
    """What the import does to one option file."""

    option: str
    path: Path
    created: bool
    changes: tuple[str, ...]  # e.g. "deterrence 7 → 8"
    text: str  # the new file text


@dataclass
class _Score:
    value: float | None = None  # None: keep the file's
    value_cell: Cell | None = None
    range: tuple[float, float] | None = None
    range_given: bool = False  # the sheet has low/high columns for this criterion
    range_cell: Cell | None = None
    rationale: str | None = None  # None: keep


@dataclass
class _Row:
    option: str
    option_cell: Cell
    title: str | None = None
    title_cell: Cell | None = None
    scores: dict[str, _Score] = field(default_factory=dict)


def _fail(cell: Cell, message: str, hint: str | None = None) -> UsageError:
    return UsageError(f"{cell.where}: {message}", hint=hint)


def _number(cell: Cell) -> float | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        raise _fail(cell, f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        x = float(value)
    else:
        try:
            x = float(str(value).strip())
        except ValueError:
            raise _fail(cell, f"expected a number, got {value!r}") from None
    if not math.isfinite(x):
        raise _fail(cell, f"expected a finite number, got {value!r}")
    return x


def _in_scale(cell: Cell, key: str, criterion: Criterion, x: float, what: str) -> None:
    scale = criterion.scale
    if not scale.min <= x <= scale.max:
        unit = f" {criterion.unit}" if criterion.unit else ""
        raise _fail(
            cell,
            f"{what} {x:g} for '{key}' lies outside its scale {scale.min:g}..{scale.max:g}{unit}",
        )


def _columns(table: Table, study: Study) -> dict[str, tuple[str, str]]:
    """Header cell position -> (criterion or field, role): role is value, low, high or field."""
    if not table.rows:
        raise UsageError(f"{table.source}: the sheet is empty")
    criteria = study.all_criteria  # modifiers are scored too
    known = [*criteria, *(f"{k}{LOW}" for k in criteria), *(f"{k}{HIGH}" for k in criteria)]
    seen: dict[str, Cell] = {}
    columns: dict[str, tuple[str, str]] = {}
    for index, cell in enumerate(table.rows[0]):
        if cell.value is None:
            continue
        name = str(cell.value).strip()
        if name in seen:
            raise _fail(cell, f"column '{name}' appears twice (first at {seen[name].where})")
        seen[name] = cell
        if name in ("option", "title"):
            columns[str(index)] = (name, "field")
        elif name in criteria:
            columns[str(index)] = (name, "value")
        elif name.endswith(LOW) and name[: -len(LOW)] in criteria:
            columns[str(index)] = (name[: -len(LOW)], "low")
        elif name.endswith(HIGH) and name[: -len(HIGH)] in criteria:
            columns[str(index)] = (name[: -len(HIGH)], "high")
        else:
            raise _fail(
                cell,
                f"unknown criterion column '{name}'{did_you_mean(name, known)}",
                hint="columns: option, title, then criterion ids: " + ", ".join(criteria),
            )
    if "option" not in seen:
        raise _fail(table.rows[0][0], "no 'option' column in the header row")
    for name, cell in seen.items():
        for end, other in ((LOW, HIGH), (HIGH, LOW)):
            if name.endswith(end) and name[: -len(end)] + other not in seen:
                raise _fail(cell, f"column '{name}' needs a '{name[: -len(end)]}{other}' column")
    return columns


def _rows(table: Table, study: Study) -> list[_Row]:
    columns = _columns(table, study)
    rows: list[_Row] = []
    first: dict[str, Cell] = {}
    for cells in table.rows[1:]:
        if all(c.value is None for c in cells):
            continue
        by_role: dict[tuple[str, str], Cell] = {}
        for index, cell in enumerate(cells):
            if str(index) in columns:
                by_role[columns[str(index)]] = cell
        option_cell = by_role[("option", "field")]
        if option_cell.value is None:
            raise _fail(option_cell, "no option id in this row")
        option = str(option_cell.value).strip()
        try:
            check_id(option, "option id")
        except PolicyError as exc:
            raise _fail(option_cell, exc.message) from None
        if option in first:
            raise _fail(
                option_cell, f"duplicate option '{option}' (first at {first[option].where})"
            )
        first[option] = option_cell
        row = _Row(option, option_cell)
        title = by_role.get(("title", "field"))
        if title is not None and title.value is not None:
            row.title, row.title_cell = str(title.value).strip(), title
        for key, criterion in study.all_criteria.items():
            score = _Score()
            value_cell = by_role.get((key, "value"))
            if value_cell is not None:
                score.value_cell = value_cell
                score.value = _number(value_cell)
                if score.value is not None:
                    _in_scale(value_cell, key, criterion, score.value, "score")
                comment = (value_cell.comment or "").strip()
                if comment:
                    score.rationale = _strip_author(comment)
            low_cell, high_cell = by_role.get((key, "low")), by_role.get((key, "high"))
            if low_cell is not None and high_cell is not None:
                score.range_given = True
                low, high = _number(low_cell), _number(high_cell)
                if (low is None) != (high is None):
                    blank = low_cell if low is None else high_cell
                    raise _fail(
                        blank, f"give both low and high of the range of '{key}', or neither"
                    )
                if low is not None and high is not None:
                    _in_scale(low_cell, key, criterion, low, "range low")
                    _in_scale(high_cell, key, criterion, high, "range high")
                    score.range, score.range_cell = (low, high), low_cell
            row.scores[key] = score
        rows.append(row)
    return rows


def _strip_author(text: str) -> str:
    """Excel prefixes a comment typed in its UI with 'Author:' and a newline; drop ours."""
    prefix = f"{COMMENT_AUTHOR}:\n"
    return text[len(prefix) :].strip() if text.startswith(prefix) else text


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def _flow_list(items: list[float | int]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _like(old: Any, new: str) -> Any:
    """``new`` quoted the way ``old`` was (double or single quotes), so the diff is one value."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    for kind in (DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, kind):
            return kind(new)
    return new


def _range_text(span: Any) -> str:
    return "none" if span is None else f"[{span[0]:g}, {span[1]:g}]"


def _update(row: _Row, study: Study, data: Any, created: bool) -> list[str]:
    """Apply ``row`` to the round-trip data of an option file; what changed, in words."""
    from ruamel.yaml.comments import CommentedMap

    changes: list[str] = []
    if row.title is not None and data.get("title") != row.title:
        if not created:
            changes.append(f"title {data.get('title')!r} → {row.title!r}")
        data["title"] = _like(data.get("title"), row.title)
    elif created:
        cell = row.title_cell or row.option_cell
        raise _fail(cell, f"new option '{row.option}' needs a title")
    if created:
        data["scores"] = CommentedMap()
    scores = data["scores"]
    for key, score in row.scores.items():
        entry: Any = scores.get(key) if not created else None
        old_value = entry if isinstance(entry, int | float) else (entry or {}).get("value")
        old_range = None if not isinstance(entry, dict) else entry.get("range")
        old_rationale = "" if not isinstance(entry, dict) else entry.get("rationale", "")
        value = score.value if score.value is not None else old_value
        if value is None:
            cell = score.value_cell or row.option_cell
            raise _fail(cell, f"no score for '{key}' (a new option needs every criterion)")
        span = score.range if score.range_given else old_range
        if span is not None and not span[0] <= value <= span[1]:
            cell = score.range_cell or score.value_cell or row.option_cell
            raise _fail(
                cell,
                f"range {_range_text(span)} does not hold the value {value:g}",
                hint=None
                if score.range_given
                else f"give the new range in '{key}{LOW}' and '{key}{HIGH}' columns",
            )
        rationale = score.rationale if score.rationale is not None else old_rationale
        if old_value is not None and value != old_value:
            changes.append(f"{key} {old_value:g} → {value:g}")
        range_changed = score.range_given and (
            (old_range is None) != (score.range is None)
            or (old_range is not None and score.range is not None
                and tuple(old_range) != tuple(score.range))
        )  # fmt: skip
        if range_changed and not created:
            changes.append(f"{key} range {_range_text(old_range)} → {_range_text(score.range)}")
        if rationale != old_rationale and not created:
            changes.append(f"{key} rationale")
        plain = isinstance(entry, int | float) or entry is None
        if plain and span is None and not rationale:
            if entry is None or value != old_value:
                scores[key] = number(value)
            continue
        if plain:
            entry = CommentedMap()
            entry["value"] = number(value)
            scores[key] = entry
        elif value != old_value:
            entry["value"] = number(value)
        if range_changed or (span is not None and "range" not in entry):
            if span is None:
                del entry["range"]
            elif isinstance(entry.get("range"), list):
                entry["range"][0], entry["range"][1] = number(span[0]), number(span[1])
            else:
                position = list(entry).index("value") + 1
                entry.insert(position, "range", _flow_list([number(span[0]), number(span[1])]))
        if rationale != old_rationale or ("rationale" not in entry and rationale):
            entry["rationale"] = _like(entry.get("rationale"), rationale)
    return changes


def plan_import(table: Table, study: Study) -> list[Change]:
    """What importing ``table`` into ``study`` does, file by file; nothing is written here."""
    from ruamel.yaml.comments import CommentedMap

    from policy_options.core.study.loading.option_checks import check_option_data
    from policy_options.core.study.schema import SCHEMA_DIR, modeline

    yaml = _yaml()
    plans: list[Change] = []
    for row in _rows(table, study):
        option = study.options.get(row.option)
        if option is not None:
            path = study.path / f"{row.option}.yaml"
            if not path.is_file():  # the option lives in <id>.yml
                path = path.with_suffix(".yml")
            original = path.read_text(encoding="utf-8")
            data = yaml.load(original)
        else:
            path, original, data = study.path / f"{row.option}.yaml", "", CommentedMap()
            if path.exists():
                raise _fail(
                    row.option_cell,
                    f"{path.name} exists but is not a valid option of the study",
                    hint="fix it first: `policy validate`",
                )
        changes = _update(row, study, data, option is None)
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        text = buffer.getvalue()
        if option is None and (study.path / SCHEMA_DIR).is_dir():
            text = modeline("option") + "\n" + text
        if text == original:
            continue
        problems = check_option_data(_yaml_safe(text), study.spec, path.name)
        if problems:
            raise _fail(row.option_cell, f"{row.option}: {problems[0].message}")
        plans.append(Change(row.option, path, option is None, tuple(changes), text))
    return plans


def _yaml_safe(text: str) -> Any:
    import yaml

    return yaml.safe_load(text)
