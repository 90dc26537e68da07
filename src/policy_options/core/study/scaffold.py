"""The text of new study files: ``policy init`` (a whole study) and ``policy new option ID``.

Everything written here is checked by the tests to load without errors; the
new option's empty rationales are meant to draw ``policy validate`` warnings
until the analyst fills them in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.loading.folder import STUDY_FILE, WEIGHTS_DIR, display_path
from policy_options.core.study.loading.parse import parse_file
from policy_options.core.study.schema import modeline
from policy_options.errors import StudyError, UsageError

EXAMPLE_OPTION = "example-option"
EXAMPLE_PROFILE = "balanced"
DEFAULT_TITLE = "A new policy study"

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_RESERVED = {"study", "interactions", "con", "prn", "aux", "nul"} | {
    f"{device}{i}" for device in ("com", "lpt") for i in range(10)
}
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def check_id(text: str, what: str) -> str:
    """``text`` if it is a safe file name for an option or profile id, else a UsageError."""
    if text.lower().endswith((".yaml", ".yml")):
        raise UsageError(
            f"{what} '{text}': give the id without .yaml", hint=f"e.g. {Path(text).stem}"
        )
    if not _SAFE_ID.fullmatch(text) or text.lower() in _RESERVED:
        raise UsageError(
            f"{what} '{text}' is not a safe file name: use up to 64 letters, digits, '-' and '_',"
            " starting with a letter or digit (e.g. fms-air-defense)"
        )
    return text


def yaml_key(name: str) -> str:
    """A mapping key as YAML reads it back: plain when safe, else double-quoted."""
    if _PLAIN_KEY.fullmatch(name) and name.lower() not in _YAML_WORDS:
        return name
    return json.dumps(name, ensure_ascii=False)


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def yaml_number(x: float) -> str:
    """At most 6 decimals, no trailing zeros, never an exponent: 0.520833, 100, 0."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def read_study_file(folder: Path) -> StudyFile:
    """``study.yaml`` of ``folder`` alone (its criteria and sources); StudyError if invalid."""
    path = folder / STUDY_FILE
    spec, _, problems = parse_file(path, StudyFile, display_path(path))
    if problems or spec is None:
        raise StudyError(problems)
    return spec


STUDY_TEMPLATE = """\
{modeline}
# A policy-options study: this file, one <option-id>.yaml per option, and one
# weights/<name>.yaml per weight profile.
#   policy validate --study DIR     every problem, with file:line:column
#   policy rank --study DIR         the ranking
#   policy new option ID --study DIR   a new option file with every criterion to score
schema: 1
title: {title}
# The question the ranking answers.
question: Which option best serves the goal, at acceptable cost?
# The sources options cite: an option's `source: {{ref: main-source, quote: ...}}`
# names one of these keys.
sources:
  main-source:
    title: "TODO: the title of the report or article the options come from"
    authors: [First Author, Second Author]
    publisher: Publisher
    date: 2024-01-31
    # url: https://example.org/the-report
    # The source's text (.txt, .md, .html or .pdf, relative to this folder): `policy
    # validate` checks every quote against it. Replace the placeholder with the real text.
    file: sources/main-source.md
# Every option gets one score per criterion. A score becomes a 0-1 value on the
# criterion's declared scale (1 = best), never relative to the other options.
criteria:
  benefit:
    name: Benefit
    description: "How far the option advances the goal. 0 = not at all; 5 = partly; 10 = fully."
    direction: higher_is_better     # or lower_is_better
    scale: {{min: 0, max: 10}}        # every score of this criterion lies here
    unit: points
  cost:
    name: Cost
    description: "What the option costs in money and attention. 0 = nothing; 10 = too much."
    direction: lower_is_better
    scale: {{min: 0, max: 10}}
    unit: points
    # Optional: a piecewise-linear value function from the scale's min to its max.
    # value_function: [[0, 1.0], [5, 0.7], [10, 0.0]]
defaults:
  weights: {profile}               # the profile in weights/ used without --weights
"""

OPTION_TEMPLATE = """\
{modeline}
# One policy option; its id is the file name without .yaml.
title: "TODO: a one-line title of the option"
actor: Who would carry it out
stance: recommended   # recommended | conditional | doubted | insufficient | rejected | in_place
summary: One or two sentences on what the option is and does.
source:
  ref: main-source
  quote: "A verbatim sentence from the source that proposes or discusses the option."
scores:
  benefit:
    value: 6
    range: [4, 8]     # optional plausible low and high, for sensitivity analysis
    rationale: "TODO: why 6 rather than 4 or 8, in a sentence that cites the source."
  cost:
    value: 3
    rationale: "TODO: why 3, in a sentence."
"""

SOURCE_TEMPLATE = """\
# Placeholder for the source's text

Paste the text of the report or article here (or point `file:` in study.yaml at a
.txt, .html or .pdf copy). Every quote an option cites must appear in it.

A verbatim sentence from the source that proposes or discusses the option.
"""

