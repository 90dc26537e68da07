"""Pure renderers: a result -> text (markdown, csv, json); console.py alone imports rich."""
