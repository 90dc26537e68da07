"""An option checked against its study: scores for every criterion, each inside its
criterion's scale, a declared source, portfolio keys (costs on declared resources,
requires and excludes naming other options); and its warnings (no quote, no rationale).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.files.option_file import Option, OptionFile, Score
from policy_options.core.study.loading.parse import validation_problem
from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.suggest import did_you_mean
from policy_options.errors import Problem


def check_option(spec: OptionFile, doc: YamlDocument, study: StudyFile) -> list[Problem]:
    """An option file's errors: an undeclared source, unknown criteria, scores outside
    their scales, criteria it gives no score."""
    problems: list[Problem] = []
    criteria = study.criteria
    if spec.source is not None and spec.source.ref not in study.sources:
        problems.append(
            Problem(
                f"unknown source '{spec.source.ref}'{did_you_mean(spec.source.ref, study.sources)}",
                doc.locate(("source", "ref")),
            )
        )
    for key, score in spec.scores.items():
        if key not in criteria:
            problems.append(
                Problem(
                    f"unknown criterion '{key}'{did_you_mean(key, criteria)}",
                    doc.locate(("scores", key), key=True),
                )
            )
            continue
        problems += check_scale(key, score, criteria[key], doc, ("scores", key))
        if score.ref is not None and score.ref not in study.sources:
            problems.append(
                Problem(
                    f"unknown source '{score.ref}'{did_you_mean(score.ref, study.sources)}",
                    doc.locate(("scores", key, "ref")),
                )
            )
    missing = [c for c in criteria if c not in spec.scores]
    if missing:
        problems.append(
            Problem(
                "no score for " + ", ".join(f"'{c}'" for c in missing),
                doc.locate(("scores",), key=True),
            )
        )
    return problems


def check_scale(
    key: str, score: Score, criterion: Criterion, doc: YamlDocument, where: tuple[str, ...]
) -> list[Problem]:
    """A score (and its range) inside its criterion's scale."""
    problems = []
    scale = criterion.scale
    unit = f" {criterion.unit}" if criterion.unit else ""
    if not scale.min <= score.value <= scale.max:
        problems.append(
            Problem(
                f"score {score.value:g} for '{key}' lies outside its scale"
                f" {scale.min:g}..{scale.max:g}{unit}",
                doc.locate((*where, "value")),
            )
        )
    if score.range is not None and not (
        scale.min <= score.range[0] and score.range[1] <= scale.max
    ):
        problems.append(
            Problem(
                f"range [{score.range[0]:g}, {score.range[1]:g}] for '{key}' reaches outside"
                f" its scale {scale.min:g}..{scale.max:g}{unit}",
                doc.locate((*where, "range")),
            )
        )
    return problems


def check_option_data(data: Any, study: StudyFile, display: str) -> list[Problem]:
    """The errors of an option given as data (not yet a file), as loading would find them."""
    doc = YamlDocument(data, display)
    if not isinstance(data, dict):
        return [Problem("expected a mapping of keys at the top level", doc.locate())]
    try:
        spec = OptionFile.model_validate(data)
    except ValidationError as exc:
        return [validation_problem(err, OptionFile, doc) for err in exc.errors()]
    return check_option(spec, doc, study)


def check_links(
    option_id: str, spec: OptionFile, doc: YamlDocument, study: StudyFile, ids: Iterable[str]
) -> list[Problem]:
    """Portfolio keys of an option: costs on declared resources, requires/excludes known ids."""
    problems: list[Problem] = []
    known = ids if isinstance(ids, set | frozenset) else set(ids)  # not sorted per option: n^2
    if spec.costs and not study.resources:
        problems.append(
            Problem(
                "costs given but the study declares no resources (add `resources:` to study.yaml)",
                doc.locate(("costs",), key=True),
            )
        )
    elif spec.costs:
        problems += [
            Problem(
                f"unknown resource '{key}'{did_you_mean(key, study.resources)}",
                doc.locate(("costs", key), key=True),
            )
            for key in spec.costs
            if key not in study.resources
        ]
    for kind in ("requires", "excludes"):
        listed: list[str] = getattr(spec, kind)
        for i, other in enumerate(listed):
            if other == option_id:
                verb = "requires" if kind == "requires" else "excludes"
                problems.append(
                    Problem(f"option '{option_id}' {verb} itself", doc.locate((kind, i)))
                )
            elif other not in known:
                problems.append(
                    Problem(
                        f"unknown option '{other}'{did_you_mean(other, sorted(known))}",
                        doc.locate((kind, i)),
                    )
                )
    for g, group in enumerate(spec.requires_any):
        if not group:
            problems.append(
                Problem(
                    "an empty requires_any group can never be met", doc.locate(("requires_any", g))
                )
            )
        for i, other in enumerate(group):
            if other == option_id:
                problems.append(
                    Problem(
                        f"option '{option_id}' lists itself in requires_any",
                        doc.locate(("requires_any", g, i)),
                    )
                )
            elif other not in known:
                problems.append(
                    Problem(
                        f"unknown option '{other}'{did_you_mean(other, sorted(known))}",
                        doc.locate(("requires_any", g, i)),
                    )
                )
    for i, other in enumerate(spec.requires):
        if other in spec.excludes:
            problems.append(
                Problem(
                    f"option '{option_id}' requires '{other}' and also excludes it",
                    doc.locate(("requires", i)),
                )
            )
    return problems


PLACEHOLDER = re.compile(r"\bTODO\b|\(replace with\b")
"""What `policy init` and `policy new` write for the analyst to replace."""


def placeholders(data: Any, doc: YamlDocument, where: tuple[str | int, ...] = ()) -> list[Problem]:
    """A warning for every text of a file still holding a placeholder (`TODO: ...`)."""
    if isinstance(data, str):
        if PLACEHOLDER.search(data):
            short = data if len(data) <= 60 else data[:60].rsplit(" ", 1)[0] + " ..."
            return [Problem(f"placeholder left: {short!r}", doc.locate(where), "warning")]
        return []
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in placeholders(v, doc, (*where, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in placeholders(v, doc, (*where, i))]
    return []


def option_warnings(
    option: Option, doc: YamlDocument, resources: Iterable[str] = ()
) -> list[Problem]:
    """What an option lacks but may go without: a source quote, a cost rationale, a
    score's rationale, costs in a study with resources (it would be free); and the
    placeholders it still holds."""
    warnings: list[Problem] = placeholders(doc.data, doc)
    missing = [key for key in resources if key not in option.spec.costs]
    if missing:
        warnings.append(
            Problem(
                "no cost for " + ", ".join(f"'{key}'" for key in missing) + ": a package"
                " takes it for free (write 0 if it costs nothing)",
                doc.locate(("costs",) if option.spec.costs else (), key=bool(option.spec.costs)),
                "warning",
            )
        )
    source = option.spec.source
    if source is None or not (source.quote or "").strip():
        warnings.append(
            Problem(
                "option has no source quote",
                doc.locate(("source",) if source is not None else ()),
                "warning",
            )
        )
    if option.spec.costs and not option.spec.cost_rationale.strip():
        warnings.append(
            Problem("costs have no cost_rationale", doc.locate(("costs",), key=True), "warning")
        )
    for key, score in option.spec.scores.items():
        if not score.rationale.strip():
            warnings.append(
                Problem(
                    f"score for '{key}' has no rationale",
                    doc.locate(("scores", key), key=True),
                    "warning",
                )
            )
    return warnings
