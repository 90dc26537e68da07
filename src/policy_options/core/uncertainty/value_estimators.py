"""Regression estimators of the expected value of partial perfect information (EVPPI).

EVPPI(X) = E_X[max_d E[V_d | X]] - max_d E[V_d]: what knowing X before choosing is
worth. ``E[V_d | X]`` is estimated from the Monte Carlo samples by regression (Strong &
Oakley 2013), never by a nested Monte Carlo:

- one input (:func:`single`): the samples are cut into equal-probability bins of the
  input (Sadatsafavi et al. 2013), each option's mean score per bin is taken, and a
  cubic polynomial in the input (at each bin's middle quantile) is fitted to those
  means by least squares weighted by the bins' counts: a smooth of the binned means.
  The fit has an intercept, so its weighted mean is the mean score: EVPPI >= 0 exactly.
- a group of inputs (:func:`group`): one least-squares fit of every option's score on
  an additive quadratic in each input of the group (a GAM-like additive fit).

Bias: a fit follows the sampling noise a little (up), and a cubic or an additive
quadratic cannot follow every shape (down, where the truth is not of that shape; the
additive fit misses interactions between the inputs of a group). The upward part is
measured by :func:`noise_floor`: the same estimator on inputs drawn at random,
independent of every score, whose true EVPPI is 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
Codes = npt.NDArray[np.uint8]

DEGREE = 3
"""Degree of the polynomial smoothed through one input's binned means."""
GROUP_DEGREE = 2
"""Degree of each input's terms in a group's additive fit."""
_NULL_INPUTS = 16  # random inputs for the noise floor of one input
_NULL_GROUPS = 5  # random groups for the noise floor of a group (of a given size)
_CELLS_AT_A_TIME = 32


@dataclass(frozen=True)
class Fitted:
    """One input's fit: EVPPI, and per bin the fitted mean score of each option."""

    evppi: float
    curves: Matrix  # bins x options (the decision's options)
    counts: npt.NDArray[np.int64]  # samples per bin


def single(codes: Codes, centres: Matrix, scores: Matrix) -> list[Fitted]:
    """EVPPI of each input (a row of ``codes``: its bin per sample; ``centres``: its
    value at each bin) for the decision among the rows of ``scores`` (options x samples)."""
    from scipy import sparse

    inputs, size = codes.shape
    bins = centres.shape[1]
    found: list[Fitted] = []
    table = np.ascontiguousarray(scores.T)  # samples x options
    for first in range(0, inputs, _CELLS_AT_A_TIME):
        part = np.ascontiguousarray(codes[first : first + _CELLS_AT_A_TIME].T)  # bytes
        g = part.shape[1]
        rows = part.astype(np.int32)
        rows += np.arange(g, dtype=np.int32) * bins
        rows = rows.ravel()  # sample by sample: each sample's column of the one-hot
        onehot = sparse.csc_matrix(
            (np.ones(rows.size), rows, np.arange(0, rows.size + 1, g, dtype=np.int64)),
            shape=(g * bins, size),
        )
        sums = np.asarray(onehot @ table).reshape(g, bins, -1)
        counts = np.bincount(rows, minlength=g * bins).reshape(g, bins)
        curves = _smooth(sums, counts, centres[first : first + g])
        for i in range(g):
            found.append(Fitted(_evppi(curves[i], counts[i], size), curves[i], counts[i]))
    return found


def _smooth(sums: Matrix, counts: npt.NDArray[np.int64], centres: Matrix) -> Matrix:
    """Per input, the weighted least-squares cubic through its bins' mean scores."""
    low, high = centres.min(axis=1, keepdims=True), centres.max(axis=1, keepdims=True)
    span = np.where(high > low, high - low, 1.0)
    z = 2.0 * (centres - low) / span - 1.0  # each input on [-1, 1]
    basis = z[:, :, None] ** np.arange(DEGREE + 1)  # inputs x bins x terms
    weighted = basis * counts[:, :, None]
    normal = np.einsum("gbp,gbq->gpq", weighted, basis)
    rhs = np.einsum("gbp,gbk->gpk", basis, sums)
    ridge = 1e-10 * np.einsum("gpp->g", normal)[:, None, None] * np.eye(DEGREE + 1)
    coefficients = np.linalg.solve(normal + ridge + 1e-300, rhs)
    curves: Matrix = np.einsum("gbp,gpk->gbk", basis, coefficients)
    return curves


