"""Monte Carlo in chunks: how many samples are scored at a time, and their score draws.

A block of ``BLOCK`` samples is scored a part at a time (the chunk: as many samples as
fit ``MEMORY_BUDGET`` for the study's options x options and options x criteria arrays,
or the caller's chunk size), its score draws taken column by column from the block's
stream (:func:`~policy_options.core.uncertainty.sampling.draw_part`), so the chunk
changes nothing but speed and memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from policy_options.core.methods import Method
from policy_options.core.uncertainty.decision import Decision
from policy_options.core.uncertainty.sampling import (
    Draws,
    draw,
    draw_part,
    generator,
    modifier_generator,
)
from policy_options.core.uncertainty.scorer import Scorer

MAX_CHUNK = 65_536
"""At most this many samples are scored at a time (a part never spans two blocks)."""
MEMORY_BUDGET = 32 * 2**20
"""Bytes for the arrays of one chunk (keys, sort, draws, per-criterion flows); the chunk
shrinks to fit it, so memory stays flat in the number of samples and of options."""


def chunk_width(chunk_size: int | None, problem: Decision, method: Scorer, compared: int) -> int:
    """Samples scored at a time: ``chunk_size``, or what fits ``MEMORY_BUDGET``."""
    if chunk_size is not None:
        if not 1 <= chunk_size <= MAX_CHUNK:
            raise ValueError(f"chunk_size must be between 1 and {MAX_CHUNK}")
        return chunk_size
    n = len(problem.ids)
    cells = 0 if problem.cells is None else problem.cells.count
    varied = 0 if problem.cells is None else len(problem.cells.columns)
    # per sample: keys (two with a second key), their sorted copy, order, codes, places;
    # the score draws (uniforms, values, a transformed slab); per varied criterion the
    # flows (PROMETHEE) or the two gaps and a column (TOPSIS); the pairwise positions
    modifiers = 0 if problem.modifier_cells is None else problem.modifier_cells.count
    per_sample = 8 * n * (6 + 2 * method.second_key) + 8 * 3 * cells + 8 * 2 * compared
    if problem.factors is not None:  # the factors' draws, m_i per option, the scores times m_i
        per_sample += 8 * 3 * modifiers + 8 * 2 * n
    if problem.needs_raw:
        per_sample += 8 * n * (3 * varied + 2)
    if problem.method is Method.topsis:  # the two distances, their roots and sum, closeness
        per_sample += 8 * n * 6
    return max(1, min(MAX_CHUNK, MEMORY_BUDGET // per_sample))


def parts(
    method: Scorer, seed: int, stream: int, block: int, size: int, width: int
) -> Iterator[tuple[int, int, object | None]]:
    """(start, stop, prepared score draws or None) for each chunk of a block's samples.

    Modifier scores with ranges are drawn from the block's modifier generator
    (:func:`~policy_options.core.uncertainty.sampling.modifier_generator`), the value
    scores from its own generator as without modifiers."""
    problem = method.problem
    if not problem.uncertain:
        for start in range(0, size, width):
            yield start, min(size, start + width), None
        return
    if width >= size:  # the whole block at once
        yield 0, size, method.prepare(_drawn(problem, seed, stream, block, size, 0, size))
        return
    for start in range(0, size, width):
        stop = min(size, start + width)
        yield start, stop, method.prepare(_drawn(problem, seed, stream, block, size, start, stop))


def _drawn(
    problem: Decision, seed: int, stream: int, block: int, size: int, start: int, stop: int
) -> Draws:
    """Columns ``start:stop`` of the block's draws: value scores and modifier factors."""
    whole = start == 0 and stop == size
    found = Draws()
    if problem.cells is not None:
        rng = generator(seed, stream, block)
        if whole:
            found = draw(problem.cells, rng, size, problem.needs_raw)
        else:
            found = draw_part(problem.cells, rng, size, problem.needs_raw, start, stop)
    if problem.modifier_cells is not None:
        rng = modifier_generator(seed, stream, block)
        if whole:
            factors = draw(problem.modifier_cells, rng, size, raw=False).values
        else:
            factors = draw_part(problem.modifier_cells, rng, size, False, start, stop).values
        found = Draws(values=found.values, raw=found.raw, modifiers=factors)
    return found
