"""`policy report -o brief.qmd`: Quarto's structure checked (Quarto itself does not
install from PyPI without fetching its binary from GitHub): YAML front matter, stable and
unique #sec-/#fig-/#tbl- ids, each table's caption right after it, each figure's file
written beside the document."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from policy_options.render.report.quarto import to_quarto
from tests.conftest import SHIPPED, run_cli

MARKDOWN = """\
# A | title

Decision brief · profile: Even

## The ranking

![Scores](brief_files/ranking.svg)

| Rank | Option |
|---:|---|
| 1 | Alpha |

## The top options explained

### 1. Alpha (`alpha`) · 80 out of 100

| Criterion | Value |
|---|---:|
| gain | 8 |

| second | table |
|---|---|
| x | y |
"""


def front_matter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    head = text.split("\n---\n", 1)[0].removeprefix("---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def test_to_quarto_adds_front_matter_and_ids() -> None:
    text = to_quarto(MARKDOWN, {"The ranking": "ranking", "The top options explained": "top"})
    data = front_matter(text)
    assert data["title"] == "A | title"
    assert data["subtitle"] == "Decision brief · profile: Even"
    assert "# A | title" not in text
    assert "## The ranking {#sec-ranking}" in text
    assert "![Scores](brief_files/ranking.svg){#fig-ranking}" in text
    assert "| 1 | Alpha |\n\n: The ranking {#tbl-ranking}\n" in text
    assert "| gain | 8 |\n\n: The top options explained: alpha {#tbl-top-alpha}\n" in text
    assert "{#tbl-top-alpha-2}" in text


def test_the_shipped_brief_as_quarto(tmp_path: Path) -> None:
    target = tmp_path / "brief.qmd"
    result = run_cli("report", "--study", str(SHIPPED), "-o", str(target), "--samples", "200")
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    data = front_matter(text)
    assert data["title"] == "U.S. options to support Armenia's security"
    assert set(data["format"]) == {"html", "docx"}  # type: ignore[arg-type]
    ids = re.findall(r"\{#((?:sec|fig|tbl)-[^}]+)\}", text)
    assert len(ids) == len(set(ids)), "ids are unique"
    assert all(re.fullmatch(r"(sec|fig|tbl)-[a-z0-9-]+", i) for i in ids)
    for stable in (
        "sec-ranking",
        "fig-ranking",
        "tbl-ranking",
        "fig-acceptability",
        "fig-stability",
        "tbl-top-us-eu-mediation",
        "tbl-appendix-fms-air-defense",
        "fig-scenarios",
    ):
        assert stable in ids
    for path in re.findall(r"!\[[^\]]*\]\(([^)]+)\)\{#fig-", text):
        assert (tmp_path / path).is_file()
    lines = text.splitlines()
    for number, line in enumerate(lines):  # a caption follows its table, one blank between
        if line.startswith(": ") and "{#tbl-" in line:
            assert lines[number - 1] == ""
            assert lines[number - 2].startswith("|")


def test_a_partial_has_no_front_matter() -> None:
    text = to_quarto(MARKDOWN, {"The ranking": "ranking"}, partial=True)
    assert text.startswith("Decision brief · profile: Even\n\n## The ranking {#sec-ranking}")
    assert "---" not in text.split("##")[0]


def test_an_underscore_name_writes_a_partial(tiny: Path, tmp_path: Path) -> None:
    target = tmp_path / "_brief.qmd"
    result = run_cli("report", "--study", str(tiny), "-o", str(target), "--samples", "100")
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Decision brief · ")
    assert "{#fig-ranking}" in text
    assert (tmp_path / "_brief_files" / "ranking.svg").is_file()
