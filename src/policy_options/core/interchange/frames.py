"""Results as pandas DataFrames, and their display in a notebook (HTML and Markdown).

pandas is imported inside the functions, never at the top, and only when a frame is
asked for: ``policy rank`` never loads it. The builders read the results' attributes and
import none of the results' modules (they inherit
:class:`~policy_options.core.interchange.tabular.Tabular`, which calls here: importing
them back would tie the modules in a circle); a result is told by its class name.

Every frame carries ``frame.attrs["caption"]`` (the study's title and the method, the
weights or the settings) and ``frame.attrs["headers"]`` (column -> display header: a
criterion's name, its direction as an arrow and its weight, e.g. ``Deterrence ↑ 20.7%``),
which the HTML and Markdown displays use.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable, Mapping
from typing import Any

from policy_options.core.study.values import value
from policy_options.errors import UsageError

ARROWS = {"higher_is_better": "↑", "lower_is_better": "↓"}
KINDS = ("raw", "values", "both")


def _pandas() -> Any:
    try:
        pandas = importlib.import_module("pandas")  # untyped without pandas-stubs
    except ImportError:
        raise UsageError(
            "to_frame() needs pandas", hint='pip install "policy-options[pandas]"'
        ) from None
    return pandas


def _header(study: Any, key: str, weights: Mapping[str, float] | None) -> str:
    criterion = study.all_criteria[key]
    text = f"{criterion.name} {ARROWS[criterion.direction.value]}"
    if key not in study.criteria:  # a modifier: a factor on the weighted sum, no weight
        return f"{text} ×"
    if weights is not None:
        text += f" {100 * weights[key]:.1f}%"
    return text


def _headers(study: Any, weights: Mapping[str, float] | None) -> dict[str, str]:
    return {key: _header(study, key, weights) for key in study.all_criteria}


def _finish(frame: Any, caption: str, headers: dict[Any, str]) -> Any:
    frame.attrs["caption"] = caption
    frame.attrs["headers"] = headers
    return frame


def study_frame(study: Any, kind: str = "raw") -> Any:
    """Options x criteria (modifiers too: their value is the factor): the raw scores
    (``kind="raw"``), the 0..1 values on the declared scales and value functions
    (``"values"``), or both under a (criterion, raw|value) column index (``"both"``).
    Index: option ids, in the study's order."""
    if kind not in KINDS:
        raise UsageError(f"to_frame(kind): one of {', '.join(KINDS)}, got {kind!r}")
    pd = _pandas()
    criteria = list(study.all_criteria)  # modifiers too
    raw = {
        option.id: [option.spec.scores[key].value for key in criteria]
        for option in study.options.values()
    }
    values = {
        option: [value(study.all_criteria[k], x) for k, x in zip(criteria, xs, strict=True)]
        for option, xs in raw.items()
    }
    profile = study.default_profile
    weights = None
    if profile is not None and profile in study.profiles:
        given = dict(study.profiles[profile].spec.weights)
        total = sum(given.values())
        weights = {k: w / total for k, w in given.items()} if total > 0 else None
    headers: dict[Any, str] = _headers(study, weights)
    if kind == "both":
        columns = pd.MultiIndex.from_tuples(
            [(key, part) for key in criteria for part in ("raw", "value")]
        )
        data = {
            option: [x for pair in zip(raw[option], values[option], strict=True) for x in pair]
            for option in raw
        }
        headers = {(k, part): f"{headers[k]} {part}" for k in criteria for part in ("raw", "value")}
    else:
        columns = pd.Index(criteria)
        data = raw if kind == "raw" else values
    frame = pd.DataFrame.from_dict(data, orient="index", columns=columns, dtype=float)
    frame.index.name = "option"
    weighted = f" · weights {profile}" if weights is not None else ""
    return _finish(frame, f"{study.title} · {kind} scores{weighted}", headers)


