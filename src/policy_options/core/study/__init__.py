"""The study as data: what an analyst keeps in git, read, checked and resolved.

- :mod:`.files`: the file format as pydantic models (study, options, profiles, scenarios).
- :mod:`.reading`: YAML read with care, every value with its file:line:column.
- :mod:`.loading`: finding the study folder, loading and cross-checking its files.
- :mod:`.sources`: quotes checked against the sources they cite.
- values, weights, scenarios: value functions, weights resolved, a scenario applied.
- schema, scaffold, revision, suggest: JSON Schema, new files' text, a study at a git
  revision, did-you-mean.
"""
