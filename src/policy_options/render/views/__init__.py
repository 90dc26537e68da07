"""Views: one module per result family, each a pure function result -> Document.

What a result says is decided here, once; how it looks in a terminal, a memo or a
spreadsheet is the writers' business (render/writers/).
"""
