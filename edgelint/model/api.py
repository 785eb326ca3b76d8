"""API Gateway: REST and HTTP APIs, their stages, methods, routes and policies.

The stages of a REST API are its ``aws_api_gateway_stage`` resources and the stage an
``aws_api_gateway_deployment`` creates through ``stage_name`` under AWS provider 5 or an
unknown version (provider 6 removed the argument; RULES.md "Definitions"); both are ``ApiStage``s, and ``is_deployment`` tells them apart.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from edgelint.evaluate.values import Known, Ref, Unknown, Value
from edgelint.findings import Related
from edgelint.model import awsdata
from edgelint.model.base import Node, all_of, any_of, models, refers_to, strings
from edgelint.model.iam import PolicyDocument, read_policy

# The resources that make a stage (ApiStage), each spelled once.
_REST_STAGE, _HTTP_STAGE, _DEPLOYMENT = "aws_api_gateway_stage", "aws_apigatewayv2_stage", "aws_api_gateway_deployment"


@models("aws_api_gateway_rest_api", origin=awsdata.API_GATEWAY, data_sources=True, view="rest-api")
class RestApi(Node):
    @property
    def endpoint_configuration(self) -> Node | None:
        return self.first("endpoint_configuration")

    @property
    def endpoint_types(self) -> Value:
        cfg = self.endpoint_configuration
        if cfg is None:
            if self.is_set("parameters") is not False:
                # An imported specification may set it (endpointConfigurationTypes).
                return Unknown("the endpoint type may come from the import parameters")
            return Known(["EDGE"])  # the API's default
        return cfg.value("types")

    def has_endpoint_type(self, endpoint_type: str) -> bool:
        """Whether the endpoint types certainly include ``endpoint_type`` (``EDGE``…)."""
        return endpoint_type in strings(self.endpoint_types)[0]

    @property
    def is_private(self) -> bool:
        return self.has_endpoint_type("PRIVATE")

    @functools.cached_property
    def deployments(self) -> list[ApiStage]:
        return [self.stack.node(r) for r in self.stack.referring(self, "rest_api_id", (_DEPLOYMENT,))]

    @functools.cached_property
    def stages(self) -> list[ApiStage]:
        """Stage resources, then deployments that certainly create a stage."""
        stages = [self.stack.node(r) for r in self.stack.referring(self, "rest_api_id", (_REST_STAGE,))]
        return stages + [d for d in self.deployments if d.creates_stage is True]

    def stage_names(self) -> tuple[set[str], bool]:
        """The known names of the API's stages, and whether that set is complete: not
        when a stage's name is unknown or a deployment may create a stage."""
        names: set[str] = set()
        complete = self.opaque_flow is None and all(d.creates_stage is not None for d in self.deployments)
        for stage in self.stages:
            name = stage.text(stage.name_attribute)
            if name:
                names.add(name)
            else:
                complete = False
        return names, complete

    @functools.cached_property
    def methods(self) -> list[Node]:
        return [self.stack.node(r) for r in self.stack.referring(self, "rest_api_id", ApiMethod)]

    @functools.cached_property
    def policies(self) -> list[Value]:
        out = [self.value("policy")] if self.has("policy") else []
        for r in self.stack.referring(self, "rest_api_id", RestApiPolicy):
            out.append(self.stack.node(r).value("policy"))
        return out

    @functools.cached_property
    def policy_documents(self) -> list[PolicyDocument | None]:
        """The resource policies as documents; None for one that cannot be read."""
        return [read_policy(self.stack, p) for p in self.policies]


@models("aws_api_gateway_domain_name")
class ApiDomainName(Node):
    """A REST API custom domain name. ``security_policy`` is ``TLS_1_0``, ``TLS_1_2``
    or an enhanced ``SecurityPolicy_*`` policy (API Gateway Developer Guide,
    "Security policies for REST APIs in API Gateway")."""

    @property
    def label(self) -> str:
        name = self.text("domain_name")
        return f"custom domain {name} ({self.address})" if name else self.address


@models("aws_api_gateway_method")
class ApiMethod(Node):
    """A method of a REST API resource."""

    @property
    def is_preflight(self) -> bool:
        return (self.text("http_method") or "").upper() == "OPTIONS"

    def authorizer_headers(self) -> frozenset[str] | None:
        """The headers a Lambda authorizer of this method needs (lower-cased): empty
        when the method has none; None when that is not known."""
        return _authorizer_headers(self, "authorization")


