"""The study and a ranking in XMCDA 3 (Decision Deck's XML for MCDA data), written.

What maps to what (docs/xmcda.md says it for users):

- options -> ``<alternatives>`` (id, title as name, summary as comment);
- criteria, modifiers too -> ``<criteria>`` (id, name, description as comment); their scale and
  direction -> ``<criteriaScales>`` (quantitative, min/max, preferenceDirection);
- value functions -> ``<criteriaFunctions>`` (piecewise linear, one segment per pair of
  points);
- PROMETHEE preference functions -> ``<criteriaThresholds>`` (indifference q,
  preference p, sigma s) and one ``<criteriaValues mcdaConcept="preferenceFunction">``
  of labels (usual, u-shape, ...);
- weight profiles -> one ``<criteriaValues mcdaConcept="weights">`` each (id = profile id,
  raw weights);
- raw scores -> ``<performanceTable>``;
- everything else (rationales, quotes, ranges, sources, costs, links, interactions,
  scenarios, ...) -> the extension block, one ``<programParameters
  mcdaConcept="policy-options-extension">`` whose one label is YAML (see
  :mod:`policy_options.core.interchange.xmcda_extension`).

A ranking (``policy rank --format xmcda``) is ``<alternativesValues>``: the score (0..1)
and the rank. Numbers are written with ``repr`` (the shortest text that reads back as the
same double), so a round trip is exact. Only the standard library's ElementTree is used.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from policy_options.core.ranking.rank import Ranking
from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.files.model import Study

NAMESPACE = "http://www.decision-deck.org/2019/XMCDA-3.1.1"
"""XMCDA 3.1.1: the root element is in this namespace, its children in none."""
SCHEMA_FILE = "XMCDA-3.1.1.xsd"
WEIGHTS = "weights"
PREFERENCE_FUNCTION = "preferenceFunction"
THRESHOLDS = {"q": "indifference", "p": "preference", "s": "sigma"}
"""PreferenceSpec field -> the threshold's mcdaConcept."""
EXTENSION = "policy-options-extension"
EXTENSION_PARAMETER = "study"
RANK_SCORE, RANK_RANK = "score", "rank"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def real(x: float) -> str:
    """A number as xs:double text that reads back as the same float."""
    return repr(float(x))


def _number(parent: ET.Element, tag: str, x: float) -> ET.Element:
    holder = _sub(parent, tag)
    _sub(holder, "real", real(x))
    return holder


def _values(parent: ET.Element, xs: Iterable[float | str]) -> None:
    values = _sub(parent, "values")
    for x in xs:
        value = _sub(values, "value")
        if isinstance(x, str):
            _sub(value, "label", x)
        else:
            _sub(value, "real", real(x))


def _comment(parent: ET.Element, text: str) -> None:
    if text:
        _sub(_sub(parent, "description"), "comment", text)


def _criterion_values(
    root: ET.Element, values: dict[str, float | str], concept: str, id_: str = "", name: str = ""
) -> ET.Element:
    block = _sub(root, "criteriaValues", id=id_, name=name, mcdaConcept=concept)
    for key, x in values.items():
        entry = _sub(block, "criterionValue")
        _sub(entry, "criterionID", key)
        _values(entry, [x])
    return block


def _root() -> ET.Element:
    ET.register_namespace("xmcda", NAMESPACE)
    return ET.Element(f"{{{NAMESPACE}}}XMCDA")


