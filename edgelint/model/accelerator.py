"""Global Accelerator: accelerators, their listeners, endpoint groups and endpoints."""

from __future__ import annotations

import functools

from edgelint.model.base import Node, models
from edgelint.model.network import LoadBalancer


@models("aws_globalaccelerator_accelerator", view="accelerator")
class Accelerator(Node):
    @property
    def attributes(self) -> Node | None:
        return self.first("attributes")

    @functools.cached_property
    def listeners(self) -> list[AcceleratorListener]:
        return [self.stack.node(r) for r in self.stack.referring(self, "accelerator_arn", AcceleratorListener)]

    def endpoints(self) -> tuple[list[Endpoint], bool]:
        """Every endpoint of every endpoint group of every listener, and whether that
        list is certain (no endpoint group or endpoint generated from the unknown)."""
        found, complete = [], True
        for listener in self.listeners:
            for group in listener.endpoint_groups:
                for endpoint in group.nested("endpoint_configuration", Endpoint):
                    complete = complete and not endpoint.generated_unknown
                    found.append(endpoint)
        return found, complete


@models("aws_globalaccelerator_listener")
class AcceleratorListener(Node):
    @functools.cached_property
    def endpoint_groups(self) -> list[EndpointGroup]:
        return [self.stack.node(r) for r in self.stack.referring(self, "listener_arn", EndpointGroup)]


@models("aws_globalaccelerator_endpoint_group")
class EndpointGroup(Node):
    @property
    def endpoints(self) -> list[Endpoint]:
        return self.nested("endpoint_configuration", Endpoint)


class Endpoint(Node):
    """One ``endpoint_configuration`` block of an endpoint group."""

    @property
    def group(self) -> Node:
        return self.parent

    @property
    def load_balancer(self) -> LoadBalancer | None:
        lb = self.stack.object_for(self.value("endpoint_id"))
        return lb if isinstance(lb, LoadBalancer) else None

    def is_alb(self) -> bool | None:
        """Whether the endpoint is an application load balancer."""
        lb = self.load_balancer
        if lb is not None:
            return lb.is_application if lb.lb_type is not None else None
        endpoint = self.text("endpoint_id")
        if endpoint is not None:
            arn = self.arn("endpoint_id")
            if arn is not None and arn.service == "elasticloadbalancing":
                if arn.resource.startswith("loadbalancer/app/"):
                    return True
                if arn.resource.startswith(("loadbalancer/net/", "loadbalancer/gwy/")):
                    return False
            if (arn is not None and arn.service == "ec2") or endpoint.startswith(("eipalloc-", "i-")):
                return False
            return None
        refs = self.references("endpoint_id")
        if refs and all(r.type in ("aws_eip", "aws_instance") for r in refs):
            return False
        return None
