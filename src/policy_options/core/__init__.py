"""The pure core: no typer, no rich, no printing, no sys.exit.

Packages, from the bottom up (imports point down this list, never up):

- :mod:`.methods`: aggregation methods, one module each, and their registry.
- :mod:`.study`: the study as data (models, loading, values, weights, scenarios, sources).
- :mod:`.ranking`: rank, explain, compare, agreement, profiles, revision diff.
- :mod:`.uncertainty`: the sampler, stability intervals, Monte Carlo, tornado.
- :mod:`.why`: why A is above B and the smallest changes that flip the pair.
- :mod:`.portfolio`: packages of options under budgets and constraints.
- :mod:`.futures`: regret across scenarios and scenario discovery.
- :mod:`.elicitation`: weights from rankings, swings and pairwise comparisons.
- :mod:`.interchange`: spreadsheets in and out, import.
- :mod:`.brief`: what the charts and the report show, computed once.
"""