def _text(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _alternatives(root: ET.Element, study: Study, ids: Iterable[str]) -> None:
    block = _sub(root, "alternatives")
    for key in ids:
        option = study.options[key]
        element = _sub(block, "alternative", id=key, name=option.title)
        _comment(element, option.spec.summary)


def _criteria(root: ET.Element, study: Study) -> None:
    block = _sub(root, "criteria")
    for key, criterion in study.all_criteria.items():
        element = _sub(block, "criterion", id=key, name=criterion.name)
        _comment(element, criterion.description)


def export_xmcda(study: Study, extension: bool = True) -> str:
    """The study as one XMCDA 3.1.1 document (text); ``extension`` adds the block of what
    XMCDA cannot hold, so that ``policy import`` gets the whole study back."""
    root = _root()
    _alternatives(root, study, study.options)
    _criteria(root, study)
    table = _sub(root, "performanceTable", mcdaConcept="raw scores")
    for key, option in study.options.items():
        row = _sub(table, "alternativePerformances")
        _sub(row, "alternativeID", key)
        for criterion_id in study.all_criteria:
            cell = _sub(row, "performance")
            _sub(cell, "criterionID", criterion_id)
            _values(cell, [option.spec.scores[criterion_id].value])
    functions = {k: c.value_function for k, c in study.all_criteria.items() if c.value_function}
    if functions:
        block = _sub(root, "criteriaFunctions", mcdaConcept="value functions")
        for key, points in functions.items():
            entry = _sub(block, "criterionFunction")
            _sub(entry, "criterionID", key)
            linear = _sub(_sub(_sub(entry, "functions"), "function"), "piecewiseLinear")
            for (x0, v0), (x1, v1) in itertools.pairwise(points):
                segment = _sub(linear, "segment")
                for tag, (x, v) in (("head", (x0, v0)), ("tail", (x1, v1))):
                    point = _sub(segment, tag)
                    _number(point, "abscissa", x)
                    _number(point, "ordinate", v)
    scales = _sub(root, "criteriaScales")
    for key, criterion in study.all_criteria.items():
        entry = _sub(scales, "criterionScale")
        _sub(entry, "criterionID", key)
        quantitative = _sub(_sub(_sub(entry, "scales"), "scale"), "quantitative")
        higher = criterion.direction is Direction.HIGHER_IS_BETTER
        _sub(quantitative, "preferenceDirection", "max" if higher else "min")
        _number(quantitative, "minimum", criterion.scale.min)
        _number(quantitative, "maximum", criterion.scale.max)
    preferences = {k: c.preference for k, c in study.all_criteria.items() if c.preference}
    if preferences:
        block = _sub(root, "criteriaThresholds", mcdaConcept="PROMETHEE")
        for key, spec in preferences.items():
            entry = _sub(block, "criterionThreshold")
            _sub(entry, "criterionID", key)
            thresholds = _sub(entry, "thresholds")
            for field, concept in THRESHOLDS.items():
                threshold = _sub(thresholds, "threshold", mcdaConcept=concept)
                _number(threshold, "constant", getattr(spec, field))
    for profile in study.profiles.values():
        _criterion_values(
            root, dict(profile.spec.weights), WEIGHTS, id_=profile.id, name=profile.name
        )
    if preferences:
        shapes: dict[str, float | str] = {k: p.function.value for k, p in preferences.items()}
        _criterion_values(root, shapes, PREFERENCE_FUNCTION)
    if extension:
        from policy_options.core.interchange.xmcda_extension import extension_text

        block = _sub(root, "programParameters", mcdaConcept=EXTENSION)
        _comment(block, "What XMCDA cannot hold, for `policy import` (YAML; see docs/xmcda.md)")
        parameter = _sub(block, "parameter", id=EXTENSION_PARAMETER)
        _values(parameter, [extension_text(study)])
    return _text(root)


def ranking_xmcda(ranking: Ranking) -> str:
    """A ranking as XMCDA 3.1.1: ``<alternativesValues>`` of the scores (0..1) and of the
    ranks, and the normalised weights used as ``<criteriaValues>``."""
    root = _root()
    ids = [row.option for row in ranking.rows]
    _alternatives(root, ranking.study, ids)
    note = f"method {ranking.method}; weights {ranking.weights.label}"
    for concept in (RANK_SCORE, RANK_RANK):
        block = _sub(root, "alternativesValues", mcdaConcept=concept)
        _comment(block, note)
        for row in ranking.rows:
            entry = _sub(block, "alternativeValue")
            _sub(entry, "alternativeID", row.option)
            value = _sub(_sub(entry, "values"), "value")
            if concept == RANK_RANK:
                _sub(value, "integer", str(row.rank))
            else:
                _sub(value, "real", real(row.score))
    weights = ranking.weights
    block = _criterion_values(
        root, dict(weights.normalised), WEIGHTS, id_=weights.profile, name=weights.name
    )
    _comment(block, "normalised to sum 1")
    # a description must come first in its parent: move it before the criterionValue
    description = block[-1]
    block.remove(description)
    block.insert(0, description)
    return _text(root)
