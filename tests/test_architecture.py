"""The shape design.md asks for: imports point down, rich in one place, numpy off `policy rank`."""

from __future__ import annotations

import ast
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
    # the families not yet ported to views (their next phase deletes these):
    "render/console_montecarlo.py",
    "render/console_portfolio.py",
    "render/console_revdiff.py",
    "render/console_scenarios.py",
    "render/console_sensitivity.py",
    "render/console_why.py",
    "render/console_workflow.py",
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


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_render_imports_never_circle() -> None:
    """render/ imports point down: no module reaches itself again through its imports."""
    graph = {
        module_name(path): {
            name for name in internal_imports(path) if name.startswith("policy_options.render")
        }
        for path in module_files("render")
    }
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            cycle = [*path[path.index(module) :], module]
            pytest.fail("import circle: " + " -> ".join(cycle))
        if module in done:
            return
        for name in sorted(graph.get(module, ())):
            visit(name, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


@pytest.mark.parametrize("path", module_files("render") + module_files("cli"), ids=lambda p: p.name)
def test_no_render_or_cli_file_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


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
        "policy_options.cli.rank",
    }
