"""``policy info``: what the study is about and how it is set up."""

from __future__ import annotations

from policy_options.core.study.files.model import Study
from policy_options.core.study.weights import Weights
from policy_options.render import fmt
from policy_options.render.document import (
    DATA,
    DISPLAY,
    INTEGER,
    PAGE,
    PERCENT,
    TERMINAL,
    Block,
    Column,
    Document,
    Items,
    Note,
    Paragraph,
    Text,
    cells,
    code,
    page,
    table,
    terminal,
)


def info(study: Study, weights: Weights) -> Document:
    """The question and sources, the criteria with their weights, the profiles and
    scenarios; CSV: the criteria."""
    blocks: list[Block] = []
    if study.spec.question:
        blocks.append(
            Paragraph(
                Text.of(page("Question:", style="strong"), page(" "), study.spec.question),
                style="strong",
            )
        )
    sources = []
    for key, source in study.spec.sources.items():
        bits = [
            ", ".join(source.authors),
            f"“{source.title}”",
            source.publisher,
            str(source.date or ""),
        ]
        line = ", ".join(b for b in bits if b)
        sources.append(Text.of(terminal("source "), code(key), ": ", line))
    blocks.append(Items(tuple(sources), style="strong muted"))

    criteria = [
        Column("Criterion", "criterion"),
        Column("Name", "name"),
        Column("Direction", media=DISPLAY),
        Column(key="direction", media=DATA),
        Column("Scale", media=DISPLAY),
        Column(key="min", media=DATA),
        Column(key="max", media=DATA),
        Column(key="unit", media=DATA),
        Column(f"Weight ({weights.profile})", "weight", PERCENT),
        Column("Description", media=PAGE),
    ]
    blocks.append(
        table(
            criteria,
            (
                cells(
                    Text.of(code(key)),
                    c.name,
                    Text.of(
                        fmt.direction(c), terminal(" (value function)" if c.value_function else "")
                    ),
                    c.direction.value,
                    fmt.scale(c),
                    float(c.scale.min),
                    float(c.scale.max),
                    c.unit,
                    weights.normalised[key],
                    c.description,
                )
                for key, c in study.criteria.items()
            ),
            title=terminal("Criteria"),
        )
    )
    blocks.append(
        table(
            [Column("Profile"), Column("Name"), Column("Description", grow=1)],
            (
                cells(
                    Text.of(
                        code(key), terminal(" (default)" if key == study.default_profile else "")
                    ),
                    profile.name,
                    profile.spec.description,
                )
                for key, profile in study.profiles.items()
            ),
            title=terminal("Weight profiles"),
            media=DISPLAY if study.profiles else TERMINAL,
        )
    )
    if study.scenarios:
        blocks.append(
            table(
                [
                    Column("Scenario"),
                    Column("Name"),
                    Column("Probability", align="right"),
                    Column("Overrides", kind=INTEGER),
                    Column("Profile"),
                ],
                (
                    cells(
                        Text.of(code(key)),
                        scenario.name,
                        fmt.probability(scenario.spec.probability),
                        sum(len(o) for o in scenario.spec.scores.values()),
                        scenario.spec.weights or "",
                    )
                    for key, scenario in study.scenarios.items()
                ),
                title=terminal("Scenarios (--scenario NAME)"),
                media=DISPLAY,
            )
        )
    blocks.append(Note(Text.of(f"{len(study.options)} options in {study.path}"), TERMINAL))
    return Document(Text.of(study.title), tuple(blocks))
