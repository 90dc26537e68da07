"""``policy sensitivity weights|montecarlo|scores`` (being written)."""

from __future__ import annotations

import typer

sensitivity_app = typer.Typer(
    help="How far the ranking can be trusted: weight stability, Monte Carlo, tornado.",
    no_args_is_help=True,
)
