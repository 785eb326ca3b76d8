"""Terraform's implicit conversions between primitive values, as the operators and
functions apply them (``"1" + 1`` is 2, ``"true"`` is a bool where one is needed).
"""

from __future__ import annotations


def to_number(x):
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    if isinstance(x, str):
        return float(x) if any(c in x for c in ".eE") else int(x)
    return x


def equal(a, b) -> bool:
    return a == b and type(a) is type(b) or (
        isinstance(a, (int, float)) and isinstance(b, (int, float))
        and not isinstance(a, bool) and not isinstance(b, bool) and a == b)



def to_bool(x) -> bool:
    if isinstance(x, bool):
        return x
    if x in ("true", "false"):
        return x == "true"
    raise TypeError("not a bool")
