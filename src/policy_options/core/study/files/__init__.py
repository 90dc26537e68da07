"""The study file format as pydantic models: study.yaml, options, weight profiles,
scenarios, interactions (validated, unknown keys forbidden)."""
