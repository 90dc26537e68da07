"""The shape design.md asks for: imports point down, rich in one place, numpy off `policy rank`."""

from __future__ import annotations

import ast
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "policy_options"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def module_files(*parts: str) -> list[Path]:
    return sorted(SRC.joinpath(*parts).rglob("*.py"))


@pytest.mark.parametrize("path", module_files("core"), ids=lambda p: p.name)
def test_core_imports_no_typer_or_rich(path: Path) -> None:
    assert not imported_modules(path) & {"typer", "rich", "click"}


RICH_MODULES = {
    "render/writers/console.py",  # the console writer
    "render/console_progress.py",  # the Monte Carlo progress bar
    "render/console_workflow.py",  # `policy rank --watch`: its live table and problem screen
}


@pytest.mark.parametrize("path", module_files("render") + module_files("cli"), ids=lambda p: p.name)
def test_rich_only_in_the_console_writer(path: Path) -> None:
    if "rich" in imported_modules(path):
        assert str(path.relative_to(SRC)) in RICH_MODULES


def test_views_and_documents_import_no_rich_nor_writers() -> None:
    """Views say what a result says; how it looks is the writers' business."""
    for path in [SRC / "render" / "document.py", *module_files("render", "views")]:
        names = internal_imports(path)
        assert "rich" not in imported_modules(path), path
        assert not any(name.startswith("policy_options.render.writers") for name in names), path


def internal_imports(path: Path) -> set[str]:
    """The modules of ours ``path`` imports, at the top or inside functions:
    ``from package import module`` counts as the module, not the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("policy_options"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("policy_options"):
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                module_path = SRC.parent / Path(*candidate.split("."))
                is_module = module_path.with_suffix(".py").exists() or module_path.is_dir()
                names.add(candidate if is_module else node.module)
    return names


@pytest.mark.parametrize("path", module_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_matplotlib_only_in_render_charts(path: Path) -> None:
    if "matplotlib" in imported_modules(path):
        assert path.parent.name == "charts"
        assert path.parent.parent.name == "render"


def test_core_and_render_never_import_the_cli() -> None:
    for path in module_files("core") + module_files("render"):
        source = path.read_text(encoding="utf-8")
        assert "policy_options.cli" not in source, path


PROBE = """
import sys
from policy_options.cli.app import main
sys.argv = ["policy", *ARGS]
try:
    main()
except SystemExit as exit:
    code = exit.code
print("\\n@@" + __import__("json").dumps({"code": code, "numpy": "numpy" in sys.modules,
                                         "rich": "rich" in sys.modules,
                                         "scipy": "scipy" in sys.modules,
                                         "rapidfuzz": "rapidfuzz" in sys.modules,
                                         "pypdf": "pypdf" in sys.modules,
                                         "matplotlib": "matplotlib" in sys.modules,
                                         "jinja2": "jinja2" in sys.modules,
                                         "heavy": sorted(m for m in ("openpyxl", "ruamel",
                                                         "jsonschema") if m in sys.modules)}))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["rank", "--format", "json"],
        ["rank", "--format", "markdown"],
        ["rank", "--format", "csv"],
        ["rank"],
        ["--help"],
        ["explain", "fms-air-defense"],
        ["explain", "fms-air-defense", "--format", "csv"],
        ["info"],
        ["info", "--format", "markdown"],
        ["compare", "--format", "markdown"],
        ["sources"],
        ["sources", "--format", "csv"],
        ["validate"],
        ["rank", "--scenario", "russia-returns", "--format", "json"],
        ["scenarios", "--format", "json"],
        ["scenarios", "--help"],
        ["portfolio", "--help"],
        ["chart", "--help"],
        ["report", "--help"],
    ],
)
def test_quick_commands_do_not_import_numpy(argv: list[str]) -> None:
    code = PROBE.replace("ARGS", repr(argv))
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=SRC.parent.parent,
    ).stdout
    report = json.loads(out.rsplit("@@", 1)[1])
    assert report["code"] == 0
    assert report["numpy"] is False
    assert report["heavy"] == []  # spreadsheet and YAML round-trip libraries: only when used
    # rapidfuzz only when a quote is not found, pypdf only for a PDF, scipy only for `why`
    assert report["scipy"] is report["rapidfuzz"] is report["pypdf"] is False
    assert report["matplotlib"] is False  # charts only, when drawn
    assert report["jinja2"] is False  # the report only, when written
    if {"json", "markdown", "csv"} & set(argv):  # exports do not pay for rich either
        assert report["rich"] is False


