"""The README is part of the contract: every command appears in it, and CI runs its test command."""

from __future__ import annotations

from typing import Any

from typer.main import get_command

from policy_options.cli.app import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(command: Any, prefix: str) -> list[str]:
    children = getattr(command, "commands", {})
    if not children:
        return [prefix]
    paths = []
    for name, child in children.items():
        if not getattr(child, "hidden", False):
            paths += command_paths(child, f"{prefix} {name}")
    return paths


def test_every_command_is_in_the_readme() -> None:
    missing = [path for path in command_paths(get_command(app), "policy") if path not in README]
    assert missing == []


def test_ci_runs_the_readme_test_command() -> None:
    assert 'pip install -e ".[test]" && python -m pytest' in README
    assert "pip install . && policy rank" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test]"' in ci
    assert "python -m pytest" in ci
