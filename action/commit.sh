#!/usr/bin/env bash
# Commit what `translate run` wrote — the English posts the lock records, the lock and the term
# table — and push it, fetching and rebasing when the branch moved meanwhile (another push won the
# race); then exit with the run's status, naming each post that failed. So every post that was written
# reaches the branch, and the job still fails when one was not.
#
# Environment:
#   RUN_STATUS            the exit status of translate run (run.sh's output)
#   RUN_REPORT            its --json report (run.sh's file)
#   INPUT_MODE            push (the checked-out branch) or pull-request (the branch GITHUB_HEAD_REF names)
#   INPUT_COMMIT_MESSAGE  the commit's message
#   TRANSLATE_LOCK_FILE, TRANSLATE_TERMS   the lock and term table, when not translate.lock and terms.yaml
#   PUSH_ATTEMPTS         pushes tried before giving up (default 4); PUSH_DELAY: seconds between them (default 2)
#   GITHUB_OUTPUT         gets commit=<the commit pushed>, or commit= when there was nothing to commit
set -euo pipefail

status="${RUN_STATUS:-0}"
report="${RUN_REPORT:-}"
mode="${INPUT_MODE:-push}"
message="${INPUT_COMMIT_MESSAGE:-Update the English edition}"
attempts="${PUSH_ATTEMPTS:-4}"
delay="${PUSH_DELAY:-2}"
remote=origin
output="${GITHUB_OUTPUT:-/dev/null}"

lock="${TRANSLATE_LOCK_FILE:-translate.lock}"
terms="${TRANSLATE_TERMS:-terms.yaml}"

# The English posts the lock records, one a line: every post the run wrote is among them (those it
# left alone are committed already, and staging them again changes nothing).
english_posts() {
    [ -s "$lock" ] || return 0
    python3 - "$lock" <<'PY'
import json, sys

with open(sys.argv[1], encoding="utf-8") as file:
    for record in json.load(file)["posts"].values():
        print(record["english"])
PY
}

# The failures the run's report names, one a line, escaped for a GitHub annotation (%, CR, LF).
failures() {
    [ -n "$report" ] && [ -s "$report" ] || return 0
    python3 - "$report" <<'PY'
import json, sys

try:
    with open(sys.argv[1], encoding="utf-8") as file:
        rows = json.load(file)["posts"]
except (OSError, ValueError, KeyError, TypeError):
    sys.exit(0)  # no report (a run stopped before its summary): its own messages say why
for row in rows:
    found = row.get("failures") or ([f"{row.get('post')}: failed"] if row.get("state") == "failed" else [])
    for failure in found:
        print(failure.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
PY
}

case "$mode" in
    push)
        branch="$(git symbolic-ref --short -q HEAD || true)"
        branch="${branch:-${GITHUB_REF_NAME:-}}"
        [ -n "$branch" ] || { echo "::error title=translate::no branch to push to: check out a branch"; exit 2; }
        ;;
    pull-request)
        branch="${GITHUB_HEAD_REF:-}"
        [ -n "$branch" ] || { echo "::error title=translate::mode pull-request needs a pull_request event (GITHUB_HEAD_REF is empty)"; exit 2; }
        if [ "$(git symbolic-ref --short -q HEAD || true)" != "$branch" ]; then
            echo "::error title=translate::check out the pull request's branch first (actions/checkout with ref: \${{ github.head_ref }}), not the merge commit"
            exit 2
        fi
        ;;
    *)
        echo "::error title=translate::mode is '$mode'; use push or pull-request"
        exit 2
        ;;
esac

if [ -z "$(git config user.email || true)" ]; then  # the Actions bot, unless the workflow set someone
    export GIT_AUTHOR_NAME="github-actions[bot]" GIT_COMMITTER_NAME="github-actions[bot]"
    export GIT_AUTHOR_EMAIL="41898282+github-actions[bot]@users.noreply.github.com" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
fi

mapfile -t english < <(english_posts)
to_add=()
for path in ${english[@]+"${english[@]}"} "$lock" "$terms"; do
    [ -e "$path" ] && to_add+=("$path")
done
[ ${#to_add[@]} = 0 ] || git add -- "${to_add[@]}"

if git diff --cached --quiet; then
    echo "Nothing to commit: the English edition on $branch is as the run left it."
    echo "commit=" >>"$output"
else
    git commit --quiet -m "$message"
    pushed=""
    for attempt in $(seq 1 "$attempts"); do
        if git push --quiet "$remote" "HEAD:refs/heads/$branch"; then
            pushed=yes
            break
        fi
        [ "$attempt" -lt "$attempts" ] || break
        echo "The push was refused (attempt $attempt of $attempts): fetching $branch and rebasing on it."
        sleep "$delay"
        git fetch --quiet "$remote" "$branch"
        if ! git rebase --quiet FETCH_HEAD; then
            git rebase --abort || true
            echo "::error title=translate::the English posts conflict with what was pushed to $branch meanwhile; run the workflow again (the cache keeps what this run paid for)"
            exit 1
        fi
    done
    if [ -z "$pushed" ]; then
        echo "::error title=translate::could not push to $branch after $attempts attempts"
        exit 1
    fi
    commit="$(git rev-parse HEAD)"
    echo "Pushed $commit to $branch."
    echo "commit=$commit" >>"$output"
fi

if [ "$status" != 0 ]; then
    mapfile -t failed < <(failures)
    for failure in ${failed[@]+"${failed[@]}"}; do
        echo "::error title=translate run::$failure"
    done
    [ ${#failed[@]} != 0 ] || echo "::error title=translate run::exited with status $status; see its messages above"
    exit "$status"
fi