def test_python_dash_m_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "policy_options", "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("policy-options ")


def test_portfolio_imports_scipy_only_for_the_integer_program() -> None:
    """Enumeration (up to 25 options) never loads scipy; only milp.py imports it."""
    for path in module_files("core", "portfolio"):
        if "scipy" in imported_modules(path):
            assert path.name == "milp.py", path


def test_policy_rank_builds_only_its_own_command() -> None:
    """The command tree is lazy: `policy rank` imports no other command's module."""
    code = PROBE.replace("ARGS", repr(["rank", "--format", "json"])).replace(
        '"\\n@@" + __import__("json").dumps({',
        '"\\n@@" + __import__("json").dumps({"cli": sorted(m for m in sys.modules'
        ' if m.startswith("policy_options.cli.")),',
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=SRC.parent.parent,
    ).stdout  # fmt: skip
    report = json.loads(out.rsplit("@@", 1)[1])
    assert report["code"] == 0
    assert set(report["cli"]) == {
        "policy_options.cli.app",
        "policy_options.cli.common",
        "policy_options.cli.output",  # the stdout guard of the entry point
        "policy_options.cli.rank",
    }


# -- no import circles --------------------------------------------------------------------


def module_name(path: Path) -> str:
    """policy_options/core/study/load.py -> policy_options.core.study.loading.load (a package: its
    __init__.py)."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in module_files()}


def nearest_module(name: str) -> str | None:
    """The module ``name`` is, or the package it lies in (``a.b.Name`` -> ``a.b``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str) -> set[str]:
    """The modules of policy_options that module ``name`` imports: at the top, in functions,
    under ``if TYPE_CHECKING`` (a circle of types still ties the modules together);
    ``from a.b import c`` is module ``a.b.c`` when there is one, else ``a.b``."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(nearest_module(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, *([node.module] if node.module else [])])
            for alias in node.names:
                found.add(nearest_module(f"{base}.{alias.name}"))
    return {module for module in found if module is not None and module != name}


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Every module's imports: parsed once per process, read by two tests."""
    return {name: imports_of(name) for name in sorted(MODULES)}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module: the import circles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def a_circle(graph: dict[str, set[str]], component: list[str]) -> str:
    """One shortest circle through the component's first module, to say in a failure."""
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & set(component)):
            if target == start:
                return " -> ".join(short(m) for m in [*paths[node], start])
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"{component} is not a circle")


def short(module: str) -> str:
    return module.removeprefix("policy_options.")


def test_no_import_circle() -> None:
    graph = import_graph()
    assert (
        "policy_options.core.study.files.model" in graph["policy_options.core.study.loading.load"]
    )
    circles = strongly_connected(graph)
    assert circles == [], "modules that import each other in a circle:\n" + "\n".join(
        f"{a_circle(graph, component)} (all of: {', '.join(map(short, component))})"
        for component in circles
    )


# -- no long modules ----------------------------------------------------------------------

MAX_LINES = 400
# Modules over MAX_LINES today, each to be split; the list may only shrink.
LONG_MODULES: dict[str, str] = {}  # none today: every module is within MAX_LINES


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("path", module_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_over_400_lines(path: Path) -> None:
    if str(path.relative_to(SRC)) in LONG_MODULES:
        return
    assert line_count(path) <= MAX_LINES, (
        f"{path.relative_to(SRC.parent)} has {line_count(path)} lines (at most {MAX_LINES}):"
        " split it by concept"
    )


@pytest.mark.parametrize("name", sorted(LONG_MODULES))
def test_long_module_exceptions_are_still_needed(name: str) -> None:
    path = SRC / name
    assert path.exists(), f"{name} is gone: drop it from LONG_MODULES"
    assert line_count(path) > MAX_LINES, (
        f"{name} has {line_count(path)} lines now: drop it from LONG_MODULES"
    )
