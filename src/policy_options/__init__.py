"""policy-options: rank policy options against weighted criteria, and say how sure we are.

A library first, a CLI second::

    from policy_options import load_study, resolve_weights, rank
    study = load_study(Path("options"))
    ranking = rank(study, resolve_weights(study, "balanced"))
"""

from policy_options.core.explain import explain
from policy_options.core.load import inspect_study, load_study
from policy_options.core.ranking import rank
from policy_options.core.weights import resolve_weights
from policy_options.errors import PolicyError, StudyError, UsageError

__version__ = "0.1.0"
__all__ = [
    "PolicyError",
    "StudyError",
    "UsageError",
    "__version__",
    "explain",
    "inspect_study",
    "load_study",
    "rank",
    "resolve_weights",
]
