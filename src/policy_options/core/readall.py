"""Many YAML files at once: the option files of a large study are read in two processes.

Parsing is most of the time it takes to load 10,000 option files (PyYAML hands over its
parser's events one Python object at a time). From ``PARALLEL_FROM`` files on, where the
machine has a second CPU and can fork, a forked worker reads the first half of the
files while this process reads the other half. The worker sends the data back without
the text (a document's locations, wanted only for a problem, then come from reading its
file again). If the worker cannot start or dies, this process reads its half too: the
result is always the same as reading every file in turn, in the same order.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from policy_options.core.yamlfile import YamlDocument, read_yaml
from policy_options.errors import Problem, StudyError

PARALLEL_FROM = 2000
"""Files from which a second process reads half of them."""

Read = YamlDocument | list[Problem]
"""A file's document, or the problems that kept it from being read."""


def read_part(items: Sequence[tuple[Path, str]]) -> list[Read]:
    """Each file (path, name shown in messages) read in turn."""
    out: list[Read] = []
    for file, display in items:
        try:
            out.append(read_yaml(file, display))
        except StudyError as exc:
            out.append(exc.problems)
    return out


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def read_all(items: Sequence[tuple[Path, str]]) -> list[Read]:
    """Every file (path, name shown in messages), read in two processes when it pays."""
    if len(items) < PARALLEL_FROM or sys.platform != "linux" or _cpus() < 2:
        return read_part(items)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    half = len(items) // 2
    first, rest = list(items[:half]), items[half:]
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        future = pool.submit(read_part, first)
    except (OSError, RuntimeError):  # no process to be had: read them all here
        return read_part(items)
    try:
        second = read_part(rest)
        try:
            done = future.result()
        except Exception:  # the worker died or could not send its part back
            done = read_part(first)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return done + second
