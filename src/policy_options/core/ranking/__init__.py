"""Rankings and what is read from them: rank, explain, compare methods, agreement, profiles
side by side, the diff between revisions.
"""
