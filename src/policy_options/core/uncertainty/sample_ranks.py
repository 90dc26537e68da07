"""The options ranked in each sample, from a scorer's keys: the order, the pairs, the winner.

Options are in id order and an exact tie goes to the earlier id, as in the ranking; for
weakest link the second key (the additive score) orders equal first keys.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from policy_options.core.uncertainty.decision import Index
from policy_options.core.uncertainty.scorer import Keys


def best_first(keys: Keys) -> Index:
    """Each sample's options best first (samples x options); an exact tie: the earlier id.

    One stable sort per sample, on the first key then (weakest link) the second.
    """
    first, second = keys
    if second is None:
        return np.argsort(-first.T, axis=1, kind="stable")
    return np.lexsort((-second.T, -first.T), axis=1)


def pairs_above(order: Index, among: Index) -> npt.NDArray[np.int64]:
    """How often each of ``among`` ranks above each other one (k x k) in these samples."""
    n = order.shape[1]
    places = np.empty_like(order)
    np.put_along_axis(places, order, np.arange(n, dtype=order.dtype)[None, :], axis=1)
    dtype = np.int16 if n < 2**15 else np.int32
    chosen: npt.NDArray[np.integer] = places[:, among].astype(dtype)
    k = among.size
    pairs = np.empty((k, k), dtype=np.int64)
    for a in range(k):
        pairs[a] = np.count_nonzero(chosen[:, a : a + 1] < chosen, axis=0)
    return pairs


def comes_first(keys: Keys, j: int) -> npt.NDArray[np.bool_]:
    """Samples where option ``j`` comes first (an exact tie goes to the earlier id)."""
    scores, second = keys
    wins = np.ones(scores.shape[1], dtype=bool)
    if second is None:
        if j > 0:
            wins &= scores[j] > scores[:j].max(axis=0)
        if j + 1 < scores.shape[0]:
            wins &= scores[j] >= scores[j + 1 :].max(axis=0)
        return wins
    for other in range(scores.shape[0]):
        if other == j:
            continue
        level = scores[j] == scores[other]
        tiebreak = second[j] > second[other] if other < j else second[j] >= second[other]
        wins &= (scores[j] > scores[other]) | (level & tiebreak)
    return wins
