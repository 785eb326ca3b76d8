"""Instances: parsed modules → a ``ModuleTree`` of module and resource instances.

Input: the parsed files of each root module (or a plan file, ``plan``). Output:
``tree.ModuleTree``: every ``ModuleInstance`` (module calls followed through
``sources``, count/for_each expanded, providers and variable precedence resolved),
every ``Resource`` instance, and the reference graph (``references``), one node per
address and one edge per reference. ``builder`` is the HCL path; ``plan`` builds the
same objects through the same public fields. Expressions are evaluated by calling
the evaluate service.
"""
