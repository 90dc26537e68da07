#!/usr/bin/env python3
"""Benchmark: how long `policy rank --format json` takes against the floor of any such tool.

The floor is a minimal Typer app that reads one small YAML file, validates it with
one pydantic model and prints a Rich table: what every Python CLI of this kind pays
just to start. Runs alternate (floor, policy, floor, policy ...) so that both see the
same machine state, and the report gives the median of the paired ratios.

    python scripts/bench_rank.py            # 40 pairs on the shipped study
    python scripts/bench_rank.py --runs 100 --study options
    python scripts/bench_rank.py --compare  # also: policy compare against policy rank

Target (issue 2): median ratio <= 1.25. `policy compare` ranks under all five methods
in one process; --compare reports its whole-process time against `policy rank`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR_APP = """
from pathlib import Path

import typer
import yaml
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

app = typer.Typer()


class Item(BaseModel):
    name: str
    score: float


class Doc(BaseModel):
    title: str
    items: list[Item]


@app.command()
def main(path: Path) -> None:
    doc = Doc.model_validate(yaml.safe_load(path.read_text()))
    table = Table(title=doc.title)
    table.add_column("name")
    table.add_column("score")
    for item in doc.items:
        table.add_row(item.name, f"{item.score:.1f}")
    Console().print(table)


if __name__ == "__main__":
    app()
"""

FLOOR_DATA = "title: floor\nitems:\n" + "".join(
    f"  - {{name: option-{i}, score: {i * 7 % 100}}}\n" for i in range(14)
)


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def policy_command() -> list[str]:
    script = Path(sys.executable).with_name("policy")
    if script.exists():
        return [str(script)]
    found = shutil.which("policy")
    return [found] if found else [sys.executable, "-m", "policy_options"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="pairs of runs (default 40)")
    parser.add_argument("--study", default=None, help="study folder (default: the shipped one)")
    parser.add_argument(
        "--compare", action="store_true", help="also time `policy compare` against `policy rank`"
    )
    args = parser.parse_args()

    repo = Path(__file__).resolve().parent.parent
    study = Path(args.study).resolve() if args.study else repo / "options"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
        (folder / "data.yaml").write_text(FLOOR_DATA, encoding="utf-8")
        floor = [sys.executable, str(folder / "floor.py"), str(folder / "data.yaml")]
        policy = [*policy_command(), "rank", "--format", "json", "--study", str(study)]
        for _ in range(3):  # warm the file cache and .pyc files
            timed(floor, folder)
            timed(policy, folder)
        compare = [*policy_command(), "compare", "--format", "json", "--study", str(study)]
        floor_times, policy_times, compare_times = [], [], []
        for _ in range(args.runs):
            floor_times.append(timed(floor, folder))
            policy_times.append(timed(policy, folder))
            if args.compare:
                compare_times.append(timed(compare, folder))
    ratios = [p / f for p, f in zip(policy_times, floor_times, strict=True)]
    median_ratio = statistics.median(ratios)
    print(f"runs (pairs):        {args.runs}")
    print(f"floor app median:    {statistics.median(floor_times) * 1000:7.1f} ms")
    print(f"policy rank median:  {statistics.median(policy_times) * 1000:7.1f} ms")
    print(f"median paired ratio: {median_ratio:7.3f}  (target <= 1.25)")
    if compare_times:
        compare_ratio = statistics.median(
            c / p for c, p in zip(compare_times, policy_times, strict=True)
        )
        print(f"policy compare median: {statistics.median(compare_times) * 1000:5.1f} ms")
        print(f"compare / rank ratio:  {compare_ratio:5.3f}  (all five methods in one process)")
    sys.exit(0 if median_ratio <= 1.25 else 1)


if __name__ == "__main__":
    main()
