"""`policy export xmcda|dmsy`, `policy import FILE.xml` and `policy rank --format xmcda`
through the command line: files written, messages, errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHIPPED, run_cli


def test_export_then_import_gives_the_same_ranking(tmp_path: Path) -> None:
    xml = tmp_path / "study.xml"
    result = run_cli("export", "xmcda", "--study", str(SHIPPED), "--output", str(xml))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {xml}\n"
    new = tmp_path / "new"
    result = run_cli("import", str(xml), "--study", str(new))
    assert result.exit_code == 0, result.stderr
    # study.yaml, 15 options, 4 profiles, 5 scenarios, interactions.yaml
    assert result.stderr == f"created {new}: 26 files, 15 options\n"
    for method in ("additive", "topsis", "promethee"):
        before = json.loads(run_cli("rank", "-s", str(SHIPPED), "-m", method, "-f", "json").stdout)
        after = json.loads(run_cli("rank", "-s", str(new), "-m", method, "-f", "json").stdout)
        before.pop("study"), after.pop("study")
        assert after == before


def test_import_dry_run_writes_nothing(tmp_path: Path) -> None:
    xml = tmp_path / "study.xml"
    run_cli("export", "xmcda", "--study", str(SHIPPED), "-o", str(xml))
    result = run_cli("import", str(xml), "--study", str(tmp_path / "new"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"would create {tmp_path / 'new' / 'study.yaml'}" in result.stderr
    assert not (tmp_path / "new").exists()


def test_no_extension_warns_of_what_is_lost(tiny: Path) -> None:
    result = run_cli("export", "xmcda", "--study", str(tiny), "--no-extension", "-o", "-")
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: --no-extension drops 6 rationales, 2 score ranges")
    assert "programParameters" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{tmp}/x.xml"], "error: an XMCDA file becomes a new study: name its folder"),
        (["import", "{tmp}/missing.xml", "--study", "{tmp}/new"], "error: cannot read"),
        (["import", "{tmp}/x.xml", "--study", "{tiny}"], "exists and is not an empty folder"),
    ],
)
def test_import_errors_are_one_line(
    tmp_path: Path, tiny: Path, args: list[str], message: str
) -> None:
    run_cli("export", "xmcda", "--study", str(tiny), "-o", str(tmp_path / "x.xml"))
    filled = [a.format(tmp=tmp_path, tiny=tiny) for a in args]
    result = run_cli(*filled)
    assert result.exit_code == 2
    assert message in result.stderr.splitlines()[0]


def test_rank_format_xmcda(tiny: Path) -> None:
    result = run_cli("rank", "--study", str(tiny), "--format", "xmcda", "--top", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<xmcda:XMCDA')
    assert result.stdout.count("<alternativeValue>") == 2  # score and rank of the top option


def test_export_dmsy(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.dmsy"
    result = run_cli("export", "dmsy", "--study", str(tiny), "-o", str(out), "--values")
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "matrix: 0..1 values on the declared scales" in text
    assert "objectives: [1, 1]" in text


@pytest.mark.parametrize("args", [["rank"], ["rank", "--format", "json"], ["--help"]])
def test_policy_rank_never_imports_pandas_or_xml(args: list[str]) -> None:
    """`python -X importtime` lists every module the command imports: no pandas, no XML."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "policy_options", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=SHIPPED.parent,
    )
    imported = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "policy_options.core.interchange.tabular" in imported  # the probe sees our modules
    assert not {m for m in imported if m.split(".")[0] in {"pandas", "lxml", "skcriteria"}}
    assert "xml.etree.ElementTree" not in imported
    assert "policy_options.core.interchange.frames" not in imported
