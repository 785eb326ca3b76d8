"""Lambda functions, and Lambda@Edge: the functions a cache behavior runs, and which
version it names."""

from __future__ import annotations

import re

from edgelint.evaluate.values import Partial, Ref
from edgelint.model.arns import lambda_function
from edgelint.model.base import Node, models

_VERSION = re.compile(r"^[0-9]+$")


@models("aws_lambda_function", view="function", standalone=False)
class LambdaFunction(Node):
    """A Lambda function (also looked up by ``data "aws_lambda_function"``)."""


@models("aws_lambda_alias", standalone=False)
class LambdaAlias(Node):
    """A Lambda alias: a name for a function version."""


def _names_function(ref: Ref) -> bool:
    """A reference to a function (resource or data source) or an alias."""
    return LambdaFunction.named_by(ref, data_source=True) or LambdaAlias.named_by(ref)


class LambdaAssociation(Node):
    """A ``lambda_function_association`` block of a cache behavior."""

    @property
    def arn_attribute(self) -> str:
        """``lambda_arn``; a multi-tenant distribution's association calls it
        ``lambda_function_arn``."""
        return "lambda_function_arn" if self.parent.distribution.is_multi_tenant else "lambda_arn"

    @property
    def function_ref(self) -> Ref | None:
        """The reference to the function (or alias) behind ``lambda_arn``."""
        return next((r for r in self.references(self.arn_attribute) if _names_function(r)), None)

    @property
    def function(self) -> Node | None:
        """The function or alias behind ``lambda_arn``, when it is in the configuration."""
        ref = self.function_ref
        return self.stack.object_for(ref) if ref is not None else None

    def unversioned(self) -> str | None:
        """Why ``lambda_arn`` certainly names no numbered version (Lambda@Edge takes
        nothing else), or None when it does or that is not known."""
        arn = self.value(self.arn_attribute)
        if isinstance(arn, Ref):
            return self._reference_problem(arn)
        if isinstance(arn, Partial) and len(arn.parts) == 2 and isinstance(arn.parts[1], str):
            head, tail = arn.parts
            if isinstance(head, Ref) and LambdaFunction.named_by(head) and head.attribute == "arn" \
                    and tail.startswith(":") and ":" not in tail[1:]:
                return _qualifier_problem(tail[1:])
            return None
        function = lambda_function(self.arn(self.arn_attribute))
        if function is None:
            return None
        qualifier = function[1]
        return "it has no version qualifier" if qualifier is None else _qualifier_problem(qualifier)

    def _reference_problem(self, ref: Ref) -> str | None:
        attribute = ref.attribute
        if LambdaAlias.named_by(ref):
            return f"{ref} is an alias"
        if not LambdaFunction.named_by(ref, data_source=True):
            return None
        if attribute in ("arn", "invoke_arn", "qualified_invoke_arn"):
            return f"{ref} names no version (use qualified_arn with publish = true)"
        if attribute == "qualified_arn" and LambdaFunction.named_by(ref):
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
