"""Portfolios: the best package of options under budgets, prerequisites, exclusions and
synergies (Kleinmuntz 2007; Liesiö, Mild & Salo 2007; Liesiö & Punkka 2014 on baselines).

- :mod:`.model`: the package value model V(P), constraints, and the frozen results.
- :mod:`.enumerate`: exhaustive enumeration in numpy chunks (up to ``ENUMERATION_LIMIT``
  options): the exact best, its ties and runners-up, the frontier and the candidates.
- :mod:`.milp`: the same model as a 0-1 integer program (scipy.optimize.milp / HiGHS).
- :mod:`.frontier`: the efficient frontier of value against one resource.
- :mod:`.robustness`: core indices over sampled weights and score ranges.
- :mod:`.analysis`: :func:`~.analysis.portfolio`, the whole analysis for one command.

This package itself imports no numpy (the CLI reads the defaults below cheaply).
"""

from __future__ import annotations

ENUMERATION_LIMIT = 25
"""Up to this many options (forced in or out ones too) the packages are enumerated."""
DEFAULT_SAMPLES = 10_000
RUNNERS_UP = 5
CORE_SHARE = 0.95
"""An option in the best package in at least this share of samples is "core"."""
