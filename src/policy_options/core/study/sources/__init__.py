"""Quotes checked against their sources: source text extraction (text, HTML, PDF),
normalisation, exact and closest matching, what cites what."""
