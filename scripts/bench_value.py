"""Benchmark of ``policy sensitivity value`` (issue 22): whole-process time and peak memory.

    python scripts/bench_value.py            # both cases
    python scripts/bench_value.py --quick    # the large case from 5,000 samples

Each case runs in a fresh process, timed from start to exit (wall clock, and the CPU
time the process used: the machine may be shared), its peak resident memory read with
``os.wait4`` (the child's own ``resource`` usage, ``ru_maxrss``):

- the shipped study, every ranged score (about 100) from 100,000 samples, through the
  command itself (``policy sensitivity value --format json``): target under 3 s;
- 500 options x 20 criteria, every score ranged (10,000 inputs), from 20,000 samples,
  the study built in memory (its building is in the time): target under 60 s and 1 GiB;
  once as ``bench_scale``'s generated study (scores 1..9: few options ever come first),
  once as a close contest (scores 4..6, ranges of +-2: hundreds come first, and the
  decision is limited to the 16 that do most often, as the result says).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

LARGE = """
import sys
sys.path.insert(0, {scripts!r})
from bench_scale import generated_study
from bench_value import close_contest
from policy_options.core.uncertainty.value import value_of_information
study, weights = close_contest() if {close} else generated_study(500, 20, ranged=1.0)
result = value_of_information(study, weights, samples={samples})
print(f"EVPI {{result.evpi * 100:.3f}} points; {{len(result.inputs):,}} inputs,"
      f" {{len(result.worth_finding):,}} above the noise; options compared"
      f" {{len(result.decision)}} of the {{result.first_options}} that ever come first")
"""


def close_contest(options: int = 500, criteria: int = 20) -> tuple[Any, Any]:
    """Every score drawn in 4..6 with a range of +-2 on 0..10, equal weights."""
    import numpy as np

    from policy_options.core.study.files.model import Study, StudyFile
    from policy_options.core.study.files.option_file import Option, OptionFile
    from policy_options.core.study.weights import Weights, normalise

    rng = np.random.default_rng(1)
    keys = [f"c{i:02d}" for i in range(criteria)]
    spec = StudyFile.model_validate(
        {
            "schema": 1,
            "title": "close contest",
            "criteria": {
                k: {"name": k, "direction": "higher_is_better", "scale": {"min": 0, "max": 10}}
                for k in keys
            },
        }
    )
    found = {}
    for j in range(options):
        scores = {}
        for k in keys:
            x = round(float(rng.uniform(4, 6)), 2)
            scores[k] = {"value": x, "range": [round(x - 2, 2), round(x + 2, 2)]}
        key = f"o{j:03d}"
        found[key] = Option(key, OptionFile.model_validate({"title": key, "scores": scores}), key)
    raw = dict.fromkeys(keys, 1.0)
    return Study(Path("."), spec, found, {}), Weights("even", "even", raw, normalise(raw))


def run(command: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak MiB, stdout's last line) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    lines = output.strip().splitlines()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the large case from 5,000 samples")
    args = parser.parse_args()
    policy = [sys.executable, "-m", "policy_options"]
    wall, cpu, peak, _ = run(
        [*policy, "sensitivity", "value", "--study", "options", "-n", "100000", "--format", "json"]
    )
    print(
        f"shipped study, 100,000 samples: {wall:.2f} s wall, {cpu:.2f} s CPU,"
        f" peak {peak:.0f} MiB (target < 3 s)"
    )
    samples = 5_000 if args.quick else 20_000
    for close, name in ((False, "generated"), (True, "close contest")):
        code = LARGE.format(scripts=str(ROOT / "scripts"), samples=samples, close=close)
        wall, cpu, peak, line = run([sys.executable, "-c", code])
        print(
            f"500 x 20 {name}, every score ranged, {samples:,} samples: {wall:.1f} s wall,"
            f" {cpu:.1f} s CPU, peak {peak:.0f} MiB (target < 60 s, < 1024 MiB)\n  {line}"
        )


if __name__ == "__main__":
    main()
