"""The model's answers that issue 18 and 17 added: where a resource's identity goes
unseen (opaque flow), the AWS provider version on the stack, the target behind a VPC
origin, and a multi-tenant distribution read into the Distribution model."""

from test_modules import stack_from_text

from edgelint.model import Bucket, MultiTenantDistribution, VpcOrigin, awsdata

_OPAQUE = '''
variable "extra" {
  type = map(string)
}

resource "aws_s3_bucket" "direct" {}
resource "aws_s3_bucket" "via_local" {}
resource "aws_s3_bucket" "repeated" {}
resource "aws_s3_bucket" "served" {}
resource "aws_s3_bucket" "readable" {}

locals {
  names = { bucket = aws_s3_bucket.via_local.bucket }
}

module "policy" {
  source = "example-corp/policy/aws"
  bucket = aws_s3_bucket.direct.id
  name   = local.names.bucket
  # a domain name is what the bucket serves, not what names it
  origin = aws_s3_bucket.served.bucket_regional_domain_name
}

resource "aws_s3_bucket_policy" "each" {
  for_each = merge(var.extra, { repeated = aws_s3_bucket.repeated.arn })
  bucket   = each.value
  policy   = "{}"
}

module "local" {
  source = "./nowhere-but-read"
  bucket = aws_s3_bucket.readable.id
}
'''


def test_opaque_flow_follows_identity_through_locals_and_unknown_for_each():
    stack = stack_from_text(_OPAQUE)
    flows = {b.address: b.opaque_flow for b in stack.all(Bucket)}
    assert flows["aws_s3_bucket.direct"] == "module.policy"
    assert flows["aws_s3_bucket.via_local"] == "module.policy"
    assert flows["aws_s3_bucket.repeated"] == "the for_each of aws_s3_bucket_policy.each"
    assert flows["aws_s3_bucket.served"] is None
    # stack_from_text reads no module sources: every call is opaque, this one too
    assert flows["aws_s3_bucket.readable"] == "module.local"


def test_provider_version_is_undecided_without_lock_or_constraint():
    stack = stack_from_text('resource "aws_s3_bucket" "b" {}\n')
    assert stack.provider_version("aws").at_least(6) is None
    assert stack.provider_version("aws") == stack.provider_version("hashicorp/aws")


def test_vpc_origin_endpoint_decides_the_origin_kind():
    stack = stack_from_text('''
resource "aws_lb" "app" {
  load_balancer_type = "network"
  internal           = true
}

resource "aws_cloudfront_vpc_origin" "by_ref" {
  vpc_origin_endpoint_config {
    arn = aws_lb.app.arn
  }
}

resource "aws_cloudfront_vpc_origin" "by_arn" {
  vpc_origin_endpoint_config {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef"
  }
}

resource "aws_cloudfront_distribution" "d" {
  origin {
    domain_name = "internal.example.com"
    origin_id   = "nlb"
    vpc_origin_config {
      vpc_origin_id = aws_cloudfront_vpc_origin.by_ref.id
    }
  }
  origin {
    domain_name = "internal.example.com"
    origin_id   = "alb"
    vpc_origin_config {
      vpc_origin_id = aws_cloudfront_vpc_origin.by_arn.id
    }
  }
}
''')
    nlb, alb = stack.distributions[0].origins
    assert (nlb.kind, nlb.target.address) == (awsdata.NLB, "aws_lb.app")
    assert isinstance(nlb.vpc_origin, VpcOrigin) and nlb.through_vpc_origin is True
    assert (alb.kind, alb.target) == (awsdata.ALB, None)


def test_multi_tenant_distribution_reads_its_own_schema():
    stack = stack_from_text('''
resource "aws_cloudfront_multitenant_distribution" "m" {
  origin {
    id          = "app"
    domain_name = "app.example.com"
    custom_header {
      header_name  = "x-verify"
      header_value = "k"
    }
  }
  default_cache_behavior {
    target_origin_id = "app"
    allowed_methods {
      items          = ["GET", "HEAD"]
      cached_methods = ["GET", "HEAD"]
    }
  }
  cache_behavior {
    path_pattern     = "/x/*"
    target_origin_id = "app"
  }
}
''')
    (d,) = stack.distributions
    assert isinstance(d, MultiTenantDistribution) and d.is_multi_tenant
    default, ordered = d.behaviors
    assert default.allowed_methods == frozenset({"GET", "HEAD"}) and default.cached_methods == frozenset({"GET", "HEAD"})
    assert ordered.label == "behavior '/x/*'" and ordered.origin is d.origins[0]
    assert ordered.allowed_methods is None  # no allowed_methods block: not known here
    assert d.origins[0].custom_headers() == {"x-verify": d.origins[0].nested("custom_header")[0].value("header_value")}
