"""Aggregation methods: one module each, a pure function over plain numbers."""
