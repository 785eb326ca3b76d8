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
import re
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
        call("reverse", str_list), call("sort", str_list), call("contains", str_list, s), call("element", str_list, ints),
        call("coalesce", s, s), call("jsonencode", obj), call("trim", s, s), call("base64encode", s),
        call("md5", s), call("sha1", s), call("sha256", s), call("strrev", s), call("one", str_list),
        call("flatten", st.tuples(str_list, str_list).map(lambda ab: f"[{ab[0]}, {ab[1]}]")),
        st.tuples(decimals, op, decimals).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(s, s).map(lambda t: f'"${{{t[0]}}}-${{{t[1]}}}"'),
        st.tuples(st.sampled_from(["true", "false", '"true"', "1 == 1"]), text, text,
                  st.sampled_from(["", "~"]), st.sampled_from(["", "~"])).map(
            lambda t: hcl_string(t[1]).replace('"', f'"%{{{t[3]} if {t[0]} {t[4]}}}', 1)[:-1]
            + f'%{{{t[4]} else {t[3]}}}{hcl_string(t[2])[1:-1]}%{{ endif }}"'),
        st.tuples(str_list, text, st.sampled_from(["", "~"])).map(
            lambda t: f'"%{{ for i, x in {t[0]} {t[2]}}}${{i}}{hcl_string(t[1])[1:-1]}${{x}}%{{{t[2]} endfor }}"'),
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


# --- the plan oracle ------------------------------------------------------------

_PROVIDER_BLOCK = re.compile(r'provider\s+"aws"\s*\{(.*?)\n\}', re.S)
_SKIPS = ("  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n"
          "  skip_metadata_api_check     = true\n  skip_region_validation      = true\n")
_META = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle"})


def _offline_providers(src: Path) -> None:
    """Let every aws provider configuration of the root plan without AWS: an
    override file for each one written, a default one where none is."""
    aliases = set()
    for f in src.glob("*.tf"):
        for m in _PROVIDER_BLOCK.finditer(f.read_text(errors="replace")):
            a = re.search(r'alias\s*=\s*"([^"]+)"', m.group(1))
            aliases.add(a.group(1) if a else None)
    if not aliases:
        (src / "zz_offline_provider.tf").write_text(f'provider "aws" {{\n  region = "us-east-1"\n{_SKIPS}}}\n')
        return
    blocks = ['provider "aws" {\n' + (f'  alias = "{a}"\n' if a else "") + _SKIPS + "}\n"
              for a in sorted(aliases, key=lambda x: x or "")]
    (src / "zz_offline_override.tf").write_text("\n".join(blocks))


def plan_json(directory: str | Path) -> dict:
    """``terraform plan -refresh=false`` → ``terraform show -json`` of a copy of the
    folder, offline (fake credentials, the provider from the mirror)."""
    terraform = terraform_binary()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = work / "src"
        shutil.copytree(directory, src, ignore=shutil.ignore_patterns(".terraform", "terraform.tfstate*"))
        _offline_providers(src)
        env = _environment(work, provider_mirror())

        def run(*args):
            proc = subprocess.run([terraform, *args], cwd=src, env=env, capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                raise RuntimeError(f"terraform {args[0]} failed: {proc.stderr[-2000:]}")
            return proc.stdout

        run("init", "-backend=false", "-no-color", "-input=false")
        run("plan", "-refresh=false", "-no-color", "-lock=false", "-input=false", f"-out={work / 'p.bin'}")
        return json.loads(run("show", "-json", str(work / "p.bin")))


def _planned_resources(module: dict):
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from _planned_resources(child)


def edgelint_tree(directory: str | Path):
    """The module tree edgelint builds for a root folder (its tfvars loaded as
    Terraform loads them automatically)."""
    from edgelint.instances.builder import build_tree
    from edgelint.instances.sources import ModuleSources
    from edgelint.parse.discover import module_folder
    from edgelint.parse.hcl import parse_file

    folder = module_folder(str(directory))
    sources = ModuleSources(parse_file)
    files = sources.files(folder.files)
    tfvars = sorted(Path(directory).glob("*.auto.tfvars")) + sorted(Path(directory).glob("*.auto.tfvars.json"))
    tfvars = [p for p in [Path(directory) / "terraform.tfvars", Path(directory) / "terraform.tfvars.json"]
              if p.is_file()] + tfvars
    return build_tree([(folder.dir, files, [parse_file(str(p)) for p in tfvars])], load_module=sources)


@dataclass
class PlanComparison:
    resources: int = 0
    deciding: int = 0  # configured arguments whose planned value is known
    known: int = 0  # of those, the ones edgelint knows (and gets right)
    mismatches: list = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return 100.0 * self.known / self.deciding if self.deciding else 100.0


def _same(got, want) -> bool:
    got, want = canonical(got), canonical(want)
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        key = lambda x: json.dumps(x, sort_keys=True)  # noqa: E731 - sets come back in the provider's order
        return got == want or sorted(got, key=key) == sorted(want, key=key)
    return got == want


def _compare_node(node, planned: dict, where: str, out: PlanComparison, record: bool = True) -> int:
    """Compare one block with its planned object; the number of mismatches."""
    mismatches = 0
    for name in node._block.attributes:
        if name in _META or name not in planned or planned[name] is None:
            continue
        if record:
            out.deciding += 1
        value = node.value(name)
        if not (isinstance(value, Known) and fully_known(value)) or value.known is None:
            continue
        if _same(value.known, planned[name]):
            if record:
                out.known += 1
        else:
            mismatches += 1
            if record:
                out.mismatches.append((f"{where}{name}", canonical(value.known), planned[name]))
    for child_type in dict.fromkeys(b.labels[0] if b.type == "dynamic" and b.labels else b.type
                                    for b in node._block.blocks):
        if child_type in _META:
            continue
        candidates = [c for c in planned.get(child_type) or [] if isinstance(c, dict)]
        for i, child in enumerate(node.nested(child_type)):
            if child.generated_unknown:
                continue
            scored = [(_compare_node(child, c, "", out, record=False), n) for n, c in enumerate(candidates)]
            if not scored:
                continue
            best = min(scored)[1]
            mismatches += _compare_node(child, candidates.pop(best), f"{where}{child_type}[{i}].", out, record)
    return mismatches


def compare_plan(directory: str | Path, plan: dict) -> PlanComparison:
    """Every attribute edgelint evaluates as Known must equal the planned value; a
    resource edgelint expands that the plan does not have is a mismatch too."""
    from edgelint.model import Stack

    tree = edgelint_tree(directory)
    stack = Stack(tree)
    out = PlanComparison()
    planned = {r["address"]: r for r in _planned_resources(plan.get("planned_values", {}).get("root_module", {}))}
    for address, resource in sorted(tree.resources.items()):
        if resource.mode != "managed" or resource.symbolic:
            continue
        found = planned.get(address)
        if found is None:
            out.mismatches.append((address, "exists", "not planned"))
            continue
        out.resources += 1
        _compare_node(stack.node(resource), found.get("values") or {}, f"{address}.", out)
    return out
