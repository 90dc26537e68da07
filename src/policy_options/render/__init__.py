"""Pure rendering: a result -> text.

views/ turn a result into a format-neutral Document (document.py); writers/ turn a
Document into console text (the one module that imports rich), Markdown or CSV;
jsonout.py writes JSON from the result's own data. The families not yet ported to
views keep their per-format modules (sensitivity*, portfolio, scenarios and their
console_* modules); why, revdiff and workflow hold the words their views share and their
JSON, console_workflow the ``rank --watch`` table; charts/ and report/ draw and assemble.
"""