def ranking_frame(ranking: Any) -> Any:
    """Options in rank order: rank, title, stance, score (0..1), then each criterion's
    contribution as the method defines it (additive: the weighted value; the scores are
    their sums)."""
    pd = _pandas()
    criteria = list(ranking.study.criteria)
    rows = {
        row.option: [row.rank, row.title, row.stance, row.score]
        + [row.contributions.get(key, float("nan")) for key in criteria]
        for row in ranking.rows
    }
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["rank", "title", "stance", "score", *criteria]
    )
    frame.index.name = "option"
    headers = _headers(ranking.study, ranking.weights.normalised)
    caption = f"{ranking.study.title} · method {ranking.method} · weights {ranking.weights.label}"
    return _finish(frame, caption, headers)


def montecarlo_frame(result: Any) -> Any:
    """SMAA-2, one row per option (base-ranking order): base rank, the share of samples in
    which it comes first, its expected rank, its confidence factor, then its share of
    samples at each rank (``rank 1`` ... ``rank n``)."""
    pd = _pandas()
    n = len(result.options)
    rows = {
        row.option: [
            row.base_rank,
            row.first,
            row.expected_rank,
            row.confidence,
            *row.acceptability,
        ]
        for row in result.options
    }
    columns = ["base_rank", "first", "expected_rank", "confidence"]
    columns += [f"rank {k}" for k in range(1, n + 1)]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.index.name = "option"
    ranking = result.ranking
    caption = (
        f"{ranking.study.title} · method {ranking.method} · Monte Carlo (SMAA-2),"
        f" {result.samples} samples, seed {result.seed}, {result.weight_model.value} weights"
    )
    return _finish(frame, caption, {})


def stability_frame(result: Any) -> Any:
    """One row per criterion, most sensitive first: its weight, the interval of its weight
    in which the top option stays on top (``top_low``, ``top_high``) and who takes over
    below and above it, the interval keeping the whole order, the smallest change of the
    weight that changes the top option and that change relative to the weight."""
    pd = _pandas()
    rows = {
        c.criterion: [
            c.weight,
            c.top_interval[0],
            c.top_interval[1],
            c.below,
            c.above,
            c.ranking_interval[0],
            c.ranking_interval[1],
            c.change,
            c.relative_change,
        ]
        for c in result.criteria
    }
    columns = ["weight", "top_low", "top_high", "below", "above"]
    columns += ["ranking_low", "ranking_high", "change", "relative_change"]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.index.name = "criterion"
    ranking = result.ranking
    caption = (
        f"{ranking.study.title} · method {ranking.method} · weight stability of the top"
        f" option, {result.top}"
    )
    return _finish(frame, caption, _headers(ranking.study, ranking.weights.normalised))


def portfolio_frame(result: Any) -> Any:
    """The best package, its ties and the runners-up, one row each: role, options (a
    tuple of ids), number of options, value (0..1 of the weights), each resource's
    total cost and each criterion's weighted added value."""
    pd = _pandas()
    study = result.study
    resources = list(result.budget)
    criteria = list(study.criteria)
    packages = [("best", result.best)]
    packages += [("tie", p) for p in result.ties]
    packages += [("runner-up", p) for p in result.runners_up]
    rows = [
        [role, package.options, len(package.options), package.value]
        + [package.costs.get(r, 0.0) for r in resources]
        + [package.values.get(k, 0.0) for k in criteria]
        for role, package in packages
    ]
    columns = ["role", "options", "size", "value", *(f"cost {r}" for r in resources), *criteria]
    frame = pd.DataFrame(rows, columns=columns)
    frame.index.name = "package"
    budget = ", ".join(f"{r} {limit:g}" for r, limit in result.budget.items())
    caption = f"{study.title} · method {result.method} · portfolio under {budget or 'no budget'}"
    return _finish(frame, caption, _headers(study, result.weights.normalised))


