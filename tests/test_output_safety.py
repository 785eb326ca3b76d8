"""Output safety: names and values from scanned files reach a terminal, a CI log and
GitHub only as inert text, and JSON and SARIF are always well-formed.

The crafted input is ``hostile.crafted_tree`` (resource names, values quoted in
messages through the ``ACME900`` test rule, file names); every report format the
CLI offers is checked against it, the github one as soon as it exists.
"""

import json
import re
import urllib.parse

import jsonschema
import pytest
from conftest import ROOT, run_cli
from hostile import CRAFTED_FILE_NAMES, CRAFTED_VALUES, ECHO_RULE, crafted_tree, rule_pack
from test_hostile import available_formats

from edgelint.escape import github_data, github_property, inert, inert_json, line_start, unicode_safe

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
# What must never be printed raw: C0 (but TAB and LF), DEL, C1, bidi and zero-width
# controls, line separators, surrogates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


# --- the runner, as actions/runner's ActionCommand.cs parses a line -----------------------

def runner_unescape(value: str, mappings: list[tuple[str, str]]) -> str:
    for token, replacement in mappings:
        value = value.replace(replacement, token)
    return value


DATA_MAPPINGS = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
PROPERTY_MAPPINGS = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]


def runner_commands(output: str) -> list[tuple[str, dict, str]]:
    """Every workflow command the runner would execute from a step's output:
    ``::name props::data`` at a line's start (after blanks) and the legacy
    ``##[name props]data`` anywhere in a line."""
    found = []
    for line in output.splitlines():
        message = line.lstrip()
        if message.startswith("::") and message.find("::", 2) >= 0:
            end = message.find("::", 2)
            name, _, props = message[2:end].partition(" ")
            properties = {}
            for pair in filter(None, props.strip().split(",")):
                key, sep, value = pair.partition("=")
                if sep:
                    properties[key] = runner_unescape(value, PROPERTY_MAPPINGS)
            found.append((name, properties, runner_unescape(message[end + 2:], DATA_MAPPINGS)))
        elif "##[" in line and "]" in line[line.index("##["):]:
            found.append(("legacy", {}, line))
    return found


# --- the escaping functions ---------------------------------------------------------------

@pytest.mark.parametrize("value", CRAFTED_VALUES + CRAFTED_FILE_NAMES + ["\udcff\udc80 bytes"])
def test_inert_leaves_nothing_that_acts(value):
    shown = inert(value)
    assert not RAW_CONTROL.search(shown) and "\n" not in shown
    assert "##[" not in shown
    assert not runner_commands(line_start(value))


def test_inert_keeps_ordinary_text():
    assert inert("tab\tok \u00e9\u4e2d\U0001f600 50% a:b,c") == "tab\tok \u00e9\u4e2d\U0001f600 50% a:b,c"
    assert inert("\x1b[31m") == "\\x1b[31m"
    assert inert("caf\udce9") == "caf\\xe9"  # an undecodable byte of a file name
    assert inert("\u202e") == "\\u202e"
    assert line_start("::error::x.tf") == "./::error::x.tf"
    assert line_start("  ::x") == "./  ::x"
    assert line_start("ok::x") == "ok::x"


@pytest.mark.parametrize("value", CRAFTED_VALUES + CRAFTED_FILE_NAMES)
def test_github_escaping_round_trips_through_the_runner(value):
    data, prop = github_data(value), github_property(value)
    assert "\r" not in data and "\n" not in data
    assert not set(":,\r\n") & set(prop)
    assert runner_unescape(data, DATA_MAPPINGS) == inert(value, newlines=True)
    assert runner_unescape(prop, PROPERTY_MAPPINGS) == inert(value, newlines=True)
    line = f"::error file={prop},title={github_property('EDGE101')}::{data}"
    (command,) = runner_commands(line)
    assert command == ("error", {"file": inert(value, newlines=True), "title": "EDGE101"}, inert(value, newlines=True))


