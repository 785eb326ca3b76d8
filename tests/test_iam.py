"""IAM policy documents: JSON text, jsonencode with holes, heredocs, one shape."""

from edgelint.evaluate.values import Known, Partial, Ref, Unknown
from edgelint.model.iam import condition_holds, decode_json, read_policy

DIST = Ref("aws_cloudfront_distribution.cdn", ("arn",))


def test_partial_json_keeps_references_as_leaves():
    text = Partial(('{"Statement":[{"Resource":"', Ref("aws_s3_bucket.b", ("arn",)), '/*","Arn":"', DIST, '"}]}'))
    data = decode_json(text)
    statement = data["Statement"][0]
    assert statement["Arn"] == DIST
    assert statement["Resource"] == Partial((Ref("aws_s3_bucket.b", ("arn",)), "/*"))


def test_hole_outside_a_string_is_unreadable():
    assert decode_json(Partial(('{"Action": ', Unknown("a list"), "}"))) is None
    assert decode_json(Known("not json")) is None


def test_statement_questions_answer_three_ways():
    doc = read_policy(None, Known('{"Statement": {"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"},'
                                  ' "Action": ["s3:Get*"], "Condition": {"StringEquals": {"AWS:SourceArn": "x"}}}}'))
    s = doc.statements[0]
    assert s.allows() is True
    assert s.covers_action("s3:GetObject") is True and s.covers_action("s3:PutObject") is False
    assert s.names_service("cloudfront.amazonaws.com") is True and s.names_service("lambda.amazonaws.com") is False
    assert condition_holds(s, "aws:sourcearn", lambda v: v.known == "x") is True
    assert condition_holds(s, "aws:Referer", lambda v: False) is True  # no such condition: nothing to hold


def test_unknown_pieces_stay_unknown():
    doc = read_policy(None, Partial(('{"Statement": [{"Effect": "Allow", "Action": "', Unknown("?"),
                                     '", "Principal": "*"}]}')))
    s = doc.statements[0]
    assert s.covers_action("s3:GetObject") is None
    assert s.names_service("cloudfront.amazonaws.com") is True  # "*" is everyone
    assert read_policy(None, Unknown("no default")) is None


def test_no_policy_is_an_empty_document():
    doc = read_policy(None, Known(None))
    assert doc.statements == () and doc.complete
