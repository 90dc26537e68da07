"""Every command that loads a study, as argv built for a study folder and a scratch folder
(for the commands that must write a file): the located-error tests run over all of them."""

from __future__ import annotations

from pathlib import Path

# (name, argv before --study); {out} is the scratch folder
LOADING = [
    ("rank", ["rank"]),
    ("rank-json", ["rank", "--format", "json"]),
    ("explain", ["explain", "alpha"]),
    ("info", ["info"]),
    ("compare", ["compare"]),
    ("profiles", ["profiles"]),
    ("diff", ["diff", "--weights", "even", "--weights", "gain-first"]),
    ("sensitivity-weights", ["sensitivity", "weights"]),
    ("sensitivity-montecarlo", ["sensitivity", "montecarlo", "-n", "20"]),
    ("sensitivity-scores", ["sensitivity", "scores"]),
    ("scenarios", ["scenarios"]),
    ("scenarios-discover", ["scenarios", "discover", "-n", "50"]),
    ("why", ["why", "alpha", "beta"]),
    ("sources", ["sources"]),
    ("portfolio", ["portfolio"]),
    ("chart", ["chart", "ranking", "-o", "{out}/chart.svg"]),
    ("report", ["report", "-o", "{out}/brief.md"]),
    ("export", ["export", "xlsx", "-o", "{out}/study.xlsx"]),
]
NAMES = [name for name, _ in LOADING]
VALIDATE = "validate"  # lists every problem on stdout, exit 1: checked on its own


def argv_for(name: str, study: Path, scratch: Path) -> list[str]:
    """The command ``name`` run on ``study``, its output files in ``scratch``."""
    args = dict(LOADING)[name]
    return [arg.format(out=scratch) for arg in args] + ["--study", str(study)]
