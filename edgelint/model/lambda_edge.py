"""Lambda@Edge: the functions a cache behavior runs, and which version it names."""

from __future__ import annotations

import re

from edgelint.evaluate.values import Partial, Ref, Value
from edgelint.model.arns import known_arn, lambda_function
from edgelint.model.base import Node

FUNCTION_TYPES = ("aws_lambda_function", "data.aws_lambda_function", "aws_lambda_alias")
_VERSION = re.compile(r"^[0-9]+$")


class LambdaAssociation(Node):
    """A ``lambda_function_association`` block of a cache behavior."""

    @property
    def arn(self) -> Value:
        return self.value("lambda_arn")

    @property
    def function_ref(self) -> Ref | None:
        """The reference to the function (or alias) behind ``lambda_arn``."""
        return next((r for r in self.arn.refs() if r.type in FUNCTION_TYPES), None)

    @property
    def function(self) -> Node | None:
        """The function or alias behind ``lambda_arn``, when it is in the configuration."""
        ref = self.function_ref
        return self.stack.object_for(ref) if ref is not None else None

    def unversioned(self) -> str | None:
        """Why ``lambda_arn`` certainly names no numbered version (Lambda@Edge takes
        nothing else), or None when it does or that is not known."""
        arn = self.arn
        if isinstance(arn, Ref):
            return self._reference_problem(arn)
        if isinstance(arn, Partial) and len(arn.parts) == 2 and isinstance(arn.parts[1], str):
            head, tail = arn.parts
            if isinstance(head, Ref) and head.type == "aws_lambda_function" and head.attribute == "arn" \
                    and tail.startswith(":") and ":" not in tail[1:]:
                return _qualifier_problem(tail[1:])
            return None
        function = lambda_function(known_arn(arn))
        if function is None:
            return None
        qualifier = function[1]
        return "it has no version qualifier" if qualifier is None else _qualifier_problem(qualifier)

    def _reference_problem(self, ref: Ref) -> str | None:
        attribute = ref.attribute
        if ref.type == "aws_lambda_alias":
            return f"{ref} is an alias"
        if ref.type not in ("aws_lambda_function", "data.aws_lambda_function"):
            return None
        if attribute in ("arn", "invoke_arn", "qualified_invoke_arn"):
            return f"{ref} names no version (use qualified_arn with publish = true)"
        if attribute == "qualified_arn" and ref.type == "aws_lambda_function":
            function = self.stack.object_for(ref)
            if function is not None and function.value("publish").known in (None, False):
                return f"{ref} ends in $LATEST because {function.address} does not set publish = true"
        return None


def _qualifier_problem(qualifier: str) -> str | None:
    if _VERSION.match(qualifier):
        return None
    if qualifier == "$LATEST":
        return "it names $LATEST"
    return f"it names the alias '{qualifier}'"
