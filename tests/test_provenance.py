"""Where a finding's deciding value came from (``Finding.trail``), the fix made where
that value is written, and one finding per place when several roots produce it.

The fixture folders under ``fixtures/EDGE101/`` hold the stacks (``fires_tfvars``,
``fires_var_file``, ``fires_var_default``, ``fires_module_input``,
``fires_shared_variable``, ``fires_remote_module``); ``test_fix`` compares their fixed
files byte for byte, these tests pin the trail, the messages and the merge.
"""

import contextlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

from conftest import FIXTURES, run_cli
from corpus import REGISTRY, harness_options
from fixing import fix_copy

from edgelint.pipeline import check

EDGE101 = FIXTURES / "EDGE101"


def findings_of(case: Path, **changes):
    with contextlib.chdir(case):
        return check(replace(harness_options(case), **changes), REGISTRY).findings


def only(findings, rule_id="EDGE101"):
    found = [f for f in findings if f.rule_id == rule_id]
    assert len(found) == 1, found
    return found[0]


def where(related) -> list[tuple[str, int]]:
    return [(r.span.file, r.span.line) for r in related]


def line_of(path: Path, text: str) -> int:
    """The first line of ``path`` holding ``text`` (fixtures move; tests do not count)."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_literal_in_the_resource_has_no_trail():
    found = [f for f in findings_of(EDGE101 / "fires") if f.rule_id == "EDGE101"]
    assert found and all(f.trail == () and f.edits for f in found)


def test_the_trail_runs_from_terraform_tfvars_through_the_variable_to_the_attribute():
    case = EDGE101 / "fires_tfvars"
    f = only(findings_of(case))
    assert where(f.trail) == [("terraform.tfvars", 1), ("main.tf", line_of(case / "main.tf", 'variable "policy"')),
                              ("main.tf", line_of(case / "main.tf", "= var.policy"))]
    assert f.trail[0].message == 'var.policy = "allow-all" (terraform.tfvars)'
    assert f.trail[1].message == "var.policy"
    assert f.trail[-1].span == f.span


def test_a_var_file_wins_over_terraform_tfvars_and_is_where_the_fix_goes():
    f = only(findings_of(EDGE101 / "fires_var_file"))
    assert where(f.trail)[0] == ("prod.tfvars", 2)
    assert [e.span.file for e in f.edits] == ["prod.tfvars"] and f.fix_safety == "unsafe"


def test_the_trail_follows_a_local_to_a_variable_default():
    f = only(findings_of(EDGE101 / "fires_var_default"))
    assert [t.message for t in f.trail] == ['var.policy defaults to "allow-all"', "local.policy = var.policy",
                                            "viewer_protocol_policy = local.policy"]
    assert [(e.span.line, e.name) for e in f.edits] == \
        [(line_of(EDGE101 / "fires_var_default" / "main.tf", 'default = "allow-all"'), "default")]


def test_a_finding_inside_a_module_names_the_caller_line_that_passed_the_value():
    f = only(findings_of(EDGE101 / "fires_module_input"))
    assert f.instance == "module.cdn" and f.span.file == "modules/cdn/main.tf"
    assert ("main.tf", 7) in where(f.related)  # viewer_policy = "allow-all" in the caller
    assert where(f.trail)[0] == ("main.tf", 7)
    assert [(e.span.file, e.name) for e in f.edits] == [("main.tf", "viewer_policy")]


def test_a_shared_variable_is_not_edited_and_the_finding_says_who_else_reads_it():
    found = [f for f in findings_of(EDGE101 / "fires_shared_variable") if f.rule_id == "EDGE101"]
    assert len(found) == 2
    for f in found:
        assert not f.edits and not f.fix_safety
        assert f.fix_blocked.startswith("fix not applied: `var.viewer_policy` is also used by aws_cloudfront_distribution.")
    assert "docs.default_cache_behavior[0].viewer_protocol_policy" in found[0].fix_blocked


def test_a_value_in_a_downloaded_module_is_not_edited():
    f = only(findings_of(EDGE101 / "fires_remote_module"))
    assert not f.edits and f.fix_blocked == "fix not applied: the value is written in a downloaded module (.terraform/)"


def test_a_value_given_with_var_on_the_command_line_is_not_edited():
    f = only(findings_of(EDGE101 / "fires_tfvars", cli_vars={"policy": "allow-all"}))
    assert not f.edits and f.fix_blocked == "fix not applied: `var.policy` is set on the command line"


def test_fix_reports_a_fix_it_did_not_apply(tmp_path: Path):
    outcome = fix_copy(EDGE101 / "fires_shared_variable", tmp_path / "c")
    assert outcome.changed == {}
    notes = [n.message for n in outcome.result.notices if "fix not applied" in n.message]
    first = line_of(EDGE101 / "fires_shared_variable" / "main.tf", "= var.viewer_policy")
    assert len(notes) == 2 and notes[0].startswith(f"EDGE101 at line {first}: fix not applied: `var.viewer_policy`")
    safe_only = fix_copy(EDGE101 / "fires_shared_variable", tmp_path / "d", unsafe=False)
    assert not [n for n in safe_only.result.notices if "fix not applied" in n.message]  # EDGE101's fix is unsafe


def test_the_cli_says_why_a_fix_was_not_applied(tmp_path: Path):
    shutil.copytree(EDGE101 / "fires_shared_variable", tmp_path / "c")
    run = run_cli("check", "--fix", "--unsafe-fixes", "--isolated", ".", cwd=tmp_path / "c")
    assert "fix not applied: `var.viewer_policy` is also used by" in run.stdout + run.stderr
    diff = run_cli("check", "--diff", "--unsafe-fixes", "--isolated", ".", cwd=tmp_path / "c")
    assert diff.returncode == 0 and diff.stdout == ""
    assert "fix not applied" in diff.stderr


TWO_ROOTS = FIXTURES / "stacks" / "two_roots"


def test_two_roots_calling_one_module_give_one_finding_naming_both():
    findings = findings_of(TWO_ROOTS)
    mine = [f for f in findings if f.rule_id == "EDGE101"]
    assert len(mine) == 1, [(f.module, f.shown_message) for f in mine]
    f = mine[0]
    assert f.producers == (("examples/complete", "module.cdn"), ("examples/wordpress", "module.cdn"))
    assert f.shown_message.endswith("(in module.cdn of examples/complete, examples/wordpress)")
    # Each caller's argument that decided it is a related location.
    assert {("examples/complete/main.tf", 5), ("examples/wordpress/main.tf", 5)} <= set(where(f.related))
    assert f.module == "examples/complete"  # the first root in sorted order: the fingerprint is stable
    assert not f.edits and f.fix_blocked == "fix not applied: each root passes its own value"


def test_the_merged_finding_does_not_depend_on_the_order_of_the_paths():
    forward = findings_of(TWO_ROOTS, paths=["examples/complete", "examples/wordpress"])
    backward = findings_of(TWO_ROOTS, paths=["examples/wordpress", "examples/complete"])
    assert [(f.fingerprint, f.shown_message, f.related) for f in forward] == \
        [(f.fingerprint, f.shown_message, f.related) for f in backward]


def test_json_names_every_caller_of_a_merged_finding():
    run = run_cli("check", "--format", "json", "--isolated", ".", cwd=TWO_ROOTS)
    f = next(f for f in json.loads(run.stdout)["findings"] if f["rule"] == "EDGE101")
    assert f["message"].endswith("(in module.cdn of examples/complete, examples/wordpress)")
    assert {(r["file"], r["line"]) for r in f["related"]} >= {("examples/complete/main.tf", 5),
                                                             ("examples/wordpress/main.tf", 5)}


def test_a_called_module_s_default_is_fixed_by_passing_the_argument_in_the_caller():
    f = only(findings_of(EDGE101 / "fires_module_default"))
    assert [t.message for t in f.trail] == ['var.viewer_policy defaults to "allow-all"',
                                            "module.cdn does not set viewer_policy",
                                            "viewer_protocol_policy = var.viewer_policy"]
    assert ("main.tf", 3) in where(f.related)
    assert [(e.kind, e.span.file, e.name) for e in f.edits] == [("insert", "main.tf", "viewer_policy")]


def test_a_value_in_terraform_tfvars_json_is_traced_but_not_edited():
    f = only(findings_of(EDGE101 / "fires_tfvars_json"))
    assert f.trail[0].message == 'var.policy = "allow-all" (terraform.tfvars.json)'
    assert not f.edits and f.fix_blocked == \
        "fix not applied: the value is written in terraform.tfvars.json, and --fix does not edit JSON"


def test_a_module_with_override_files_gets_no_fix_at_the_source(tmp_path: Path):
    shutil.copytree(EDGE101 / "fires_tfvars", tmp_path / "c")
    (tmp_path / "c" / "cdn_override.tf").write_text('locals {\n  unused = "x"\n}\n')
    f = only(findings_of(tmp_path / "c"))
    assert not f.edits and "override files" in f.fix_blocked


def test_an_interpolation_of_one_variable_is_followed_like_the_variable(tmp_path: Path):
    shutil.copytree(EDGE101 / "fires_tfvars", tmp_path / "c")
    main = tmp_path / "c" / "main.tf"
    main.write_text(main.read_text().replace("= var.policy", '= "${var.policy}"'))
    f = only(findings_of(tmp_path / "c"))
    assert where(f.trail)[0] == ("terraform.tfvars", 1)
    assert [(e.span.file, e.name) for e in f.edits] == [("terraform.tfvars", "policy")]


def test_a_merged_finding_keeps_the_fingerprint_of_its_first_root():
    both = only(findings_of(TWO_ROOTS))
    alone = only(findings_of(TWO_ROOTS, paths=["examples/complete"]))
    assert alone.producers == () and alone.shown_message.endswith("(in module.cdn)")
    assert both.fingerprint == alone.fingerprint
