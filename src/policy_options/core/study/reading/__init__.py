"""Reading YAML with care: text files of sane size in UTF-8, the fast and the locating
readers (every value remembers its file:line:column), many files at once."""