@models("aws_api_gateway_authorizer", "aws_apigatewayv2_authorizer", standalone=False)
class ApiAuthorizer(Node):
    """A REST or HTTP API authorizer."""

    # identity source prefixes that name a request header, REST then HTTP
    _HEADER_SOURCE = ("method.request.header.", "$request.header.")

    @property
    def is_lambda(self) -> bool | None:
        """Whether a Lambda function decides (REST TOKEN or REQUEST, HTTP REQUEST):
        only it can check a header CloudFront adds."""
        if self.resource_type == "aws_api_gateway_authorizer":
            kind = "TOKEN" if self.is_null("type") else self.text("type")
            return None if kind is None else kind.upper() in ("TOKEN", "REQUEST")
        kind = self.text("authorizer_type")
        return None if kind is None else kind.upper() == "REQUEST"

    def identity_headers(self) -> frozenset[str] | None:
        """The request headers among the identity sources, lower-cased (a REST TOKEN
        authorizer reads Authorization unless told otherwise); None when unknown."""
        if self.resource_type == "aws_api_gateway_authorizer":
            if self.is_null("identity_source"):
                return frozenset({"authorization"}) if self.is_lambda else frozenset()
            text = self.text("identity_source")
            sources = [part.strip() for part in text.split(",")] if text is not None else None
        else:
            sources = self.strings("identity_sources")
        if sources is None:
            return None
        found = set()
        for source in sources:
            for prefix in self._HEADER_SOURCE:
                if source.lower().startswith(prefix):
                    found.add(source[len(prefix):].lower())
        return frozenset(found)


def _authorizer_headers(node: Node, attribute: str) -> frozenset[str] | None:
    """The headers the Lambda authorizer of a method or route needs: empty when it has
    no Lambda authorizer, None when that cannot be known."""
    kind = node.text(attribute)
    if kind is None:
        return frozenset() if node.is_null(attribute) else None
    if kind.upper() != "CUSTOM":
        return frozenset()
    authorizer = node.stack.object_for(node.value("authorizer_id"))
    if not isinstance(authorizer, ApiAuthorizer):
        return None
    lambda_decides = authorizer.is_lambda
    if lambda_decides is not True:
        return None if lambda_decides is None else frozenset()
    return authorizer.identity_headers()


def requires_header(requests: list, names: set[str]) -> bool | None:
    """Whether every one of ``requests`` (methods or routes, CORS preflight left out)
    goes through a Lambda authorizer that needs one of the lower-cased header
    ``names``; None when that is not known."""
    results = []
    for request in requests:
        if request.is_preflight:
            continue
        needed = request.authorizer_headers()
        results.append(None if needed is None else bool(needed & names))
    if not results:
        return False
    return all_of(results)


@models("aws_api_gateway_rest_api_policy", standalone=False)
class RestApiPolicy(Node):
    """A REST API's resource policy, as a resource of its own."""


@models("aws_apigatewayv2_api", origin=awsdata.API_GATEWAY, data_sources=True, view="http-api")
class HttpApi(Node):
    """An ``aws_apigatewayv2_api``: an HTTP API, or a WebSocket API by ``protocol_type``."""

    @functools.cached_property
    def stages(self) -> list[ApiStage]:
        return [self.stack.node(r) for r in self.stack.referring(self, "api_id", (_HTTP_STAGE,))]

    @functools.cached_property
    def routes(self) -> list[ApiRoute]:
        return [self.stack.node(r) for r in self.stack.referring(self, "api_id", ApiRoute)]


@models("aws_apigatewayv2_route")
class ApiRoute(Node):
    """A route of an HTTP or WebSocket API."""

    @property
    def is_preflight(self) -> bool:
        return (self.text("route_key") or "").upper().startswith("OPTIONS ")

    def authorizer_headers(self) -> frozenset[str] | None:
        """See ``ApiMethod.authorizer_headers``."""
        return _authorizer_headers(self, "authorization_type")


