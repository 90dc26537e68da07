"""A seeded fuzz test of the promise (issue 24): a small mutator breaks the shipped study
in ways people and tools do (a line lost or doubled, a number made huge or NaN, a control
character, bad UTF-8, a file emptied, removed or shadowed by x.yml ...), then one command
runs in-process on it. Every run must end in one of two ways:

- exit 0 with valid output (JSON that parses, a non-empty table), or
- exit 2 with exactly one `error:` line that names a file of the study (and, for most,
  its line and column), at most one `hint:` line after it, nothing on stdout;

never a traceback, and nothing written outside the named output file (the study folder
untouched). `policy validate` exits 1 and lists the problems instead (or exits 2 as
above when there is no study at all).

The seed is fixed: CI draws the same cases every run. A developer runs it longer with
``FUZZ_EXAMPLES=5000 python -m pytest -n 0 tests/cli/test_fuzz.py`` (and another seed
with ``FUZZ_SEED``).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, run_cli

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
SEED = int(os.environ.get("FUZZ_SEED", "20261206"))
SHARDS = 8  # cases run in this many tests, so that both workers share them

HOSTILE_NUMBERS = [
    "1.0e+308",
    "-1.0e+308",
    ".nan",
    ".inf",
    "-.inf",
    "0",
    "-1",
    "1e-320",
    "99999999999999999999",
    "0x10",
    "1_000",
    "'7'",
    "~",
    "[]",
    "{}",
    "x",
]
HOSTILE_TEXT = [
    "\x00",
    "\x01",
    "\x7f",
    "\x1b]0;t\x07",
    "\ufeff",
    "\ufffe",
    "\t",
    "\r",
    ": ",
    "- ",
    "&a",
    "*a",
    "!!python/object:os.system",
    "'",
    '"',
    "#",
    "{",
    "[",
]


def _yaml_files(study: Path) -> list[Path]:
    return sorted(p for p in study.rglob("*.yaml") if p.is_file())


Mutation = Callable[[random.Random, Path], None]


def _edit_lines(rng: random.Random, study: Path, edit: Callable[[list[str]], None]) -> None:
    path = rng.choice(_yaml_files(study))
    lines = path.read_text(encoding="utf-8", errors="surrogateescape").splitlines(keepends=True)
    if lines:
        edit(lines)
    path.write_text("".join(lines), encoding="utf-8", errors="surrogateescape")


def drop_line(rng: random.Random, study: Path) -> None:
    _edit_lines(rng, study, lambda lines: lines.pop(rng.randrange(len(lines))))


def double_line(rng: random.Random, study: Path) -> None:
    def edit(lines: list[str]) -> None:
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])

    _edit_lines(rng, study, edit)


def swap_lines(rng: random.Random, study: Path) -> None:
    def edit(lines: list[str]) -> None:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]

    _edit_lines(rng, study, edit)


def indent_line(rng: random.Random, study: Path) -> None:
    def edit(lines: list[str]) -> None:
        k = rng.randrange(len(lines))
        lines[k] = rng.choice(["  ", " ", "\t", ""]) + lines[k].lstrip(" ")

    _edit_lines(rng, study, edit)


def bad_number(rng: random.Random, study: Path) -> None:
    path = rng.choice(_yaml_files(study))
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    numbers = list(re.finditer(r"(?<![\w.])-?\d+(\.\d+)?(?![\w.])", text))
    if numbers:
        found = rng.choice(numbers)
        text = text[: found.start()] + rng.choice(HOSTILE_NUMBERS) + text[found.end() :]
    path.write_text(text, encoding="utf-8", errors="surrogateescape")


def insert_text(rng: random.Random, study: Path) -> None:
    path = rng.choice(_yaml_files(study))
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    at = rng.randrange(len(text) + 1)
    text = text[:at] + rng.choice(HOSTILE_TEXT) + text[at:]
    path.write_text(text, encoding="utf-8", errors="surrogateescape")


def rename_key(rng: random.Random, study: Path) -> None:
    path = rng.choice(_yaml_files(study))
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    keys = list(re.finditer(r"^(\s*)([a-z_]+):", text, re.MULTILINE))
    if keys:
        found = rng.choice(keys)
        name = found.group(2)
        new = rng.choice([name[:-1], name + "s", name.upper(), "x" + name, ""])
        text = text[: found.start(2)] + new + text[found.end(2) :]
    path.write_text(text, encoding="utf-8", errors="surrogateescape")


def bad_bytes(rng: random.Random, study: Path) -> None:
    path = rng.choice(_yaml_files(study))
    data = bytearray(path.read_bytes())
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf"])
    path.write_bytes(bytes(data))


def truncate(rng: random.Random, study: Path) -> None:
    path = rng.choice(_yaml_files(study))
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(len(data) + 1)])


def remove_file(rng: random.Random, study: Path) -> None:
    rng.choice(_yaml_files(study)).unlink()


def shadow_file(rng: random.Random, study: Path) -> None:
    path = rng.choice(_yaml_files(study))
    donor = rng.choice(_yaml_files(study))
    shutil.copy(donor, path.with_suffix(".yml"))


def replace_folder(rng: random.Random, study: Path) -> None:
    name = rng.choice(["weights", "scenarios"])
    if not (study / name).is_dir():
        return
    shutil.rmtree(study / name)
    (study / name).write_text("a file, not a folder\n", encoding="utf-8")


MUTATIONS: list[Mutation] = [
    drop_line,
    double_line,
    swap_lines,
    indent_line,
    bad_number,
    bad_number,
    insert_text,
    rename_key,
    bad_bytes,
    truncate,
    remove_file,
    shadow_file,
    replace_folder,
]

# (argv before --study, output file name or None, format)
COMMANDS: list[tuple[list[str], str | None, str]] = [
    (["rank"], None, "table"),
    (["rank", "--format", "json"], None, "json"),
    (["rank", "--format", "csv"], None, "csv"),
    (["rank", "--format", "markdown", "-o", "{out}"], "ranking.md", "markdown"),
    (["explain", "status-quo", "--format", "json"], None, "json"),
    (["info"], None, "table"),
    (["compare", "--format", "json"], None, "json"),
    (["profiles"], None, "table"),
    (["sensitivity", "weights", "--format", "json"], None, "json"),
    (["sensitivity", "montecarlo", "-n", "30", "--format", "json"], None, "json"),
    (["sensitivity", "scores"], None, "table"),
    (["why", "status-quo", "pivot-west"], None, "table"),
    (["sources", "--format", "json"], None, "json"),
    (["portfolio", "-n", "0", "--format", "json"], None, "json"),
    (["scenarios", "--format", "json"], None, "json"),
    (["export", "xlsx", "-o", "{out}"], "study.xlsx", "xlsx"),
    (["validate"], None, "validate"),
]


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if not p.is_symlink()
    }


def _case(k: int) -> tuple[list[Mutation], list[str], str | None, str]:
    rng = random.Random(f"{SEED}:{k}")
    mutations = [rng.choice(MUTATIONS) for _ in range(rng.choice([1, 1, 2, 3]))]
    argv, output, kind = rng.choice(COMMANDS)
    return mutations, argv, output, kind


def _check(k: int, root: Path, base: Path) -> None:
    mutations, argv, output, kind = _case(k)
    rng = random.Random(f"{SEED}:{k}:data")
    work = root / f"case{k}"
    study = Path(shutil.copytree(base, work / "study"))
    for mutate in mutations:
        if _yaml_files(study):
            mutate(rng, study)
    out = work / "out"
    out.mkdir()
    target = None if output is None else out / output
    args = [a.replace("{out}", str(target)) for a in argv] + ["--study", str(study)]
    before = _tree(work)
    result = run_cli(*args)  # a Python exception here is the bug: it is raised
    about = f"case {k}: {[m.__name__ for m in mutations]} {args}\n{result.stderr}"
    after = _tree(work)
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    allowed = {"out"} | ({f"out/{output}"} if output else set())
    assert changed <= allowed, (about, changed)
    if kind == "validate" and result.exit_code != 2:  # 2: no study to list problems of
        assert result.exit_code in (0, 1), about
        assert result.stderr == "", about
        return
    if result.exit_code == 0:
        if target is not None:
            assert target.stat().st_size > 0, about
        elif kind == "json":
            json.loads(result.stdout)
        else:
            assert result.stdout.strip(), about
        return
    assert result.exit_code == 2, about
    lines = result.stderr.splitlines()
    assert lines, about
    # names a file of the study, or an argument of the command (an option id gone)
    assert lines[0].startswith(f"error: {study}") or any(f"'{arg}'" in lines[0] for arg in argv), (
        about
    )
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: ")), about
    assert result.stdout == "", about
    assert target is None or not target.exists(), about


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(SHIPPED, tmp_path_factory.mktemp("fuzz") / "base"))


@pytest.mark.parametrize("shard", range(SHARDS))
def test_the_promise_holds_on_broken_studies(base: Path, tmp_path: Path, shard: int) -> None:
    for k in range(shard, EXAMPLES, SHARDS):
        _check(k, tmp_path, base)
        shutil.rmtree(tmp_path / f"case{k}")
