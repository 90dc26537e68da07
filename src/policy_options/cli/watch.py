"""``policy rank --watch``: redraw the ranking each time a file of the study is saved.

Uses watchfiles (Rust ``notify``: inotify, FSEvents, ReadDirectoryChangesW),
imported only here, and this module only when ``--watch`` is given. Each draw
marks every option's move since the last good ranking (↑2, ↓1, new). A file
saved broken shows its located error in place of the table; the last good
ranking stays the reference for the next draw. Ctrl-C stops with exit code 0;
a study folder that disappears stops with an error (exit code 2).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import typer

from policy_options.cli.common import study_folder
from policy_options.core.ranking.profiles import rank_moves, ranks_of
from policy_options.core.ranking.rank import rank
from policy_options.core.study.loading.folder import (
    SCENARIOS_DIR,
    WEIGHTS_DIR,
    display_path,
)
from policy_options.core.study.loading.load import load_study
from policy_options.core.study.scenarios import apply_scenario
from policy_options.core.study.weights import resolve_weights
from policy_options.errors import PolicyError
from policy_options.render import console_workflow
from policy_options.render.writers import console

CLEAR_SCREEN = "\x1b[2J\x1b[H"
TIMEOUT_MS = 500  # how often, without events, to check that the folder is still there
MAX_RESTARTS = 3  # watching restarts when a watched folder vanishes (weights/ removed, ...)
STUDY_SUFFIXES = (".yaml", ".yml")

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass
class _Reference:
    """The last good ranking: what the next draw counts moves and score changes from."""

    ranks: dict[str, int]
    scores: dict[str, float]
    shown: tuple[str, ...]  # the options the table showed (all, or the --top ones)


class RankingWatcher:
    """Draws the ranking of one study folder (and weights file) again after every change."""

    def __init__(
        self,
        folder: Path,
        weights: str | None,
        overrides: Sequence[str],
        top: int | None,
        method: str | None = None,
        exclude_failing: bool = False,
        scenario: str | None = None,
    ) -> None:
        self.folder = folder
        self.scenario = scenario
        self.weights = weights
        self.overrides = list(overrides)
        self.top = top
        self.method = method
        self.exclude_failing = exclude_failing
        self.reference: _Reference | None = None
        self.weights_file = self._weights_file()
        self.fingerprint: Fingerprint = ()
        self.draws = 0

    def _weights_file(self) -> Path | None:
        """``--weights FILE`` outside the study folder, which must be watched as well."""
        if self.weights is None or not Path(self.weights).is_file():
            return None
        candidate = Path(self.weights).resolve()
        if candidate.parent in (self.folder.resolve(), (self.folder / WEIGHTS_DIR).resolve()):
            return None
        return candidate

    def folders(self) -> list[Path]:
        """The folders to watch (not recursively): the study, its weights/, the weights file's."""
        found = [self.folder, self.folder / WEIGHTS_DIR, self.folder / SCENARIOS_DIR]
        if self.weights_file is not None:
            found.append(self.weights_file.parent)
        return [path for path in found if path.is_dir()]

    def files(self) -> list[Path]:
        found = [
            path
            for folder in (self.folder, self.folder / WEIGHTS_DIR, self.folder / SCENARIOS_DIR)
            for suffix in STUDY_SUFFIXES
            for path in sorted(folder.glob(f"*{suffix}"))
        ]
        if self.weights_file is not None:
            found.append(self.weights_file)
        return found

    def current_fingerprint(self) -> Fingerprint:
        """Name, modification time and size of every file a draw reads."""
        prints = []
        for path in self.files():
            try:
                stat = path.stat()
            except OSError:
                continue
            prints.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(prints)

    def relevant(self, _change: object, path: str) -> bool:
        """watchfiles filter: study files, and the watched folders themselves (deleted?)."""
        name = Path(path).name
        if Path(path).suffix in STUDY_SUFFIXES and not name.startswith("."):
            return True
        return Path(path) in (self.folder, self.folder / WEIGHTS_DIR) or (
            self.weights_file is not None and Path(path) == self.weights_file
        )

    def check_folder(self) -> None:
        if not self.folder.is_dir():
            raise PolicyError(
                f"{display_path(self.folder)}: the study folder has disappeared; stopped watching"
            )

    def status(self, changed: Sequence[str]) -> str:
        watched = display_path(self.folder)
        if self.weights_file is not None:
            watched += f" and {display_path(self.weights_file)}"
        when = time.strftime("%H:%M:%S")
        after = f" after a change to {', '.join(changed)}" if changed else ""
        return f"drawn at {when}{after} · watching {watched} · Ctrl-C to stop"

    def screen(self, changed: Sequence[str]) -> str:
        """The text of one draw: the ranking with its moves, or the error in its place."""
        terminal = console.detect()
        self.fingerprint = self.current_fingerprint()
        status = self.status(changed)
        try:
            study = apply_scenario(load_study(self.folder), self.scenario)
            weights = resolve_weights(study, self.weights, self.overrides)
            ranking = rank(study, weights, self.method, exclude_failing=self.exclude_failing)
        except PolicyError as exc:
            return console_workflow.watch_problem(exc.message, exc.hint, status, terminal)
        ranks = ranks_of(ranking)
        scores = {row.option: row.score for row in ranking.rows}
        shown = ranking.top(self.top)
        moves = changes = None
        gone: list[tuple[str, int | None, int | None]] = []
        if self.reference is not None:
            moves = rank_moves(self.reference.ranks, ranks)
            before = self.reference.scores
            changes = {key: score - before[key] for key, score in scores.items() if key in before}
            now = {row.option for row in shown.rows}
            gone = [
                (key, ranks.get(key), moves.get(key))
                for key in self.reference.shown
                if key not in now
            ]
        self.reference = _Reference(ranks, scores, tuple(row.option for row in shown.rows))
        return console_workflow.watch_ranking(shown, moves, changes, status, terminal, gone)

    def draw(self, changed: Sequence[str] = ()) -> None:
        text = self.screen(changed)
        if console.detect().is_terminal:
            text = CLEAR_SCREEN + text
        elif self.draws:
            text = "\n" + text  # in a pipe, draws follow one another
        self.draws += 1
        typer.echo(text, nl=False)

    def run(self) -> None:
        """Draw, then redraw after each change until Ctrl-C or the folder disappears."""
        import watchfiles  # only here: keeps it off the import path of plain `policy rank`

        self.draw()
        failures = 0
        while True:
            try:
                for events in watchfiles.watch(
                    *self.folders(),
                    watch_filter=self.relevant,
                    recursive=False,
                    rust_timeout=TIMEOUT_MS,
                    yield_on_timeout=True,
                    raise_interrupt=True,
                ):
                    failures = 0
                    self.check_folder()
                    changed = sorted({display_path(Path(path)) for _, path in events})
                    # The fingerprint also catches a save made before the watcher started.
                    if events or self.current_fingerprint() != self.fingerprint:
                        self.draw([c for c in changed if Path(c).suffix in STUDY_SUFFIXES])
            except FileNotFoundError as exc:  # a watched folder went away as watching began
                self.check_folder()
                failures += 1
                if failures > MAX_RESTARTS:
                    raise PolicyError(f"cannot watch {display_path(self.folder)}: {exc}") from None
                if self.current_fingerprint() != self.fingerprint:
                    self.draw()


def watch_ranking(
    study: Path | None,
    weights: str | None,
    overrides: Sequence[str],
    top: int | None,
    method: str | None = None,
    exclude_failing: bool = False,
    scenario: str | None = None,
) -> None:
    """``policy rank --watch``: runs until Ctrl-C (exit 0) or the study folder disappears."""
    watcher = RankingWatcher(
        study_folder(study), weights, overrides, top, method, exclude_failing, scenario
    )
    try:
        watcher.run()
    except KeyboardInterrupt:
        typer.echo("stopped watching", err=True)
    except BrokenPipeError:  # pragma: no cover - the reader went away (`| head`)
        pass
