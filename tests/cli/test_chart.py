"""`policy chart` and `policy report` from the command line: files written, bad input refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED, run_cli


def test_chart_writes_the_format_of_the_suffix(tiny: Path, tmp_path: Path) -> None:
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG"), (".PDF", b"%PDF")):
        target = tmp_path / f"chart{suffix}"
        result = run_cli("chart", "ranking", "--study", str(tiny), "--output", str(target))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert result.stderr == f"wrote {target}\n"
        assert target.read_bytes().startswith(magic)


def test_chart_acceptability_takes_the_montecarlo_options(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.svg"
    result = run_cli(
        "chart", "acceptability", "--study", str(tiny), "-o", str(target),
        "--samples", "1000", "--seed", "7", "--weight-model", "ordinal",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "1,000 samples" in text
    assert "weights in the profile's order" in text
    assert "seed 7" in text


def test_chart_options_shape_the_figure(tiny: Path, tmp_path: Path) -> None:
    from matplotlib.image import imread

    target = tmp_path / "p.png"
    result = run_cli(
        "chart", "profiles", "--study", str(tiny), "-o", str(target),
        "--width", "4", "--height", "3", "--dpi", "50", "--set", "gain=5",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert imread(str(target)).shape[:2] == (150, 200)


@pytest.mark.slow  # a second interpreter draws the charts again; reruns in one process are
# byte-identical by default (tests/render/test_charts.py)
def test_chart_files_are_the_same_in_another_process(tmp_path: Path) -> None:
    """SVG ids (salted by a random default otherwise) and PDF fonts are run-independent."""
    for suffix in ("svg", "pdf"):
        here = tmp_path / f"here.{suffix}"
        result = run_cli("chart", "stability", "--study", str(SHIPPED), "-o", str(here))
        assert result.exit_code == 0
    code = (
        "import sys; from policy_options.cli.app import main\n"
        "study, target = sys.argv[1:]\n"
        "for suffix in ('svg', 'pdf'):\n"
        "    sys.argv = ['policy', 'chart', 'stability', '--study', study, '-o',"
        " f'{target}.{suffix}']\n"
        "    try: main()\n"
        "    except SystemExit as exit: assert not exit.code\n"
    )
    there = tmp_path / "there"
    subprocess.run(
        [sys.executable, "-c", code, str(SHIPPED), str(there)], check=True, capture_output=True,
        cwd=ROOT,
    )  # fmt: skip
    for suffix in ("svg", "pdf"):
        assert (tmp_path / f"here.{suffix}").read_bytes() == there.with_suffix(
            f".{suffix}"
        ).read_bytes()


def _refused(argv: list[str], expected: str, target: Path) -> None:
    result = run_cli(*argv)
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("hint: "))
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert list(target.parent.glob("*.tmp")) == []


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("rankng", "c.svg", "unknown chart kind 'rankng' (did you mean 'ranking'?)"),
        ("portfolio", "c.svg", "unknown chart kind 'portfolio'"),
        ("ranking", "c.jpg", "'.jpg' is not supported"),
        ("ranking", "chart", "it has no suffix"),
        ("ranking", "missing/c.svg", "folder"),
    ],
)
def test_chart_bad_input(tiny: Path, tmp_path: Path, kind: str, name: str, expected: str) -> None:
    target = tmp_path / name
    _refused(["chart", kind, "--study", str(tiny), "-o", str(target)], expected, target)


def test_chart_output_that_is_a_folder(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "folder.svg"
    target.mkdir()
    result = run_cli("chart", "ranking", "--study", str(tiny), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert target.is_dir()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_chart_unwritable_folder(tiny: Path, tmp_path: Path) -> None:
    import os

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions do not stop writes")
        target = folder / "c.svg"
        _refused(
            ["chart", "ranking", "--study", str(tiny), "-o", str(target)], "permission", target
        )
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["chart", "ranking"], "Missing option '--output'"),
        (["chart", "ranking", "-o", "x.svg", "--width", "0"], "Invalid value for '--width'"),
        (["chart", "ranking", "-o", "x.png", "--dpi", "5"], "Invalid value for '--dpi'"),
        (["chart", "acceptability", "-o", "x.svg", "--samples", "0"], "samples"),
        (["chart", "stability", "-o", "x.svg", "--method", "weakest-link"], "weakest-link"),
        (["report"], "Missing option '--output'"),
        (["report", "-o", "brief.docx"], "name it .html, .pdf, .md or .qmd"),
    ],
)
def test_usage_errors(tiny: Path, tmp_path: Path, argv: list[str], expected: str) -> None:
    argv = [a if not a.startswith(("x.", "brief.")) else str(tmp_path / a) for a in argv]
    result = run_cli(*argv, "--study", str(tiny))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert len(lines) <= 2
    assert list(tmp_path.iterdir()) == [tmp_path / "tiny"]


def test_report_html_and_markdown(tiny: Path, tmp_path: Path) -> None:
    html = tmp_path / "brief.html"
    result = run_cli("report", "--study", str(tiny), "-o", str(html), "--samples", "2000")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {html}\n"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    markdown = tmp_path / "brief.md"
    result = run_cli("report", "--study", str(tiny), "-o", str(markdown), "--samples", "2000")
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "brief_files").iterdir())
    assert files == ["acceptability.svg", "profiles.svg", "ranking.svg", "stability.svg",
                     "tornado.svg", "value.svg"]  # fmt: skip
    text = markdown.read_text(encoding="utf-8")
    for name in files:
        assert f"](brief_files/{name})" in text


def test_report_missing_folder_writes_nothing(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "brief.md"
    result = run_cli("report", "--study", str(tiny), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write {target}: folder")
    assert not (tmp_path / "missing").exists()


def test_chart_and_report_run_in_a_scenario(tmp_path: Path) -> None:
    target = tmp_path / "r.svg"
    result = run_cli(
        "chart", "ranking", "--study", str(SHIPPED), "--scenario", "russia-returns",
        "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "scenario russia-returns" in target.read_text(encoding="utf-8")
    refused = tmp_path / "s.svg"
    result = run_cli(
        "chart", "scenarios", "--study", str(SHIPPED), "--scenario", "russia-returns",
        "-o", str(refused),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the scenarios chart compares every scenario")
    assert not refused.exists()
    result = run_cli("chart", "ranking", "--study", str(SHIPPED), "--scenario", "rusia-returns",
                     "-o", str(refused))  # fmt: skip
    assert result.exit_code == 2
    assert "did you mean 'russia-returns'" in result.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--samples", "-1"], "--samples must be a whole number >= 1"),
        (["--concentration", "5"], "--concentration applies to --weight-model profile only"),
    ],
)
def test_settings_are_checked_whatever_is_drawn(
    tiny: Path, tmp_path: Path, extra: list[str], expected: str
) -> None:
    """A ranking draws no samples, but a bad sampling setting is refused all the same."""
    target = tmp_path / "c.svg"
    _refused(
        ["chart", "ranking", "--study", str(tiny), "-o", str(target), *extra], expected, target
    )


def test_report_refuses_a_charts_folder_that_is_a_file_before_any_work(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policy_options.core.brief as brief

    def never(*args: object) -> None:
        raise AssertionError("the brief was built")

    monkeypatch.setattr(brief, "build_brief", never)
    (tmp_path / "brief_files").write_text("a file", encoding="utf-8")
    target = tmp_path / "brief.md"
    _refused(["report", "--study", str(tiny), "-o", str(target)], "is not a folder", target)


def test_report_takes_the_concentration_of_the_profile_weight_model(
    tiny: Path, tmp_path: Path
) -> None:
    target = tmp_path / "brief.html"
    argv = ["report", "--study", str(tiny), "-o", str(target), "--samples", "500"]
    result = run_cli(*argv, "--weight-model", "profile", "--concentration", "5")
    assert result.exit_code == 0, result.stderr
    assert target.exists()
