"""Choice across futures: regret and decision rules over scenarios, and scenario discovery
(PRIM).
"""
