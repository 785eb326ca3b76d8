"""Edge model: the typed view of a configuration that rules read.

Every object wraps one block (a resource, or a block nested in one) of a module
instance and answers questions about it with ``Value``s, so that an unknown value
stays visibly unknown. Links between objects are resolved here, once: a behavior
knows its origin, an origin its kind and target (the ``LoadBalancer``, ``RestApi``…),
a load balancer its security groups and listeners, a security group its ingress
rules in all three Terraform forms.

Rules never see parser dictionaries; they see this package's classes. One module per
domain (``cloudfront``, ``policies`` for CloudFront cache and origin request policies,
``viewer``, ``lambda_edge``, ``network``, ``api``, ``waf``, ``access`` for OAC/OAI, S3
and Lambda function URLs, ``accelerator`` for Global Accelerator; ``iam`` reads IAM
policy documents, ``headers`` header checks, ``arns`` ARNs and regions); a class
declares the resource types it models with ``@models(...)`` and ``Stack`` builds it for
them.
"""

from edgelint.model.accelerator import Accelerator, AcceleratorListener, Endpoint
from edgelint.model.access import Bucket, FunctionUrl, LambdaPermission, OriginAccessControl, OriginAccessIdentity
from edgelint.model.api import ApiStage, HttpApi, MethodSettings, RestApi
from edgelint.model.arns import Arn, arn_region, known_arn, known_region, lambda_function, parse_arn
from edgelint.model.base import Node, models, strings
from edgelint.model.cloudfront import Behavior, Distribution, Origin, OriginGroup, origin_kind
from edgelint.model.lambda_edge import LambdaAssociation
from edgelint.model.modules import ModuleCall
from edgelint.model.network import IngressRule, Listener, ListenerRule, LoadBalancer, SecurityGroup
from edgelint.model.policies import CachePolicy, OriginRequestPolicy, PolicyRef, Ttls
from edgelint.model.stack import Stack
from edgelint.model.viewer import ViewerCertificate
from edgelint.model.waf import ClassicWebAcl, WebAcl, WebAclAssociation

__all__ = [
    "Node", "models", "strings", "Behavior", "Distribution", "Origin", "OriginGroup", "origin_kind",
    "IngressRule", "Listener", "LoadBalancer", "SecurityGroup", "ApiStage", "HttpApi", "RestApi",
    "WebAcl", "ModuleCall", "Stack", "LambdaAssociation", "CachePolicy", "OriginRequestPolicy", "PolicyRef",
    "Ttls", "Arn", "arn_region", "known_arn", "known_region", "lambda_function", "parse_arn", "ViewerCertificate", "MethodSettings", "ClassicWebAcl",
    "WebAclAssociation", "Bucket", "FunctionUrl", "LambdaPermission", "OriginAccessControl",
    "OriginAccessIdentity", "Accelerator", "AcceleratorListener", "Endpoint", "ListenerRule",
]
