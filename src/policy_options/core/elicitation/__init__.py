"""Weights from judgements an analyst can make: a ranking (ROC), swings, pairwise
comparisons (AHP).
"""
