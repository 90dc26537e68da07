"""The decision matrix in scikit-criteria's DMSY format (Decision Matrix Simple YAML).

``skcriteria.io.read_dmsy`` reads it back as a ``DecisionMatrix``: ``data`` holds the
matrix (options x criteria), the objectives (1 maximise, -1 minimise), the normalised
weights of one profile, the dtypes and the alternative and criterion ids; ``dmsy.meta``
says where it came from. The file is the same for the same study (no time stamp).

Two matrices: the raw scores, with the criteria's directions as objectives (what an
analyst scores in scikit-criteria from scratch), or (``values=True``) the 0..1 values
on the declared scales and value functions, every objective maximise, so that
scikit-criteria's ``WeightedSumModel`` gives exactly the additive scores of ``policy
rank`` (docs/scikit-criteria.md explains why the raw matrix gives other numbers:
scikit-criteria normalises by the options at hand, ``policy`` by the declared scales).
Modifier criteria (``role: modifier``, a factor on the weighted sum) have no place in a
weighted decision matrix: they are left out and named in ``meta.left_out``.
"""

from __future__ import annotations

from typing import Any

from policy_options.core.study.files.criteria import Direction
from policy_options.core.study.files.model import Study
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights

DM_TYPE = "discrete-dm"
DMSY_VERSION = 1


def dmsy_data(study: Study, weights: Weights, values: bool = False) -> dict[str, Any]:
    """The DMSY document as data (see the module's docstring)."""
    criteria = list(study.criteria)
    matrix = []
    for option in study.options.values():
        scores = [option.spec.scores[key].value for key in criteria]
        if values:
            scores = [value(study.criteria[k], x) for k, x in zip(criteria, scores, strict=True)]
        matrix.append([float(x) for x in scores])
    higher = [study.criteria[k].direction is Direction.HIGHER_IS_BETTER for k in criteria]
    objectives = [1] * len(criteria) if values else [1 if h else -1 for h in higher]
    what = "0..1 values on the declared scales" if values else "raw scores"
    left_out = [k for k in study.all_criteria if k not in study.criteria]  # the modifiers
    document: dict[str, Any] = {
        "dmsy": {
            "dm_type": DM_TYPE,
            "version": DMSY_VERSION,
            "meta": {
                "description": "Decision Matrix Simple YAML format",
                "generator": "policy-options (policy export dmsy)",
                "study": study.title,
                "matrix": what,
                "weights": weights.label,
                "scales": {
                    k: [float(c.scale.min), float(c.scale.max)] for k, c in study.criteria.items()
                },
            },
        },
        "data": {
            "matrix": matrix,
            "objectives": objectives,
            "weights": [float(weights.normalised[k]) for k in criteria],
            "dtypes": ["float64"] * len(criteria),
            "alternatives": list(study.options),
            "criteria": criteria,
            "extra": {},
        },
    }
    if left_out:
        document["dmsy"]["meta"]["left_out"] = left_out
    return document


def export_dmsy(study: Study, weights: Weights, values: bool = False) -> str:
    """The DMSY text: one-dimensional lists in flow style, the matrix one row a line."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
        flat = all(not isinstance(x, list | dict) for x in data)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)

    Dumper.add_representer(list, represent_list)
    text = yaml.dump(
        dmsy_data(study, weights, values),
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        indent=2,
        default_flow_style=False,
    )
    return str(text)
