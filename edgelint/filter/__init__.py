"""Filter: findings → the findings kept.

Input: the rules' ``Finding``s, the files' comments and the options the
configuration shaped. Output: findings with ``suppressed`` set where an inline
``edgelint:ignore`` comment (``suppress``) or the baseline (``baseline``) accepts
them, and EDGE901 for suppressions that matched nothing.
"""
