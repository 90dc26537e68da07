"""An XMCDA 3 document read into the files of a new study folder (``policy import
FILE.xml --study NEW-DIR``).

Reads what :mod:`policy_options.core.interchange.xmcda` writes, and XMCDA from other tools
(DIVIZ, the R packages): alternatives, criteria, quantitative scales, piecewise-linear
value functions, PROMETHEE thresholds, weights and the performance table. Tags are matched
by local name, so any XMCDA 3.x namespace reads. The extension block, when present,
brings back what XMCDA cannot hold. Nothing is written until the whole study is built and
loads: the files go to a temporary folder beside the target, are loaded and checked like
any study, then the folder is renamed into place.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from policy_options.core.interchange.xmcda import (
    EXTENSION,
    PREFERENCE_FUNCTION,
    THRESHOLDS,
    WEIGHTS,
)
from policy_options.core.interchange.xmcda_extension import FORMAT
from policy_options.core.study.files.criteria import Criterion
from policy_options.core.study.files.model import StudyFile
from policy_options.core.study.files.option_file import OptionFile
from policy_options.errors import PolicyError, UsageError

SHAPES = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian")


@dataclass(frozen=True)
class ImportedStudy:
    """The files of a study read from XMCDA: relative path -> YAML data; and warnings."""

    files: dict[str, Any]
    warnings: tuple[str, ...]


def _in_order(data: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """``data``'s keys in the order of the file model's fields (unknown keys last)."""
    names = [field.alias or name for name, field in model.model_fields.items()]
    rank = {name: i for i, name in enumerate(names)}
    return dict(sorted(data.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def _parse(data: bytes, where: str) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UsageError(f"{where}: a DOCTYPE or ENTITY declaration is not accepted in XMCDA")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise UsageError(f"{where}:{line}:{column + 1}: not well-formed XML ({exc})") from None
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    if root.tag != "XMCDA":
        raise UsageError(f"{where}: the root element is <{root.tag}>, not <XMCDA>")
    return root


def _number(element: ET.Element | None, where: str) -> float | None:
    """The number in a value-holding element (``<real>``, ``<integer>``, ``<rational>``)."""
    if element is None:
        return None
    for tag in ("real", "integer"):
        found = element.find(tag)
        if found is not None:
            try:
                x = float((found.text or "").strip())
            except ValueError:
                raise UsageError(f"{where}: {found.text!r} is not a number") from None
            if not math.isfinite(x):
                raise UsageError(f"{where}: {found.text!r} is not a finite number")
            return int(x) if x.is_integer() else x
    rational = element.find("rational")
    if rational is not None:
        numerator = float(rational.findtext("numerator", "nan"))
        denominator = float(rational.findtext("denominator", "nan"))
        return numerator / denominator
    return None


def _first_value(parent: ET.Element) -> ET.Element | None:
    return parent.find("values/value")


def _id(element: ET.Element, where: str) -> str:
    key = element.get("id")
    if not key:
        raise UsageError(f"{where}: <{element.tag}> without an id")
    return key


def _comment(element: ET.Element) -> str:
    return (element.findtext("description/comment") or "").strip()


def _extension(root: ET.Element, where: str) -> dict[str, Any] | None:
    for block in root.findall("programParameters"):
        if block.get("mcdaConcept") != EXTENSION:
            continue
        label = block.findtext("parameter/values/value/label")
        data = yaml.safe_load(label or "")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UsageError(f"{where}: the {EXTENSION} block is not one this version reads")
        return data
    return None


def _per_criterion(block: ET.Element, child: str) -> dict[str, ET.Element]:
    return {entry.findtext("criterionID", ""): entry for entry in block.findall(child)}


def read_xmcda(data: bytes, where: str) -> ImportedStudy:
    """The study files an XMCDA document describes (nothing written here)."""
    root = _parse(data, where)
    warnings: list[str] = []
    ext = _extension(root, where)
    if ext is None:
        ext = {}
        warnings.append(
            "no policy-options extension block: rationales, quotes, sources and the like"
            " start empty (`policy validate` lists what to fill in)"
        )
    alternatives = [
        a for a in root.findall("alternatives/alternative") if a.findtext("active") != "false"
    ]
    criteria_elements = root.findall("criteria/criterion")
    if not alternatives or not criteria_elements:
        raise UsageError(f"{where}: no <alternatives> or no <criteria>: nothing to import")
    performances: dict[tuple[str, str], float] = {}
    for row in root.findall("performanceTable/alternativePerformances"):
        alternative_id = row.findtext("alternativeID", "")
        for cell in row.findall("performance"):
            criterion_id = cell.findtext("criterionID", "")
            here = f"{where}: performance of {alternative_id} on {criterion_id}"
            x = _number(_first_value(cell), here)
            if x is not None and (alternative_id, criterion_id) not in performances:
                performances[(alternative_id, criterion_id)] = x
    criteria = _criteria(root, criteria_elements, performances, ext, warnings, where)
    study = dict(ext.get("study") or {"schema": 1, "title": Path(where).stem})
    study["criteria"] = criteria
    files: dict[str, Any] = {"study.yaml": _in_order(study, StudyFile)}
    option_ext = ext.get("options") or {}
    for alternative in alternatives:
        key = _id(alternative, where)
        extra = dict(option_ext.get(key) or {})
        score_ext = extra.pop("scores", {}) or {}
        option: dict[str, Any] = {"title": alternative.get("name") or key}
        summary = _comment(alternative)
        if summary:
            option["summary"] = summary
        option.update(extra)
        scores: dict[str, Any] = {}
        for criterion in criteria:
            if (key, criterion) not in performances:
                raise UsageError(f"{where}: no performance of '{key}' on '{criterion}'")
            value = performances[(key, criterion)]
            rest = score_ext.get(criterion) or {}
            scores[criterion] = {"value": value, **rest} if rest else value
        option["scores"] = scores
        files[f"{key}.yaml"] = _in_order(option, OptionFile)
    profile_ext = ext.get("profiles") or {}
    profiles = [b for b in root.findall("criteriaValues") if b.get("mcdaConcept") == WEIGHTS]
    for number, block in enumerate(profiles, start=1):
        key = block.get("id") or ("weights" if len(profiles) == 1 else f"weights-{number}")
        weights = {}
        for entry in block.findall("criterionValue"):
            criterion = entry.findtext("criterionID", "")
            weight = _number(_first_value(entry), f"{where}: weight of {criterion}")
            if criterion in criteria and weight is not None:
                weights[criterion] = weight
        profile: dict[str, Any] = {}
        if block.get("name") and block.get("name") != key:
            profile["name"] = block.get("name")
        profile.update(profile_ext.get(key) or {})
        profile["weights"] = weights
        files[f"weights/{key}.yaml"] = profile
    if not profiles:
        warnings.append(
            "no <criteriaValues mcdaConcept='weights'>: weights/equal.yaml gives 1 each"
        )
        weighted = [k for k, c in criteria.items() if c.get("role") != "modifier"]
        files["weights/equal.yaml"] = {"weights": dict.fromkeys(weighted, 1)}
    if ext.get("interactions"):
        files["interactions.yaml"] = ext["interactions"]
    for key, scenario in (ext.get("scenarios") or {}).items():
        files[f"scenarios/{key}.yaml"] = scenario
    return ImportedStudy(files, tuple(warnings))


def _criteria(
    root: ET.Element,
    elements: list[ET.Element],
    performances: dict[tuple[str, str], float],
    ext: dict[str, Any],
    warnings: list[str],
    where: str,
) -> dict[str, Any]:
    scales: dict[str, ET.Element] = {}
    for block in root.findall("criteriaScales"):
        scales.update(_per_criterion(block, "criterionScale"))
    functions: dict[str, ET.Element] = {}
    for block in root.findall("criteriaFunctions"):
        functions.update(_per_criterion(block, "criterionFunction"))
    thresholds: dict[str, ET.Element] = {}
    for block in root.findall("criteriaThresholds"):
        thresholds.update(_per_criterion(block, "criterionThreshold"))
    shapes: dict[str, str] = {}
    for block in root.findall("criteriaValues"):
        if block.get("mcdaConcept") == PREFERENCE_FUNCTION:
            for entry in block.findall("criterionValue"):
                shapes[entry.findtext("criterionID", "")] = entry.findtext(
                    "values/value/label", ""
                ).strip()
    criteria_ext = (ext.get("study") or {}).pop("criteria", {}) or {}
    criteria: dict[str, Any] = {}
    for element in elements:
        key = _id(element, where)
        here = f"{where}: criterion {key}"
        criterion: dict[str, Any] = {"name": element.get("name") or key}
        description = _comment(element)
        if description:
            criterion["description"] = description
        quantitative = scales[key].find("scales/scale/quantitative") if key in scales else None
        direction = None if quantitative is None else quantitative.findtext("preferenceDirection")
        if direction not in ("min", "max"):
            warnings.append(f"{key}: no quantitative scale with a direction; higher_is_better")
            direction = "max"
        criterion["direction"] = "higher_is_better" if direction == "max" else "lower_is_better"
        low = None if quantitative is None else _number(quantitative.find("minimum"), here)
        high = None if quantitative is None else _number(quantitative.find("maximum"), here)
        if low is None or high is None:
            seen = [x for (_, c), x in performances.items() if c == key]
            if not seen:
                raise UsageError(f"{here}: no scale and no performances to take one from")
            low = min(seen) if low is None else low
            high = max(seen) if high is None else high
            if not low < high:
                high = low + 1
            warnings.append(f"{key}: no scale min/max; took {low:g}..{high:g} from the scores")
        criterion["scale"] = {"min": low, "max": high}
        criterion.update(criteria_ext.get(key) or {})
        if key in functions:
            criterion["value_function"] = _value_function(functions[key], here)
        if key in thresholds or key in shapes:
            criterion["preference"] = _preference(thresholds.get(key), shapes.get(key), here)
        criteria[key] = _in_order(criterion, Criterion)
    return criteria


def _value_function(element: ET.Element, where: str) -> list[list[float]]:
    points: list[list[float]] = []
    for segment in element.findall("functions/function/piecewiseLinear/segment"):
        for end in ("head", "tail"):
            point = segment.find(end)
            x = _number(None if point is None else point.find("abscissa"), where)
            v = _number(None if point is None else point.find("ordinate"), where)
            if x is None or v is None:
                raise UsageError(f"{where}: a value function's point without numbers")
            if not points or points[-1] != [x, v]:
                points.append([x, v])
    if not points:
        raise UsageError(f"{where}: only piecewise-linear value functions are read")
    return points


def _preference(element: ET.Element | None, shape: str | None, where: str) -> dict[str, Any]:
    given: dict[str, float] = {}
    concepts = {concept: field for field, concept in THRESHOLDS.items()}
    for threshold in [] if element is None else element.findall("thresholds/threshold"):
        field = concepts.get(threshold.get("mcdaConcept", ""))
        x = _number(threshold.find("constant"), where)
        if field is not None and x is not None:
            given[field] = x
    if not shape:  # thresholds alone: the shape they imply
        q, p = given.get("q", 0), given.get("p", 0)
        shape = "linear" if p > q > 0 else "v-shape" if p > 0 else "u-shape" if q > 0 else "usual"
    if shape not in SHAPES:
        raise UsageError(f"{where}: unknown preference function {shape!r}")
    return {"function": shape, **{k: v for k, v in given.items() if v}}


class _Dumper(yaml.SafeDumper):
    """Lists of plain scalars (ranges, value-function points) in flow style: [5, 8]."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(x, dict | list) for x in data) or all(
        isinstance(x, list) and all(not isinstance(y, dict | list) for y in x) for x in data
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow and bool(data))


_Dumper.add_representer(list, _represent_list)


def yaml_text(data: Any) -> str:
    """A study file's data as YAML: keys in the given order, Unicode as is, short lists flow."""
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096))


def write_study_folder(imported: ImportedStudy, target: Path) -> None:
    """Write the files into a new folder ``target`` once they load as a study; a
    :class:`PolicyError` (the first problem, located in the would-be file) otherwise."""

    from policy_options.core.study.loading.load import load_study

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder", hint="name a new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name, data in imported.files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml_text(data), encoding="utf-8")
        try:
            load_study(staging)
        except PolicyError as exc:
            raise UsageError(f"the imported study does not load: {exc.message}") from None
        if target.exists():
            target.rmdir()
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
