"""Report stage: a ``CheckResult`` to bytes, one module per format."""

FORMATS = ("text", "json", "sarif")


class OutsideRoot(ValueError):
    """A report would have to point outside the folder its paths are relative to."""


def render(fmt: str, result, *, color: bool = False, sarif_root: str | None = None) -> str:
    if fmt == "text":
        from edgelint.report.text import render_text

        return render_text(result, color=color)
    if fmt == "json":
        from edgelint.report.json import render_json

        return render_json(result)
    if fmt == "sarif":
        from edgelint.report.sarif import render_sarif

        return render_sarif(result, root=sarif_root)
    raise ValueError(fmt)
