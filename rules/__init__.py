"""edgelint's built-in rule pack (installed as ``edgelint_rules``).

Each module defines rules with ``@rule``; importing the package imports them all.
It is loaded through the ``edgelint.rules`` entry point like any third-party pack.
"""

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
    importlib.import_module(f"{__name__}.{_module}")
