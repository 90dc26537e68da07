"""The README is the front door: short, its test command is what CI runs, and with docs/
it names every command."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.test_docs_commands import load_script

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[str]:
    """Every visible command path (``policy sensitivity weights``), groups included, walked
    through click contexts so that the lazily built subcommands are seen too."""
    return [entry.path for entry in load_script().command_tree()]


def test_every_command_is_in_the_readme_or_the_docs() -> None:
    """Named in prose, not only in the generated reference (docs/commands.md)."""
    prose = README + "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(ROOT.glob("docs/**/*.md"))
        if path.name != "commands.md"
    )
    paths = command_paths()
    assert len(paths) > 20
    missing = [path for path in paths if path not in prose]
    assert missing == []


def test_the_readme_is_short() -> None:
    """What, set-up, a five-minute tour and links: the manual lives in docs/."""
    lines = len(README.splitlines())
    assert lines < 250, f"README.md has {lines} lines; move detail into docs/"


def test_the_readme_tours_the_five_commands() -> None:
    for command in ("rank", "explain", "sensitivity", "portfolio", "report"):
        assert f"$ policy {command}" in README, command


def test_ci_runs_the_readme_test_command() -> None:
    assert 'pip install -e ".[test]" && python -m pytest' in README
    assert "pip install . && policy rank" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test]"' in ci
    assert "python -m pytest" in ci
    assert "mkdocs build --strict" in ci
