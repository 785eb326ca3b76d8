"""JUnit XML report, as CI systems (GitLab, Jenkins, Azure Pipelines, CircleCI) render
test results: one ``<testsuite>`` per checked file, one ``<testcase>`` per rule that
ran on it (``classname`` the file, ``name`` the rule), passing when the rule found
nothing there and with one ``<failure>`` per finding otherwise (the finding's
location and message). A rule whose findings in the file are all suppressed or
baselined is ``<skipped>``, and so is EDGE902 (a module whose source is not on disk:
not checked, rather than failed). What went wrong (a rule that raised, a file that could
not be read) is an ``<error>`` of the ``edgelint`` suite.

Text from the scanned files is made inert first (XML 1.0 cannot hold most control
characters at all); ElementTree escapes the rest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from edgelint.escape import inert
from edgelint.findings import CheckResult, Finding
from edgelint.report.text import is_coverage_notice


def render_junit(result: CheckResult) -> str:
    rules = sorted(result.rules, key=lambda r: r.id)
    by_file: dict[str, dict[str, list[Finding]]] = {}
    for f in result.findings:
        by_file.setdefault(f.span.file, {}).setdefault(f.rule_id, []).append(f)
    files = sorted(set(result.files) | set(by_file))
    root = ET.Element("testsuites", name="edgelint")
    total = failed = 0
    for path in files:
        suite = ET.SubElement(root, "testsuite", name=inert(path))
        cases = fails = skips = 0
        found = by_file.get(path, {})
        for r in rules:
            case = ET.SubElement(suite, "testcase", name=f"{r.id} {r.name}", classname=inert(path))
            cases += 1
            findings = sorted(found.get(r.id, ()), key=lambda f: f.sort_key)
            shown = [f for f in findings if f.suppressed is None and not f.baselined]
            reported = [f for f in shown if not is_coverage_notice(f)]
            for f in reported:
                failure = ET.SubElement(case, "failure", message=inert(f.shown_message), type=f.severity)
                failure.text = f"{inert(path)}:{f.span.line}:{f.span.col}: {f.rule_id} [{f.severity}] " \
                               f"{inert(f.shown_message)}"
            if reported:
                fails += 1
            elif shown:  # EDGE902: what could not be checked is skipped, not failed
                ET.SubElement(case, "skipped", message="; ".join(inert(f.shown_message) for f in shown))
                skips += 1
            elif findings:
                ET.SubElement(case, "skipped", message="suppressed or in the baseline")
                skips += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(fails))
        suite.set("errors", "0")
        suite.set("skipped", str(skips))
        total += cases
        failed += fails
    problems = [n for n in result.notices if n.level in ("error", "warning")]
    if problems:
        suite = ET.SubElement(root, "testsuite", name="edgelint", tests=str(len(problems)),
                              failures="0", errors=str(len(problems)), skipped="0")
        for n in problems:
            case = ET.SubElement(suite, "testcase", name=inert(n.path or n.rule_id or "edgelint"),
                                 classname="edgelint")
            ET.SubElement(case, "error", message=inert(n.message), type=n.level)
        total += len(problems)
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", str(len(problems)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
