"""API Gateway: REST and HTTP APIs, their stages, methods and policies."""

from __future__ import annotations

import functools

from edgelint.model.base import Node, models, strings
from edgelint.values import Known, Ref, Value


@models("aws_api_gateway_rest_api")
class RestApi(Node):
    @property
    def endpoint_types(self) -> Value:
        cfg = self.first("endpoint_configuration")
        if cfg is None:
            return Known(["EDGE"])
        return cfg.value("types")

    @property
    def is_private(self) -> bool:
        values, _ = strings(self.endpoint_types)
        return "PRIVATE" in values

    @functools.cached_property
    def stages(self) -> list[Node]:
        return [Node(self.stack, r) for r in self.stack.referring(self.resource, "rest_api_id",
                                                                  ("aws_api_gateway_stage",))]

    @functools.cached_property
    def methods(self) -> list[Node]:
        return [Node(self.stack, r) for r in self.stack.referring(self.resource, "rest_api_id",
                                                                  ("aws_api_gateway_method",))]

    @functools.cached_property
    def policies(self) -> list[Value]:
        out = [self.value("policy")] if self.has("policy") else []
        for r in self.stack.referring(self.resource, "rest_api_id", ("aws_api_gateway_rest_api_policy",)):
            out.append(Node(self.stack, r).value("policy"))
        return out


@models("aws_apigatewayv2_api")
class HttpApi(Node):
    @functools.cached_property
    def stages(self) -> list[Node]:
        return [Node(self.stack, r) for r in self.stack.referring(self.resource, "api_id",
                                                                  ("aws_apigatewayv2_stage",))]


@models("aws_api_gateway_stage", "aws_apigatewayv2_stage", "aws_api_gateway_deployment")
class ApiStage(Node):
    """A REST or HTTP API stage; ``api`` is the API it belongs to."""

    @property
    def api(self) -> "RestApi | HttpApi | None":
        ref = self.value("rest_api_id" if self.has("rest_api_id") else "api_id")
        return self.stack.object_for(ref) if isinstance(ref, Ref) else None