def scenarios_frame(result: Any) -> Any:
    """One row per option (base-ranking order); columns under two levels: ``score``,
    ``rank`` and ``regret`` per scenario (base first), then ``max_regret``,
    ``mean_regret``, ``expected`` (None unless every scenario has a probability),
    ``worst`` and ``satisficed``."""
    pd = _pandas()
    ids = [s.id for s in result.scenarios]
    per = ("score", "rank", "regret")
    single = ("max_regret", "mean_regret", "expected", "worst", "satisficed")
    columns = pd.MultiIndex.from_tuples(
        [(q, s) for q in per for s in ids] + [(q, "") for q in single]
    )
    rows = {
        o.option: [o.scores[s] for s in ids]
        + [o.ranks[s] for s in ids]
        + [o.regret[s] for s in ids]
        + [o.max_regret, o.mean_regret, o.expected, o.worst, o.satisficed]
        for o in result.options
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.index.name = "option"
    caption = f"{result.study.title} · method {result.method} · across {len(ids)} scenarios"
    return _finish(frame, caption, {})


def value_frame(result: Any) -> Any:
    """Value of information, one row per input, most valuable first: its kind (score,
    option, criterion, weight, weights), option, criterion, the number of inputs it covers,
    its EVPPI (0..1 score units, as every frame), the noise floor, whether it is worth more
    than the Monte Carlo error, and the first switch point (where the choice changes)."""
    pd = _pandas()
    rows = [
        [
            i.kind,
            i.option,
            i.criterion,
            i.inputs,
            i.evppi,
            i.noise,
            i.above_noise,
            i.switches[0].at if i.switches else None,
        ]
        for i in result.inputs
    ]
    columns = ["kind", "option", "criterion", "inputs", "evppi", "noise", "above_noise"]
    frame = pd.DataFrame(rows, columns=[*columns, "switch_at"])
    frame.index.name = "input"
    ranking = result.ranking
    caption = (
        f"{ranking.study.title} · method {ranking.method} · value of information,"
        f" EVPI {result.evpi:.4f} ± {result.evpi_se:.4f}, {result.samples} samples"
    )
    return _finish(frame, caption, {})


FRAMES: dict[str, Callable[..., Any]] = {
    "Study": study_frame,
    "Ranking": ranking_frame,
    "MonteCarlo": montecarlo_frame,
    "WeightStability": stability_frame,
    "Portfolio": portfolio_frame,
    "RegretAnalysis": scenarios_frame,
    "ValueOfInformation": value_frame,
}
"""Result class name -> its frame builder."""


def to_frame(result: Any, *args: Any, **kwargs: Any) -> Any:
    """``result`` as a DataFrame, by the builder of its class."""
    return FRAMES[type(result).__name__](result, *args, **kwargs)


def _label(frame: Any, column: Any) -> str:
    headers = frame.attrs.get("headers", {})
    if column in headers:
        return str(headers[column])
    if isinstance(column, tuple):
        return " ".join(str(part) for part in column if part != "")
    return str(column)


def _cell(x: Any) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return ""
    if isinstance(x, float):
        return f"{x:.4g}" if abs(x) >= 1e4 or (x != 0 and abs(x) < 1e-3) else f"{x:.3f}"
    if isinstance(x, tuple):
        return ", ".join(map(str, x))
    return str(x)


def frame_html(frame: Any) -> str:
    """The frame as an HTML table: the caption, display headers, numbers to 3 decimals."""
    head = "".join(f"<th>{html.escape(_label(frame, c))}</th>" for c in frame.columns)
    index = html.escape(str(frame.index.name or ""))
    lines = [
        '<table class="policy-options">',
        f"<caption>{html.escape(frame.attrs.get('caption', ''))}</caption>",
        f"<thead><tr><th>{index}</th>{head}</tr></thead>",
        "<tbody>",
    ]
    for key, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = "".join(f"<td>{html.escape(_cell(x))}</td>" for x in row)
        lines.append(f"<tr><th>{html.escape(str(key))}</th>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def frame_markdown(frame: Any) -> str:
    """The frame as a GitHub-flavoured Markdown table under its caption in bold."""
    header = [str(frame.index.name or ""), *(_label(frame, c) for c in frame.columns)]
    lines = [
        f"**{_md(frame.attrs.get('caption', ''))}**",
        "",
        "| " + " | ".join(_md(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for key, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = [_md(str(key)), *(_md(_cell(x)) for x in row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def display(result: Any, kind: str) -> str | None:
    """The notebook's rich display of ``result`` (``html`` or ``markdown``); None without
    pandas, so that Jupyter shows the plain repr instead of an error."""
    try:
        frame = to_frame(result)
    except UsageError:
        return None
    return frame_html(frame) if kind == "html" else frame_markdown(frame)
