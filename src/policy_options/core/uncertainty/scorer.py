"""The shape of a vectorised method: one method scoring the options for many samples.

A scorer's ``keys`` order the options: higher first, an exact tie to the earlier option
(options are in id order), and for weakest link a second key where the first ties.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from policy_options.core.uncertainty.decision import Decision, Index, Matrix
from policy_options.core.uncertainty.sampling import Draws

Keys = tuple[Matrix, Matrix | None]
"""What ranks the options: (first key, second key or None), each options x samples."""


class Scorer:
    """One method over many samples. ``prepare`` does the weight-free work on score draws
    (reused for every weight vector of a block); ``keys`` ranks; ``scores`` gives the
    method's own 0..1 score (as :mod:`policy_options.core.methods` reports it)."""

    second_key = False  # does a second key break ties of the first (weakest link)?

    def __init__(self, problem: Decision) -> None:
        self.problem = problem
        self.n = len(problem.ids)

    def prepare(self, draws: Draws) -> object:
        return draws.values

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        raise NotImplementedError

    def scores(self, keys: Keys) -> Keys:
        """The keys as the method's 0..1 score (and the second key, unchanged)."""
        return keys

    def _tidy(self, first: Matrix) -> Matrix:
        """Options scored alike get bit-identical keys (an exact tie, ordered by id)."""
        for copy, original in self.problem.duplicates:
            first[copy] = first[original]
        return first


def widen(scores: Matrix, size: int) -> Matrix:
    """``scores`` widened to ``size`` columns (one weight vector for many score draws)."""
    if scores.shape[1] != size:
        return np.repeat(scores, size, axis=1)
    return scores


def fixed_criteria(m: int, varied: Sequence[int]) -> Index:
    """The criteria whose scores are all fixed."""
    return np.array([j for j in range(m) if j not in varied], dtype=np.intp)


class Modified(Scorer):
    """A method's score weighed by each option's modifier factor m_i, sample by sample.

    The inner scorer ranks on the value criteria as always; its keys are turned into the
    method's own score s (``scores``) and weighed by m_i: m_i s_i, or with a reference
    option (``Decision.reference``) s_ref + m_i (s_i - s_ref), s_ref the reference's
    score in the same sample (as :func:`~policy_options.core.methods.base.modified`).
    m_i is the fixed factors times the drawn factors of the uncertain modifier scores
    when ``Draws.modifiers`` holds them (else those at their score as given). The second
    key (weakest link's additive tiebreak) is not weighed, as in the ranking.
    """

    def __init__(self, inner: Scorer) -> None:
        super().__init__(inner.problem)
        self.inner = inner
        self.second_key = inner.second_key
        problem = inner.problem
        assert problem.factors is not None
        self.fixed = problem.factors
        self.base = self._factors(problem.modifier_modes)

    def _factors(self, drawn: Matrix | None) -> Matrix:
        """Per option (options x samples) m_i: fixed factors times the drawn ones."""
        cells = self.problem.modifier_cells
        if cells is None or drawn is None:
            return self.fixed
        if drawn.ndim == 1:
            drawn = drawn[:, None]
        factors = np.repeat(self.fixed, drawn.shape[1], axis=1)
        for c in range(cells.count):
            factors[cells.option[c]] *= drawn[c]
        return factors

    def prepare(self, draws: Draws) -> object:
        inner = None
        if self.problem.cells is not None and (draws.values is not None or draws.raw is not None):
            inner = self.inner.prepare(draws)
        if draws.modifiers is None:
            return inner, self.base
        return inner, self._factors(draws.modifiers)

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        inner, factors = prepared if isinstance(prepared, tuple) else (None, self.base)
        first, second = self.inner.scores(self.inner.keys(weights, inner))
        reference = self.problem.reference
        if reference is None:
            return first * factors, second
        base = first[reference][None, :]
        return base + factors * (first - base), second
