"""The method registry: built-ins by name, duplicates refused, did-you-mean for a typo, and a
third-party method installed in the test session through the `policy_options.methods`
entry point group, then used by the library and the CLI like a built-in."""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from policy_options.core.methods import (
    Method,
    MethodSpec,
    additive,
    built_in,
    get,
    names,
    register,
    topsis,
)
from policy_options.core.methods.registry import METHODS
from policy_options.core.portfolio.model import build_model
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.weights import resolve_weights
from policy_options.errors import RegistrationError, UnknownNameError, UsageError
from policy_options.registry import Registry
from tests.conftest import TINY_STUDY, run_cli

BUILT_INS = ("additive", "weighted-product", "topsis", "promethee", "weakest-link")
# registered with the package but without a numpy counterpart: ranks, explains, compares
REGISTERED = (*BUILT_INS, "weighted-product-ratio")


@dataclass(frozen=True)
class Kind:
    name: str
    summary: str = "a kind"


# --- the registry itself --------------------------------------------------------------------


def test_entries_are_listed_in_registration_order_and_found_by_name() -> None:
    kinds = Registry(Kind, "kind")
    first, second = kinds.register(Kind("zeta")), kinds.register(Kind("alpha"))
    assert kinds.names() == ("zeta", "alpha") == tuple(kinds)
    assert kinds["alpha"] is second
    assert kinds["zeta"] is first
    assert "zeta" in kinds
    assert "omega" not in kinds
    assert kinds.get("omega") is None  # a mapping: .get is the lenient lookup
    assert len(kinds) == 2


def test_a_duplicate_name_is_refused() -> None:
    kinds = Registry(Kind, "kind")
    kinds.register(Kind("alpha"))
    with pytest.raises(RegistrationError, match="kind 'alpha' is already registered"):
        kinds.register(Kind("alpha", "another"))
    assert kinds["alpha"].summary == "a kind"


@pytest.mark.parametrize("name", ["", "Upper", "two words", "-dash", "1st", "ok!"])
def test_a_name_the_command_line_could_not_take_is_refused(name: str) -> None:
    with pytest.raises(RegistrationError, match="use lower-case letters"):
        Registry(Kind, "kind").register(Kind(name))


def test_an_entry_of_another_type_is_refused() -> None:
    kinds: Registry[Kind] = Registry(Kind, "kind")
    with pytest.raises(RegistrationError, match="registered as a Kind, not a str"):
        kinds.register("alpha")  # type: ignore[arg-type]


def test_an_unknown_name_is_a_usage_error_with_a_did_you_mean() -> None:
    kinds = Registry(Kind, "chart kind", plural="kinds")
    for name in ("ranking", "tornado"):
        kinds.register(Kind(name))
    with pytest.raises(UnknownNameError) as raised:
        kinds["tornadoo"]
    error = raised.value
    assert str(error) == "unknown chart kind 'tornadoo' (did you mean 'tornado'?)"
    assert error.hint == "kinds: ranking, tornado"
    assert (error.known, error.close) == (("ranking", "tornado"), "tornado")
    assert isinstance(error, UsageError)
    assert isinstance(error, KeyError)
    with pytest.raises(UnknownNameError) as far:
        kinds["zzz"]
    assert str(far.value) == "unknown chart kind 'zzz'"  # nothing close: no guess


# --- the built-in methods -------------------------------------------------------------------


def test_the_built_ins_are_registered_in_order_with_their_specs() -> None:
    assert names(plugins=False) == REGISTERED
    assert tuple(Method) == BUILT_INS  # the names the numpy analyses dispatch on
    assert get("topsis") is topsis.SPEC
    assert get("additive").evaluate is additive.evaluate
    assert get("additive").contribution == "weight × value; they add up to the score"
    assert all(built_in(name) is Method(name) for name in BUILT_INS)


def test_a_built_in_cannot_be_registered_twice() -> None:
    with pytest.raises(RegistrationError, match="method 'additive' is already registered"):
        register(replace(additive.SPEC, summary="another additive"))
    assert get("additive") is additive.SPEC


def test_a_spec_needs_an_evaluator_and_one_line_texts() -> None:
    with pytest.raises(TypeError, match="evaluate must be a function"):
        MethodSpec(name="x", evaluate="no", summary="s", contribution="c")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="summary must be one line"):
        MethodSpec(name="x", evaluate=additive.evaluate, summary=" ", contribution="c")
    with pytest.raises(ValueError, match="contribution must be one line"):
        MethodSpec(name="x", evaluate=additive.evaluate, summary="s", contribution="a\nb")


def test_an_unknown_method_says_which_is_close() -> None:
    with pytest.raises(
        UnknownNameError, match=r"^unknown method 'topsys' \(did you mean 'topsis'\?\)$"
    ):
        get("topsys")


