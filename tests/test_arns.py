"""ARN pieces and regions (edgelint/model/arns.py), which several rules share."""

from edgelint.evaluate.values import Known, Partial, Ref, Unknown
from edgelint.model import Arn, arn_region, known_arn, known_region, lambda_function, parse_arn


def test_parse_arn_keeps_colons_in_the_resource():
    assert parse_arn("arn:aws:lambda:us-east-1:123456789012:function:edge:7") == Arn(
        "aws", "lambda", "us-east-1", "123456789012", "function:edge:7")
    assert parse_arn("arn:aws:cloudfront::123456789012:distribution/E1").region == ""
    assert parse_arn("arn:aws:lambda:us-east-1") is None
    assert parse_arn("E2QWRUHAPOMQZL") is None
    assert known_arn(Unknown("var")) is None
    assert known_arn(Known(None)) is None


def test_lambda_function_name_and_qualifier():
    assert lambda_function(parse_arn("arn:aws:lambda:us-east-1:1:function:edge")) == ("edge", None)
    assert lambda_function(parse_arn("arn:aws:lambda:us-east-1:1:function:edge:$LATEST")) == ("edge", "$LATEST")
    assert lambda_function(parse_arn("arn:aws:lambda:us-east-1:1:layer:x:1")) is None
    assert lambda_function(parse_arn("arn:aws:iam::1:role/edge")) is None
    assert lambda_function(None) is None


def test_arn_region_reads_the_known_prefix_only():
    assert arn_region(Known("arn:aws:acm:eu-west-1:1:certificate/x"), "acm") == "eu-west-1"
    assert arn_region(Partial(("arn:aws:acm:eu-west-1:", Ref("var.account"), ":certificate/x")), "acm") == "eu-west-1"
    assert arn_region(Partial(("arn:aws:acm:", Ref("var.region"), ":1:certificate/x")), "acm") is None
    assert arn_region(Known("arn:aws:lambda:eu-west-1:1:function:f"), "acm") is None
    assert known_region(Known("us-east-1")) == "us-east-1"
    assert known_region(Known(None)) is None
