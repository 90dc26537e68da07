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
"""Up to this many options (forced in or out ones too) the packages can be enumerated
(robustness, Robust Portfolio Modeling, --scenarios and --engine enumeration)."""
SEARCH_FROM = 21
"""From this many options "auto" finds the best package by the bounded search, not by
enumeration (measured: the search is faster from 16 options, but enumeration also counts
the feasible packages and traces the frontier, and takes under 0.1 s up to 20 options
against 0.5 s at 22, 1.1 s at 24 and 2.9 s at 25; scripts/bench_large.py)."""
DEFAULT_TIME_LIMIT = 10.0
"""Seconds the integer program may take (above the search's limit) before the best
package found so far is given with its proven optimality gap."""
DEFAULT_SAMPLES = 10_000
RUNNERS_UP = 5
CORE_SHARE = 0.95
"""An option in the best package in at least this share of samples is "core"."""
