"""The one registry of formats: each names a writer module; Markdown and CSV load no Rich."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from policy_options.render.document import Column, Document, Text, table
from policy_options.render.writers import REPORT_ONLY, WRITERS, Format, write


def test_every_format_but_json_has_a_writer() -> None:
    assert set(WRITERS) - REPORT_ONLY == {f.value for f in Format} - {"json"}
    assert not REPORT_ONLY & {f.value for f in Format}  # html is the report's, no --format
    for module in WRITERS.values():
        writer = importlib.import_module(f"policy_options.render.writers.{module}")
        assert callable(writer.write)


@pytest.mark.parametrize(
    ("format_", "expected"),
    [
        ("markdown", "### T\n\n| A |\n|---|\n| x |\n"),
        ("csv", "a\nx\n"),
        (
            "html",
            "<h3>T</h3>\n<table>\n<thead><tr><th>A</th></tr></thead>\n<tbody>\n"
            "<tr><td>x</td></tr>\n</tbody>\n</table>\n",
        ),
    ],
)
def test_write_dispatches_to_the_format_s_writer(format_: str, expected: str) -> None:
    document = Document(Text.of("T"), (table([Column("A", "a")], [["x"]]),))
    assert write(document, format_) == expected


def test_markdown_and_csv_do_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from policy_options.render.document import Column, Document, Text, table\n"
        "from policy_options.render.writers import write\n"
        "d = Document(Text.of('T'), (table([Column('A', 'a')], [['x']]),))\n"
        "write(d, 'markdown'); write(d, 'csv'); write(d, 'html')\n"
        "print('rich' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
