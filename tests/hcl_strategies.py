"""Hypothesis strategies for HCL files: valid ones built from the native syntax
specification's constructs (the ones python-hcl2's grammar got wrong among them), and
corrupted ones (a character taken out, put in or swapped). Terraform decides which
are valid; these only need to be varied."""

from __future__ import annotations

from hypothesis import strategies as st

NAMES = st.sampled_from(["a", "name", "café", "_x", "b-c", "x1", "enabled", "ünï", "tags"])
LABELS = st.sampled_from(['"aws_lb"', '"x"', '"a b"', "bare", '"ü"'])
COMMENTS = st.sampled_from(["", " ", " /* c */ ", "/**/", " /* a\nb */ "])
NUMBERS = st.sampled_from(["1", "0", "2.5", "1e3", "1E-2", "10", "007"])
STRING_PIECES = st.sampled_from(["x", " ", "$${", "%%{", "$", "%", "\\n", "\\\"", "é", "${1}", "${~ 2 ~}",
                                 "${ /* c */ 3 }", "${var.x}", "$${x}", "~"])


@st.composite
def strings(draw) -> str:
    return '"' + "".join(draw(st.lists(STRING_PIECES, max_size=5))) + '"'


@st.composite
def heredocs(draw) -> str:
    marker = draw(st.sampled_from(["EOT", "_EOT", "END", "é"]))
    trim = draw(st.sampled_from(["", "-"]))
    lines = draw(st.lists(st.sampled_from(["", "x", "  y", "${1}", "$${z}", "EOTX"]), max_size=3))
    indent = draw(st.sampled_from(["", "  "]))
    return f"<<{trim}{marker}\n" + "".join(line + "\n" for line in lines) + f"{indent}{marker}\n"


def expressions():
    leaves = st.one_of(NUMBERS, strings(), st.sampled_from(["true", "null", "var.x", "local.y[0]", "a.b.c"]))

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["-", " - ", " -", "- ", "+", " * ", "==", " && "]), inner).map("".join),
            st.tuples(st.sampled_from(["-", "!"]), inner).map("".join),
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.tuples(inner, COMMENTS, inner, inner).map(lambda t: f"{t[0]} ?{t[1]}{t[2]} : {t[3]}"),
            st.lists(st.tuples(NAMES, inner), max_size=2).map(
                lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in kv) + "}"),
            st.tuples(st.sampled_from(["max", "lower", "length"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
            inner.map(lambda x: f"({x})"),
        )

    return st.recursive(leaves, extend, max_leaves=6)


@st.composite
def attributes(draw, indent: str) -> str:
    value = draw(st.one_of(expressions(), heredocs()))
    text = f"{indent}{draw(NAMES)}{draw(COMMENTS)}={draw(COMMENTS)}{value}"
    return text if text.endswith("\n") else text + draw(st.sampled_from(["\n", " # c\n", " // c\n", " /* c */\n"]))


@st.composite
def blocks(draw, indent: str = "", depth: int = 0) -> str:
    header = f"{indent}{draw(NAMES)}" + "".join(f" {draw(COMMENTS)}{draw(LABELS)}" for _ in range(draw(st.integers(0, 2))))
    layout = draw(st.sampled_from(["multi", "multi", "single", "empty", "brace-next-line"]))
    if layout == "empty":
        return header + " {}\n"
    if layout == "single":
        return header + " { " + draw(attributes("")).rstrip("\n") + " }\n"
    inner = indent + "  "
    items = draw(st.lists(st.one_of(attributes(inner), blocks(inner, depth + 1) if depth < 2 else attributes(inner)),
                          max_size=4))
    opener = "\n{\n" if layout == "brace-next-line" else " {\n"
    return header + opener + "".join(items) + indent + "}\n"


@st.composite
def hcl_files(draw) -> str:
    return "".join(draw(st.lists(st.one_of(blocks(), attributes("")), min_size=1, max_size=4)))


@st.composite
def corrupted(draw, files=None) -> str:
    text = draw(files if files is not None else hcl_files())
    at = draw(st.integers(0, len(text)))
    edit = draw(st.sampled_from(["delete", "insert", "swap"]))
    char = draw(st.sampled_from(list('{}[]()"=\n#/*-~$<.,:?')))
    if edit == "delete":
        return text[:at] + text[at + 1:]
    if edit == "insert":
        return text[:at] + char + text[at:]
    return text[:at] + char + text[at + 1:]
