"""AHP weights from a file of pairwise comparisons: the judgements read (a matrix, or
each pair once) into a full reciprocal matrix, every problem located, and the priorities
written as a weight profile (criteria not compared get weight 0).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from policy_options.core.elicitation.ahp import SAATY_RANDOM_INDEX, AhpResult
from policy_options.core.elicitation.derived_weights import DerivedWeights, check_criterion
from policy_options.core.study.loading.folder import display_path
from policy_options.core.study.reading.yaml_document import KeyPath, YamlDocument
from policy_options.core.study.reading.yamlfile import read_yaml
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Problem, StudyError, UsageError

SCALE_LOW, SCALE_HIGH = 1 / 9, 9.0
RECIPROCAL_TOLERANCE = 0.02  # a full matrix's a_ji may be a rounded 1/a_ij (0.33 for 1/3)
_FRACTION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*")
_AHP_KEYS = ("criteria", "matrix", "comparisons")


def read_comparisons(path: Path, criteria: Sequence[str]) -> tuple[list[str], list[list[float]]]:
    """Read an AHP comparisons file into (criteria, full reciprocal matrix); errors located.

    Two forms, each needing one judgement per pair (the upper triangle)::

        criteria: [deterrence, stability, us_cost]     comparisons:
        matrix:                                           deterrence: {stability: 3, us_cost: 5}
          - [1, 3, 5]                                     stability: {us_cost: 2}
          - [1, 2]          # rows may start at the diagonal, or be full rows
          - [1]

    ``a_ij = 3`` means criterion i is moderately more important than j; write 1/3
    for the reverse. Judgements lie in 1/9..9.
    """
    doc = read_yaml(path, display_path(path))
    return _AhpFile(doc, criteria).read()


class _AhpFile:
    """Reads a comparisons file into a full reciprocal matrix, every problem located."""

    def __init__(self, doc: YamlDocument, criteria: Sequence[str]) -> None:
        self.doc = doc
        self.criteria = list(criteria)

    def fail(self, message: str, where: KeyPath = (), *, key: bool = False) -> StudyError:
        return StudyError([Problem(message, self.doc.locate(where, key=key))])

    def judgement(self, value: Any, where: KeyPath, pair: tuple[str, str]) -> float:
        label = f"{pair[0]} vs {pair[1]}"
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail(
                f"judgement for {label}: expected a number or a fraction like 1/3, got {value!r}",
                where,
            )
        if isinstance(value, str):
            match = _FRACTION.fullmatch(value)
            if match is None or float(match.group(2)) == 0:
                raise self.fail(
                    f"judgement for {label}: expected a number or a fraction like 1/3,"
                    f" got {value!r}",
                    where,
                )
            number = float(match.group(1)) / float(match.group(2))
        else:
            number = float(value)
        if not (math.isfinite(number) and SCALE_LOW - 1e-9 <= number <= SCALE_HIGH + 1e-9):
            shown = value if isinstance(value, str) else f"{number:g}"
            raise self.fail(
                f"judgement {shown} for {label} lies outside Saaty's scale 1/9..9", where
            )
        return number

    def names(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail("'criteria' must be a list of criterion names", ("criteria",))
        seen: set[str] = set()
        for i, name in enumerate(value):
            try:
                check_criterion(name, self.criteria, seen, "'criteria'")
            except UsageError as exc:
                raise self.fail(exc.message, ("criteria", i)) from None
        return list(value)

    def read(self) -> tuple[list[str], list[list[float]]]:
        data = self.doc.data
        if not isinstance(data, dict):
            raise self.fail(
                "expected a mapping with 'criteria' and 'matrix', or with 'comparisons'"
            )
        for key in data:
            if key not in _AHP_KEYS:
                raise self.fail(
                    f"unknown key '{key}'{did_you_mean(str(key), _AHP_KEYS)}", (key,), key=True
                )
        if "matrix" in data and "comparisons" in data:
            raise self.fail("give 'matrix' or 'comparisons', not both", ("comparisons",), key=True)
        names = self.names(data["criteria"]) if "criteria" in data else None
        if "matrix" in data:
            if names is None:
                raise self.fail("a 'matrix' needs a 'criteria' list naming its rows", ("matrix",))
            matrix = self.matrix(data["matrix"], names)
        elif "comparisons" in data:
            names, matrix = self.pairs(data["comparisons"], names)
        else:
            raise self.fail("expected 'matrix' (with 'criteria') or 'comparisons'")
        if len(names) < 2:
            raise self.fail("AHP needs at least two criteria to compare")
        if len(names) > max(SAATY_RANDOM_INDEX):
            raise self.fail(
                f"AHP here takes at most {max(SAATY_RANDOM_INDEX)} criteria"
                " (Saaty's random index table stops there)"
            )
        return names, matrix

    def matrix(self, rows: Any, names: list[str]) -> list[list[float]]:
        n = len(names)
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise self.fail("'matrix' must be a list of rows, each a list of numbers", ("matrix",))
        if len(rows) != n:
            raise self.fail(f"matrix is not square: {len(rows)} rows for {n} criteria", ("matrix",))
        upper: dict[tuple[int, int], float] = {}
        lower: dict[tuple[int, int], tuple[float, KeyPath]] = {}
        for i, row in enumerate(rows):
            if len(row) == n:
                offset = 0
            elif len(row) == n - i:
                offset = i
            else:
                raise self.fail(
                    f"matrix is not square: row {i + 1} ({names[i]}) has {len(row)} values;"
                    f" expected {n} (a full row) or {n - i} (from the diagonal on)",
                    ("matrix", i),
                )
            for k, value in enumerate(row):
                j, where = offset + k, ("matrix", i, k)
                if value is None:
                    if j > i:
                        raise self.fail(f"missing judgement for {names[i]} vs {names[j]}", where)
                    continue
                number = self.judgement(value, where, (names[i], names[j]))
                if j == i and abs(number - 1) > 1e-9:
                    raise self.fail(
                        f"the diagonal must be 1: {names[i]} vs itself is {number:g}", where
                    )
                if j > i:
                    upper[i, j] = number
                elif j < i:
                    lower[j, i] = (number, where)
        for (i, j), (number, where) in lower.items():
            self.reciprocal(names[j], names[i], number, upper[i, j], where)
        return self.full(n, upper)

    def reciprocal(self, row: str, column: str, given: float, other: float, where: KeyPath) -> None:
        if abs(given * other - 1) > RECIPROCAL_TOLERANCE:
            raise self.fail(
                f"{row} vs {column} is {given:.4g} but {column} vs {row} is {other:.4g}:"
                f" one must be the reciprocal of the other (give only one of them)",
                where,
            )

    def pairs(
        self, comparisons: Any, names: list[str] | None
    ) -> tuple[list[str], list[list[float]]]:
        if not isinstance(comparisons, dict):
            raise self.fail(
                "'comparisons' must map each criterion to {other criterion: judgement}",
                ("comparisons",),
            )
        given: dict[tuple[str, str], tuple[float, KeyPath]] = {}
        mentioned: list[str] = []
        for row, inner in comparisons.items():
            where_row: KeyPath = ("comparisons", row)
            if not isinstance(inner, dict):
                raise self.fail(
                    f"'{row}' must map other criteria to judgements, e.g. {{stability: 3}}",
                    where_row,
                )
            for column, value in inner.items():
                for name, key_path in ((row, where_row), (column, (*where_row, column))):
                    if names is not None and name in self.criteria and name not in names:
                        raise self.fail(
                            f"criterion '{name}' is not in the 'criteria' list",
                            key_path,
                            key=True,
                        )
                    if name not in self.criteria:
                        raise self.fail(
                            f"unknown criterion '{name}'{did_you_mean(str(name), self.criteria)}",
                            key_path,
                            key=True,
                        )
                    if name not in mentioned:
                        mentioned.append(name)
                where = (*where_row, column)
                if row == column:
                    raise self.fail(f"'{row}' is compared with itself", where, key=True)
                number = self.judgement(value, where, (row, column))
                if (column, row) in given:
                    other, _ = given[column, row]
                    self.reciprocal(row, column, number, other, where)
                    continue
                given[row, column] = (number, where)
        order = names if names is not None else mentioned
        index = {name: i for i, name in enumerate(order)}
        upper: dict[tuple[int, int], float] = {}
        for (row, column), (number, _) in given.items():
            i, j = index[row], index[column]
            upper[(i, j) if i < j else (j, i)] = number if i < j else 1 / number
        missing = [
            (order[i], order[j])
            for i in range(len(order))
            for j in range(i + 1, len(order))
            if (i, j) not in upper
        ]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise self.fail(
                f"missing judgement for {missing[0][0]} vs {missing[0][1]}{more}:"
                " every pair of criteria needs one",
                ("comparisons",),
                key=True,
            )
        return order, self.full(len(order), upper)

    @staticmethod
    def full(n: int, upper: Mapping[tuple[int, int], float]) -> list[list[float]]:
        matrix = [[1.0] * n for _ in range(n)]
        for (i, j), number in upper.items():
            matrix[i][j] = number
            matrix[j][i] = 1 / number
        return matrix


def ahp_weights(result: AhpResult, criteria: Sequence[str], source: str) -> DerivedWeights:
    """A profile from an AHP result; criteria the comparisons leave out get 0."""
    left_out = tuple(key for key in criteria if key not in result.priorities)
    n = len(result.criteria)
    description = (
        f"AHP weights (Saaty 1980): principal eigenvector of {n * (n - 1) // 2} pairwise"
        f" judgements on Saaty's 1-9 scale from {source}; consistency ratio"
        f" {result.consistency_ratio:.3f} (random index {result.random_index:.2f} for n = {n})"
    )
    if left_out:
        description += f"; not compared, so weight 0: {', '.join(left_out)}"
    return DerivedWeights(
        method="AHP",
        label="AHP weights",
        description=description + ".",
        raw={key: result.priorities.get(key, 0.0) for key in criteria},
        left_out=left_out,
        ahp=result,
    )
