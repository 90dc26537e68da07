"""``policy validate``: every problem of a study, one a line, then a summary line."""

from __future__ import annotations

from policy_options.core.study.loading.load import Inspection
from policy_options.render import fmt
from policy_options.render.document import Block, Document, Items, Paragraph, Span, Text


def inspection(result: Inspection, folder: str) -> Document:
    """Lines are never wrapped: scripts and editors grep them for file:line:column."""
    blocks: list[Block] = []
    if result.problems:
        problems = tuple(
            Text.of(
                Span(f"{p.severity}: ", "error" if p.severity == "error" else "warning"), str(p)
            )
            for p in result.problems
        )
        blocks.append(Items(problems, wrap=False))
    errors = bool(result.errors)
    blocks.append(
        Paragraph(Text.of(summary(result, folder)), style="error" if errors else "good", wrap=False)
    )
    return Document(Text(), tuple(blocks))


def summary(result: Inspection, folder: str) -> str:
    """'options: valid: 14 options, 8 criteria, 4 weight profiles; 0 errors, 1 warning'."""
    errors, warnings = len(result.errors), len(result.warnings)
    study = result.study
    size = ""
    if study is not None and not errors:
        size = (
            f"{fmt.plural(len(study.options), 'option')},"
            f" {len(study.criteria)} criteri{'on' if len(study.criteria) == 1 else 'a'},"
            f" {fmt.plural(len(study.profiles), 'weight profile')}"
            + (f", {fmt.plural(len(study.scenarios), 'scenario')}" if study.scenarios else "")
            + "; "
        )
    verdict = "invalid" if errors else "valid"
    return (
        f"{folder}: {verdict}: {size}{fmt.plural(errors, 'error')},"
        f" {fmt.plural(warnings, 'warning')}"
    )