@models(_REST_STAGE, _HTTP_STAGE, _DEPLOYMENT, origin=awsdata.API_GATEWAY, view="stage")
class ApiStage(Node):
    """A REST or HTTP API stage, or a REST deployment (which creates a stage when it
    sets ``stage_name``); ``api`` is the API it belongs to."""

    @property
    def api(self) -> RestApi | HttpApi | None:
        ref = self.value("rest_api_id" if self.has("rest_api_id") else "api_id")
        return self.stack.object_for(ref) if isinstance(ref, Ref) else None

    @property
    def is_deployment(self) -> bool:
        return self.resource_type == _DEPLOYMENT

    @property
    def is_http(self) -> bool:
        return self.resource_type == _HTTP_STAGE

    @property
    def creates_stage(self) -> bool | None:
        """A stage resource is one; a deployment makes one through ``stage_name``,
        except under AWS provider 6, which removed the argument (RULES.md "Stages")."""
        if not self.is_deployment:
            return True
        if self.stack.provider_version("aws").at_least(6) is True:
            return False
        return self.is_set("stage_name")

    @property
    def name_attribute(self) -> str:
        return "name" if self.is_http else "stage_name"

    @property
    def stage_name(self) -> Value:
        return self.value(self.name_attribute)

    @property
    def label(self) -> str:
        name = self.text(self.name_attribute)
        named = f"stage '{name}'" if name is not None else "a stage"
        return f"{named} created by {self.address}" if self.is_deployment else f"{named} ({self.address})"

    def has_access_logs(self) -> bool | None:
        """A deployment-created stage has no access log settings at all."""
        return False if self.is_deployment else self.has_block("access_log_settings")

    def throttled(self) -> bool | None:
        """Whether a throttling limit applies to the stage: for REST, method settings
        of the stage with a rate or burst limit ≥ 0 (−1, the default, means none);
        for HTTP, ``default_route_settings`` with a throttling limit."""
        if self.is_http:
            found = self.has_block("default_route_settings")
            if not found:
                return found
            return any_of(s.is_set(a) for s in self.nested("default_route_settings")
                          for a in ("throttling_rate_limit", "throttling_burst_limit"))
        found = any_of(all_of([m.applies_to(self), m.throttles()]) for m in self.stack.all(MethodSettings))
        api = self.api
        if found is False and (self.opaque_flow or (api is not None and api.opaque_flow)):
            return None  # method settings may be made where edgelint cannot see
        return found


@models("aws_api_gateway_method_settings", standalone=False)
class MethodSettings(Node):
    def applies_to(self, stage: ApiStage) -> bool | None:
        """Whether these settings are the given REST stage's."""
        api = stage.api
        same_api = refers_to(self.value("rest_api_id"), api) if api is not None else None
        if same_api is False:
            return False
        name = self.value("stage_name")
        direct = refers_to(name, stage)
        if direct is not None:
            return direct
        mine, theirs = _stage_name_text(self.stack, name), _stage_name_text(self.stack, stage.stage_name)
        if mine is None or theirs is None:
            return None
        if mine != theirs:
            return False
        return True if same_api else None

    def throttles(self) -> bool | None:
        """Whether a rate or burst limit ≥ 0 is set."""
        settings = self.nested("settings")
        results = []
        for s in settings:
            for attr in ("throttling_rate_limit", "throttling_burst_limit"):
                v = s.value(attr)
                if s.generated_unknown or not v.is_known:
                    results.append(None)
                elif isinstance(v.known, (int, float)) and not isinstance(v.known, bool):
                    results.append(v.known >= 0)
                else:
                    results.append(False if v.known is None else None)
        return any_of(results)


def _stage_name_text(stack, value: Value) -> str | None:
    """A stage name as text: a known string, or the known name of the stage that a
    reference points at."""
    if value.is_known:
        return value.known if isinstance(value.known, str) else None
    if isinstance(value, Ref):
        stage = stack.object_for(value)
        if isinstance(stage, ApiStage) and value.attribute == stage.name_attribute:
            return stage.text(stage.name_attribute)
    return None


def all_stages(stack) -> list[ApiStage]:
    """Every stage in the configuration: REST and HTTP stage resources and the REST
    deployments that certainly create one."""
    return [s for s in stack.all(ApiStage) if s.creates_stage is True]


@dataclass
class ApiOrigins:
    """An API and the CloudFront origins that reach it through its execute-api endpoint."""

    api: RestApi | HttpApi
    origins: list

    @property
    def distribution_names(self) -> str:
        return ", ".join(dict.fromkeys(o.distribution.address for o in self.origins))

    def origin_locations(self) -> list[Related]:
        return [o.related(f"{o.label} of {o.distribution.address}", at="domain_name") for o in self.origins]


def origins_by_api(stack) -> list[ApiOrigins]:
    """Each API in the configuration that CloudFront origins reach through its
    execute-api endpoint, with those origins; in the order the origins come."""
    found: dict[str, ApiOrigins] = {}
    for origin in stack.origins():
        if origin.kind != awsdata.API_GATEWAY:
            continue
        api = stack.api_of(origin.target)
        if api is not None:
            found.setdefault(api.address, ApiOrigins(api, [])).origins.append(origin)
    return list(found.values())
