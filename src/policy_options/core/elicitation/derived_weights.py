"""What each way of eliciting weights gives: :class:`DerivedWeights` for every criterion
of the study (those a judgement leaves out get weight 0), written as a weight profile by
:func:`profile_text`; and the check of a criterion a judgement names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from policy_options.core.elicitation.ahp import AhpResult
from policy_options.core.study.scaffold import yaml_key, yaml_number, yaml_string
from policy_options.core.study.suggest import did_you_mean
from policy_options.core.study.weights import normalise
from policy_options.errors import UsageError


@dataclass(frozen=True)
class DerivedWeights:
    """Weights a method derived for every criterion of a study, ready to write as a profile."""

    method: str  # "rank-order centroid" | "swing" | "AHP"
    label: str  # the profile's default name
    description: str  # one sentence naming the method and the judgements
    raw: dict[str, float]  # every criterion, study order: what the profile file stores
    left_out: tuple[str, ...] = ()  # criteria no judgement mentions: weight 0
    ahp: AhpResult | None = field(default=None, compare=False)

    @property
    def normalised(self) -> dict[str, float]:
        return normalise(self.raw)


def check_criterion(name: str, criteria: Sequence[str], seen: set[str], what: str) -> None:
    """A criterion a judgement names: one of ``criteria``, and not named before in ``what``
    (``seen`` collects them)."""
    if name not in criteria:
        raise UsageError(
            f"unknown criterion '{name}'{did_you_mean(name, criteria)}",
            hint="criteria: " + ", ".join(criteria),
        )
    if name in seen:
        raise UsageError(f"criterion '{name}' is named twice in {what}")
    seen.add(name)


def profile_text(derived: DerivedWeights, command: str, title: str | None = None) -> str:
    """The YAML of a weight profile (loadable by ``policy rank --weights``), with comments.

    Weights are written with 6 decimals (the swing method writes its points).
    """
    lines = [f"# Weight profile written by `{command}`.", "# Raw weights: normalised when used."]
    if derived.left_out:
        lines.append("# Not judged, so weight 0: " + ", ".join(derived.left_out) + ".")
    if derived.ahp is not None:
        result = derived.ahp
        lines.append(
            f"# lambda_max {result.lambda_max:.4f}, CI {result.consistency_index:.4f},"
            f" RI {result.random_index:.2f}, CR {result.consistency_ratio:.4f}."
        )
    lines += [
        f"name: {yaml_string(title or derived.label)}",
        f"description: {yaml_string(derived.description)}",
        "weights:",
        *(f"  {yaml_key(key)}: {yaml_number(value)}" for key, value in derived.raw.items()),
    ]
    return "\n".join(lines) + "\n"
