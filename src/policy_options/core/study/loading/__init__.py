"""Finding and loading a study: its folder, each file parsed as its model, options,
scenarios and portfolio links cross-checked, every problem located."""
