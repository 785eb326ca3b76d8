"""Override files merge into the module's other files as Terraform merges them."""

from edgelint.evaluate.values import Known
from edgelint.instances.builder import build_tree
from edgelint.instances.overrides import is_override_file, merge_overrides
from edgelint.parse.hcl import parse_text


def tree(**files):
    parsed = [parse_text(text, name.replace("__", ".") + ".tf") for name, text in files.items()]
    return build_tree([(".", parsed, [])])


def test_override_file_names():
    assert is_override_file("a/override.tf") and is_override_file("cdn_override.tf")
    assert is_override_file("x_override.tf.json") and is_override_file("override.tf.json")
    assert not is_override_file("overrides.tf") and not is_override_file("override_cdn.tf")


def test_arguments_replace_and_nested_blocks_are_replaced_whole():
    t = tree(main='resource "aws_lb" "x" {\n  name = "a"\n  internal = true\n'
                  '  access_logs { bucket = "b" }\n  subnet_mapping { subnet_id = "s1" }\n'
                  '  subnet_mapping { subnet_id = "s2" }\n}\n',
             x_override='resource "aws_lb" "x" {\n  name = "b"\n'
                        '  dynamic "subnet_mapping" {\n    for_each = ["s3"]\n'
                        '    content { subnet_id = subnet_mapping.value }\n  }\n}\n')
    (lb,) = t.of_type("aws_lb")
    assert lb.block.attributes["name"].span.file == "x_override.tf"
    assert lb.block.attributes["internal"].span.file == "main.tf"
    assert [b.type for b in lb.block.blocks] == ["access_logs", "dynamic"]


def test_locals_are_overridden_by_name_and_overrides_apply_in_name_order():
    t = tree(main='locals {\n  a = "1"\n  b = "2"\n}\n', b_override='locals { a = "3" }\n',
             a_override='locals { a = "4" }\n')
    scope = t.modules[0].scope
    assert scope.local("a") == Known("3")
    assert scope.local("b") == Known("2")


def test_variables_are_merged_per_argument():
    t = tree(main='variable "v" {\n  type = string\n  default = "a"\n}\noutput "o" { value = var.v }\n',
             override='variable "v" { default = 5 }\n')
    assert t.modules[0].output("o") == Known("5")


def test_lifecycle_is_merged_per_argument_and_unmatched_overrides_add_nothing():
    files = [parse_text('resource "aws_lb" "x" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n', "main.tf"),
             parse_text('resource "aws_lb" "x" {\n  lifecycle { create_before_destroy = true }\n}\n'
                        'resource "aws_lb" "y" {}\n', "override.tf")]
    merged = merge_overrides(files)
    (block,) = [b for f in merged for b in f.blocks]
    assert sorted(block.blocks[0].attributes) == ["create_before_destroy", "prevent_destroy"]


def test_providers_are_matched_by_alias():
    files = [parse_text('provider "aws" { region = "eu-west-1" }\n'
                        'provider "aws" {\n  alias = "use1"\n  region = "us-east-1"\n}\n', "main.tf"),
             parse_text('provider "aws" {\n  alias = "use1"\n  region = "us-west-2"\n}\n', "override.tf")]
    merged = merge_overrides(files)
    regions = [b.attributes["region"].expr.value for f in merged for b in f.blocks]
    assert regions == ["eu-west-1", "us-west-2"]
