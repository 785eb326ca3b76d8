"""Report stage: a ``CheckResult`` to bytes, one module per format; and, for
``edgelint graph``, a ``Topology`` to a picture (Mermaid, DOT, JSON, SVG, HTML)."""

FORMATS = ("text", "json", "github", "sarif", "markdown")
GRAPH_FORMATS = ("mermaid", "dot", "json", "svg", "html")


class OutsideRoot(ValueError):
    """A report would have to point outside the folder its paths are relative to."""


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
    if fmt == "markdown":
        from edgelint.report.markdown import render_markdown

        return render_markdown(result)
    raise ValueError(fmt)


def render_graph(fmt: str, topology, title: str = "") -> str:
    if fmt == "mermaid":
        from edgelint.report.mermaid import render_mermaid

        return render_mermaid(topology, title)
    if fmt == "dot":
        from edgelint.report.dot import render_dot

        return render_dot(topology, title)
    if fmt == "json":
        from edgelint.report.graph_json import render_graph_json

        return render_graph_json(topology)
    if fmt == "svg":
        from edgelint.report.svg import render_svg

        return render_svg(topology, title)
    if fmt == "html":
        from edgelint.report.html import render_html

        return render_html(topology, title)
    raise ValueError(fmt)
