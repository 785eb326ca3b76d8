"""Rules: the ``@rule`` registry, rule loading, rule documentation.

Input: a ``model.Stack``. Output: ``findings.Finding``s. The built-in pack
(``rules/``, installed as ``edgelint_rules``) and third-party packs register rules
through the same ``edgelint.rules`` entry-point group; a plugin writes
``from edgelint.ruleset import rule``. System diagnostics (EDGE900-902) are catalog
entries here too, but the stage that knows them produces them.
"""

from edgelint.ruleset.registry import Registry, Rule, RuleError, load_rules, rule

__all__ = ["Registry", "Rule", "RuleError", "load_rules", "rule"]
