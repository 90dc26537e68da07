"""policy-options: rank policy options against weighted criteria, and say how sure we are.

A library first, a CLI second::

    from policy_options import load_study, resolve_weights, rank
    study = load_study(Path("options"))
    ranking = rank(study, resolve_weights(study, "balanced"))

The names below load on first use, so ``import policy_options.cli`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "explain": "policy_options.core.ranking.explain",
    "inspect_study": "policy_options.core.study.loading.load",
    "load_study": "policy_options.core.study.loading.load",
    "rank": "policy_options.core.ranking.rank",
    "resolve_weights": "policy_options.core.study.weights",
    "compare_methods": "policy_options.core.ranking.compare",
    "apply_scenario": "policy_options.core.study.scenarios",
    "regret_analysis": "policy_options.core.futures.regret",
    "discover": "policy_options.core.futures.discovery",
    "portfolio": "policy_options.core.portfolio.analysis",
    "PolicyError": "policy_options.errors",
    "StudyError": "policy_options.errors",
    "UsageError": "policy_options.errors",
}
__all__ = [
    "PolicyError",
    "StudyError",
    "UsageError",
    "__version__",
    "apply_scenario",
    "compare_methods",
    "discover",
    "explain",
    "inspect_study",
    "load_study",
    "portfolio",
    "rank",
    "regret_analysis",
    "resolve_weights",
]

if TYPE_CHECKING:
    from policy_options.core.futures.discovery import discover
    from policy_options.core.futures.regret import regret_analysis
    from policy_options.core.portfolio.analysis import portfolio
    from policy_options.core.ranking.compare import compare_methods
    from policy_options.core.ranking.explain import explain
    from policy_options.core.ranking.rank import rank
    from policy_options.core.study.loading.load import inspect_study, load_study
    from policy_options.core.study.scenarios import apply_scenario
    from policy_options.core.study.weights import resolve_weights
    from policy_options.errors import PolicyError, StudyError, UsageError


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'policy_options' has no attribute {name!r}")
