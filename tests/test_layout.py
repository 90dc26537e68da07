"""tests/ mirrors src/policy_options (design.md §6), as scikit-criteria's ``check-testdir``
checks its tests: every test folder is a source package, every test module of the core
names the module (or the package) it tests, and every source package says what it is for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src" / "policy_options"

# Folders of tests/ (at any depth) that hold data, not tests: they mirror nothing.
TEST_DATA = {
    "golden": "expected outputs, compared with tests/conftest.py's golden fixture",
    "fixtures": "input files for tests",
}
# Folders of src/policy_options that hold no Python, only files the package reads.
SRC_DATA = {
    "render/report/templates": "the brief's Jinja templates (html/, md/)",
}
# Test modules under tests/core/ whose name is not a module of their folder, and why.
NAMED_OTHERWISE = {
    "core/uncertainty/test_sensitivity_methods.py": "every aggregation method through all"
    " of the package's analyses (vectorised scoring, montecarlo, stability) against the"
    " reference evaluators: named for `policy sensitivity`, not one module",
}


def skipped(relative: Path) -> bool:
    """Caches (__pycache__, .pytest_cache and other dot-folders) are nobody's layout."""
    return any(part == "__pycache__" or part.startswith(".") for part in relative.parts)


def folders_of_tests() -> list[Path]:
    """Every folder under tests/ (tests/ itself as "."), data folders and caches left out."""
    found = [Path(".")]
    for path in sorted(TESTS.rglob("*")):
        relative = path.relative_to(TESTS)
        data = any(part in TEST_DATA for part in relative.parts)
        if path.is_dir() and not skipped(relative) and not data:
            found.append(relative)
    return found


def folders_of_src() -> list[Path]:
    """Every folder under src/policy_options (itself as "."), data folders and caches left out."""
    found = [Path(".")]
    for path in sorted(SRC.rglob("*")):
        relative = path.relative_to(SRC)
        data = any(relative.is_relative_to(folder) for folder in SRC_DATA)
        if path.is_dir() and not skipped(relative) and not data:
            found.append(relative)
    return found


def names_in(folder: Path) -> set[str]:
    """The modules and subpackages of a source folder, by the name a test file would use."""
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in folder.iterdir() if (p / "__init__.py").exists()
    }


@pytest.mark.parametrize("folder", folders_of_tests(), ids=str)
def test_every_test_folder_mirrors_a_source_package(folder: Path) -> None:
    assert (SRC / folder).is_dir(), (
        f"tests/{folder} mirrors no folder of src/policy_options: move its tests under the"
        " folder of the package they test, or list it in TEST_DATA if it holds data"
    )
    assert (SRC / folder / "__init__.py").exists()
    # a package, so that test modules of the same name in two folders can be told apart
    assert (TESTS / folder / "__init__.py").exists(), f"tests/{folder} has no __init__.py"


def core_test_modules() -> list[Path]:
    return sorted(
        path.relative_to(TESTS)
        for path in (TESTS / "core").rglob("test_*.py")
        if not skipped(path.relative_to(TESTS))
    )


def names_what_it_tests(module: Path) -> bool:
    """``tests/core/X/test_<name>.py`` tests ``src/policy_options/core/X/<name>.py`` (or a
    subpackage ``<name>/``), or the package X itself: ``<name>`` is a module name, or
    starts with one and an underscore (``test_montecarlo_scale.py``), or is X."""
    name = module.stem.removeprefix("test_")
    folder = SRC / module.parent
    candidates = names_in(folder) | {folder.name}
    return any(name == c or name.startswith(f"{c}_") for c in candidates)


@pytest.mark.parametrize("module", core_test_modules(), ids=str)
def test_every_core_test_module_names_what_it_tests(module: Path) -> None:
    if str(module) in NAMED_OTHERWISE:
        return
    assert names_what_it_tests(module), (
        f"tests/{module} names no module of src/policy_options/{module.parent}"
        f" ({', '.join(sorted(names_in(SRC / module.parent)))}) nor the package: rename it,"
        " or list it in NAMED_OTHERWISE with the reason"
    )


def test_the_exceptions_are_still_needed() -> None:
    for module in NAMED_OTHERWISE:
        assert (TESTS / module).exists(), f"{module} is gone: drop it from NAMED_OTHERWISE"
        assert not names_what_it_tests(Path(module)), f"drop {module} from NAMED_OTHERWISE"
    for folder in SRC_DATA:
        assert (SRC / folder).is_dir(), f"{folder} is gone: drop it from SRC_DATA"
        assert not list((SRC / folder).rglob("*.py")), f"{folder} holds Python: a package?"


@pytest.mark.parametrize("folder", folders_of_src(), ids=str)
def test_every_source_package_has_an_init_with_a_docstring(folder: Path) -> None:
    init = SRC / folder / "__init__.py"
    assert init.exists(), (
        f"src/policy_options/{folder} has no __init__.py: make it a package, or list it in"
        " SRC_DATA if it holds only data"
    )
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring, f"{init.relative_to(SRC.parent.parent)} has no docstring: say what it is for"
