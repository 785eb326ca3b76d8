"""Evaluate: a service the instances stage and the edge model call, not a pass.

Input: an expression (``edgelint.parse.syntax``) and a ``Scope`` (what names mean in
one module instance). Output: a ``Value``: ``Known``, ``Ref`` (a reference to another
object's attribute), ``Partial`` (a template with its known text) or
``Unknown(reason)``. Terraform's conversions (``conversions``), functions
(``functions``) and address grammar (``addresses``) live here too. Imports only the
parse stage's syntax types.
"""
