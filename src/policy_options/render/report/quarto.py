"""The brief as a Quarto document (``policy report -o brief.qmd``): the Markdown brief
with YAML front matter and stable cross-reference ids, its charts as SVG files beside it.

Ids are made from what the brief shows, never from counters that shift when a section
comes or goes, so a manuscript that embeds them keeps working when the study changes:

- sections: ``#sec-<section>`` (``sec-ranking``, ``sec-robustness``, ...);
- figures: ``#fig-<chart kind>`` (``fig-ranking``, ``fig-acceptability``, ...);
- tables: ``#tbl-<section>`` for a section's table (``-2``, ``-3`` for the next ones),
  ``#tbl-<section>-<option id>`` for the table under an option's heading
  (``tbl-top-us-eu-mediation``, ``tbl-appendix-fms-air-defense``).

docs/quarto.md lists them and shows how to include the brief in a manuscript: a file
named ``_brief.qmd`` (Quarto's convention for a file that is only included) is written
without front matter, so the manuscript's title and format stay.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policy_options.core.brief import Brief

_FIGURE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<path>[^)]*/(?P<kind>[\w-]+)\.svg)\)$")
_OPTION = re.compile(r"\(`(?P<id>[^`]+)`\)")


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def to_quarto(markdown: str, section_ids: dict[str, str], partial: bool = False) -> str:
    """The Markdown brief as Quarto: front matter from its title line and subtitle, ids on
    sections, figures and tables. ``section_ids`` maps a section's title to its id.
    ``partial``: no front matter, the subtitle as the first paragraph (a file to include
    in a manuscript, whose own title and format must stay)."""
    lines = markdown.splitlines()
    title = lines[0].removeprefix("# ").strip()
    body = lines[1:]
    while body and not body[0].strip():
        body.pop(0)
    subtitle = body.pop(0).strip() if body and not body[0].startswith("#") else ""
    while body and not body[0].strip():
        body.pop(0)
    front = [
        "---",
        f"title: {_yaml_string(title)}",
        f"subtitle: {_yaml_string(subtitle)}",
        "format:",
        "  html:",
        "    embed-resources: true",
        "    toc: true",
        "  docx: default",
        "crossref:",
        "  chapters: false",
        "---",
    ]
    out = [subtitle, ""] if partial else [*front, ""]
    section, subsection = "brief", ""
    counts: dict[str, int] = {}
    index = 0
    while index < len(body):
        line = body[index]
        if line.startswith("## "):
            heading = line[3:].strip()
            section = section_ids.get(heading, re.sub(r"[^a-z0-9]+", "-", heading.lower()))
            subsection = ""
            line = f"{line} {{#sec-{section}}}"
        elif line.startswith("### "):
            found = _OPTION.search(line)
            subsection = found.group("id") if found else ""
        figure = _FIGURE.match(line.strip())
        if figure:
            line = f"{line.strip()}{{#fig-{figure.group('kind')}}}"
        is_table = line.startswith("|") and index + 1 < len(body)
        if is_table and re.match(r"^\|[-:| ]+\|$", body[index + 1].strip()):
            end = index
            while end < len(body) and body[end].startswith("|"):
                end += 1
            out.extend(body[index:end])
            key = f"{section}-{subsection}" if subsection else section
            counts[key] = counts.get(key, 0) + 1
            ident = key if counts[key] == 1 else f"{key}-{counts[key]}"
            heading = next((t for t, i in section_ids.items() if i == section), section)
            caption = f"{heading}: {subsection}" if subsection else heading
            out += ["", f": {caption} {{#tbl-{ident}}}"]
            index = end
            continue
        out.append(line)
        index += 1
    return "\n".join(out).rstrip() + "\n"


def report_quarto(brief: Brief, folder: str, partial: bool = False) -> tuple[str, dict[str, bytes]]:
    """The brief as a ``.qmd`` and its charts: ``{file name: SVG}`` for ``folder``;
    ``partial`` leaves the front matter out (see :func:`to_quarto`)."""
    from policy_options.render.report import report_markdown, sections

    markdown, files = report_markdown(brief, folder)
    ids = {section.title: section.id for section in sections(brief)}
    return to_quarto(markdown, ids, partial), files
