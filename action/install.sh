#!/usr/bin/env bash
# action.yml, "Install edgelint": a virtual environment of its own (nothing leaks into
# the job's Python), with edgelint from the index (EDGELINT_VERSION) or from the
# action's own copy, and its bin folder on the job's PATH.
set -euo pipefail
venv="${RUNNER_TEMP:?}/edgelint-venv"
"${EDGELINT_PYTHON:-python3}" -m venv "$venv"
if [ -n "${EDGELINT_VERSION:-}" ]; then
  spec="edgelint==${EDGELINT_VERSION}"
else
  spec="${GITHUB_ACTION_PATH:?}"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
echo "$venv/bin" >> "${GITHUB_PATH:?}"
"$venv/bin/edgelint" --version
