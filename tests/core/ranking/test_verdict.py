"""The verdict check: each rule, each stance, departs, against rankings worked out by hand."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

from policy_options.core.ranking.rank import rank
from policy_options.core.ranking.verdict import (
    DOUBTED_BY_SOURCE,
    Finding,
    VerdictCheck,
    study_verdict,
    top_third,
    verdict_check,
)
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from tests.conftest import TINY_STUDY, StudyFactory

STANCES = ("recommended", "conditional", "doubted", "insufficient", "rejected", "in_place")

# gain (0..10, higher better, linear) and delay (0..20 months, lower better, value function
# [[0, 1], [10, .5], [20, 0]] i.e. 1 - x/20); profile `even`: 1/2 each. By hand:
#   a: gain 8, delay 10 -> .5 * .8 + .5 * .5  = .65
#   b: gain 4, delay 0  -> .5 * .4 + .5 * 1   = .70
#   c: gain 2, delay 20 -> .5 * .2 + .5 * 0   = .10
#   d: gain 1, delay 19 -> .5 * .1 + .5 * .05 = .075
#   e: gain 6, delay 6  -> .5 * .6 + .5 * .7  = .65   (ties with a)
#   f: gain 3, delay 12 -> .5 * .3 + .5 * .4  = .35
RAW = {"a": (8, 10), "b": (4, 0), "c": (2, 20), "d": (1, 19), "e": (6, 6), "f": (3, 12)}
SCORE = {key: 0.5 * g / 10 + 0.5 * (1 - d / 20) for key, (g, d) in RAW.items()}


def option(key: str, stance: str | None = None, departs: str = "") -> str:
    gain, delay = RAW[key]
    lines = [f"title: Option {key.upper()}"]
    if stance:
        lines.append(f"stance: {stance}")
    if departs:
        lines.append(f"departs: {departs!r}")
    lines += ["scores:", f"  gain: {gain}", f"  delay: {delay}"]
    return "\n".join(lines) + "\n"


def study_of(
    make_study: StudyFactory,
    stances: dict[str, str | None],
    *,
    departs: dict[str, str] | None = None,
    reference: str | None = None,
    extra: str = "",
) -> Path:
    text = TINY_STUDY
    if reference:
        text = text.replace("defaults:", f"reference: {reference}\ndefaults:")
    text += extra
    departs = departs or {}
    return make_study(
        study=text,
        options={k: option(k, s, departs.get(k, "")) for k, s in stances.items()},
    )


def checked(folder: Path, **kwargs: object) -> VerdictCheck:
    study = load_study(folder)
    return verdict_check(rank(study, resolve_weights(study)), **kwargs)  # type: ignore[arg-type]


def kinds(check: VerdictCheck) -> set[tuple[str, str]]:
    return {(f.option, f.kind) for f in check.findings}


def ranks_by_hand(keys: list[str]) -> dict[str, int]:
    """Competition ranks of SCORE among ``keys`` (1e-9 ties share a rank)."""
    return {k: 1 + sum(SCORE[o] > SCORE[k] + 1e-9 for o in keys) for k in keys}


def test_the_hand_scores_are_the_tools(make_study: StudyFactory) -> None:
    check = checked(study_of(make_study, dict.fromkeys(RAW)))
    for row in check.ranking.rows:
        assert math.isclose(row.score, SCORE[row.option], abs_tol=1e-12)
    assert {r.option: r.rank for r in check.ranking.rows} == ranks_by_hand(list(RAW))


@pytest.mark.parametrize("n", range(1, 40))
def test_top_third_is_ceil_of_a_third(n: int) -> None:
    by_counting = max(k for k in range(1, n + 1) if 3 * (k - 1) < n)  # ranks whose share < 1/3
    assert top_third(n) == by_counting == -(-n // 3)


@pytest.mark.parametrize("stance", STANCES)
def test_only_rejected_and_insufficient_are_flagged_on_top(
    make_study: StudyFactory, stance: str
) -> None:
    """b ranks 1st of 6 (top third: ranks 1-2); every other option has no stance."""
    stances: dict[str, str | None] = dict.fromkeys(RAW)
    stances["b"] = stance
    check = checked(study_of(make_study, stances))
    expected = {("b", "top_third")} if stance in DOUBTED_BY_SOURCE else set()
    assert kinds(check) == expected
    if expected:
        (found,) = check.findings
        assert (found.rank, found.of, found.severity, found.stance) == (1, 6, "warning", stance)
        # the drivers are b's largest contributions, in points of score: delay .5, gain .2
        assert [(d.criterion, d.raw) for d in found.drivers] == [("delay", 0), ("gain", 4)]
        assert [d.part for d in found.drivers] == pytest.approx([0.5, 0.2], abs=1e-12)


def test_top_third_boundary_by_hand(make_study: StudyFactory) -> None:
    """With every option rejected, exactly the ranks <= ceil(6/3) = 2 are flagged: b (1st)
    and the tie a = e (2nd); f, c and d are not."""
    check = checked(study_of(make_study, dict.fromkeys(RAW, "rejected")))
    by_hand = ranks_by_hand(list(RAW))
    flagged = {key for key, r in by_hand.items() if r <= math.ceil(len(RAW) / 3)}
    assert flagged == {"a", "b", "e"}
    assert {o for o, k in kinds(check) if k == "top_third"} == flagged


@pytest.mark.parametrize("stance", ["rejected", "insufficient"])
def test_decision_rules_package_and_boxes(make_study: StudyFactory, stance: str) -> None:
    """f (5th of 6: not in the top third) flagged only for what chooses it."""
    stances: dict[str, str | None] = dict.fromkeys(RAW)
    stances["f"] = stance
    folder = study_of(make_study, stances)
    assert kinds(checked(folder)) == set()
    check = checked(
        folder,
        rules={"minimax_regret": ("f",), "expected": ("b",), "maximin": ("a", "f")},
        best_package=("b", "f"),
        box_winners=("f",),
    )
    assert kinds(check) == {
        ("f", "rule:minimax_regret"),
        ("f", "rule:maximin"),
        ("f", "best_package"),
        ("f", "prim_box"),
    }
    assert (check.rules_checked, check.package_checked, check.boxes_checked) == (True,) * 3
    nothing = checked(folder, rules={}, best_package=("a", "b"), box_winners=())
    assert kinds(nothing) == set()


@pytest.mark.parametrize("stance", STANCES)
def test_recommended_below_the_reference(make_study: StudyFactory, stance: str) -> None:
    """c is the reference (.10); d scores .075: 2.5 points below it."""
    stances: dict[str, str | None] = {"a": None, "b": None, "c": "in_place", "d": stance}
    check = checked(study_of(make_study, stances, reference="c"))
    found = {f.kind: f for f in check.findings if f.option == "d"}
    if stance != "recommended":  # d is last and below the reference: only recommended minds
        assert found == {}
        return
    assert set(found) == {"below_reference", "last"}
    below = found["below_reference"]
    assert below.gain == pytest.approx(SCORE["d"] - SCORE["c"], abs=1e-12)
    assert below.gain == pytest.approx(-0.025, abs=1e-12)
    # d against c per criterion: gain .5 * (.1 - .2) = -.05; delay .5 * (.05 - 0) = +.025:
    # only gain pulls it below
    assert [(d.criterion, d.raw) for d in below.drivers] == [("gain", 1)]
    assert below.drivers[0].part == pytest.approx(-0.05, abs=1e-12)
    # last among the competitors (the reference aside): compared with the competitor just
    # above it, a (.65; b .70 is 1st): d - a on gain .5 * (.1 - .8) = -.35, delay .5 * (.05 -
    # .5) = -.225, both losing, largest first
    last = found["last"]
    assert (last.rank, last.of) == (4, 4)
    assert [d.criterion for d in last.drivers] == ["gain", "delay"]
    assert [d.part for d in last.drivers] == pytest.approx([-0.35, -0.225], abs=1e-12)


def test_recommended_last_without_a_reference(make_study: StudyFactory) -> None:
    stances: dict[str, str | None] = {"a": "recommended", "b": "recommended", "d": "recommended"}
    check = checked(study_of(make_study, stances))
    assert kinds(check) == {("d", "last")}


def test_the_reference_is_never_last_nor_below_itself(make_study: StudyFactory) -> None:
    """A recommended reference that scores least: no finding, it is not a competitor."""
    stances: dict[str, str | None] = {"a": None, "b": None, "d": "recommended"}
    check = checked(study_of(make_study, stances, reference="d"))
    assert check.findings == ()
    assert check.ranking.gain(check.ranking.row("d")) == 0


def test_a_tie_for_last_with_everyone_is_not_last(make_study: StudyFactory) -> None:
    """a and e tie (.65): neither is below the other."""
    check = checked(study_of(make_study, {"a": "recommended", "e": "recommended"}))
    assert check.findings == ()


def test_departs_turns_a_warning_into_a_note(make_study: StudyFactory) -> None:
    stances: dict[str, str | None] = {"a": None, "b": "rejected", "c": None, "d": None}
    reason = "the source rejects it for cost, which this study does not score"
    check = checked(study_of(make_study, stances, departs={"b": reason}))
    (found,) = check.findings
    assert (found.option, found.kind, found.severity, found.departs) == (
        "b",
        "top_third",
        "note",
        reason,
    )
    assert check.warnings == ()
    assert check.notes == (found,)


def test_departs_with_nothing_to_depart_from_is_a_warning(make_study: StudyFactory) -> None:
    """d is rejected and ranks last: the model agrees; its departs: has no object."""
    stances: dict[str, str | None] = {"a": None, "b": None, "c": None, "d": "rejected"}
    check = checked(study_of(make_study, stances, departs={"d": "we disagree"}))
    (found,) = check.findings
    assert (found.option, found.kind, found.severity) == ("d", "nothing_to_depart", "warning")
    assert found.drivers == ()


def test_a_rule_choice_makes_departs_meaningful(make_study: StudyFactory) -> None:
    """d (rejected, last) with departs: a warning alone; chosen by maximin it becomes a note."""
    stances: dict[str, str | None] = {"a": None, "b": None, "c": None, "d": "rejected"}
    folder = study_of(make_study, stances, departs={"d": "robust in every future"})
    check = checked(folder, rules={"maximin": ("d",)})
    assert [(f.kind, f.severity) for f in check.findings] == [("rule:maximin", "note")]


def test_a_finding_per_contradiction(make_study: StudyFactory) -> None:
    """One option may contradict its stance several ways: each is its own finding."""
    stances: dict[str, str | None] = dict.fromkeys(RAW)
    stances["b"] = "insufficient"
    check = checked(
        study_of(make_study, stances),
        rules={"minimax_regret": ("b",), "maximin": ("b",)},
        best_package=("b",),
    )
    assert [f.kind for f in check.findings] == [
        "top_third",
        "rule:minimax_regret",
        "rule:maximin",
        "best_package",
    ]
    assert all(isinstance(f, Finding) and f.option == "b" for f in check.findings)


SCENARIO = """\
name: Delay doubles
probability: 0.5
scores:
  {key}:
    delay: {delay}
"""


def test_study_verdict_runs_the_decision_rules(make_study: StudyFactory) -> None:
    """Base: a .65, b .70, f .35. In the scenario b's delay becomes 20: b .20, so b's regret
    there is .65 - .20 = .45 while a's is 0 and f's .30; in base a's regret is .05, f's .35.
    Max regret: a .05, b .45, f .35 -> minimax regret chooses a (rejected): a warning, and
    a ranks 2nd of 3 = outside the top third (ceil(3/3) = 1) so the rule is the only
    reason."""
    folder = study_of(make_study, {"a": "rejected", "b": None, "f": None})
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "slow.yaml").write_text(
        textwrap.dedent(SCENARIO.format(key="b", delay=20)), encoding="utf-8"
    )
    regret = {
        "a": max(0.70 - 0.65, 0.65 - 0.65),
        "b": max(0.0, 0.65 - 0.20),
        "f": max(0.70 - 0.35, 0.65 - 0.35),
    }
    assert min(regret, key=regret.__getitem__) == "a"
    check = study_verdict(load_study(folder))
    assert check.rules_checked
    assert not check.package_checked
    assert ("a", "rule:minimax_regret") in kinds(check)
    assert ("a", "top_third") not in kinds(check)
