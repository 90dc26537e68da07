"""The verdict check's words: ordinals, each kind's phrase, rank's closing line."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_options.core.ranking.rank import rank
from policy_options.core.ranking.verdict import verdict_check
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.render.views.verdict import ordinal, problems, rank_line, sentence


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_each_kind_reads(tiny: Path) -> None:
    """Tiny study (alpha .65, beta .70 rejected, gamma .10): every kind of finding on beta."""
    study = load_study(tiny)
    ranking = rank(study, resolve_weights(study))
    check = verdict_check(
        ranking,
        rules={"minimax_regret": ("beta",), "expected": ("beta",), "maximin": ("beta",)},
        best_package=("beta",),
        box_winners=("beta",),
    )
    said = [sentence(f, check).split(", but ")[1].split(";")[0] for f in check.findings]
    assert said == [
        "the model ranks it 1st of 3, in the top third (1st to 1)",
        "minimax regret chooses it across the scenarios",
        "expected value chooses it across the scenarios",
        "maximin chooses it across the scenarios",
        "the model puts it in the best package",
        "the model makes it the winner of a scenario-discovery box",
    ]
    assert rank_line(check) == "verdict check: 6 warnings — run policy validate"
    assert {p.severity for p in problems(check)} == {"warning"}
    assert all(str(p.location).endswith("beta.yaml:2:9") for p in problems(check))
    assert rank_line(verdict_check(ranking, rules={})) == "verdict check: " + sentence(
        check.findings[0], check
    )
