"""The GitHub Action (action.yml, action/*.sh), the pre-commit hooks and the workflows of docs/ci.md.

The files are validated against the schemas check-jsonschema ships (GitHub's action and workflow
schemas) and by pre-commit itself; the Action's scripts run in a temporary git repository whose
remote is a local bare one, with translate translating through the fake server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from fakellm import FakeLLM

from translate.cli import run as cli

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action"
INPUTS = {"model", "base-url", "api-key", "paths", "args", "mode", "commit-message", "working-directory"}


OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": ""}
"""Proxies that refuse every connection: a validator that needed to download a schema would fail."""


def validate(*command: str, cache: Path, cwd: Path = ROOT) -> None:
    """Run a validator (a Python module) offline with an empty ``cache`` folder, and fail with its output unless it passes."""
    env = {**os.environ, **OFFLINE, "XDG_CACHE_HOME": str(cache)}  # no schema downloaded earlier either
    done = subprocess.run([sys.executable, "-m", *command], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def yaml_blocks(markdown: Path) -> list[str]:
    """The fenced ``yaml`` blocks of a Markdown file."""
    return re.findall(r"^```yaml\n(.*?)^```$", markdown.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)


# -- the files, validated --------------------------------------------------------------------------


def test_action_yml_is_a_valid_action_with_the_documented_inputs(tmp_path: Path) -> None:
    validate("check_jsonschema", "--builtin-schema", "vendor.github-actions", "action.yml", cache=tmp_path)
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) >= INPUTS
    assert action["inputs"]["mode"]["default"] == "push"
    steps = action["runs"]["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/setup-python", "actions/cache/restore", "actions/cache/save", "actions/upload-artifact"]
    install = next(step["run"] for step in steps if step.get("name") == "Install translate")
    assert '"${{ github.action_path }}"' in install
    restore = next(step["with"] for step in steps if step.get("uses", "").startswith("actions/cache/restore"))
    assert "github.run_id" in restore["key"] and restore["restore-keys"]  # a new key every run, starting from the last one


def test_action_inputs_reach_the_shell_only_through_the_environment() -> None:
    """No input is pasted into a script (an input could hold shell code), and the key goes to OPENAI_API_KEY only."""
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    action = yaml.safe_load(text)
    for step in action["runs"]["steps"]:
        assert "inputs." not in step.get("run", ""), step["name"]
        if "run" in step:
            assert step.get("shell") == "bash"
    assert text.count("inputs.api-key") == 1
    run = next(step for step in action["runs"]["steps"] if step.get("id") == "run")
    assert run["env"]["OPENAI_API_KEY"] == "${{ inputs.api-key }}"
    for script in re.findall(r'action_path }}/(action/[\w.]+)"', text):
        assert os.access(ROOT / script, os.X_OK), script
    assert sorted(p.name for p in ACTION.iterdir()) == ["commit.sh", "review.sh", "run.sh"]


def test_pre_commit_hooks_manifest_is_valid(tmp_path: Path) -> None:
    validate("pre_commit", "validate-manifest", ".pre-commit-hooks.yaml", cache=tmp_path)
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["translate-check"]["entry"] == "translate check --allow-pending"  # a gate before the merge
    assert hooks["translate-glossary-check"]["entry"] == "translate glossary check"
    assert all(hook["language"] == "python" for hook in hooks.values())
    watched = ["_posts/2024-01-01-a.md", "en/_posts/2024-01-01-a.md", "content/posts/a.md", "content.en/posts/a.md",
               "source/_posts/a.markdown", "source/_posts/en/a.md", "glossary.yaml", "translate.lock", "blog/_posts/a.md"]
    ignored = ["README.md", "docs/ci.md", "_config.yml", "assets/_posts.css", "source/about/index.md"]
    for hook in hooks.values():
        pattern = re.compile(hook["files"])
        assert all(pattern.search(path) for path in watched), hook["id"]
        assert not any(pattern.search(path) for path in ignored), hook["id"]


def test_every_yaml_block_of_docs_ci_is_a_valid_workflow_or_pre_commit_config(tmp_path: Path) -> None:
    blocks = yaml_blocks(ROOT / "docs" / "ci.md")
    kinds = []
    for n, block in enumerate(blocks):
        data = yaml.safe_load(block)
        path = tmp_path / f"block{n}.yml"
        path.write_text(block, encoding="utf-8")
        if "jobs" in data:
            kinds.append("workflow")
            validate("check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path), cache=tmp_path)
        else:
            assert "repos" in data, f"docs/ci.md block {n} is neither a workflow nor a pre-commit configuration:\n{block}"
            kinds.append("pre-commit")
            validate("pre_commit", "validate-config", str(path), cache=tmp_path, cwd=tmp_path)
    assert kinds.count("workflow") >= 2 and "pre-commit" in kinds


def test_docs_workflows_use_the_action_one_run_at_a_time_and_watch_every_layout() -> None:
    workflows = [yaml.safe_load(block) for block in yaml_blocks(ROOT / "docs" / "ci.md")]
    workflows = [w for w in workflows if "jobs" in w]
    for workflow in workflows:
        # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
        assert workflow["concurrency"]["cancel-in-progress"] is False
        assert workflow["concurrency"]["group"].startswith("translate-${{ github.")
        assert workflow["permissions"]["contents"] == "write"
        steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
        action = next(step for step in steps if step.get("uses", "").startswith("OWNER/REPO@"))
        assert action["with"]["api-key"] == "${{ secrets.OPENAI_API_KEY }}"
    watched = {path for w in workflows for event in w[True].values() if isinstance(event, dict) for path in event.get("paths", [])}
    assert watched >= {"_posts/**", "en/_posts/**", "content/**", "content.en/**", "source/_posts/**",
                       "glossary.yaml", "terms.yaml", "translate.toml", "translate.lock"}


# -- the scripts, in a repository with a bare remote ----------------------------------------------

POSTS = {
    "_posts/2024-01-01-a.md": "---\ntitle: 第一篇\n---\n\n第一段，讲一件事。\n",
    "_posts/2024-01-02-b.md": "---\ntitle: 第二篇\n---\n\n这一段会失败。\n",
    "_posts/2024-01-03-c.md": "---\ntitle: 第三篇\n---\n\n第三篇的一段。\n",
}


def git(*args: str, cwd: Path) -> str:
    """Run git in ``cwd``; its stdout."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll blog set up by ``translate init``, committed and pushed to a bare remote; the current directory."""
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    for name, text in POSTS.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "_config.yml").write_text("title: 博客\nurl: https://example.com\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli(["init", "--no-glossary"]) == 0
    git("init", "--quiet", "--initial-branch=main", cwd=root)
    git("config", "user.name", "Author", cwd=root)
    git("config", "user.email", "author@example.com", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "--quiet", "-m", "A blog", cwd=root)
    git("remote", "add", "origin", str(remote), cwd=root)
    git("push", "--quiet", "origin", "main", cwd=root)
    return root


@pytest.fixture
def action_env(tmp_path: Path, fake: FakeLLM) -> dict[str, str]:
    """The environment the Action's steps get: ``translate`` on PATH (this tree's), the fake endpoint, GitHub's files."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "translate"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m translate "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT), CI="true",
               RUN_REPORT=str(tmp_path / "report.json"), GITHUB_OUTPUT=str(tmp_path / "output"),
               GITHUB_REF_NAME="main", PUSH_DELAY="0", INPUT_MODE="push", INPUT_COMMIT_MESSAGE="Update the English edition")
    return env


def step(script: str, env: dict[str, str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run one of the Action's scripts as its step would."""
    return subprocess.run(["bash", str(ACTION / script)], cwd=cwd, env={**env, **extra}, capture_output=True, text=True)


def outputs(env: dict[str, str]) -> dict[str, str]:
    """What the steps wrote to GITHUB_OUTPUT (the last value of each name)."""
    path = Path(env["GITHUB_OUTPUT"])
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines)


