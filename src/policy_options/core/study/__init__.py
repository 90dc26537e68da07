"""The study as data: models, loading with locations, values, weights, scenarios, schema,
scaffolds, sources and quotes, a study at a git revision.
"""
