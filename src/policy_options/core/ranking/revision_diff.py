"""What a change to a study did to its ranking: ``policy diff --rev A [--rev B]``.

Two versions of a study are ranked under one method; every edit between them (a score, a
raw weight, a criterion's definition, a criterion or option added or removed) is listed,
and each option's change of score split among the edits that caused it:

- additive without modifiers: exactly. A score (or scale) edit moves an option by the new
  normalised weight times the change of value, ``w' * dv``; a raw weight edit ``r -> r'``
  by ``(r' - r) * (v - s) / R'`` (the old value on the criterion minus the old score, over
  the new total of raw weights). The parts add up to the change (:func:`_additive_effects`).
- every other method, and any study with modifiers (the score s_ref + m_i (s_i - s_ref),
  or m_i s_i, is not linear in the values; a modifier's score or definition is an edit
  too): sequentially. From A the edits are applied one at a time in :func:`_edits`'s
  order; an edit's points are the score after it minus before it. The parts add up too,
  but depend on that order; under topsis and promethee another option's edit moves this.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from policy_options.core.methods import Method, get
from policy_options.core.methods.base import Preference, Problem, modified
from policy_options.core.ranking.agreement import kendall_tau_b
from policy_options.core.ranking.rank import RankedOption, Ranking, rank
from policy_options.core.study.files.criteria import Criterion, Direction
from policy_options.core.study.files.model import Study
from policy_options.core.study.values import value
from policy_options.core.study.weights import Weights

TOLERANCE = 1e-12  # points (0..1) closer than this are no move
EXACT, SEQUENTIAL = "exact", "sequential"


@dataclass(frozen=True)
class Edit:
    """One change between the two versions of the study."""

    kind: str  # score | weight | criterion | criterion-added|-removed | option-added|-removed
    criterion: str | None = None
    option: str | None = None  # whose score (score edits), or the option added/removed
    old: float | None = None  # raw score or raw weight before
    new: float | None = None  # ... and after
    old_share: float | None = None  # normalised weight before (weight edits)
    new_share: float | None = None  # ... and after
    detail: str = ""  # what changed in a criterion's definition

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.criterion or "", self.option or "")


@dataclass(frozen=True)
class Effect:
    edit: Edit
    points: float  # change of the option's 0..1 score due to the edit


@dataclass(frozen=True)
class OptionChange:
    """One option in the two versions; ``None`` where it did not exist."""

    option: str
    title: str
    rank_a: int | None
    rank_b: int | None
    score_a: float | None
    score_b: float | None
    effects: tuple[Effect, ...]  # largest first

    @property
    def move(self) -> int | None:
        """Places gained from A to B (None for an option added or removed)."""
        if self.rank_a is None or self.rank_b is None:
            return None
        return self.rank_a - self.rank_b

    @property
    def change(self) -> float | None:
        if self.score_a is None or self.score_b is None:
            return None
        return self.score_b - self.score_a


@dataclass(frozen=True)
class StudyDiff:
    """Ranking B against ranking A of two versions of a study."""

    label_a: str  # e.g. HEAD~1
    label_b: str  # e.g. working tree
    a: Ranking
    b: Ranking
    rows: tuple[OptionChange, ...]  # B's order, then the options removed
    edits: tuple[Edit, ...]
    attribution: str  # EXACT (additive) or SEQUENTIAL
    tau: float | None  # Kendall's tau-b over the options in both


def diff_versions(
    study_a: Study,
    weights_a: Weights,
    study_b: Study,
    weights_b: Weights,
    method: str | None = None,
    labels: tuple[str, str] = ("A", "B"),
) -> StudyDiff:
    """Rank both versions under ``method`` (default: B's) and attribute every option's move."""
    name = get(method if method is not None else study_b.spec.defaults.method).name
    a, b = rank(study_a, weights_a, name), rank(study_b, weights_b, name)
    edits = _edits(study_a, weights_a, study_b, weights_b)
    if name == Method.additive and not study_a.modifiers and not study_b.modifiers:
        effects = _additive_effects(a, b, edits)
        attribution = EXACT
    else:
        effects = _sequential_effects(study_a, weights_a, study_b, weights_b, name, edits)
        attribution = SEQUENTIAL
    rows = []
    for row in b.rows:
        before = _row(a, row.option)
        rows.append(
            OptionChange(
                row.option,
                row.title,
                None if before is None else before.rank,
                row.rank,
                None if before is None else before.score,
                row.score,
                _largest_first(effects.get(row.option, [])),
            )
        )
    for row in a.rows:
        if _row(b, row.option) is None:
            rows.append(OptionChange(row.option, row.title, row.rank, None, row.score, None, ()))
    common = [r.option for r in b.rows if _row(a, r.option) is not None]
    tau = (
        kendall_tau_b({o: a.row(o).rank for o in common}, {o: b.row(o).rank for o in common})
        if len(common) > 1
        else None
    )
    return StudyDiff(labels[0], labels[1], a, b, tuple(rows), tuple(edits), attribution, tau)


def _row(ranking: Ranking, option: str) -> RankedOption | None:
    try:
        return ranking.row(option)
    except KeyError:
        return None


def _largest_first(effects: list[Effect]) -> tuple[Effect, ...]:
    kept = [e for e in effects if abs(e.points) > TOLERANCE]
    return tuple(sorted(kept, key=lambda e: (-abs(e.points), e.edit.key)))


def _definition_change(old: Criterion, new: Criterion) -> str:
    """What changed in a criterion that changes values ("" when nothing that matters did)."""
    parts = []
    if old.direction != new.direction:
        parts.append(f"direction {old.direction.value} → {new.direction.value}")
    if old.scale != new.scale:
        parts.append(
            f"scale {old.scale.min:g}..{old.scale.max:g} → {new.scale.min:g}..{new.scale.max:g}"
        )
    if old.value_function != new.value_function:
        parts.append("value function")
    if old.preference != new.preference:
        parts.append("preference function")
    if old.threshold != new.threshold:
        parts.append("threshold")
    return "; ".join(parts)


def _edits(study_a: Study, weights_a: Weights, study_b: Study, weights_b: Weights) -> list[Edit]:
    """Every edit from A to B, in the order the sequential attribution applies them."""
    crit_a, crit_b = study_a.criteria, study_b.criteria
    mods_a, mods_b = study_a.modifiers, study_b.modifiers
    both = [key for key in crit_b if key in crit_a]
    # value criteria, then modifiers (no weight: their scores and definitions are edits)
    scored = both + [key for key in mods_b if key in mods_a]
    opts_both = [key for key in study_b.options if key in study_a.options]
    edits = [
        Edit("option-removed", option=key) for key in study_a.options if key not in study_b.options
    ]
    edits += [
        Edit("criterion-removed", criterion=key, old=weights_a.raw[key])
        for key in crit_a
        if key not in crit_b
    ]
    edits += [Edit("criterion-removed", criterion=key) for key in mods_a if key not in mods_b]
    for key in scored:
        old_c = crit_a[key] if key in crit_a else mods_a[key]
        new_c = crit_b[key] if key in crit_b else mods_b[key]
        detail = _definition_change(old_c, new_c)
        if detail:
            edits.append(Edit("criterion", criterion=key, detail=detail))
    for key in both:
        old_share, new_share = weights_a.normalised[key], weights_b.normalised[key]
        if weights_a.raw[key] != weights_b.raw[key]:
            edits.append(
                Edit(
                    "weight",
                    criterion=key,
                    old=weights_a.raw[key],
                    new=weights_b.raw[key],
                    old_share=old_share,
                    new_share=new_share,
                )
            )
    for option in opts_both:
        for key in scored:
            old = study_a.options[option].spec.scores[key].value
            new = study_b.options[option].spec.scores[key].value
            if old != new:
                edits.append(Edit("score", criterion=key, option=option, old=old, new=new))
    edits += [
        Edit("criterion-added", criterion=key, new=weights_b.raw[key])
        for key in crit_b
        if key not in crit_a
    ]
    edits += [Edit("criterion-added", criterion=key) for key in mods_b if key not in mods_a]
    edits += [
        Edit("option-added", option=key) for key in study_b.options if key not in study_a.options
    ]
    return edits


def _additive_effects(a: Ranking, b: Ranking, edits: list[Edit]) -> dict[str, list[Effect]]:
    """Exact split of each option's change of score among the edits (additive method).

    With raw weights ``r`` (total ``R``) before and ``r'`` (total ``R'``) after, values ``v``
    before and ``v'`` after and the old score ``s = sum(r*v)/R``:

        s' - s = sum_c (r'_c - r_c) * (v_c - s) / R'  +  sum_c w'_c * (v'_c - v_c)

    (the first sum is ``sum(r'*v)/R' - s``, the score at the new weights and old values;
    the second brings in the new values). A raw weight edit, or a criterion added (``r = 0``)
    or removed (``r' = 0``), takes its term of the first sum; a scale edit and a score edit
    share the second, split at the old score on the new scale.
    """
    crit_a, crit_b = a.study.criteria, b.study.criteria
    raw_a, raw_b = a.weights.raw, b.weights.raw
    total_b = math.fsum(raw_b.values())
    wb = b.weights.normalised
    by_key = {edit.key: edit for edit in edits}
    out: dict[str, list[Effect]] = {}
    for row in b.rows:
        option = row.option
        before = _row(a, option)
        if before is None:
            continue
        effects: list[Effect] = []
        s_a = before.score

        def add(key: tuple[str, str, str], points: float, effects: list[Effect] = effects) -> None:
            if key in by_key:
                effects.append(Effect(by_key[key], points))

        for key in crit_a:
            if key not in crit_b:
                points = -raw_a[key] * (before.values[key] - s_a) / total_b
                add(("criterion-removed", key, ""), points)
        for key in crit_b:
            if key not in crit_a:
                add(("criterion-added", key, ""), raw_b[key] * (row.values[key] - s_a) / total_b)
                continue
            v_a = before.values[key]
            add(("weight", key, ""), (raw_b[key] - raw_a[key]) * (v_a - s_a) / total_b)
            x_a = a.study.options[option].spec.scores[key].value
            v_mid = value(crit_b[key], x_a)  # the old score on the new scale
            add(("criterion", key, ""), wb[key] * (v_mid - v_a))
            add(("score", key, option), wb[key] * (row.values[key] - v_mid))
        out[option] = effects
    return out


@dataclass
class _State:
    criteria: dict[str, Criterion]
    scores: dict[str, dict[str, float]]  # option -> criterion or modifier -> raw
    weights: dict[str, float]  # raw
    modifiers: dict[str, Criterion]
    reference: str | None  # the study's reference option (the modifiers pull towards it)

    def evaluate(self, method: str) -> dict[str, float] | None:
        """Each option's score, or None when the state cannot be ranked (no weight left)."""
        keys = tuple(self.criteria)
        total = math.fsum(self.weights[k] for k in keys)
        if not keys or not self.scores or not total > 0:
            return None
        ids = tuple(self.scores)
        raw = tuple(tuple(self.scores[i][k] for k in keys) for i in ids)
        preferences = []
        for key in keys:
            spec = self.criteria[key].preference
            width = self.criteria[key].scale.max - self.criteria[key].scale.min
            preferences.append(
                Preference("v-shape", 0.0, width, 0.0)
                if spec is None
                else Preference(spec.function.value, spec.q, spec.p, spec.s)
            )
        problem = Problem(
            options=ids,
            criteria=keys,
            raw=raw,
            values=tuple(
                tuple(value(self.criteria[k], x) for k, x in zip(keys, row, strict=True))
                for row in raw
            ),
            higher_is_better=tuple(
                self.criteria[k].direction is Direction.HIGHER_IS_BETTER for k in keys
            ),
            weights=tuple(self.weights[k] / total for k in keys),
            preferences=tuple(preferences),
        )
        evaluation = get(method).evaluate(problem)
        if self.modifiers:  # as rank does: s_ref + m_i (s_i - s_ref), or m_i s_i
            factors = tuple(
                math.prod(value(c, self.scores[i][k]) for k, c in self.modifiers.items())
                for i in ids
            )
            at = ids.index(self.reference) if self.reference in ids else None
            evaluation = modified(evaluation, factors, at)
        return dict(zip(ids, evaluation.scores, strict=True))


def _sequential_effects(
    study_a: Study,
    weights_a: Weights,
    study_b: Study,
    weights_b: Weights,
    method: str,
    edits: list[Edit],
) -> dict[str, list[Effect]]:
    """Apply the edits one at a time from A; each one's points are the score it moved."""
    state = _State(
        dict(study_a.criteria),
        {
            o.id: {k: o.spec.scores[k].value for k in study_a.all_criteria}
            for o in study_a.options.values()
        },
        dict(weights_a.raw),
        dict(study_a.modifiers),
        study_b.reference,
    )
    tracked = [key for key in study_b.options if key in study_a.options]
    out: dict[str, list[Effect]] = {key: [] for key in tracked}
    b_scores = {
        o.id: {k: s.value for k, s in o.spec.scores.items()} for o in study_b.options.values()
    }
    before = state.evaluate(method)
    for edit in edits:
        _apply(state, edit, study_b, weights_b, b_scores)
        after = state.evaluate(method)
        for option in tracked:
            if before is not None and after is not None:
                out[option].append(Effect(edit, after[option] - before[option]))
        before = after
    return out


def _apply(
    state: _State,
    edit: Edit,
    study_b: Study,
    weights_b: Weights,
    b_scores: Mapping[str, Mapping[str, float]],
) -> None:
    """Change ``state`` by one edit, taking the new data from version B."""
    key, option = edit.criterion, edit.option
    if edit.kind == "option-removed" and option is not None:
        del state.scores[option]
    elif edit.kind == "criterion-removed" and key is not None:
        if key in state.modifiers:
            del state.modifiers[key]
        else:
            del state.criteria[key]
            del state.weights[key]
        for scores in state.scores.values():
            del scores[key]
    elif edit.kind == "criterion" and key is not None:
        if key in study_b.modifiers:
            state.modifiers[key] = study_b.modifiers[key]
        else:
            state.criteria[key] = study_b.criteria[key]
    elif edit.kind == "weight" and key is not None:
        state.weights[key] = weights_b.raw[key]
    elif edit.kind == "score" and key is not None and option is not None:
        state.scores[option][key] = b_scores[option][key]
    elif edit.kind == "criterion-added" and key is not None:
        if key in study_b.modifiers:
            state.modifiers[key] = study_b.modifiers[key]
        else:
            state.criteria[key] = study_b.criteria[key]
            state.weights[key] = weights_b.raw[key]
        for other, scores in state.scores.items():
            scores[key] = b_scores[other][key]
    elif edit.kind == "option-added" and option is not None:
        state.scores[option] = {k: b_scores[option][k] for k in [*state.criteria, *state.modifiers]}
