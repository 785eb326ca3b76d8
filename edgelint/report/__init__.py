"""Report: a ``CheckResult`` → bytes, one module per format.

Input: ``findings.CheckResult`` (findings kept and suppressed, notices, sources).
Output: text, JSON, GitHub workflow commands, SARIF 2.1.0, Markdown, JUnit XML or
GitLab code quality JSON (``outputs`` decides which reports a run writes where). Everything
that knows an output format lives here: SARIF levels and security-severity
(``sarif``), escaping for each format (``escape``), the wording of module instances.
"""

FORMATS = ("text", "json", "github", "sarif", "markdown", "junit", "gitlab")


class OutsideRoot(ValueError):
    """A report would have to point outside the folder its paths are relative to."""


def render(fmt: str, result, *, color: bool = False, sarif_root: str | None = None, quiet: bool = False) -> str:
    if fmt == "text":
        from edgelint.report.text import render_text

        return render_text(result, color=color, quiet=quiet)
    if fmt == "json":
        from edgelint.report.json import render_json

        return render_json(result)
    if fmt == "github":
        from edgelint.report.github import render_github

        return render_github(result)
    if fmt == "sarif":
        from edgelint.report.sarif import render_sarif

        return render_sarif(result, root=sarif_root)
    if fmt == "markdown":
        from edgelint.report.markdown import render_markdown

        return render_markdown(result)
    if fmt == "junit":
        from edgelint.report.junit import render_junit

        return render_junit(result)
    if fmt == "gitlab":
        from edgelint.report.gitlab import render_gitlab

        return render_gitlab(result, root=sarif_root)
    raise ValueError(fmt)
