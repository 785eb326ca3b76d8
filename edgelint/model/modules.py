"""Module calls as rules see them: where a call is, what it names, whether it was read."""

from __future__ import annotations

from edgelint.findings import Finding
from edgelint.instances import tree as graph
from edgelint.parse.syntax import Span


class ModuleCall:
    """A ``module`` block of one module instance."""

    def __init__(self, call: graph.ModuleCall):
        self._call = call

    def __repr__(self) -> str:
        return f"<ModuleCall {self.address}>"

    @property
    def address(self) -> str:
        return self._call.address

    @property
    def module_path(self) -> str:
        return self._call.caller.path

    @property
    def source(self) -> str | None:
        """The source as written, when it is a known string."""
        return self._call.source

    @property
    def unresolved(self) -> str | None:
        """Why the module's code is not read (it is opaque), or None when it is."""
        return self._call.unresolved

    @property
    def instances(self) -> list[str]:
        """The module paths of its instances (empty when opaque or ``count = 0``)."""
        return [i.path for i in self._call.instances]

    def span(self, name: str | None = None) -> Span:
        attr = self._call.block.attributes.get(name) if name else None
        return attr.span if attr is not None else self._call.block.span

    def finding(self, message: str, at: str | None = None) -> Finding:
        return Finding(message, self.span(at), self.address, at or "", instance=self.module_path)
