"""The console entry point (``edgelint``, ``python -m edgelint``).

``edgelint --version`` is answered here, before the command line machinery (click)
is imported, so that it costs little more than starting Python; everything else
goes to ``edgelint.cli``.
"""

import sys

from edgelint import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"edgelint {__version__}\n")
        return
    from edgelint.cli import main as cli_main

    cli_main()