def _evppi(curves: Matrix, counts: npt.NDArray[np.int64], size: int) -> float:
    """sum_b n_b max_d f_d(b) / N - max_d sum_b n_b f_d(b) / N (never below 0)."""
    best = float(counts @ curves.max(axis=1)) / size
    base = float((counts @ curves).max()) / size
    return max(0.0, best - base)


def group(codes: Codes, centres: Matrix, scores: Matrix) -> float:
    """EVPPI of the inputs of ``codes`` together: an additive quadratic least-squares fit."""
    inputs, size = codes.shape
    low, high = centres.min(axis=1, keepdims=True), centres.max(axis=1, keepdims=True)
    span = np.where(high > low, high - low, 1.0)
    z = 2.0 * (centres - low) / span - 1.0
    powers = z[:, :, None] ** np.arange(1, GROUP_DEGREE + 1)  # inputs x bins x degree
    design = np.empty((size, 1 + GROUP_DEGREE * inputs))
    design[:, 0] = 1.0
    for i in range(inputs):
        column = 1 + GROUP_DEGREE * i
        design[:, column : column + GROUP_DEGREE] = powers[i].take(codes[i], axis=0)
    normal = design.T @ design
    ridge = 1e-10 * np.trace(normal) * np.eye(normal.shape[0])
    coefficients = np.linalg.solve(normal + ridge, (scores @ design).T)
    fitted = coefficients.T @ design.T  # options x samples (the fast way round for BLAS)
    fitted += (scores.mean(axis=1) - fitted.mean(axis=1))[:, None]  # the means, ridge aside
    return max(0.0, float(fitted.max(axis=0).mean() - fitted.mean(axis=1).max()))


def group_size_bucket(size: int) -> int:
    """The group size whose noise floor stands for groups of ``size`` inputs: the next
    power of two (the floor grows with the number of terms fitted, so it errs high)."""
    return 1 << max(0, (size - 1).bit_length())


def noise_floor(scores: Matrix, bins: int, group_size: int = 1, seed: int = 0) -> float:
    """What the estimator finds in inputs independent of every score (true EVPPI 0):
    the mean plus two standard deviations over a few such inputs (or groups)."""
    rng = np.random.default_rng(seed)
    size = scores.shape[1]
    centres = np.broadcast_to(np.linspace(0.0, 1.0, bins), (max(1, group_size), bins))
    if group_size == 1:
        codes = rng.integers(0, bins, (_NULL_INPUTS, size)).astype(np.uint8)
        centres = np.broadcast_to(np.linspace(0.0, 1.0, bins), (_NULL_INPUTS, bins))
        values = np.array([f.evppi for f in single(codes, np.array(centres), scores)])
    else:
        values = np.array(
            [
                group(
                    rng.integers(0, bins, (group_size, size)).astype(np.uint8),
                    np.array(centres),
                    scores,
                )
                for _ in range(_NULL_GROUPS)
            ]
        )
    return float(values.mean() + 2.0 * values.std(ddof=1))


def switch_points(curves: Matrix, centres: Matrix) -> list[tuple[float, int, int]]:
    """Where the fitted best option changes along the input: (value, best below, above),
    the crossing of the two fitted curves interpolated between bin centres."""
    best = curves.argmax(axis=1)
    found: list[tuple[float, int, int]] = []
    for b in np.flatnonzero(best[1:] != best[:-1]):
        below, above = int(best[b]), int(best[b + 1])
        gap0 = curves[b, below] - curves[b, above]
        gap1 = curves[b + 1, below] - curves[b + 1, above]
        t = gap0 / (gap0 - gap1) if gap0 != gap1 else 0.5
        at = float(centres[b] + min(1.0, max(0.0, t)) * (centres[b + 1] - centres[b]))
        found.append((at, below, above))
    return found
