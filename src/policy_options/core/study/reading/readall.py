"""Many YAML files at once: the option files of a large study are read in two processes.

Parsing is most of the time it takes to load 10,000 option files (PyYAML hands over its
parser's events one Python object at a time). From ``PARALLEL_FROM`` files on, where the
machine has a second CPU and can fork, a forked worker reads the last ``WORKER_SHARE``
of the files while this process reads (and its caller checks) the others; the worker's
files come back a chunk at a time, checked here while it reads on. The worker
sends the data back without the text (a document's locations, wanted only for a
problem, then come from reading its file again). If the worker cannot start or dies,
this process reads its part too: the result is always the same as reading every file in
turn, in the same order.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.reading.yamlfile import read_yaml
from policy_options.errors import Problem, StudyError

PARALLEL_FROM = 500
"""Files from which a second process reads some of them."""
WORKER_SHARE = 0.72
"""The share of the files the worker reads: more than half, as this process also checks
every file (validation against the schema and the study) and unpickles the worker's."""
WORKER_CHUNK = 500
"""The worker sends its files back this many at a time, so that they are checked here
while it reads the next ones."""

Read = YamlDocument | list[Problem]
"""A file's document, or the problems that kept it from being read."""


def _read_one(item: tuple[Path, str]) -> Read:
    try:
        return read_yaml(*item)
    except StudyError as exc:
        return exc.problems


def read_part(items: Sequence[tuple[Path, str]]) -> list[Read]:
    """Each file (path, name shown in messages) read in turn."""
    return [_read_one(item) for item in items]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def read_all(items: Sequence[tuple[Path, str]]) -> Iterator[Read]:
    """Every file (path, name shown in messages), in order, read in two processes when it
    pays. Results come as they are read, so the caller checks the files read here while
    the worker still reads its part (the last ``WORKER_SHARE`` of the files)."""
    if len(items) < PARALLEL_FROM or sys.platform != "linux" or _cpus() < 2:
        yield from map(_read_one, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    cut = len(items) - int(len(items) * WORKER_SHARE)
    mine, theirs = items[:cut], list(items[cut:])
    parts = [theirs[i : i + WORKER_CHUNK] for i in range(0, len(theirs), WORKER_CHUNK)]
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        futures = [pool.submit(read_part, part) for part in parts]
    except (OSError, RuntimeError):  # no process to be had: read them all here
        yield from map(_read_one, items)
        return
    try:
        yield from map(_read_one, mine)
        for future, part in zip(futures, parts, strict=True):
            try:
                done = future.result()
            except Exception:  # the worker died or could not send this part back
                done = read_part(part)
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
