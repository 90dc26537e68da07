"""Every console example in the README and in docs/ is run, and must print what it shows.

The convention (docs/development.md says it to writers):

- A fenced block marked ``console`` holds examples. A line starting with ``$ `` is a
  command (a trailing backslash continues it on the next line, a here-document
  ``<<'EOF'`` up to its ``EOF`` line); the lines after it, up
  to the next ``$ `` line or the end of the block, are its expected output, compared
  exactly with trailing whitespace removed from each line and blank lines at the end
  ignored.
- ``policy ...`` runs in-process (Typer's CliRunner, the quick way), with ``COLUMNS=100``
  and ``NO_COLOR=1``, so output is what a 100-column terminal shows in a pipe: stdout and
  stderr together. ``policy ... > FILE`` writes stdout to FILE (stderr is shown);
  ``policy ... | REST`` feeds stdout to the shell pipeline REST (``head -20``, ``jq``...).
  ``echo $?`` prints the last command's exit code. Any other line runs in bash.
- Each page runs in a fresh temporary folder holding a copy of the repository's
  ``options/`` study, as a user who cloned the repository runs from its root; the
  examples of one page run in order in that folder (a file one writes, a later one
  reads). ``../shared/sources`` is the copyrighted source text beside the repository:
  examples that name it are skipped, with a reason, where it is absent. The folder's path
  is printed as ``/home/analyst/armenia`` (it differs on every run).
- An HTML comment ``<!-- not-run: REASON -->`` on the line right above a block keeps it
  from running (for ``--watch``, a pre-commit run...); keep those few.

``UPDATE_GOLDEN=1 python -m pytest tests/test_docs_examples.py`` rewrites the expected
output in the Markdown files with what the commands print now; review the diff like code.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = Path(os.environ.get("POLICY_DOCS_SOURCES", ROOT.parent / "shared" / "sources"))
"""The copyrighted source text, not in the repository: ``../shared/sources`` from its root."""
SHOWN_FOLDER = "/home/analyst/armenia"
"""What the temporary folder an example runs in is shown as."""
COLUMNS = "100"
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})console\s*$")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)(?P<word>\w+)\1")
NOT_RUN = re.compile(r"^<!--\s*not-run:\s*(?P<reason>.+?)\s*-->\s*$")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Analyst",
    "GIT_AUTHOR_EMAIL": "analyst@example.org",
    "GIT_COMMITTER_NAME": "Analyst",
    "GIT_COMMITTER_EMAIL": "analyst@example.org",
    "GIT_AUTHOR_DATE": "2024-03-14T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-03-14T12:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
ENV: dict[str, str | None] = {
    "COLUMNS": COLUMNS,
    "NO_COLOR": "1",
    "TERM": "dumb",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "PAGER": "cat",
    **GIT_ENV,
}


@dataclass
class Example:
    """One ``$ command`` and the lines it should print (``first``..``last`` in the file)."""

    command: str
    expected: list[str]
    line: int  # 1-based line of the command in the file
    first: int  # 0-based index of the first output line
    last: int  # 0-based index one past the last output line


@dataclass
class Block:
    examples: list[Example]
    line: int
    not_run: str | None = None


@dataclass
class Page:
    path: Path
    lines: list[str]
    blocks: list[Block] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]


def parse(path: Path) -> Page:
    """The console blocks of a Markdown file, each command with its expected output."""
    lines = path.read_text(encoding="utf-8").split("\n")
    page = Page(path, lines)
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        end = index + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        assert end < len(lines), f"{page.name}:{index + 1}: console block never closed"
        above = NOT_RUN.match(lines[index - 1]) if index > 0 else None
        block = Block([], index + 1, above["reason"] if above else None)
        body = index + 1
        assert body == end or lines[body].startswith("$ "), (
            f"{page.name}:{body + 1}: a console block starts with a `$ ` command line"
        )
        cursor = body
        while cursor < end:
            command, line = lines[cursor][2:], cursor + 1
            while command.endswith("\\") and cursor + 1 < end:
                cursor += 1
                command += "\n" + lines[cursor]
            heredoc = HEREDOC.search(command)
            if heredoc is not None:
                while cursor + 1 < end and lines[cursor].strip() != heredoc["word"]:
                    cursor += 1
                    command += "\n" + lines[cursor]
            cursor += 1
            first = cursor
            while cursor < end and not lines[cursor].startswith("$ "):
                cursor += 1
            last = cursor
            expected = lines[first:last]
            while expected and not expected[-1].strip():
                expected.pop()
            block.examples.append(Example(command, expected, line, first, first + len(expected)))
        page.blocks.append(block)
        index = end + 1
    return page


def split_top_level(command: str) -> tuple[str, str, str]:
    """``policy ARGS > FILE`` or ``policy ARGS | REST``: (ARGS part, operator, the rest)."""
    quote = ""
    escaped = False
    for position, char in enumerate(command):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "|>":
            return command[:position], char, command[position + 1 :].strip()
        elif char == "#" and (position == 0 or command[position - 1].isspace()):
            return command[:position], "", ""
    return command, "", ""


class Session:
    """The folder a page's examples run in, and the last exit code."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.status = 0
        self.env = {key: value for key, value in os.environ.items() if key not in ENV}
        self.env.update({key: value for key, value in ENV.items() if value is not None})
        self.env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), self.env["PATH"]])

    def run(self, command: str) -> str:
        if command.strip() == "echo $?":
            return f"{self.status}\n"
        if command.startswith("policy ") or command == "policy":
            return self.policy(command)
        return self.shell(command)

    def shell(self, command: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=self.folder,
            env=self.env,
            input=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        self.status = done.returncode
        return done.stdout

    def policy(self, command: str) -> str:
        from typer.testing import CliRunner

        from policy_options.cli.app import app

        words, operator, rest = split_top_level(command.replace("\\\n", " "))
        args = shlex.split(words)[1:]
        result = CliRunner(env=ENV).invoke(app, args)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        self.status = result.exit_code
        if operator == ">":
            (self.folder / rest).write_text(result.stdout, encoding="utf-8")
            return result.stderr
        if operator == "|":
            return result.stderr + self.shell(rest, stdin=result.stdout)
        return result.output


def shown(output: str, folder: Path) -> list[str]:
    """Output as a page shows it: the folder's path replaced, trailing blanks dropped."""
    text = output.replace(str(folder.resolve()), SHOWN_FOLDER).replace(str(folder), SHOWN_FOLDER)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def needs_sources(command: str) -> bool:
    return "../shared/sources" in command


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``<tmp>/armenia`` holding a copy of ``options/`` and ``examples/``, with ``<tmp>/shared/sources`` beside it."""
    folder = tmp_path / "armenia"
    shutil.copytree(ROOT / "options", folder / "options", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(ROOT / "examples", folder / "examples", ignore=shutil.ignore_patterns(".*"))
    if SOURCES.is_dir():
        (tmp_path / "shared").mkdir()
        (tmp_path / "shared" / "sources").symlink_to(SOURCES.resolve())
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("path", pages(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_console_examples(path: Path, workspace: Path) -> None:
    page = parse(path)
    commands = [example.command for block in page.blocks for example in block.examples]
    if shutil.which("git") is None and any(command.startswith("git ") for command in commands):
        pytest.skip(f"{page.name} runs git, which is not installed here")
    session = Session(workspace)
    update = bool(os.environ.get("UPDATE_GOLDEN"))
    skipped: list[str] = []
    failures: list[str] = []
    rewrites: list[tuple[Example, list[str]]] = []
    for block in page.blocks:
        if block.not_run is not None:
            continue
        for example in block.examples:
            if needs_sources(example.command) and not SOURCES.is_dir():
                skipped.append(f"{page.name}:{example.line}")
                continue
            actual = shown(session.run(example.command), workspace)
            if actual != example.expected:
                rewrites.append((example, actual))
                failures.append(diff(page, example, actual))
    if update and rewrites:
        for example, actual in sorted(rewrites, key=lambda pair: -pair[0].first):
            page.lines[example.first : example.last] = actual
        path.write_text("\n".join(page.lines), encoding="utf-8")
    elif failures:
        pytest.fail(
            "\n\n".join(failures)
            + "\n\nrun UPDATE_GOLDEN=1 python -m pytest tests/test_docs_examples.py to refresh"
            " the examples, then review their diff",
            pytrace=False,
        )
    if skipped:
        pytest.skip(
            f"{len(skipped)} examples need the source text in {SOURCES}, absent here:"
            f" {', '.join(skipped)} (the others ran and matched)"
        )


def diff(page: Page, example: Example, actual: list[str]) -> str:
    import difflib

    lines = difflib.unified_diff(
        example.expected, actual, "shown in the page", "printed now", lineterm="", n=2
    )
    return f"{page.name}:{example.line}: $ {example.command}\n" + "\n".join(lines)


def test_not_run_blocks_are_few() -> None:
    """Nearly every example runs: a block kept from running says why, and they stay few."""
    not_run = [
        (page.name, block.line, block.not_run)
        for page in map(parse, pages())
        for block in page.blocks
        if block.not_run is not None
    ]
    assert all(reason for _, _, reason in not_run)
    assert len(not_run) <= 5, not_run


def test_every_page_parses() -> None:
    """A ``$`` line opens each console block, and every page has runnable examples or none."""
    for path in pages():
        for block in parse(path).blocks:
            assert block.examples, f"{path}:{block.line}: an empty console block"
