"""Report stage: a ``CheckResult`` to bytes, one module per format."""

FORMATS = ("text", "json", "github", "sarif")


def render(fmt: str, result, *, color: bool = False, sarif_root: str | None = None) -> str:
    if fmt == "text":
        from edgelint.report.text import render_text

        return render_text(result, color=color)
    if fmt == "json":
        from edgelint.report.json import render_json

        return render_json(result)
    if fmt == "github":
        from edgelint.report.github import render_github

        return render_github(result)
    if fmt == "sarif":
        from edgelint.report.sarif import render_sarif

        return render_sarif(result, root=sarif_root)
    raise ValueError(fmt)