def remote_files(blog: Path, branch: str = "main") -> set[str]:
    """The files on the remote's ``branch``."""
    return set(git("ls-tree", "-r", "--name-only", f"refs/heads/{branch}", cwd=blog.parent / "remote.git").split())


def run_and_commit(env: dict[str, str], blog: Path, **extra: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The Action's two steps: translate, then commit and push with the run's status."""
    ran = step("run.sh", env, blog, **extra)
    assert ran.returncode == 0, ran.stderr  # the run step never fails: the commit step must follow
    committed = step("commit.sh", env, blog, RUN_STATUS=outputs(env)["status"], **extra)
    return ran, committed


def failing_for(fake: FakeLLM, marker: str) -> Callable[[dict[str, Any]], str]:
    """A model that leaves Chinese in every segment holding ``marker`` (its post fails) and translates the rest as ``fake`` does."""

    def reply(body: dict[str, Any]) -> str:
        answer = fake.translate(body)
        user = json.loads(body["messages"][-1]["content"])
        for asked, given in zip(user["segments"], answer["segments"]):
            if marker in asked["text"]:
                given["text"] = asked["text"]
        return json.dumps(answer, ensure_ascii=False)

    return reply


def test_every_post_written_is_committed_and_pushed(blog: Path, action_env: dict[str, str]) -> None:
    ran, committed = run_and_commit(action_env, blog)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert outputs(action_env)["status"] == "0"
    english = {f"en/{name}" for name in POSTS}
    assert remote_files(blog) >= english | {"translate.lock"}
    assert ".translate-cache" not in " ".join(remote_files(blog))
    head = git("rev-parse", "refs/heads/main", cwd=blog.parent / "remote.git").strip()
    assert outputs(action_env)["commit"] == head
    assert git("log", "-1", "--format=%s%n%an", head, cwd=blog).splitlines() == ["Update the English edition", "Author"]
    assert git("status", "--porcelain", cwd=blog) == ""
    again = run_and_commit(action_env, blog)[1]  # nothing changed: nothing to commit, nothing sent
    assert again.returncode == 0 and "Nothing to commit" in again.stdout
    assert outputs(action_env)["commit"] == ""


def test_a_failed_post_holds_back_neither_the_commit_nor_the_push_and_fails_the_job_naming_it(
        blog: Path, action_env: dict[str, str], fake: FakeLLM) -> None:
    fake.default = failing_for(fake, "失败")
    ran, committed = run_and_commit(action_env, blog)
    assert outputs(action_env)["status"] == "1"
    assert committed.returncode == 1
    errors = [line for line in committed.stdout.splitlines() if line.startswith("::error")]
    assert errors and all(line.startswith("::error title=translate run::_posts/2024-01-02-b.md:") for line in errors), errors
    files = remote_files(blog)
    assert {"en/_posts/2024-01-01-a.md", "en/_posts/2024-01-03-c.md", "translate.lock"} <= files
    assert "en/_posts/2024-01-02-b.md" not in files
    fake.default = "ok"  # the model behaves again: the next push translates the post that failed
    git("pull", "--quiet", "origin", "main", cwd=blog)
    (blog / "_posts/2024-01-02-b.md").write_text(POSTS["_posts/2024-01-02-b.md"].replace("会失败", "不会失败"), encoding="utf-8")
    git("commit", "--quiet", "-am", "Fix the post", cwd=blog)
    git("push", "--quiet", "origin", "main", cwd=blog)
    assert run_and_commit(action_env, blog)[1].returncode == 0
    assert "en/_posts/2024-01-02-b.md" in remote_files(blog)


def test_a_push_that_lost_the_race_is_rebased_and_pushed_again(blog: Path, action_env: dict[str, str], tmp_path: Path) -> None:
    assert step("run.sh", action_env, blog).returncode == 0
    other = tmp_path / "other"  # meanwhile, someone pushes a new post
    git("clone", "--quiet", str(blog.parent / "remote.git"), str(other), cwd=tmp_path)
    (other / "_posts" / "2024-02-01-d.md").write_text("新的一篇。\n", encoding="utf-8")
    git("add", "-A", cwd=other)
    git("-c", "user.name=Other", "-c", "user.email=other@example.com", "commit", "--quiet", "-m", "A new post", cwd=other)
    git("push", "--quiet", "origin", "main", cwd=other)
    committed = step("commit.sh", action_env, blog, RUN_STATUS=outputs(action_env)["status"])
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert "fetching main and rebasing on it" in committed.stdout
    log = git("log", "--format=%s", "refs/heads/main", cwd=blog.parent / "remote.git").splitlines()
    assert log[:3] == ["Update the English edition", "A new post", "A blog"]
    assert {"_posts/2024-02-01-d.md", "en/_posts/2024-01-01-a.md", "translate.lock"} <= remote_files(blog)


def test_a_conflicting_race_fails_without_pushing(blog: Path, action_env: dict[str, str], tmp_path: Path) -> None:
    assert step("run.sh", action_env, blog).returncode == 0
    other = tmp_path / "other"  # meanwhile, another run pushed a different lock
    git("clone", "--quiet", str(blog.parent / "remote.git"), str(other), cwd=tmp_path)
    (other / "translate.lock").write_text("{}\n", encoding="utf-8")
    git("add", "-A", cwd=other)
    git("-c", "user.name=Other", "-c", "user.email=other@example.com", "commit", "--quiet", "-m", "Another lock", cwd=other)
    git("push", "--quiet", "origin", "main", cwd=other)
    committed = step("commit.sh", action_env, blog, RUN_STATUS="0", PUSH_ATTEMPTS="2")
    assert committed.returncode == 1
    assert "conflict with what was pushed to main meanwhile" in committed.stdout
    assert git("log", "-1", "--format=%s", "refs/heads/main", cwd=blog.parent / "remote.git").strip() == "Another lock"
    assert git("status", "--porcelain", cwd=blog) == ""  # the rebase was undone


def test_pull_request_mode_pushes_to_the_pull_requests_branch_and_refuses_a_merge_commit(
        blog: Path, action_env: dict[str, str]) -> None:
    git("checkout", "--quiet", "-b", "new-post", cwd=blog)
    (blog / "_posts" / "2024-03-01-e.md").write_text("拉取请求里的一篇。\n", encoding="utf-8")
    git("add", "-A", cwd=blog)
    git("commit", "--quiet", "-m", "A post in a pull request", cwd=blog)
    git("push", "--quiet", "origin", "new-post", cwd=blog)
    git("checkout", "--quiet", "--detach", cwd=blog)  # what actions/checkout gives a pull_request event by default
    pull_request = {"INPUT_MODE": "pull-request", "GITHUB_HEAD_REF": "new-post", "GITHUB_REF_NAME": "7/merge"}
    refused = step("commit.sh", action_env, blog, RUN_STATUS="0", **pull_request)
    assert refused.returncode == 2 and "check out the pull request's branch" in refused.stdout
    git("checkout", "--quiet", "new-post", cwd=blog)
    committed = run_and_commit(action_env, blog, **pull_request)[1]
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert "en/_posts/2024-03-01-e.md" in remote_files(blog, "new-post")
    assert "en/_posts/2024-03-01-e.md" not in remote_files(blog, "main")


def test_the_run_step_passes_paths_and_args_and_keeps_the_report(blog: Path, action_env: dict[str, str], fake: FakeLLM) -> None:
    ran = step("run.sh", action_env, blog, INPUT_PATHS="_posts/2024-01-01-a.md\n_posts/2024-01-03-c.md", INPUT_ARGS="--concurrency 1")
    assert ran.returncode == 0 and outputs(action_env)["status"] == "0"
    report = json.loads(Path(action_env["RUN_REPORT"]).read_text(encoding="utf-8"))
    assert [row["post"] for row in report["posts"]] == ["_posts/2024-01-01-a.md", "_posts/2024-01-03-c.md"]
    bad = step("run.sh", action_env, blog, INPUT_ARGS="--no-such-option")
    assert bad.returncode == 0 and outputs(action_env)["status"] == "2"
    committed = step("commit.sh", action_env, blog, RUN_STATUS="2")
    assert committed.returncode == 2 and "exited with status 2" in committed.stdout
    assert "en/_posts/2024-01-01-a.md" in remote_files(blog)  # what the first run wrote is pushed all the same


def test_the_fork_step_writes_the_review_page_and_passes_with_translations_pending(
        blog: Path, action_env: dict[str, str], tmp_path: Path) -> None:
    review_env = {**action_env, "REVIEW_PAGE": str(tmp_path / "review.html")}
    checked = step("review.sh", review_env, blog)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "3 pending (3 missing)" in checked.stdout
    page = Path(review_env["REVIEW_PAGE"]).read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>") and "_posts/2024-01-02-b.md" in page
