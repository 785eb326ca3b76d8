"""View: the edge model and findings → a topology → pictures for ``edgelint graph``.

Input: ``model.Stack``s and their findings. Output: ``topology.Topology`` (nodes
from Viewers through distributions, behaviors and origins to load balancers, APIs
and security groups) rendered as Mermaid, DOT, JSON, SVG or HTML, or handed to networkx
(``network.to_digraph``) for GraphML and GEXF. It comes after
the filter stage and before the report stage (the Markdown report embeds a picture).
"""

GRAPH_FORMATS = ("mermaid", "dot", "json", "svg", "html", "graphml", "gexf")


def render_graph(fmt: str, topology, title: str = "", base: str | None = None) -> str:
    """The picture of ``topology`` in ``fmt``; each format's module is imported on use.
    ``base`` is the folder the picture is written to (HTML links files from there)."""
    if fmt == "mermaid":
        from edgelint.view.mermaid import render_mermaid

        return render_mermaid(topology, title)
    if fmt == "dot":
        from edgelint.view.dot import render_dot

        return render_dot(topology, title)
    if fmt == "json":
        from edgelint.view.json import render_graph_json

        return render_graph_json(topology)
    if fmt == "svg":
        from edgelint.view.svg import render_svg

        return render_svg(topology, title)
    if fmt == "html":
        from edgelint.view.html import render_html

        return render_html(topology, title, base)
    if fmt in ("graphml", "gexf"):
        from edgelint.view import network

        return network.render_graphml(topology) if fmt == "graphml" else network.render_gexf(topology)
    raise ValueError(fmt)
