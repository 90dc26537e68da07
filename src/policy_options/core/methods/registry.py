"""The aggregation methods by name: one :class:`MethodSpec` each, in one registry.

A method is one module that ends with its ``SPEC = MethodSpec(...)`` and one
``register(module.SPEC)`` line in :mod:`policy_options.core.methods`. A third party adds
one through the entry point group ``policy_options.methods`` (an entry point named like
the method, pointing at a MethodSpec or at a callable that returns one); it is loaded
when its name is first asked for, or when every method is listed (``policy compare``).

A plugin's method ranks, explains and compares like a built-in. The analyses with a
numpy counterpart of each method (stability intervals, Monte Carlo, tornado, discovery,
why, the report) dispatch on the built-in names: see
:func:`policy_options.core.methods.built_in`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator

from policy_options.core.methods.base import Evaluation, Problem
from policy_options.errors import UnknownNameError
from policy_options.registry import Registry

GROUP = "policy_options.methods"
"""The entry point group third-party methods register in."""

V = TypeVar("V")


@dataclass(frozen=True, kw_only=True)
class MethodSpec:
    """What the rest of policy-options knows of one aggregation method."""

    name: str
    """What ``--method`` and a study's ``defaults.method`` call it, e.g. ``weighted-product``."""
    evaluate: Callable[[Problem], Evaluation]
    """The method: the decision matrix in, a 0..1 score and contributions per option out."""
    summary: str
    """One line on what the score is (the Markdown note, the report, the workflow output)."""
    contribution: str
    """What a criterion's contribution is and how they make the score (``policy explain``)."""
    contribution_header: str = "Contribution"
    """The column of contributions in ``policy explain``'s table."""
    highlight_header: str = "Largest contributions"
    """The column of the ranked table that says what makes each option's score."""
    raw_scores: bool = False
    """True when the method reads the raw scores, not the 0..1 values: a criterion's value
    function does not change it (``policy rank`` and ``compare`` say so)."""

    def __post_init__(self) -> None:
        if not callable(self.evaluate):
            raise TypeError(f"method '{self.name}': evaluate must be a function of a Problem")
        for label in ("summary", "contribution", "contribution_header", "highlight_header"):
            text = getattr(self, label)
            if not isinstance(text, str) or not text.strip() or "\n" in text:
                raise ValueError(f"method '{self.name}': {label} must be one line of text")


METHODS: Registry[MethodSpec] = Registry(MethodSpec, "method", group=GROUP)
"""Every method, built-in and plugin, by name (a read-only mapping)."""


def register(spec: MethodSpec) -> MethodSpec:
    """Add a method; a :class:`~policy_options.errors.RegistrationError` if its name is taken."""
    return METHODS.register(spec)


def get(name: str) -> MethodSpec:
    """The method called ``name`` (a plugin's is loaded on first use); an
    :class:`~policy_options.errors.UnknownNameError` with a did-you-mean otherwise."""
    return METHODS[name]


def names(*, plugins: bool = True) -> tuple[str, ...]:
    """Every method's name, built-ins first; ``plugins=False``: without reading entry points."""
    return METHODS.names(plugins=plugins)


class ByName(Mapping[str, V]):
    """One field of every method's spec, as a read-only mapping name -> value."""

    def __init__(self, read: Callable[[MethodSpec], V]) -> None:
        self._read = read

    def __getitem__(self, name: str) -> V:
        return self._read(METHODS[name])

    def __iter__(self) -> Iterator[str]:
        return iter(METHODS)

    def __len__(self) -> int:
        return len(METHODS)


def _registered(name: str) -> str:
    """A study's ``defaults.method``: a registered name, or the error an enum would give."""
    try:
        return get(name).name
    except UnknownNameError as exc:
        quoted = [f"'{known}'" for known in exc.known]
        expected = " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)
        hint = f" (did you mean '{exc.close}'?)" if exc.close else ""
        raise ValueError(f"'method': {name!r} is not one of {expected}{hint}") from None


MethodName = Annotated[str, AfterValidator(_registered)]
"""A method's name as a study file gives it; its JSON Schema is :func:`json_schema`."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a method's name (``$defs/Method``): every registered name."""
    every = names()
    others = [name for name in every if name != "additive"]
    listed = " or ".join([", ".join(others[:-1]), others[-1]] if len(others) > 1 else others)
    return {
        "description": f"Aggregation method: additive (weighted sum, the default), {listed}.",
        "enum": list(every),
        "title": "Method",
        "type": "string",
    }
