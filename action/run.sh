#!/usr/bin/env bash
# Run `translate run --json`, keep its report in a file and give its exit status as the step output
# `status`, without failing the step: posts that were written must still be committed when another
# post failed (commit.sh reads the report and the status, pushes, then fails naming those posts).
#
# Environment: RUN_REPORT (the report's file), INPUT_PATHS and INPUT_ARGS (split on white space,
# no pattern expanded), GITHUB_OUTPUT; and what translate reads itself: OPENAI_API_KEY, OPENAI_BASE_URL,
# TRANSLATE_MODEL and the other TRANSLATE_* settings (translate takes every TRANSLATE_* variable for a
# setting and rejects unknown ones, so the names of this script and of commit.sh are not TRANSLATE_*).
set -uo pipefail
report="${RUN_REPORT:?set RUN_REPORT to the file the report goes to}"
set -f
# shellcheck disable=SC2206  # splitting on white space is the inputs' format
paths=(${INPUT_PATHS:-}) extra=(${INPUT_ARGS:-})
set +f
translate run --json ${extra[@]+"${extra[@]}"} -- ${paths[@]+"${paths[@]}"} >"$report"
status=$?
echo "status=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "translate run exited with status $status"
