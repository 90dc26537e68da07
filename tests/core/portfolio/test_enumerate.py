"""Enumeration reports its progress: chunks of packages up to all 2^n of them."""

from __future__ import annotations

from policy_options.core.portfolio.enumerate import enumerate_packages, feasible_masks
from policy_options.core.portfolio.model import build_model
from tests.core.portfolio.test_portfolio import _wide


def test_progress_counts_every_package_once() -> None:
    inst = _wide(22, seed=1)  # 2^22 packages: several chunks
    model = build_model(inst.study, inst.weights)
    for run in (
        lambda tick: enumerate_packages(model, None, tick),
        lambda tick: feasible_masks(model, tick),
    ):
        calls: list[tuple[int, int]] = []
        run(lambda done, total: calls.append((done, total)))  # noqa: B023
        assert len(calls) > 1
        assert all(total == 2**22 for _, total in calls)
        assert [done for done, _ in calls] == sorted({done for done, _ in calls})
        assert calls[-1][0] == 2**22
