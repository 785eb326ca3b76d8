#!/usr/bin/env bash
# action.yml, "Check": one run writes the text report to the log, SARIF for code
# scanning and Markdown for the job summary. The step itself never fails: the upload
# runs first, then "Fail according to fail-on" (verdict.sh) decides, from the exit
# code this step records as an output.
set -uo pipefail
out="${RUNNER_TEMP:?}/edgelint-report"
mkdir -p "$out"
sarif="$out/edgelint.sarif"
markdown="$out/edgelint.md"
rm -f "$sarif" "$markdown"

read -r -d '' -a paths <<< "${EDGELINT_PATHS:-.}" || true  # spaces or newlines
read -r -d '' -a extra <<< "${EDGELINT_ARGS:-}" || true
[ "${#paths[@]}" -gt 0 ] || paths=(.)
args=(check "${paths[@]}" --output "sarif=$sarif" --output "markdown=$markdown" --output text)
fail_on="${EDGELINT_FAIL_ON:-}"
case "$fail_on" in
  ""|never) ;;  # never: the exit code is recorded, verdict.sh ignores findings
  critical|high|medium|low|info) args+=(--fail-on "$fail_on") ;;
  *) echo "::error title=edgelint::fail-on must be critical, high, medium, low, info or never, not '$fail_on'"
     echo "exit-code=2" >> "${GITHUB_OUTPUT:?}"
     exit 0 ;;
esac

edgelint "${args[@]}" "${extra[@]}"
rc=$?
echo "exit-code=$rc" >> "${GITHUB_OUTPUT:?}"
if [ -s "$sarif" ]; then
  echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
fi
if [ -s "$markdown" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$markdown" >> "$GITHUB_STEP_SUMMARY"
fi
exit 0
