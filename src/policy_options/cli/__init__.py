"""The Typer CLI: parse, call the core, hand the result to a renderer, set the exit code."""

import os

# The CLI uses no pydantic plugins; looking them up reads every installed package's
# entry points (~15 ms of each run). Library users who import policy_options keep them.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
