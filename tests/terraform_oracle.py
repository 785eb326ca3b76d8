"""Terraform as the oracle: find ``terraform`` and the AWS provider mirror, evaluate
many expressions with ONE ``terraform console`` process, plan a stack offline, and
generate function calls with hypothesis.

Used by tests/test_terraform_oracle.py (a sample) and bench/oracle.py (the whole
run). Nothing here depends on /work/shared: Terraform is found on PATH (or
``EDGELINT_TERRAFORM``), the mirror by searching the usual roots (or
``EDGELINT_TF_MIRROR``) for ``registry.terraform.io/hashicorp/aws``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from edgelint.evaluate.evaluator import Evaluator, Scope
from edgelint.evaluate.values import Invalid, Known, Value, fully_known, unwrap
from edgelint.parse.hcl import parse_expression

ERROR = "<<terraform-error>>"
_MIRROR_ROOTS = ("/opt", "/usr/share", "/usr/local/share", os.path.expanduser("~/.terraform.d"), "/var/lib")


def terraform_binary() -> str | None:
    return os.environ.get("EDGELINT_TERRAFORM") or shutil.which("terraform")


def provider_mirror() -> str | None:
    """The folder holding ``registry.terraform.io/hashicorp/aws`` (a filesystem mirror)."""
    env = os.environ.get("EDGELINT_TF_MIRROR")
    if env:
        return env if (Path(env) / "registry.terraform.io" / "hashicorp" / "aws").is_dir() else None
    for root in _MIRROR_ROOTS:
        base = Path(root)
        if not base.is_dir():
            continue
        for depth in ("*", "*/*", "*/*/*"):
            for hit in base.glob(f"{depth}/registry.terraform.io/hashicorp/aws"):
                if hit.is_dir():
                    return str(hit.parent.parent.parent)
        if (base / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return str(base)
    return None


def missing_reason(need_mirror: bool = False) -> str | None:
    """Why the oracle cannot run here (None: it can)."""
    if terraform_binary() is None:
        return "terraform is not on PATH (set EDGELINT_TERRAFORM)"
    if need_mirror and provider_mirror() is None:
        return "no AWS provider filesystem mirror found (set EDGELINT_TF_MIRROR)"
    return None


def _environment(work: Path, mirror: str | None) -> dict:
    rc = work / "terraform.rc"
    if mirror:
        rc.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path    = "{mirror}"\n'
                      '    include = ["registry.terraform.io/*/*"]\n  }\n'
                      '  direct { exclude = ["registry.terraform.io/*/*"] }\n}\n')
    else:
        rc.write_text("")
    return {**os.environ, "TF_CLI_CONFIG_FILE": str(rc), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1", "AWS_ACCESS_KEY_ID": "AKIAOFFLINEFAKE",
            "AWS_SECRET_ACCESS_KEY": "offline-fake", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_REGION": "us-east-1", "TF_DATA_DIR": str(work / "data")}


def console_values(expressions: list[str]) -> list:
    """Each expression's value as Terraform computes it (``ERROR`` where it fails),
    from one ``terraform console`` process. The console prints only the last
    value of its input and drops a line longer than 64 KiB, so the calls are a
    local of the configuration, one per line, each inside ``try()``, and the
    console is asked for that local once."""
    terraform = terraform_binary()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = "".join(f'    try({e}, "{ERROR}"),\n' for e in expressions)
        (work / "main.tf").write_text(f"locals {{\n  calls = [\n{lines}  ]\n}}\n")
        proc = subprocess.run([terraform, "console", "-no-color"], input="jsonencode(local.calls)\n",
                              capture_output=True, text=True, cwd=work, env=_environment(work, None), timeout=600)
    if proc.returncode != 0 or not proc.stdout.strip():
        if len(expressions) == 1:
            return [ERROR]
        half = len(expressions) // 2  # a call Terraform rejects before try(): split until it is alone
        return console_values(expressions[:half]) + console_values(expressions[half:])
    text = proc.stdout.strip().replace("$${", "${").replace("%%{", "%{")
    return json.loads(json.loads(text))


def edgelint_value(expression: str) -> Value:
    return Evaluator(Scope()).eval(parse_expression(expression))


def canonical(data):
    """A value in the form both sides can be compared in (numbers without a
    spurious ``.0``, Values unwrapped)."""
    if isinstance(data, Value):
        data = unwrap(data)
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, dict):
        return {k: canonical(v) for k, v in data.items()}
    if isinstance(data, list):
        return [canonical(v) for v in data]
    return data


@dataclass
class Comparison:
    calls: int = 0
    known: int = 0  # calls edgelint evaluates (a value or an error)
    disagreements: list = field(default_factory=list)


def compare_functions(expressions: list[str]) -> Comparison:
    """edgelint against Terraform on each expression: a Known value must equal
    Terraform's, an ``Invalid`` must be a Terraform error; Unknown claims nothing."""
    result = Comparison(calls=len(expressions))
    for expression, want in zip(expressions, console_values(expressions)):
        got = edgelint_value(expression)
        if isinstance(got, Invalid):
            result.known += 1
            if want != ERROR:
                result.disagreements.append((expression, "error", want))
        elif isinstance(got, Known) and fully_known(got):
            result.known += 1
            if canonical(got) != canonical(want):
                result.disagreements.append((expression, canonical(got), want))
    return result


