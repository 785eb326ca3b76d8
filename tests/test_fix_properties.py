"""``--fix`` on generated stacks (hypothesis): distributions and load balancers whose
values are written as literals, in variables (defaults, terraform.tfvars, shared by
two resources), locals or a local module's inputs (its default, or the caller's
argument), with and without fixable findings, trailing comments and suppressions. For every stack:

- every file ``--fix --unsafe-fixes`` writes still parses;
- a file holding no edit of a fixable finding is never changed (``clean.tf`` holds
  no finding at all);
- no fix is rolled back (each removes its finding and adds none);
- fixing the fixed stack changes nothing (idempotent).

Few examples and no deadline: each one runs the pipeline several times.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fixing import fix_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edgelint.parse.hcl import parse_bytes

FIXES = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                 database=None)

CLEAN = '''resource "aws_s3_bucket" "logs" {
  bucket = "logs-bucket"
}
'''

_ORIGIN = '''  origin {
    domain_name = "origin.example.com"
    origin_id   = "site"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = %s
    }
  }
'''

_FORWARDED = '''
    forwarded_values {
      query_string = false
      cookies {
        forward = "none"
      }
    }
'''


@st.composite
def distribution(draw, name: str):
    """One distribution's text and the variables/locals it reads: {name: value}."""
    variables: dict[str, str] = {}
    locals_: dict[str, str] = {}
    policy_value = draw(st.sampled_from(['"allow-all"', '"redirect-to-https"', '"https-only"']))
    where = draw(st.sampled_from(["literal", "variable", "shared", "local"]))
    if where == "literal":
        policy = policy_value
    elif where == "variable":
        policy = f"var.policy_{name}"
        variables[f"policy_{name}"] = policy_value
    elif where == "shared":
        policy = "var.policy_shared"
        variables["policy_shared"] = '"allow-all"'
    else:
        policy = f"local.policy_{name}"
        locals_[f"policy_{name}"] = policy_value
    comment = draw(st.sampled_from(["", " # why", " # edgelint:ignore EDGE101 -- reviewed"]))
    http = draw(st.sampled_from(["", '  http_version = "http1.1"\n', '  http_version = "http2and3"\n']))
    compress = draw(st.sampled_from(["true", "false"]))
    protocols = draw(st.sampled_from(['["TLSv1.2"]', '["TLSv1.1", "TLSv1.2"]']))
    forwarded = _FORWARDED if draw(st.booleans()) else ""
    text = (f'resource "aws_cloudfront_distribution" "{name}" {{\n  enabled = true\n{http}\n'
            + _ORIGIN % protocols
            + '\n  default_cache_behavior {\n    target_origin_id       = "site"\n'
            f'    viewer_protocol_policy = {policy}{comment}\n'
            '    allowed_methods        = ["GET", "HEAD"]\n    cached_methods         = ["GET", "HEAD"]\n'
            '    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"\n'
            f'    compress               = {compress}\n{forwarded}  }}\n\n'
            '  restrictions {\n    geo_restriction {\n      restriction_type = "none"\n    }\n  }\n\n'
            '  viewer_certificate {\n    cloudfront_default_certificate = true\n  }\n\n'
            '  logging_config {\n    bucket = "logs.s3.amazonaws.com"\n  }\n}\n')
    return text, variables, locals_


@st.composite
def stacks(draw):
    """{relative path: text} of one root module."""
    files = {"clean.tf": CLEAN}
    variables: dict[str, str] = {}
    locals_: dict[str, str] = {}
    for name in draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True)):
        text, v, lo = draw(distribution(name))
        files[f"cdn_{name}.tf"] = text
        variables.update(v)
        locals_.update(lo)
    if "policy_shared" in variables and sum("var.policy_shared" in t for t in files.values()) == 1:
        files["cdn_extra.tf"] = 'output "policy" {\n  value = var.policy_shared\n}\n'  # a second reader
    in_tfvars = draw(st.booleans())
    declarations = []
    tfvars = []
    for name, value in sorted(variables.items()):
        if in_tfvars:
            declarations.append(f'variable "{name}" {{\n  type = string\n}}\n')
            tfvars.append(f"{name} = {value}\n")
        else:
            declarations.append(f'variable "{name}" {{\n  type    = string\n  default = {value}\n}}\n')
    if declarations:
        files["variables.tf"] = "\n".join(declarations)
    if tfvars:
        files["terraform.tfvars"] = "".join(tfvars)
    if locals_:
        width = max(map(len, locals_))
        files["locals.tf"] = "locals {\n" + "".join(f"  {k.ljust(width)} = {v}\n" for k, v in sorted(locals_.items())) \
            + "}\n"
    if draw(st.booleans()):  # a local module: its default, or the caller's argument, decides
        text, _, _ = draw(distribution("m"))
        default = draw(st.sampled_from(['"allow-all"', '"https-only"']))
        text = text.replace('viewer_protocol_policy = ', 'viewer_protocol_policy = var.viewer_policy #', 1)
        files["modules/cdn/main.tf"] = f'variable "viewer_policy" {{\n  default = {default}\n}}\n\n{text}'
        passed = draw(st.sampled_from(["", '\n  viewer_policy = "allow-all"\n', '\n  viewer_policy = "https-only"\n']))
        files["module.tf"] = f'module "cdn" {{\n  source = "./modules/cdn"\n{passed}}}\n'
    if draw(st.booleans()):
        drop = draw(st.sampled_from(["", "  drop_invalid_header_fields = false\n"]))
        files["alb.tf"] = (f'resource "aws_lb" "web" {{\n  name               = "web"\n'
                           f'  load_balancer_type = "application"\n{drop}}}\n')
    return files


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")


@FIXES
@given(stacks())
def test_fix_keeps_files_parsing_touches_only_fixable_files_and_is_idempotent(files):
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        write(base / "case", files)
        outcome = fix_copy(base / "case", base / "first")
        assert not [n.message for n in outcome.result.notices if "rolled back" in n.message]
        changed = {Path(p).as_posix(): t for p, t in outcome.changed.items()}
        edited = {Path(e.span.file).as_posix() for f in outcome.applied for e in f.edits}
        assert set(changed) <= edited, (sorted(changed), sorted(edited))
        assert "clean.tf" not in changed
        for rel, text in changed.items():
            parsed = parse_bytes(text.encode("utf-8"), rel)
            assert parsed.error is None, (rel, parsed.error, text)
        fixed = dict(files, **changed)
        write(base / "fixed", fixed)
        again = fix_copy(base / "fixed", base / "second")
        assert again.changed == {}, sorted(again.changed)
