"""How far the answer can be trusted: the one sampler, weight stability intervals, Monte
Carlo (SMAA-2), the score tornado.
"""