# --- generated calls ----------------------------------------------------------


def hcl_string(text: str) -> str:
    """A quoted HCL string literal for any text."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    out = out.replace("\t", "\\t").replace("${", "$${").replace("%{", "%%{")
    return f'"{out}"'


def call_strategy():
    """hypothesis strategy of function-call expressions over small values."""
    from hypothesis import strategies as st

    text = st.text(alphabet="abcxAB01 /:.-_\néß\t", max_size=10)
    s = text.map(hcl_string)
    words = st.lists(st.text(alphabet="abcb", min_size=0, max_size=3), max_size=4)
    str_list = words.map(lambda ws: "[" + ", ".join(map(hcl_string, ws)) + "]")
    ints = st.integers(-6, 12).map(str)
    decimals = st.sampled_from(["0", "1", "2", "3", "-2", "0.1", "0.2", "0.25", "1.5", "-2.5", "10", "7"])
    piece = st.sampled_from(["a", "b", "x*", "[a-z]+", "(b)", "(?P<n>c)", "^", "$", "\\d", "[0-9]+", "/",
                             "\\.", ".", "a|b", "(?i)A", "\\w+", "\\s", "x?", "(a)(x)?", "[^a]"])
    pattern = st.lists(piece, min_size=1, max_size=3).map("".join).map(hcl_string)
    regex_sub = st.lists(piece, min_size=1, max_size=3).map(lambda ps: hcl_string("/" + "".join(ps) + "/"))
    repl = st.sampled_from(["", "-", "$1", "${1}", "$$", "[$0]", "$n", "${n}x", "$1x", "$"]).map(hcl_string)
    keys = st.lists(st.sampled_from(["a", "b", "c", "z"]), max_size=3, unique=True)
    obj = st.tuples(keys, st.lists(text, min_size=3, max_size=3)).map(
        lambda kv: "{" + ", ".join(f"{k} = {hcl_string(v)}" for k, v in zip(kv[0], kv[1])) + "}")
    op = st.sampled_from(["+", "-", "*", "/", "%", "==", "<", ">="])

    def call(name, *args):
        return st.tuples(*args).map(lambda a: f"{name}({', '.join(a)})")

    return st.one_of(
        call("replace", s, s, s), call("replace", s, regex_sub, repl), call("regex", pattern, s),
        call("regexall", pattern, s), call("substr", s, ints, ints), call("chomp", s), call("lower", s),
        call("upper", s), call("trimspace", s), call("trimprefix", s, s), call("trimsuffix", s, s),
        call("startswith", s, s), call("endswith", s, s), call("strcontains", s, s), call("split", s, s),
        call("join", s, str_list), call("format", st.just('"%s/%d"'), s, ints), call("tostring", decimals),
        call("tonumber", st.one_of(decimals.map(hcl_string), s)), call("tobool", st.sampled_from(
            ['"true"', '"false"', "true", '"x"'])), call("abs", decimals), call("ceil", decimals),
        call("floor", decimals), call("signum", decimals), call("min", decimals, decimals),
        call("max", decimals, decimals), call("toset", str_list), call("tolist", str_list),
        call("length", s), call("length", str_list), call("keys", obj), call("values", obj),
        call("lookup", obj, st.sampled_from(['"a"', '"q"']), s), call("merge", obj, obj),
        call("concat", str_list, str_list), call("distinct", str_list), call("compact", str_list),
        call("reverse", str_list), call("contains", str_list, s), call("element", str_list, ints),
        call("coalesce", s, s), call("jsonencode", obj), call("trim", s, s), call("base64encode", s),
        call("md5", s), call("sha1", s), call("sha256", s), call("strrev", s), call("one", str_list),
        call("flatten", st.tuples(str_list, str_list).map(lambda ab: f"[{ab[0]}, {ab[1]}]")),
        st.tuples(decimals, op, decimals).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(s, s).map(lambda t: f'"${{{t[0]}}}-${{{t[1]}}}"'),
    )


def generated_calls(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct calls drawn by hypothesis (derandomized: the same list every run)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    found: list[str] = []
    seen: set[str] = set()

    @hypothesis_seed(seed)
    @settings(max_examples=n * 3, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(call_strategy())
    def collect(expression):
        if expression not in seen and len(found) < n:
            seen.add(expression)
            found.append(expression)

    collect()
    return found
