"""A study as the decision matrix the vectorised methods score, in numpy.

Only the criteria with a positive weight in the profile take part: every reference
method drops a criterion of weight 0 (additive and PROMETHEE weigh it 0; the weighted
product's factor is v ** 0 = 1; TOPSIS's weighted column is 0, so are its ideal and
anti-ideal; weakest link takes the minimum over the weighted criteria only), and each
criterion is normalised on its own, so no other column depends on it.

Modifiers (criteria with ``role: modifier``) are not columns: they weigh each option's
score by its factor m_i (the product of its modifiers' factors): m_i s_i, or, when the
study names a ``reference`` option among the options, s_ref + m_i (s_i - s_ref) (a
failed option leaves the status quo). ``factors`` holds the fixed part of m_i (the
uncertain modifier scores left out), ``modifier_cells`` the modifier scores drawn from
their ranges, ``reference`` the reference's row; the scorers (:mod:`.scorer`) apply them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from policy_options.core.methods import Method
from policy_options.core.methods.base import Preference
from policy_options.core.ranking.rank import problem_of
from policy_options.core.study.files.model import Study
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights
from policy_options.core.uncertainty.sampling import Cells, cells_of

Matrix = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]

_RAW_METHODS = frozenset({Method.topsis, Method.promethee})


@dataclass(frozen=True)
class Decision:
    """A study reduced to what a vectorised method needs: active criteria only."""

    method: Method
    ids: tuple[str, ...]  # options in id order: an exact tie goes to the earlier one
    active: tuple[str, ...]  # criteria with a non-zero weight
    values: Matrix  # options x active criteria, 0..1 (uncertain cells: the score as given)
    raw: Matrix  # options x active criteria, raw scores
    benefit: npt.NDArray[np.bool_]  # higher is better, per active criterion
    preferences: tuple[Preference, ...]  # PROMETHEE preference function per active criterion
    profile: Matrix  # the normalised weights of the active criteria
    cells: Cells | None
    duplicates: tuple[tuple[int, int], ...]  # (copy, original): options scored alike
    # options x 1: the product of each option's fixed modifier factors (drawn ones left
    # out); None when the study has no modifier
    factors: Matrix | None = None
    modifiers: tuple[str, ...] = ()  # the modifier criteria (the modifier cells' index)
    modifier_cells: Cells | None = None  # modifier scores drawn from their ranges
    modifier_modes: Matrix | None = None  # (cells,) the factor of each at its score as given
    reference: int | None = None  # the reference option's row (None: the study names none)

    @property
    def uncertain(self) -> bool:
        """Is any score drawn: a value score or a modifier's?"""
        return self.cells is not None or self.modifier_cells is not None

    @property
    def uncertain_count(self) -> int:
        """How many scores are drawn (value and modifier scores)."""
        return sum(0 if c is None else c.count for c in (self.cells, self.modifier_cells))

    @property
    def needs_raw(self) -> bool:
        """Does the method read raw scores (TOPSIS, PROMETHEE) rather than 0..1 values?"""
        return self.method in _RAW_METHODS


def decision(
    study: Study,
    weights: Weights,
    method: Method,
    cells: Sequence[tuple[str, str]] | None = None,
) -> Decision:
    """The decision matrix of ``study`` on its weighted criteria, for ``method``.

    ``cells`` lists the (option, criterion) scores to treat as uncertain (each must have
    a range with low < high); scores on a criterion of weight 0 are left out; those on a
    modifier become modifier cells.
    """
    ids = tuple(study.options)
    problem = problem_of(study, weights, ids)
    keep = [j for j, key in enumerate(problem.criteria) if weights.normalised[key] > 0]
    active = tuple(problem.criteria[j] for j in keep)
    values = np.array([[row[j] for j in keep] for row in problem.values], dtype=float)
    raw = np.array([[row[j] for j in keep] for row in problem.raw], dtype=float)
    profile = np.array([weights.normalised[key] for key in active], dtype=float)
    profile /= profile.sum()
    index = {option: j for j, option in enumerate(ids)}
    position = {key: i for i, key in enumerate(active)}
    rows: list[tuple[int, int, float, float, float]] = []
    modifiers = tuple(study.modifiers)
    on_modifier = {key: i for i, key in enumerate(modifiers)}
    modifier_rows: list[tuple[int, int, float, float, float]] = []
    for option, key in cells or ():
        if key in on_modifier:
            score = study.options[option].spec.scores[key]
            assert score.range is not None
            assert score.range[0] < score.range[1]
            low, high = score.range
            modifier_rows.append((index[option], on_modifier[key], low, score.value, high))
            continue
        if key not in position:
            continue
        score = study.options[option].spec.scores[key]
        assert score.range is not None
        assert score.range[0] < score.range[1]
        rows.append((index[option], position[key], score.range[0], score.value, score.range[1]))
    rows.sort(key=lambda r: (r[0], r[1]))
    found = cells_of(study, active, rows) if rows else None
    modifier_rows.sort(key=lambda r: (r[0], r[1]))
    name = Method(method)
    basis = raw if name in _RAW_METHODS else values
    return Decision(
        method=name,
        ids=ids,
        active=active,
        values=values,
        raw=raw,
        benefit=np.array([problem.higher_is_better[j] for j in keep], dtype=bool),
        preferences=tuple(problem.preferences[j] for j in keep),
        profile=profile,
        cells=found,
        duplicates=_duplicates(basis, found),
        reference=reference_row(study, ids),
        **_modifier_parts(study, ids, modifiers, modifier_rows),
    )


def reference_row(study: Study, ids: Sequence[str]) -> int | None:
    """The row of the study's reference option among ``ids`` (None: none named, or not there)."""
    key = study.reference
    return list(ids).index(key) if key is not None and key in ids else None


def _modifier_parts(
    study: Study,
    ids: tuple[str, ...],
    modifiers: tuple[str, ...],
    rows: list[tuple[int, int, float, float, float]],
) -> dict[str, Any]:
    """The modifier fields of a Decision: the fixed factors, the drawn cells, their modes."""
    if not modifiers:
        return {}
    drawn = {(r[0], r[1]) for r in rows}
    factors = np.ones((len(ids), 1))
    for j, option in enumerate(ids):
        scores = study.options[option].spec.scores
        for i, key in enumerate(modifiers):
            if (j, i) not in drawn:
                factors[j, 0] *= value(study.modifiers[key], scores[key].value)
    modes = np.array([value(study.modifiers[modifiers[i]], mode) for _, i, _, mode, _ in rows])
    return {
        "factors": factors,
        "modifiers": modifiers,
        "modifier_cells": cells_of(study, modifiers, rows) if rows else None,
        "modifier_modes": modes if rows else None,
    }


def _duplicates(basis: Matrix, cells: Cells | None) -> tuple[tuple[int, int], ...]:
    """Options with the same scores (to 12 decimals) and no uncertain cell: scored alike."""
    uncertain = set() if cells is None else {int(j) for j in cells.option}
    seen: dict[tuple[float, ...], int] = {}
    pairs: list[tuple[int, int]] = []
    for j, row in enumerate(basis):
        if j in uncertain:
            continue
        key = tuple(round(float(x), 12) for x in row)
        if key in seen:
            pairs.append((j, seen[key]))
        else:
            seen[key] = j
    return tuple(pairs)
