"""Weights from judgements an analyst can make: a ranking, swings, or pairwise comparisons.

- Rank-order centroid (Barron & Barrett 1996, *Management Science* 42(11)): the
  criterion ranked k-th of n gets ``(1/n) * sum_{i=k..n} 1/i``. Criteria tied
  with ``=`` share the mean of the weights of the positions they fill.
- Swing weighting (von Winterfeldt & Edwards 1986, *Decision Analysis and
  Behavioral Research*, ch. 8): each criterion's swing from the worst to the
  best of its scale gets points relative to the most wanted swing (100);
  weights are the points normalised.
- AHP (Saaty 1980, *The Analytic Hierarchy Process*): weights are the principal
  eigenvector of a reciprocal matrix of pairwise judgements on the 1-9 scale;
  the consistency ratio CR = CI / RI with CI = (lambda_max - n) / (n - 1) and
  Saaty's random index RI; CR above 0.1 calls for a second look.

Criteria a judgement leaves out get weight 0. Each method returns
:class:`DerivedWeights`; :func:`profile_text` writes them as a weight profile.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_options.core.study.folder import display_path
from policy_options.core.study.scaffold import yaml_key, yaml_number, yaml_string
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.weights import normalise
from policy_options.core.study.yaml_document import KeyPath, YamlDocument
from policy_options.core.study.yamlfile import read_yaml
from policy_options.errors import Problem, StudyError, UsageError

# Saaty's random index by matrix size: the classic table of Saaty (1980) for n <= 10,
# and its extension to n = 15 (1.51, 1.48, 1.56, 1.57, 1.59) as widely reproduced
# from Saaty's later books. AHPy's 'saaty' option uses Saaty's 2005 re-estimate
# (0.52, 0.89, 1.11, 1.25, 1.35, ...); both give CR 0.022 for its drinks example.
SAATY_RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CONSISTENCY_LIMIT = 0.1
SCALE_LOW, SCALE_HIGH = 1 / 9, 9.0
POWER_TOLERANCE = 1e-12
RECIPROCAL_TOLERANCE = 0.02  # a full matrix's a_ji may be a rounded 1/a_ij (0.33 for 1/3)
MAX_POINTS = 100.0


@dataclass(frozen=True)
class Inconsistency:
    """A judgement set against the ratio the derived weights imply for the same pair."""

    row: str
    column: str
    given: float  # a_ij: how many times more important row is than column, as judged
    implied: float  # w_row / w_col from the weights

    @property
    def factor(self) -> float:
        """How many times too large or too small the judgement is (>= 1)."""
        ratio = self.given / self.implied
        return max(ratio, 1 / ratio)


@dataclass(frozen=True)
class AhpResult:
    """The eigenvector solution of a pairwise comparison matrix, with its consistency."""

    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    priorities: dict[str, float]  # sums to 1
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    most_inconsistent: Inconsistency | None  # None with fewer than three criteria

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_LIMIT


@dataclass(frozen=True)
class DerivedWeights:
    """Weights a method derived for every criterion of a study, ready to write as a profile."""

    method: str  # "rank-order centroid" | "swing" | "AHP"
    label: str  # the profile's default name
    description: str  # one sentence naming the method and the judgements
    raw: dict[str, float]  # every criterion, study order: what the profile file stores
    left_out: tuple[str, ...] = ()  # criteria no judgement mentions: weight 0
    ahp: AhpResult | None = field(default=None, compare=False)

    @property
    def normalised(self) -> dict[str, float]:
        return normalise(self.raw)


# --- rank-order centroid ------------------------------------------------------------


def rank_order_centroid(n: int) -> list[float]:
    """ROC weights of positions 1..n: w_k = (1/n) * sum_{i=k..n} 1/i (they sum to 1)."""
    if n < 1:
        raise ValueError("rank_order_centroid needs n >= 1")
    return [math.fsum(1 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]


def _check_criterion(name: str, criteria: Sequence[str], seen: set[str], what: str) -> None:
    if name not in criteria:
        raise UsageError(
            f"unknown criterion '{name}'{did_you_mean(name, criteria)}",
            hint="criteria: " + ", ".join(criteria),
        )
    if name in seen:
        raise UsageError(f"criterion '{name}' is named twice in {what}")
    seen.add(name)


def parse_ranking(words: Sequence[str], criteria: Sequence[str]) -> list[list[str]]:
    """``a b = c d`` (most important first, ``=`` between tied criteria) -> [[a], [b, c], [d]].

    ``b=c`` and ``b = c`` read the same. Every name must be a criterion, named once.
    """
    tokens: list[str] = []
    for word in words:
        for i, part in enumerate(word.split("=")):
            if i:
                tokens.append("=")
            tokens.extend(part.split())
    groups: list[list[str]] = []
    seen: set[str] = set()
    tie = False
    misplaced = UsageError(
        "'=' must stand between two criteria, e.g. `deterrence = stability` for a tie"
    )
    for token in tokens:
        if token == "=":
            if not groups or tie:
                raise misplaced
            tie = True
            continue
        _check_criterion(token, criteria, seen, "the ranking")
        if tie:
            groups[-1].append(token)
        else:
            groups.append([token])
        tie = False
    if tie:
        raise misplaced
    if not groups:
        raise UsageError("name the criteria, most important first")
    return groups


def ranking_text(groups: Sequence[Sequence[str]]) -> str:
    """[[a], [b, c]] -> 'a > b = c'."""
    return " > ".join(" = ".join(group) for group in groups)


def roc_weights(groups: Sequence[Sequence[str]], criteria: Sequence[str]) -> DerivedWeights:
    """Rank-order centroid weights for ``groups`` (most important first; a group is a tie)."""
    n = sum(len(group) for group in groups)
    centroid = rank_order_centroid(n)
    weights: dict[str, float] = {}
    position = 0
    for group in groups:
        share = math.fsum(centroid[position : position + len(group)]) / len(group)
        weights.update(dict.fromkeys(group, share))
        position += len(group)
    left_out = tuple(key for key in criteria if key not in weights)
    description = (
        f"Rank-order centroid weights (Barron & Barrett 1996) from the ranking"
        f" {ranking_text(groups)}"
    )
    if left_out:
        description += f"; not ranked, so weight 0: {', '.join(left_out)}"
    return DerivedWeights(
        method="rank-order centroid",
        label="Rank-order centroid",
        description=description + ".",
        raw={key: weights.get(key, 0.0) for key in criteria},
        left_out=left_out,
    )


# --- swing weights ---------------------------------------------------------------------


def parse_points(texts: Sequence[str], criteria: Sequence[str]) -> dict[str, float]:
    """``CRITERION=POINTS`` from ``--points``: a known criterion, once, points in 0..100."""
    points: dict[str, float] = {}
    seen: set[str] = set()
    for text in texts:
        key, sep, number = text.partition("=")
        key, number = key.strip(), number.strip()
        if not sep or not key or not number:
            raise UsageError(
                f"--points {text!r}: expected CRITERION=POINTS, e.g. --points deterrence=100"
            )
        try:
            _check_criterion(key, criteria, seen, "--points")
        except UsageError as exc:
            raise UsageError(f"--points {text!r}: {exc.message}", hint=exc.hint) from None
        try:
            value = float(number)
        except ValueError:
            raise UsageError(f"--points {text!r}: '{number}' is not a number") from None
        check_points(key, value)
        points[key] = value
    return points


def check_points(key: str, value: float) -> None:
    if not (math.isfinite(value) and 0 <= value <= MAX_POINTS):
        raise UsageError(
            f"points for '{key}' must lie in 0..100 (the best swing gets 100), got {value:g}"
        )


def swing_weights(points: Mapping[str, float], criteria: Sequence[str]) -> DerivedWeights:
    """Swing weights: the points of each criterion's worst-to-best swing, normalised.

    Every criterion needs points (0 ignores one), each in 0..100, and the most
    wanted swing gets exactly 100: the others are judged relative to it.
    """
    missing = [key for key in criteria if key not in points]
    if missing:
        raise UsageError(
            "no points for " + ", ".join(f"'{key}'" for key in missing),
            hint="give every criterion --points CRITERION=N (0 ignores one)",
        )
    for key in criteria:
        check_points(key, points[key])
    best = max(points[key] for key in criteria)
    if best != MAX_POINTS:
        raise UsageError(
            f"the best swing gets 100 points, but the highest given is {best:g}",
            hint="give the swing you would most want 100 and the others points relative to it",
        )
    order = sorted(criteria, key=lambda key: (-points[key], list(criteria).index(key)))
    listing = ", ".join(f"{key} {points[key]:g}" for key in order)
    return DerivedWeights(
        method="swing",
        label="Swing weights",
        description=(
            "Swing weights (von Winterfeldt & Edwards 1986): points for each criterion's"
            " swing from the worst to the best of its scale, relative to the most wanted"
            f" swing (100): {listing}."
        ),
        raw={key: float(points[key]) for key in criteria},
    )


# --- AHP -------------------------------------------------------------------------------


def principal_eigenvector(
    matrix: Sequence[Sequence[float]], tolerance: float = POWER_TOLERANCE
) -> tuple[list[float], float]:
    """Perron eigenvector (summing to 1) and eigenvalue of a positive matrix, by power iteration.

    Iterates x <- A x / sum(A x) until no component moves by ``tolerance``;
    lambda_max = sum(A x) for the converged x (since A x = lambda x and sum x = 1).
    """
    n = len(matrix)
    x = [1.0 / n] * n
    for _ in range(1_000_000):
        y = [math.fsum(a * xi for a, xi in zip(row, x, strict=True)) for row in matrix]
        total = math.fsum(y)
        y = [v / total for v in y]
        done = max(abs(a - b) for a, b in zip(x, y, strict=True)) < tolerance
        x = y
        if done:
            break
    else:  # pragma: no cover - a positive matrix always converges
        raise ArithmeticError("power iteration did not converge")
    lambda_max = math.fsum(
        math.fsum(a * xi for a, xi in zip(row, x, strict=True)) for row in matrix
    ) / math.fsum(x)
    return x, lambda_max


def ahp(criteria: Sequence[str], matrix: Sequence[Sequence[float]]) -> AhpResult:
    """Priorities and consistency of a positive reciprocal matrix (``matrix[i][j]`` = a_ij)."""
    n = len(criteria)
    if n not in SAATY_RANDOM_INDEX:
        raise ValueError(f"AHP here takes 1 to {max(SAATY_RANDOM_INDEX)} criteria, not {n}")
    vector, lambda_max = principal_eigenvector(matrix)
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    ri = SAATY_RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    worst: Inconsistency | None = None
    if n >= 3:
        pairs = (
            Inconsistency(criteria[i], criteria[j], matrix[i][j], vector[i] / vector[j])
            for i in range(n)
            for j in range(i + 1, n)
        )
        worst = max(pairs, key=lambda item: item.factor)
    return AhpResult(
        criteria=tuple(criteria),
        matrix=tuple(tuple(row) for row in matrix),
        priorities=dict(zip(criteria, vector, strict=True)),
        lambda_max=lambda_max,
        consistency_index=ci,
        random_index=ri,
        consistency_ratio=max(cr, 0.0),
        most_inconsistent=worst,
    )


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


_FRACTION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*")
_AHP_KEYS = ("criteria", "matrix", "comparisons")


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
                _check_criterion(name, self.criteria, seen, "'criteria'")
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


# --- the profile file ----------------------------------------------------------------


def profile_text(derived: DerivedWeights, command: str, title: str | None = None) -> str:
    """The YAML of a weight profile (loadable by ``policy rank --weights``), with comments.

    Weights are written with 6 decimals (the swing method writes its points).
    """
    lines = [f"# Weight profile written by `{command}`.", "# Raw weights: normalised when used."]
    if derived.left_out:
        lines.append("# Not judged, so weight 0: " + ", ".join(derived.left_out) + ".")
    if derived.ahp is not None:
        result = derived.ahp
        lines.append(
            f"# lambda_max {result.lambda_max:.4f}, CI {result.consistency_index:.4f},"
            f" RI {result.random_index:.2f}, CR {result.consistency_ratio:.4f}."
        )
    lines += [
        f"name: {yaml_string(title or derived.label)}",
        f"description: {yaml_string(derived.description)}",
        "weights:",
        *(f"  {yaml_key(key)}: {yaml_number(value)}" for key, value in derived.raw.items()),
    ]
    return "\n".join(lines) + "\n"
