"""The pure core: study models, loading, values, methods. No typer, no rich, no printing."""
