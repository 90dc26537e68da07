"""Why A is ranked above B (or below), and the smallest changes that would flip the pair."""
