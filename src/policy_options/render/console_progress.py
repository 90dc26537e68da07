"""The progress bar of long commands (Monte Carlo ...): Rich, on stderr, after a short delay.

Commands reach it through ``progress()`` in the cli layer (cli/progress.py), which shows it
only when stderr is a terminal (never in pipes or tests).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["ProgressBar", "progress_bar"]


class ProgressBar:
    """A callback ``(done, total)`` (a core ``on_chunk``) drawing a Rich progress bar on stderr.

    It stays hidden for the first ``delay`` seconds, so short runs print nothing.
    """

    def __init__(self, label: str, delay: float = 0.4) -> None:
        self.label = label
        self.delay = delay
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        # a descriptor of its own on stderr's file, taken now: while a solver runs, fds 1
        # and 2 point at /dev/null (policy_options.quiet), and the bar keeps moving
        self.stream: TextIO | None = None
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.stream = os.fdopen(os.dup(sys.stderr.fileno()), "w", encoding="utf-8")

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < self.delay or done >= total:
                return
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,}"),
                TimeRemainingColumn(),
                console=Console(stderr=True) if self.stream is None else Console(file=self.stream),
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total)
        assert self.task is not None
        self.progress.update(self.task, completed=done, total=total)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
        if self.stream is not None:
            with contextlib.suppress(OSError):
                self.stream.close()


@contextmanager
def progress_bar(label: str) -> Iterator[ProgressBar]:
    """``with progress_bar("Monte Carlo") as on_chunk: smaa(..., on_chunk=on_chunk)``."""
    with ProgressBar(label) as bar:
        yield bar
