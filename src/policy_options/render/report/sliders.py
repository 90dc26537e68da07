"""Weights a reader can move: the study's additive model in a small inline script.

A slider per criterion sets its raw weight, as ``policy rank --set CRITERION=WEIGHT``
does; the script normalises the weights, scores every option as the additive method
does (sum of weight x value), applies the modifiers as ``core.methods.base.modified``
does (m_i x s_i, or s_ref + m_i (s_i - s_ref) with a reference option), ranks as
``order_and_rank`` does (1e-9 ties, then by id) and redraws the table, saying when the
leader changes. No network, no framework; with JavaScript off the section stays hidden
and the page is the static report. Other methods get no sliders (None).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import escape

from policy_options.core.brief import Brief

SCRIPT = """
(function () {
  var box = document.getElementById("weights-live");
  var data = JSON.parse(document.getElementById("weights-model").textContent);
  var n = data.criteria.length, raw = data.criteria.map(function (c) { return c.raw; });
  var first = null;
  function points(s) { return (s * 100 + 0).toFixed(1); }
  function rank() {
    var total = raw.reduce(function (a, b) { return a + b; }, 0);
    var body = box.querySelector("tbody"), note = box.querySelector(".leader");
    if (!(total > 0)) { body.textContent = ""; note.textContent = "All weights are zero."; return; }
    box.querySelectorAll("input[type=range]").forEach(function (input) {
      var j = +input.dataset.index;
      input.parentNode.querySelector("output").textContent =
        raw[j].toString() + " (" + (raw[j] / total * 100).toFixed(1) + "%)";
    });
    var base = data.options.map(function (o) {
      var s = 0; for (var j = 0; j < n; j++) { s += raw[j] / total * o.v[j]; } return s;
    });
    var ref = data.reference === null ? 0 : base[data.reference];
    var rows = data.options.map(function (o, i) {
      var s = o.m === null ? base[i] : ref + o.m * (base[i] - ref);
      return { id: o.id, title: o.title, score: s };
    });
    rows.sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
    body.textContent = "";
    rows.forEach(function (r, k) {
      r.rank = k && rows[k - 1].score - r.score <= 1e-9 ? rows[k - 1].rank : k + 1;
      var tr = document.createElement("tr");
      tr.dataset.option = r.id;
      [[r.rank, "num"], [r.title, ""], [points(r.score), "num"]].forEach(function (c) {
        var td = document.createElement("td");
        td.textContent = c[0];
        if (c[1]) { td.className = c[1]; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var lead = rows[0];
    if (first === null) { first = lead; }
    note.textContent = lead.id === first.id ? "Leader: " + lead.title + " (as in the report)." :
      "The leader changes: " + lead.title + " now leads instead of " + first.title + ".";
    note.className = "leader" + (lead.id === first.id ? "" : " warning");
  }
  box.querySelectorAll("input[type=range]").forEach(function (input) {
    var j = +input.dataset.index;
    input.addEventListener("input", function () {
      raw[j] = +input.value; rank();
    });
  });
  box.querySelector("button").addEventListener("click", function () {
    box.querySelectorAll("input[type=range]").forEach(function (input) {
      var j = +input.dataset.index; raw[j] = data.criteria[j].raw; input.value = raw[j];
    });
    rank();
  });
  box.hidden = false;
  rank();
})();
"""


def model(brief: Brief) -> dict[str, object] | None:
    """The additive model as the script reads it; None for any other method."""
    if brief.method != "additive":
        return None
    study, ranking = brief.study, brief.ranking
    keys = list(study.criteria)
    modifiers = bool(study.modifiers)
    ids = [row.option for row in ranking.rows]
    reference = study.reference if study.reference in ids else None
    titles = {key: option.title for key, option in study.options.items()}
    return {
        "criteria": [
            {"id": key, "name": study.criteria[key].name, "raw": brief.weights.raw[key]}
            for key in keys
        ],
        "options": [
            {
                "id": row.option,
                "title": titles[row.option],
                "v": [row.values[key] for key in keys],
                "m": row.factor if modifiers else None,
            }
            for row in ranking.rows
        ],
        "reference": None if reference is None else ids.index(reference),
    }


def sliders(brief: Brief) -> str | None:
    """The hidden section and its script (HTML), or None when the method is not additive."""
    data = model(brief)
    if data is None:
        return None
    top = max(10.0, 2 * max(brief.weights.raw.values()))
    rows = []
    criteria: list[dict[str, Any]] = data["criteria"]  # type: ignore[assignment]
    for j, criterion in enumerate(criteria):
        raw = criterion["raw"]
        rows.append(
            f'<label class="slider"><span>{escape(criterion["name"])}</span>'
            f'<input type="range" min="0" max="{top:g}" step="0.1" value="{raw:g}"'
            f' data-index="{j}" data-criterion="{escape(criterion["id"])}"'
            f' aria-label="weight of {escape(criterion["name"])}">'
            f"<output>{raw:g}</output></label>"
        )
    # text for textContent, never markup; "<" escaped so nothing can close the script
    payload = json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")
    return (
        '<div id="weights-live" class="no-print" role="region" aria-label="Move the weights"'
        " hidden>\n"
        "<h2>Move the weights</h2>\n"
        '<p class="small">Each slider sets a criterion\'s weight as <code>policy rank --set'
        " CRITERION=WEIGHT</code> does (the weights are then scaled to sum to 100%); the"
        " table re-ranks the options with the additive method, modifiers and reference as"
        " in the report.</p>\n"
        + "\n".join(rows)
        + '\n<p><button type="button">Back to the study\'s weights</button></p>\n'
        '<p class="leader" aria-live="polite"></p>\n'
        '<table class="live"><thead><tr><th class="num">Rank</th><th>Option</th>'
        '<th class="num">Score</th></tr></thead><tbody></tbody></table>\n'
        "</div>\n"
        f'<script type="application/json" id="weights-model">{payload}</script>\n'
        f"<script>{SCRIPT.strip()}</script>\n"
    )
