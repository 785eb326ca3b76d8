"""Edge model: the typed view of a configuration that rules read.

Every object wraps one block (a resource, or a block nested in one) of a module
instance and answers questions about it: typed accessors (``text``, ``flag``,
``strings``…) give a plain Python value or None when it is not known, ``value`` the
``Value`` itself, so that an unknown value stays visibly unknown. Links between
objects are resolved here, once: a behavior knows its origin, an origin its kind and
target (the ``LoadBalancer``, ``RestApi``…), a load balancer its security groups and
listeners, a security group its ingress rules in all three Terraform forms.

Rules never see parser dictionaries; they see this package's classes. One module per
domain (``cloudfront``, ``policies`` for CloudFront cache and origin request policies,
``viewer``, ``lambda_edge``, ``network``, ``api``, ``waf``, ``access`` for OAC/OAI, S3
and Lambda function URLs, ``accelerator`` for Global Accelerator; ``iam`` reads IAM
policy documents, ``headers`` header checks, ``arns`` ARNs and regions). A class
declares the resource types it models with ``@models(...)``, with their origin kind,
what the view draws them as and whether rules read them on their own (``base``);
``Stack`` builds it for them, and ``stack.all(Class)`` lists them. Every other list
of resource types (the pre-filter's words, origin kinds, drawing kinds) is derived
from those declarations.
"""

from edgelint.model.accelerator import Accelerator, AcceleratorListener, Endpoint, EndpointGroup
from edgelint.model.access import (
    Bucket,
    BucketPolicy,
    BucketWebsite,
    FunctionUrl,
    LambdaPermission,
    OriginAccessControl,
    OriginAccessIdentity,
)
from edgelint.model.api import (
    ApiDomainName,
    ApiMethod,
    ApiRoute,
    ApiStage,
    HttpApi,
    MethodSettings,
    RestApi,
    RestApiPolicy,
)
from edgelint.model.arns import Arn, arn_region, known_arn, known_region, lambda_function, parse_arn
from edgelint.model.base import Node, edge_words, models, strings
from edgelint.model.cloudfront import (
    Behavior,
    CloudFrontFunction,
    Distribution,
    DistributionTenant,
    Instance,
    LogDeliverySource,
    MediaStoreContainer,
    MultiTenantDistribution,
    Origin,
    OriginGroup,
    VpcOrigin,
    origin_kind,
)
from edgelint.model.lambda_edge import LambdaAlias, LambdaAssociation, LambdaFunction
from edgelint.model.modules import ModuleCall
from edgelint.model.network import IngressRule, Listener, ListenerRule, LoadBalancer, ManagedPrefixList, SecurityGroup
from edgelint.model.policies import CachePolicy, OriginRequestPolicy, PolicyRef, ResponseHeadersPolicy, Ttls
from edgelint.model.stack import Stack
from edgelint.model.viewer import Certificate, CertificateValidation, ViewerCertificate
from edgelint.model.waf import (
    ClassicWebAcl,
    ClassicWebAclAssociation,
    RuleGroupAssociation,
    WebAcl,
    WebAclAssociation,
    WebAclLogging,
)

__all__ = [
    "Node", "models", "edge_words", "strings", "Stack", "ModuleCall",
    # CloudFront
    "Distribution", "MultiTenantDistribution", "DistributionTenant", "Behavior", "Origin", "OriginGroup", "VpcOrigin", "Instance", "origin_kind", "ViewerCertificate", "Certificate",
    "CertificateValidation", "LambdaAssociation", "LambdaFunction", "LambdaAlias", "CloudFrontFunction",
    "LogDeliverySource", "MediaStoreContainer", "CachePolicy", "OriginRequestPolicy", "ResponseHeadersPolicy",
    "PolicyRef", "Ttls",
    # origin access
    "OriginAccessControl", "OriginAccessIdentity", "Bucket", "BucketPolicy", "BucketWebsite", "FunctionUrl",
    "LambdaPermission",
    # network
    "LoadBalancer", "Listener", "ListenerRule", "SecurityGroup", "IngressRule", "ManagedPrefixList",
    # API Gateway
    "RestApi", "HttpApi", "ApiDomainName", "ApiStage", "ApiMethod", "ApiRoute", "MethodSettings", "RestApiPolicy",
    # WAF
    "WebAcl", "WebAclAssociation", "WebAclLogging", "ClassicWebAcl", "ClassicWebAclAssociation", "RuleGroupAssociation",
    # Global Accelerator
    "Accelerator", "AcceleratorListener", "EndpointGroup", "Endpoint",
    # ARNs and regions
    "Arn", "arn_region", "known_arn", "known_region", "lambda_function", "parse_arn",
]