def test_json_helpers():
    text = "##[add-mask]x \udcff \u202e \x9b \u2028 \u00e9"
    serialised = inert_json(json.dumps({"k\u202e": unicode_safe(text)}, ensure_ascii=False))
    assert "##[" not in serialised and not RAW_CONTROL.search(serialised)
    assert json.loads(serialised) == {"k\u202e": "##[add-mask]x \ufffd \u202e \x9b \u2028 \u00e9"}
    assert "\u00e9" in serialised  # ordinary text stays readable


# --- every format, end to end ------------------------------------------------------------

@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    root = tmp_path_factory.mktemp("crafted")
    expected = crafted_tree(root / "infra")
    rule_pack(root / "rules", ECHO_RULE)
    outputs = {fmt: run_cli("check", "infra", "--rules-dir", "rules", "--format", fmt, cwd=root)
               for fmt in available_formats()}
    outputs.update({f"graph-{fmt}": run_cli("graph", "infra", "--rules-dir", "rules", "--format", fmt, cwd=root)
                    for fmt in available_formats("graph")})
    return root, expected, outputs


def test_all_formats_complete(crafted):
    _, _, outputs = crafted
    assert {"text", "json", "sarif", "graph-json"} <= set(outputs)
    for fmt, r in outputs.items():
        assert r.returncode == (0 if fmt.startswith("graph-") else 1), (fmt, r.stderr)
        assert r.stderr == ""


def test_no_format_lets_a_command_or_control_character_through(crafted):
    _, _, outputs = crafted
    for fmt, r in outputs.items():
        shown = r.stdout.replace("@\u200b", "@")  # markdown's own zero-width space: @ mentions nobody
        assert not RAW_CONTROL.search(shown), (fmt, RAW_CONTROL.search(shown))
        assert "##[" not in r.stdout, fmt
        commands = runner_commands(r.stdout)
        if fmt == "github":
            findings = len(json.loads(outputs["json"].stdout)["findings"])
            assert len([c for c in commands if c[0] in ("error", "warning", "notice")]) >= findings
            assert all(c[0] in ("error", "warning", "notice", "group", "endgroup") for c in commands), commands
        else:
            assert commands == [], (fmt, commands[:3])


def test_json_keeps_every_crafted_string_exactly(crafted):
    _, expected, outputs = crafted
    raw = outputs["json"].stdout.encode("utf-8")
    doc = json.loads(raw.decode("utf-8", "strict"))
    addresses = {f["address"] for f in doc["findings"]}
    assert set(expected["addresses"]) <= addresses
    echoed = {f["message"] for f in doc["findings"] if f["rule"] == "ACME900"}
    for i, value in enumerate(CRAFTED_VALUES):
        assert f"aws_cloudfront_distribution.d{i}{value} serves https://{value}" in echoed
    files = {f["file"] for f in doc["findings"]}
    assert {f"infra/{name}" for name in CRAFTED_FILE_NAMES} <= files


def test_text_shows_each_finding_on_its_own_lines(crafted):
    _, _, outputs = crafted
    doc = json.loads(outputs["json"].stdout)
    lines = outputs["text"].stdout.splitlines()
    heads = [line for line in lines if re.match(r"^\S.*:\d+:\d+: [A-Z]+\d{3} \[", line)]
    assert len(heads) == len(doc["findings"])
    assert "infra/evil\\x0a::error::x.tf:3:5: EDGE101 [high]" in outputs["text"].stdout
    assert "infra/#\\x23[error]legacy.tf:3:5: EDGE101" in outputs["text"].stdout


def test_sarif_is_valid_and_its_uris_are_encoded(crafted):
    _, _, outputs = crafted
    doc = json.loads(outputs["sarif"].stdout)
    assert not list(jsonschema.Draft7Validator(SCHEMA).iter_errors(doc))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for res in doc["runs"][0]["results"] for loc in res["locations"]}
    for name in CRAFTED_FILE_NAMES:
        assert "infra/" + urllib.parse.quote(name, safe="/") in uris
    assert all(not re.search(r"[^A-Za-z0-9\-._~/%!$&'()*+,;=:@]", uri) for uri in uris), uris
