"""What the parse stage reports itself: EDGE900, a file that cannot be read or parsed.

The catalog entry (ID, name, severity, documentation) is ``ruleset.diagnostics``;
the pipeline gives these findings its ID and severity when it is selected.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from edgelint.findings import Finding
from edgelint.parse.syntax import ParseError


def parse_error_findings(errors: Iterable[ParseError]) -> list[Finding]:
    """One finding per error, at its line and column. The address is the file's name
    within its module folder: a fingerprint that does not depend on the working
    directory (baselines, SARIF)."""
    return [Finding(f"cannot parse this file: {e.message}", e.span, address=os.path.basename(e.span.file))
            for e in errors]
