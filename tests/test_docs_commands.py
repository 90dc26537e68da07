"""docs/commands.md is the --help of every command, generated, and kept current.

Like sqlite-utils' cog check: the page is regenerated in memory and compared with the
committed one, so a new command, a new option or a changed help text fails here until
`python scripts/make_command_reference.py` is run and its diff committed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from types import ModuleType

import pytest

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "commands.md"
RERUN = "run python scripts/make_command_reference.py"


def load_script() -> ModuleType:
    """scripts/make_command_reference.py as a module (scripts/ is not a package)."""
    name = "make_command_reference"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclass looks its module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


def sections(text: str) -> dict[str, str]:
    """Each command's section of the page, by its path (``policy sensitivity weights``)."""
    parts = re.split(r"^#{2,} `(policy[^`]*)`$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_command_reference_is_current(script: ModuleType) -> None:
    committed = PAGE.read_text(encoding="utf-8")
    assert committed == script.command_reference(), f"docs/commands.md is stale: {RERUN}"


def test_every_command_and_option_is_on_the_page(script: ModuleType) -> None:
    found = sections(PAGE.read_text(encoding="utf-8"))
    missing: list[str] = []
    for entry in script.command_tree():
        if entry.path not in found:
            missing.append(entry.path)
            continue
        missing += [
            f"{entry.path} {option}"
            for option in entry.options()
            if not re.search(rf"(^|[\s,]){re.escape(option)}([\s,=]|$)", found[entry.path], re.M)
        ]
    assert missing == [], f"missing from docs/commands.md: {RERUN}"


def test_the_tree_is_whole(script: ModuleType) -> None:
    """Subcommands are built lazily; the walk must still see all of them, and no hidden one."""
    paths = [entry.path for entry in script.command_tree()]
    assert {"policy rank", "policy sensitivity montecarlo", "policy new option"} <= set(paths)
    assert "policy validate-files" not in paths
    assert len(paths) == len(set(paths))
    rank = next(entry for entry in script.command_tree() if entry.path == "policy rank")
    assert {"--study", "--weights", "--top", "--format", "--output", "--help"} <= set(
        rank.options()
    )
