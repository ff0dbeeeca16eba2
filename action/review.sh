#!/usr/bin/env bash
# A pull request from a fork: the workflow's token cannot push to the fork's branch (and the workflow
# gets no secrets), so nothing is translated. The review page is written for an artifact, and the check
# says which translations the merge leaves pending; it fails only on what a person must fix.
#
# Environment: REVIEW_PAGE (the review page's file).
set -uo pipefail
review="${REVIEW_PAGE:?set REVIEW_PAGE to the file the review page goes to}"
translate review --html "$review" || echo "::warning title=translate::the review page could not be written"
translate check --allow-pending
