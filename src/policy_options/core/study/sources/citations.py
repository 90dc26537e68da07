"""What cites what: every quote of a study, with the source it cites and where it is
written.

The checker works on a flat list of :class:`QuoteItem` (the quote, the source it
cites, where it is written, what cites it), so a new kind of quote is one more
producer in :func:`quote_items`.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from policy_options.core.study.files.model import Study
from policy_options.core.study.reading.yaml_document import YamlDocument
from policy_options.core.study.reading.yamlfile import read_yaml
from policy_options.errors import Location, StudyError


@dataclass(frozen=True)
class QuoteItem:
    """One quote to check: its text, the source id it cites, where it is written, who cites it.

    ``file`` and ``keys`` say where the quote is written; :attr:`location` turns them into
    line and column by reading the file again, only when a location is shown (checking
    thousands of quotes against a source needs none).
    """

    quote: str
    ref: str | None  # None: nothing names a source for it
    file: str
    keys: tuple[str | int, ...]
    option: str | None = None  # the citing option (None for study-level quotes)
    criterion: str | None = None  # the score's criterion (None for the option's own quote)
    kind: str = "option"  # option | score | scenario | interaction ...

    @property
    def location(self) -> Location:
        return locate_value(self.file, self.keys)

    @property
    def cited_by(self) -> str:
        """'fms-air-defense', 'fms-air-defense / deterrence', 'scenario x'."""
        parts = [p for p in (self.option, self.criterion) if p]
        return " / ".join(parts) if parts else self.kind


def quote_items(study: Study) -> list[QuoteItem]:
    """Every quote of the study, located in its YAML file, in file order: options, then
    interactions, then scenarios.

    An option's scores cite their own ``ref`` or else the option's source (as its
    ``link_quote`` does), a scenario's overrides their ``ref`` or else the scenario's;
    with no ``source:`` they cite the study's only source when it declares exactly one, as
    interactions always do.
    """
    only = next(iter(study.spec.sources)) if len(study.spec.sources) == 1 else None
    items: list[QuoteItem] = []
    for option in study.options.values():
        source = option.spec.source
        ref = source.ref if source is not None else only
        if source is not None and (source.quote or "").strip():
            where: tuple[str, tuple[str | int, ...]] = (option.file, ("source", "quote"))
            items.append(QuoteItem(source.quote or "", ref, *where, option.id, None, "option"))
        for key, score in option.spec.scores.items():
            if (score.quote or "").strip():  # a score's own ref, else the option's source
                where = (option.file, ("scores", key, "quote"))
                cites = score.ref or ref
                items.append(QuoteItem(score.quote or "", cites, *where, option.id, key, "score"))
        if (option.spec.link_quote or "").strip():  # why it requires or excludes what it does
            where = (option.file, ("link_quote",))
            items.append(
                QuoteItem(option.spec.link_quote or "", ref, *where, option.id, None, "link")
            )
    if study.interactions_file is not None:  # portfolio interactions cite the only source
        for i, interaction in enumerate(study.interactions):
            if (interaction.quote or "").strip():
                where = (study.interactions_file, (i, "quote"))
                label = f"interaction {' + '.join(interaction.options)}"
                items.append(
                    QuoteItem(interaction.quote or "", only, *where, label, None, "interaction")
                )
    for scenario in study.scenarios.values():
        cited = scenario.spec.source
        ref = cited.ref if cited is not None else only
        label = f"scenario {scenario.id}"
        if cited is not None and (cited.quote or "").strip():
            where = (scenario.file, ("source", "quote"))
            items.append(QuoteItem(cited.quote or "", ref, *where, label, None, "scenario"))
        for option_id, overrides in scenario.spec.scores.items():
            for key, score in overrides.items():
                if (score.quote or "").strip():
                    where = (scenario.file, ("scores", option_id, key, "quote"))
                    cites = score.ref or ref
                    items.append(
                        QuoteItem(
                            score.quote or "",
                            cites,
                            *where,
                            f"{label}: {option_id}",
                            key,
                            "scenario",
                        )
                    )
    return items


def locate_value(file: str, keys: tuple[str | int, ...]) -> Location:
    """Line and column of the value at ``keys`` in the YAML ``file`` (shown as given)."""
    try:
        stat = os.stat(file)
    except OSError:  # pragma: no cover - the study loaded a moment ago
        return Location(file)
    doc = _document(os.path.abspath(file), stat.st_mtime_ns, stat.st_size, file)
    return doc.locate(keys) if doc is not None else Location(file)


@functools.lru_cache(maxsize=8)
def _document(path: str, mtime_ns: int, size: int, display: str) -> YamlDocument | None:
    """A parsed YAML file, kept while it is unchanged (quotes are located file by file)."""
    try:
        return read_yaml(Path(path), display)
    except StudyError:  # pragma: no cover - the study loaded a moment ago
        return None