def test_built_in_names_do_not_read_the_entry_points(
    monkeypatch: pytest.MonkeyPatch, tiny: Path
) -> None:
    """`policy rank` with a built-in method never scans the installed distributions."""

    def scanned(**_: object) -> object:
        raise AssertionError("entry points read for a built-in method")

    METHODS.forget_plugins()
    monkeypatch.setattr(importlib.metadata, "entry_points", scanned)
    assert [get(name).name for name in REGISTERED] == list(REGISTERED)
    assert names(plugins=False) == REGISTERED
    result = run_cli("rank", "--study", str(tiny), "--method", "topsis", "--format", "json")
    assert result.exit_code == 0, result.stderr


# --- a plugin installed in the test session -------------------------------------------------

PLUGIN = '''\
"""A third-party method: an option is as good as its worst weighted value (maximin)."""

from policy_options.core.methods import Evaluation, MethodSpec, Problem


def evaluate(problem: Problem) -> Evaluation:
    active = [j for j, w in enumerate(problem.weights) if w > 0]
    return Evaluation(
        scores=tuple(min(row[j] for j in active) for row in problem.values),
        contributions=tuple(tuple(row) for row in problem.values),
        score_per_contribution=None,
    )


SPEC = MethodSpec(
    name="maximin",
    evaluate=evaluate,
    summary="the lowest 0–1 value among the weighted criteria",
    contribution="the 0–1 value; the lowest weighted one is the score",
)


def median_spec() -> MethodSpec:
    """The factory form of an entry point: a callable that returns the spec."""

    def median(problem: Problem) -> Evaluation:
        def middle(row: tuple[float, ...]) -> float:
            ordered = sorted(row)
            k = len(ordered) // 2
            return ordered[k] if len(ordered) % 2 else (ordered[k - 1] + ordered[k]) / 2

        return Evaluation(
            scores=tuple(middle(row) for row in problem.values),
            contributions=tuple(tuple(row) for row in problem.values),
            score_per_contribution=None,
        )

    return MethodSpec(
        name="median",
        evaluate=median,
        summary="the median 0–1 value, weights ignored",
        contribution="the 0–1 value",
    )
'''

ENTRY_POINTS = """\
[policy_options.methods]
maximin = policy_maximin:SPEC
median = policy_maximin:median_spec
"""

