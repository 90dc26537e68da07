"""Portfolio links checked across a study's files: a requirement the other option
excludes, requires-cycles, options whose prerequisites exclude each other; and
``interactions.yaml`` read and checked against the options and criteria."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from policy_options.core.study.files.interactions_file import Interaction, InteractionsFile
from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.files.option_file import Option
from policy_options.core.study.loading.folder import INTERACTIONS_FILE, display_path
from policy_options.core.study.loading.parse import validation_problem
from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.reading.yamlfile import read_yaml
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Problem, StudyError


def check_exclusions(options: dict[str, Option], docs: dict[str, YamlDocument]) -> list[Problem]:
    """Across options: a requirement the other side excludes (error); requires-cycles and
    options whose prerequisites exclude each other, so they can never be taken (warnings)."""
    problems: list[Problem] = []
    excluded: set[tuple[str, str]] = set()
    for a, option in options.items():
        for b in option.spec.excludes:
            if b in options:
                excluded |= {(a, b), (b, a)}
    for a, option in options.items():
        for i, b in enumerate(option.spec.requires):
            if b in options and (a, b) in excluded and b not in option.spec.excludes:
                problems.append(
                    Problem(
                        f"option '{a}' requires '{b}', which excludes it",
                        docs[a].locate(("requires", i)),
                    )
                )
    if problems:
        return problems
    needs = {a: [b for b in o.spec.requires if b in options] for a, o in options.items()}
    reported: set[frozenset[str]] = set()
    for a in options:
        closure = _closure(a, needs)
        if a in closure:
            cycle = frozenset(b for b in closure if a in _closure(b, needs))
            if cycle not in reported:
                reported.add(cycle)
                names = ", ".join(sorted(cycle))
                problems.append(
                    Problem(
                        f"requires-cycle: {names} require each other, so each is usable only"
                        " with all of them",
                        docs[a].locate(("requires",), key=True),
                        "warning",
                    )
                )
        clash = sorted((x, y) for x, y in excluded if x in closure | {a} and y in closure | {a})
        if clash:
            x, y = clash[0]
            problems.append(
                Problem(
                    f"option '{a}' can never be in a package: it needs both '{x}' and '{y}',"
                    " which exclude each other",
                    docs[a].locate(("requires",), key=True),
                    "warning",
                )
            )
    return problems


def _closure(start: str, needs: dict[str, list[str]]) -> set[str]:
    """Every option ``start`` requires, directly or through others (itself only in a cycle)."""
    seen: set[str] = set()
    stack = list(needs.get(start, []))
    while stack:
        b = stack.pop()
        if b not in seen:
            seen.add(b)
            stack.extend(needs.get(b, []))
    return seen


def load_interactions(
    folder: Path, study: StudyFile, ids: Iterable[str]
) -> tuple[tuple[Interaction, ...], str | None, list[Problem]]:
    """``interactions.yaml`` (optional): a YAML list of pairwise interactions, cross-checked."""
    path = folder / INTERACTIONS_FILE
    if not path.exists():
        return (), None, []
    display = display_path(path)
    try:
        doc = read_yaml(path, display)
    except StudyError as exc:
        return (), display, exc.problems
    if doc.data is None:
        return (), display, []
    if not isinstance(doc.data, list):
        kind = type(doc.data).__name__
        return (), display, [Problem(f"expected a list of interactions, got {kind}", doc.locate())]
    wrapped = YamlDocument(
        {"interactions": doc.data},
        doc.path,
        {("interactions", *k): v for k, v in doc.values.items()},
        {("interactions", *k): v for k, v in doc.keys.items()},
    )
    try:
        parsed = InteractionsFile.model_validate(wrapped.data)
    except ValidationError as exc:
        return (
            (),
            display,
            [validation_problem(err, InteractionsFile, wrapped) for err in exc.errors()],
        )
    known = sorted(ids)
    problems: list[Problem] = []
    for i, item in enumerate(parsed.interactions):
        for j, option in enumerate(item.options):
            if option not in known:
                problems.append(
                    Problem(
                        f"unknown option '{option}'{did_you_mean(option, known)}",
                        doc.locate((i, "options", j)),
                    )
                )
        if item.criterion not in study.criteria:
            problems.append(
                Problem(
                    f"unknown criterion '{item.criterion}'"
                    f"{did_you_mean(item.criterion, study.criteria)}",
                    doc.locate((i, "criterion")),
                )
            )
        if not item.rationale.strip():
            problems.append(Problem("interaction has no rationale", doc.locate((i,)), "warning"))
    return tuple(parsed.interactions), display, problems
