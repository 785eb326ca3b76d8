"""View: the edge model and findings → a topology → pictures for ``edgelint graph``.

Input: ``model.Stack``s and their findings. Output: ``topology.Topology`` (nodes
from Viewers through distributions, behaviors and origins to load balancers, APIs
and security groups) rendered as Mermaid, DOT, JSON, SVG or HTML, or handed to networkx
(``network.to_digraph``) for GraphML and GEXF. It comes after
the filter stage and before the report stage (the Markdown report embeds a picture).
"""

import re

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


def render_per_stack(fmt: str, topology, title: str = "", base: str | None = None) -> list[tuple[str, str]]:
    """One picture per stack (``network.stack_views``), each with a file name made of
    the stack's address (``aws_cloudfront_distribution.shop.svg``) or, for what serves
    no distribution, its folder (``outside-envs-prod.svg``); unique, in order."""
    from edgelint.view.network import stack_views

    out, taken = [], set()
    for view in stack_views(topology):
        stem = _file_stem(view.root.address) if view.root is not None else "outside-" + (_file_stem(view.group) or "root")
        name, n = stem or "stack", 2
        while name in taken:
            name, n = f"{stem}-{n}", n + 1
        taken.add(name)
        out.append((f"{name}.{fmt}", render_graph(fmt, view.topology, title, base)))
    return out


def _file_stem(text: str) -> str:
    """An address or folder as a file name: ``module.x["eu"].aws_lb.a`` → ``module.x-eu.aws_lb.a``."""
    keyed = re.sub(r'\["?([^"\]]*)"?\]', r"-\1", text)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", keyed).strip("-.")
