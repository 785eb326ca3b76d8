"""``hcl.check_bytes`` (the parse check for folders no rule reads) reports exactly the
error ``hcl.parse_bytes`` reports, or none when it has none: on every fixture file,
on hostile input, and on fixture files cut and corrupted at random places."""

from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edgelint.parse.hcl import check_bytes, parse_bytes

FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.name.endswith((".tf", ".tf.json", ".tfvars")))
HOSTILE = {
    "empty.tf": b"",
    "bom.tf": b'\xef\xbb\xbfresource "aws_s3_bucket" "b" {}\n',
    "crlf.tf": b'resource "aws_s3_bucket" "b" {\r\n  bucket = "x"\r\n}\r\n',
    "nul.tf": b'resource "a" "b" {}\x00\n',
    "latin1.tf": b'# caf\xe9\nresource "a" "b" {}\n',
    "unclosed.tf": b'resource "a" "b" {\n  x = 1\n',
    "double_eq.tf": b'resource "a" "b" {\n  x = = 1\n}\n',
    "bad_char.tf": b'resource "a" "b" {\n  x = 1 @ 2\n}\n',
    "deep.tf": b"x = " + b"[" * 300 + b"]" * 300 + b"\n",
    "deep_unclosed.tf": b"x = " + b"(" * 2000 + b"\n",
    "heredoc.tf": b'x = <<EOT\nhello ${var.y}\nEOT\n',
    "no_newline.tf": b'x = 1 # comment',
    "bad.tf.json": b'{"resource": {"a": {"b": {"x": 1,}}}}',
    "good.tf.json": b'{"resource": {"a": {"b": {"x": 1}}}}',
    "terraform.tfvars": b'a = "b"\nc = [1, 2\n',
}


def same_verdict(data: bytes, path: str) -> None:
    full = parse_bytes(data, path)
    checked = check_bytes(data, path)
    assert checked.error == full.error, path
    assert checked.blocks == ()
    if full.error is not None:
        assert checked.lines == full.lines  # the report shows the failing line


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_files(path: Path):
    same_verdict(path.read_bytes(), str(path))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input(name: str):
    same_verdict(HOSTILE[name], name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([p for p in FILES if p.suffix == ".tf"]), st.floats(0, 1), st.floats(0, 1),
       st.sampled_from(["", "{", "}", "=", '"', "\n", "${", "[", "#", "<<EOT\n", "\x00", "é", "1.2.3", ":"]))
def test_corrupted_fixture_files(path: Path, cut: float, at: float, insert: str):
    data = path.read_bytes()
    data = data[: max(1, int(len(data) * cut))] if cut < 0.5 else data
    pos = int(len(data) * at)
    same_verdict(data[:pos] + insert.encode() + data[pos:], str(path))