PROFILE_TEMPLATE = """\
{modeline}
# A weight profile: raw weights, normalised to sum 1 when used. Every criterion
# needs one (0 ignores it). `policy weights rank|swing|ahp` write profiles too.
name: Balanced
description: Benefit and cost count the same.
weights: {{benefit: 1, cost: 1}}
"""


def study_files(title: str | None = None) -> dict[str, str]:
    """Relative path -> text of the files of a new study (two criteria, one option, one profile)."""
    return {
        STUDY_FILE: STUDY_TEMPLATE.format(
            modeline=modeline("study"),
            title=yaml_string(title or DEFAULT_TITLE),
            profile=EXAMPLE_PROFILE,
        ),
        f"{EXAMPLE_OPTION}.yaml": OPTION_TEMPLATE.format(modeline=modeline("option")),
        f"{WEIGHTS_DIR}/{EXAMPLE_PROFILE}.yaml": PROFILE_TEMPLATE.format(
            modeline=modeline("weights")
        ),
        "sources/main-source.md": SOURCE_TEMPLATE,
    }


def option_text(option_id: str, study: StudyFile) -> str:
    """A new option listing every criterion at its scale's midpoint, rationales empty."""
    lines = [
        modeline("option"),
        f"# Option '{option_id}', written by `policy new option`. Fill in the title, the",
        "# source quote and every score with its rationale: each value is a placeholder at",
        "# the middle of its scale, and `policy validate` warns about every empty rationale.",
        f"title: {yaml_string(f'TODO: title of {option_id}')}",
        'actor: ""',
        "# stance: recommended   # what the source says: recommended | conditional | doubted"
        " | insufficient | rejected | in_place",
        'summary: ""',
    ]
    if study.sources:
        ref = next(iter(study.sources))
        lines += ["source:", f"  ref: {yaml_key(ref)}", '  quote: ""']
    lines.append("scores:")
    for key, criterion in study.criteria.items():
        scale = criterion.scale
        better = "higher" if criterion.direction is Direction.HIGHER_IS_BETTER else "lower"
        unit = f" {criterion.unit}" if criterion.unit else ""
        lines += [
            f"  {yaml_key(key)}:   # {criterion.name}: {yaml_number(scale.min)}"
            f"..{yaml_number(scale.max)}{unit}, {better} is better",
            f"    value: {yaml_number((scale.min + scale.max) / 2)}",
            "    # range: [low, high]",
            '    rationale: ""',
        ]
    if study.resources:  # a missing cost would make the option free in every package
        lines.append("costs:   # placeholders: `policy validate` warns until each is replaced")
        for key, resource in study.resources.items():
            unit = f" {resource.unit}" if resource.unit else ""
            lines.append(f"  {yaml_key(key)}: 0   # TODO: {resource.name}{unit}")
        lines.append(f"cost_rationale: {yaml_string('TODO: where the costs come from')}")
    return "\n".join(lines) + "\n"


def profile_text(profile_id: str, study: StudyFile) -> str:
    """A new weight profile: every criterion that takes a weight at 1 (equal weights), each
    named in a comment with its scale, for the analyst to change."""
    lines = [
        modeline("weights"),
        f"# Weight profile '{profile_id}', written by `policy new profile`: raw weights,",
        "# normalised to sum 1 when used. Every criterion needs one (0 ignores it). Compare",
        "# profiles with `policy profiles`; derive weights with `policy weights rank|swing|ahp`.",
        f"name: {yaml_string(title_of(profile_id))}",
        f"description: {yaml_string('TODO: whose view or which concern these weights express')}",
        "weights:",
    ]
    for key, criterion in study.value_criteria.items():
        lines.append(f"  {yaml_key(key)}: 1   # {criterion.name}")
    return "\n".join(lines) + "\n"


def scenario_text(scenario_id: str, study: StudyFile, options: list[str]) -> str:
    """A new scenario: a name, a description to write, an optional probability, and a
    commented example of a score override on a real option and criterion."""
    option = options[0] if options else "OPTION-ID"
    key, criterion = next(iter(study.criteria.items()))
    middle = yaml_number((criterion.scale.min + criterion.scale.max) / 2)
    lines = [
        modeline("scenario"),
        f"# Scenario '{scenario_id}', written by `policy new scenario`: a future in which some",
        "# scores differ from the option files. Run any command in it with --scenario",
        f"# {scenario_id}; `policy scenarios` compares the futures and their regret.",
        f"name: {yaml_string(title_of(scenario_id))}",
        f"description: {yaml_string('TODO: what happens in this future, and why scores change')}",
        "# probability: 0.2   # optional chance of this future, in (0, 1]",
        "# weights: balanced  # optional profile that becomes the default in this future",
        "scores: {}   # overrides: option -> criterion -> its score in this future, e.g.",
        f"#  {yaml_key(option)}:",
        f"#    {yaml_key(key)}:",
        f"#      value: {middle}",
        '#      rationale: "Why the score differs in this future."',
    ]
    return "\n".join(lines) + "\n"


def title_of(identifier: str) -> str:
    """``deterrence-first`` -> ``Deterrence first``: a display name from an id."""
    words = re.split(r"[-_]+", identifier)
    text = " ".join(word for word in words if word)
    return text[:1].upper() + text[1:]
