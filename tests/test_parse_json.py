"""Terraform's JSON syntax: arrays of objects wherever blocks are expected (the root,
every label level, the body), and Terraform's error, at its position, for any other
value there (each case checked against ``terraform validate -json``)."""

from __future__ import annotations

import pytest

from edgelint.parse.json_syntax import parse_json

ACCEPTED = {
    "array at the top level": ('{"resource": [{"terraform_data": {"x": {}}}]}', [("terraform_data", "x")]),
    "array at the type level": ('{"resource": {"terraform_data": [{"x": {}}, {"y": {}}]}}',
                                [("terraform_data", "x"), ("terraform_data", "y")]),
    "array at the body": ('{"resource": {"terraform_data": {"x": [{"input": 1}]}}}', [("terraform_data", "x")]),
    "array of locals": ('{"locals": [{"a": 1}, {"b": 2}]}', [(), ()]),
    "array of variables": ('{"variable": [{"a": {"default": 1}}]}', [("a",)]),
    "variable body array": ('{"variable": {"a": [{"default": 1}]}}', [("a",)]),
    "array at the root": ('[{"locals": {"a": 1}}, {"locals": {"b": 2}}]', [(), ()]),
}


@pytest.mark.parametrize("text,labels", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_array_forms_are_read(text, labels):
    f = parse_json(text, "main.tf.json")
    assert f.error is None, f.error
    assert [b.labels for b in f.blocks] == labels


def test_the_array_form_keeps_the_body():
    f = parse_json('{"locals": [{"a": 1}, {"b": 2}]}', "main.tf.json")
    assert [sorted(b.attributes) for b in f.blocks] == [["a"], ["b"]]


REJECTED = {
    "string for type labels": ('{"resource": "str"}', "to specify type labels", 1, 14),
    "array of strings for type labels": ('{"resource": ["str"]}', "A JSON object is required here, to specify type labels", 1, 15),
    "nested arrays": ('{"resource": [[{"terraform_data": {"x": {}}}]]}', "A JSON object is required here", 1, 15),
    "string for name labels": ('{"resource": {"terraform_data": "s"}}', "to specify name labels", 1, 33),
    "string for a body": ('{"resource": {"terraform_data": {"x": "s"}}}', 'contents of one or more "resource" blocks', 1, 39),
    "array of strings for a body": ('{"resource": {"terraform_data": {"x": ["s"]}}}', "to define arguments and child blocks", 1, 40),
    "string for locals": ('{"locals": "s"}', 'contents of one or more "locals" blocks', 1, 12),
    "array of strings for locals": ('{"locals": ["s"]}', "setting the arguments for this block", 1, 13),
    "number for a variable": ('{"variable": {"a": 3}}', 'contents of one or more "variable" blocks', 1, 20),
    "string root": ('"x"', "Root value must be object", 1, 1),
    "array of strings root": ('["x"]', "to define arguments and child blocks", 1, 2),
}


@pytest.mark.parametrize("text,words,line,col", REJECTED.values(), ids=REJECTED.keys())
def test_other_values_where_blocks_are_expected_are_terraforms_error(text, words, line, col):
    f = parse_json(text, "main.tf.json")
    assert f.error is not None, "silently dropped"
    assert words in f.error.message
    assert (f.error.span.line, f.error.span.col) == (line, col)