Installer = Callable[[str, str, str], Path]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Installer]:
    """``install(distribution, entry_points_txt, module_source)``: a distribution in a
    folder on sys.path (its ``*.dist-info`` with ``entry_points.txt``, and the module
    ``policy_maximin``), as pip would leave it; undone after the test."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))  # also clears importlib's finder caches

    def installer(distribution: str, entry_points: str, source: str) -> Path:
        info = site / f"{distribution.replace('-', '_')}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
        (site / "policy_maximin.py").write_text(source, encoding="utf-8")
        importlib.invalidate_caches()
        METHODS.forget_plugins()
        return site

    yield installer
    METHODS.forget_plugins()
    sys.modules.pop("policy_maximin", None)


@pytest.fixture
def maximin(install: Installer) -> Path:
    return install("policy-maximin", ENTRY_POINTS, PLUGIN)


def test_a_plugin_method_ranks_through_the_library(maximin: Path, tiny: Path) -> None:
    study = load_study(tiny)
    weights = resolve_weights(study)
    # tiny: alpha (0.8, 0.5), beta (0.4, 1.0), gamma (0.2, 0.0), even weights
    assert [row.option for row in rank(study, weights).rows] == ["beta", "alpha", "gamma"]
    ranking = rank(study, weights, "maximin")
    assert ranking.method == "maximin"
    assert [(row.option, row.score) for row in ranking.rows] == [
        ("alpha", 0.5),
        ("beta", 0.4),
        ("gamma", 0.0),
    ]
    assert ranking.contributions_note == "the 0–1 value; the lowest weighted one is the score"
    assert METHODS.origin("maximin") == "policy_maximin:SPEC"
    assert METHODS.origin("additive") is None


def test_a_plugin_given_as_a_factory_is_called(maximin: Path, tiny: Path) -> None:
    study = load_study(tiny)
    ranking = rank(study, resolve_weights(study), "median")
    assert [row.option for row in ranking.rows] == ["beta", "alpha", "gamma"]
    assert ranking.rows[0].score == pytest.approx(0.7)


def test_listing_every_method_loads_the_plugins_after_the_built_ins(maximin: Path) -> None:
    assert names() == (*REGISTERED, "maximin", "median")


def test_a_plugin_loads_only_when_its_name_is_asked_for(maximin: Path) -> None:
    get("additive")
    assert "policy_maximin" not in sys.modules
    get("maximin")
    assert "policy_maximin" in sys.modules


def test_the_cli_takes_a_plugin_method(maximin: Path, tiny: Path) -> None:
    result = run_cli("rank", "--study", str(tiny), "--method", "maximin", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == [
        "alpha",
        "beta",
        "gamma",
    ]
    table = run_cli("rank", "--study", str(tiny), "-m", "MAXIMIN")
    assert table.exit_code == 0, table.stderr
    assert "Largest contributions" in table.stdout
    markdown = run_cli("rank", "--study", str(tiny), "-m", "maximin", "--format", "markdown")
    assert "Method: maximin (the lowest 0–1 value among the weighted criteria)." in markdown.stdout
    explained = run_cli("explain", "alpha", "--study", str(tiny), "-m", "maximin")
    assert explained.exit_code == 0, explained.stderr
    assert "Contribution" in explained.stdout


def test_compare_takes_every_method_plugins_too(maximin: Path, tiny: Path) -> None:
    result = run_cli("compare", "--study", str(tiny), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "option,title,additive,weighted-product,topsis,promethee,weakest-link,maximin,median"
    )


def test_an_unknown_method_is_one_line_with_a_did_you_mean(maximin: Path, tiny: Path) -> None:
    result = run_cli("rank", "--study", str(tiny), "--method", "maxmin")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: --method: unknown method 'maxmin' (did you mean 'maximin'?)",
        "hint: methods: additive, weighted-product, topsis, promethee, weakest-link,"
        " weighted-product-ratio, maximin,"
        " median",
    ]


def test_a_study_may_default_to_a_plugin_method(
    maximin: Path, make_study: Callable[..., Path]
) -> None:
    study = make_study(study=TINY_STUDY.replace("defaults:\n", "defaults:\n  method: maximin\n"))
    result = run_cli("rank", "--study", str(study), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].split(",")[1] == "alpha"
    schema = run_cli("schema", "study")
    assert '"maximin"' in schema.stdout


def test_a_study_naming_an_unknown_method_is_located(make_study: Callable[..., Path]) -> None:
    study = make_study(study=TINY_STUDY.replace("defaults:\n", "defaults:\n  method: topsys\n"))
    result = run_cli("rank", "--study", str(study))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"error: {study / 'study.yaml'}:20:11: 'method': 'topsys' is not one of 'additive',"
        " 'weighted-product', 'topsis', 'promethee', 'weakest-link' or 'weighted-product-ratio'"
        " (did you mean 'topsis'?)"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["sensitivity", "weights"],
        ["sensitivity", "montecarlo", "--samples", "100"],
        ["sensitivity", "scores"],
        ["why", "alpha", "beta"],
    ],
)
def test_analyses_without_a_numpy_counterpart_say_so(
    maximin: Path, tiny: Path, argv: list[str]
) -> None:
    result = run_cli(*argv, "--study", str(tiny), "--method", "maximin")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) <= 2
    assert lines[0] == (
        "error: method 'maximin' ranks, explains and compares only: this analysis needs a"
        " built-in method"
    )
    with pytest.raises(UsageError, match="this analysis needs a built-in method"):
        built_in("maximin")


def test_a_portfolio_says_a_plugin_method_does_not_add_up(maximin: Path, tiny: Path) -> None:
    study = load_study(tiny)
    with pytest.raises(UsageError, match="portfolio value is additive; the method 'maximin'"):
        build_model(study, resolve_weights(study), method="maximin")
    with pytest.raises(UnknownNameError, match="did you mean 'maximin'"):
        build_model(study, resolve_weights(study), method="maxmin")


def test_a_plugin_that_does_not_load_is_one_error(install: Installer) -> None:
    install("policy-broken", "[policy_options.methods]\nbroken = policy_maximin:NOPE\n", PLUGIN)
    with pytest.raises(RegistrationError) as raised:
        get("broken")
    assert str(raised.value) == (
        "method plugin 'broken' (policy_maximin:NOPE) does not load: AttributeError:"
        " module 'policy_maximin' has no attribute 'NOPE'"
    )
    assert get("topsis") is topsis.SPEC  # the built-ins never depend on a plugin


def test_a_plugin_must_give_a_spec_of_its_own_name(install: Installer) -> None:
    install(
        "policy-misnamed",
        "[policy_options.methods]\nminimax = policy_maximin:SPEC\nplain = policy_maximin:PLAIN\n",
        PLUGIN + "\nPLAIN = 42\n",
    )
    with pytest.raises(RegistrationError, match="gives the method 'maximin': the two names"):
        get("minimax")
    with pytest.raises(RegistrationError, match="gives a int, not a MethodSpec"):
        get("plain")


def test_a_plugin_cannot_replace_a_built_in(install: Installer, tiny: Path) -> None:
    install(
        "policy-shadow",
        "[policy_options.methods]\ntopsis = policy_maximin:shadow\n",
        PLUGIN + "\nimport dataclasses\nshadow = dataclasses.replace(SPEC, name='topsis')\n",
    )
    assert get("topsis") is topsis.SPEC  # a built-in name never reads the plugins
    with pytest.raises(RegistrationError, match="clashes with the method 'topsis'"):
        names()
    result = run_cli("compare", "--study", str(tiny))  # every method: the clash is reported
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: method plugin 'topsis' (policy_maximin:shadow) clashes with the method 'topsis'"
    )
