#!/usr/bin/env bash
# action.yml, "Fail according to fail-on": after the upload, the job fails on findings
# at or above fail-on (exit code 1, unless fail-on is never) and on any error (2).
set -euo pipefail
rc="${EDGELINT_EXIT_CODE:-}"
case "$rc" in
  0) exit 0 ;;
  1) if [ "${EDGELINT_FAIL_ON:-}" = never ]; then exit 0; fi
     echo "::error title=edgelint::findings at or above the fail-on severity: see the Check step and the job summary"
     exit 1 ;;
  *) echo "::error title=edgelint::the check did not complete (exit code ${rc:-none}): see the Check step's log"
     exit 2 ;;
esac
