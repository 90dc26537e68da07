"""Several analysts: judgement layers (``judgements/<analyst>/``), read and checked; pooled
into one study (median value, linear opinion pool as the uncertainty) or one analyst's
study; who disagrees, and whether it changes the answer."""
