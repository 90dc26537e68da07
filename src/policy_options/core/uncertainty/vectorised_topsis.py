"""TOPSIS in numpy: closeness for many weight vectors and score draws at once.

With weights w >= 0 the weighted ideal is w_j times the column's best of the
vector-normalised matrix r, so d+^2 = ((r - r+)^2) @ w^2 and d-^2 = ((r - r-)^2) @ w^2,
two matrix products; closeness d- / (d+ + d-), 0.5 when both are 0. Drawn raw scores
re-normalise their column per sample. :func:`closeness` and :func:`ideal_gaps` are
also the building blocks of the stability intervals and of ``why``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from policy_options.core.uncertainty.decision import Decision, Index, Matrix
from policy_options.core.uncertainty.sampling import Draws
from policy_options.core.uncertainty.scorer import Keys, Scorer, fixed_criteria, widen


class Topsis(Scorer):
    """Closeness d- / (d+ + d-) from two matrix products over the squared weights.

    With drawn scores only the varied criteria change per sample, and of each varied
    column only its drawn cells: the column's norm, best and worst per sample come from
    the fixed cells' sums, worked out once, and the drawn cells; nothing of the fixed
    matrix is rebuilt.
    """

    def __init__(self, problem: Decision) -> None:
        super().__init__(problem)
        self.plus, self.minus = ideal_gaps(problem.raw, problem.benefit)
        cells = problem.cells
        varied = [] if cells is None else [j for j, _, _ in cells.columns]
        self.steady = fixed_criteria(len(problem.active), varied)
        self.columns: list[tuple[int, Index, Index, Matrix, float, float, float]] = []
        for j, rows, owners in () if cells is None else cells.columns:
            column = problem.raw[:, j].copy()
            kept = np.delete(column, owners)
            column[owners] = 0.0
            self.columns.append(
                (
                    j,
                    rows,
                    owners,
                    column[:, None],
                    float((kept * kept).sum()),
                    float(kept.max()) if kept.size else -np.inf,
                    float(kept.min()) if kept.size else np.inf,
                )
            )

    def prepare(self, draws: Draws) -> object:
        """Each varied criterion's squared gaps to its ideal and anti-ideal, per sample."""
        assert draws.raw is not None
        found = []
        for j, rows, owners, column, squares, high, low in self.columns:
            drawn = draws.raw[rows]
            norm = np.sqrt(squares + (drawn * drawn).sum(axis=0))[None, :]
            positive = norm > 0
            r = np.divide(
                column, norm, out=np.zeros((column.shape[0], norm.shape[1])), where=positive
            )
            r[owners] = np.divide(drawn, norm, out=np.zeros_like(drawn), where=positive)
            top = np.maximum(high, drawn.max(axis=0, keepdims=True))
            bottom = np.minimum(low, drawn.min(axis=0, keepdims=True))
            top = np.divide(top, norm, out=np.zeros_like(top), where=positive)
            bottom = np.divide(bottom, norm, out=np.zeros_like(bottom), where=positive)
            best, worst = (top, bottom) if self.problem.benefit[j] else (bottom, top)
            plus = r - best
            plus *= plus
            r -= worst
            r *= r
            found.append((j, plus, r))
        return found

    def keys(self, weights: Matrix, prepared: object | None = None) -> Keys:
        squared = weights * weights
        if not isinstance(prepared, list):
            d_plus, d_minus = self.plus @ squared, self.minus @ squared
        else:
            size = prepared[0][1].shape[1]
            d_plus = widen(self.plus[:, self.steady] @ squared[self.steady], size)
            d_minus = widen(self.minus[:, self.steady] @ squared[self.steady], size)
            for j, plus, minus in prepared:
                d_plus += plus * squared[j]
                d_minus += minus * squared[j]
        return self._tidy(closeness(d_plus, d_minus)), None


def closeness(d_plus_squared: Matrix, d_minus_squared: Matrix) -> Matrix:
    """TOPSIS closeness d- / (d+ + d-) from squared distances; 0.5 where both are 0."""
    d_plus, d_minus = np.sqrt(d_plus_squared), np.sqrt(d_minus_squared)
    total = d_plus + d_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, d_minus / total, 0.5)


def ideal_gaps(raw: Matrix, benefit: npt.NDArray[np.bool_] | bool) -> tuple[Matrix, Matrix]:
    """Squared gaps (r - r+)^2 and (r - r-)^2 of the vector-normalised scores, per column.

    ``raw`` is options x columns: criteria (one ``benefit`` each) or samples of one
    criterion. r_ij = x_ij / sqrt(sum_i x_ij^2) (0 for a column of zeros); r+ is each
    column's best by direction, r- its worst (Hwang & Yoon 1981).
    """
    norms = np.sqrt((raw * raw).sum(axis=0, keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(norms > 0, raw / norms, 0.0)
    high, low = r.max(axis=0, keepdims=True), r.min(axis=0, keepdims=True)
    best = np.where(benefit, high, low)
    worst = np.where(benefit, low, high)
    return (r - best) ** 2, (r - worst) ** 2
