"""A progress bar for any long command: ``with progress("Monte Carlo") as on_chunk: ...``.

``on_chunk(done, total)`` is the callback the core's long computations take (e.g.
:func:`~policy_options.core.uncertainty.montecarlo.smaa`); it is ``None`` unless stderr
is a terminal, so pipes, files and tests never see a bar (nor load Rich for it). On a
terminal the bar appears after a short delay, with the count and a time estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

ProgressCallback = Callable[[int, int], None]


@contextmanager
def progress(label: str) -> Iterator[ProgressCallback | None]:
    """A ``(done, total)`` callback drawing a bar on stderr when it is a terminal, else None."""
    from policy_options.render.writers import console  # rich: only for the long commands

    if not console.detect(stderr=True).is_terminal:
        yield None
        return
    from policy_options.render.console_progress import progress_bar

    with progress_bar(label) as bar:
        yield bar
