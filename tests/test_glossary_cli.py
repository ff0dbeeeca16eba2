"""``translate glossary extract|review|check`` on a copy of the project under tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import cli
from translate.cli import run as run_cli
from translate.errors import GlossaryError
from translate.glossary.model import load_glossary

REPO_ROOT = Path(__file__).resolve().parent.parent
ENGLISH = Path("content/en/_posts/2022-12-31-newyear2022.md")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the blog and its glossary, with tmp_path as the working folder."""
    root = tmp_path / "blog"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    shutil.copy(REPO_ROOT / "glossary.yaml", root / "glossary.yaml")
    (root / "pyproject.toml").write_text('[tool.translate]\nglossary = "glossary.yaml"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["glossary", *args], input=input, catch_exceptions=True)


def test_help_ends_with_examples() -> None:
    for command in ([], ["extract"], ["review"], ["check"]):
        result = invoke(*command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.output and "translate glossary" in result.output.split("Examples:")[1]


def test_check_passes_on_the_real_translation(project: Path) -> None:
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert "1 English posts checked, 0 violations" in result.output


def test_check_fails_on_a_tampered_translation(project: Path) -> None:
    english = project / ENGLISH
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("Caicloud", "Cai Cloud").replace("Pudong", "East Bank"), encoding="utf-8")
    result = invoke("check")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("content/")]
    assert f"{ENGLISH}:20: 才云: expected 'Caicloud'" in lines
    assert f"{ENGLISH}:20: 才云: forbidden 'Cai Cloud'" in lines
    assert f"{ENGLISH}:28: 浦东: expected 'Pudong'" in lines
    assert len(lines) == 3


def test_check_reports_an_invalid_glossary(project: Path) -> None:
    (project / "glossary.yaml").write_text("entries:\n  - term: 腾讯\n    rendring: Tencent\n", encoding="utf-8")
    result = invoke("check")
    assert isinstance(result.exception, GlossaryError) and result.exception.line == 3


def test_check_warns_when_segments_cannot_be_paired(project: Path) -> None:
    english = project / ENGLISH
    english.write_text(english.read_text(encoding="utf-8") + "\nAn extra paragraph.\n", encoding="utf-8")
    result = invoke("check")
    assert result.exit_code == 0
    assert "cannot pair segments" in result.output


def test_extract_lists_seed_names(project: Path) -> None:
    (project / "glossary.yaml").write_text("entries:\n", encoding="utf-8")
    result = invoke("extract", "--json", "--limit", "40")
    assert result.exit_code == 0, result.output
    found = [c["term"] for c in json.loads(result.output)["candidates"]]
    for term in ("envd", "engula", "TiDB", "腾讯", "才云"):
        assert term in found
    first = json.loads(result.output)["candidates"][0]
    assert set(first) == {"term", "aliases", "kind", "count", "posts", "score", "rendering", "origin", "evidence", "examples"}
    assert first["posts"] == ["content/_posts/2022-12-31-newyear2022.md"]


def test_extract_skips_known_terms_and_english_posts(project: Path) -> None:
    result = invoke("extract", "--json", "--limit", "200")
    found = [c["term"] for c in json.loads(result.output)["candidates"]]
    assert not {"envd", "TiDB", "腾讯", "才云", "随笔"} & set(found)
    assert all("/en/" not in post for c in json.loads(result.output)["candidates"] for post in c["posts"])


def test_extract_write_keeps_comments_and_order(project: Path) -> None:
    path = project / "glossary.yaml"
    before = path.read_text(encoding="utf-8")
    old_terms = [e.term for e in load_glossary(path).entries]
    result = invoke("extract", "--write", "--limit", "5")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # every existing byte, comment and entry kept in place
    entries = load_glossary(path).entries
    assert [e.term for e in entries[: len(old_terms)]] == old_terms
    added = entries[len(old_terms) :]
    assert len(added) == 5 and all(e.status == "proposed" for e in added)
    assert "x in 1 post" in after[len(before) :]  # the evidence, as a comment for the reviewer
    # a second run proposes nothing already listed
    again = invoke("extract", "--json", "--limit", "5")
    assert not {e.term for e in added} & {c["term"] for c in json.loads(again.output)["candidates"]}


def test_extract_write_creates_a_missing_glossary(project: Path) -> None:
    (project / "glossary.yaml").unlink()
    result = invoke("extract", "--write", "--limit", "3")
    assert result.exit_code == 0, result.output
    text = (project / "glossary.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Glossary")
    assert len(load_glossary(project / "glossary.yaml").entries) == 3


PROPOSED = """\
# My glossary
entries:
  - term: envd   # link, 8x in 1 posts
    status: proposed
  # reviewed last week
  - term: 腾讯
    rendering: Tencent
    status: approved
  - term: 才云
    status: proposed
  - term: 原以为
    status: proposed
  - term: 竞品
    status: proposed
  - term: 交大
    status: proposed
"""


def test_review_driven_by_scripted_input(project: Path) -> None:
    path = project / "glossary.yaml"
    path.write_text(PROPOSED, encoding="utf-8")
    result = invoke("review", input="k\nt\nCaicloud\nr\ns\nq\n")
    assert result.exit_code == 0, result.output
    assert "link, 8x in 1 posts" in result.output  # the evidence is shown
    by_term = {e.term: e for e in load_glossary(path).entries}
    assert by_term["envd"].status == "approved" and by_term["envd"].keep
    assert by_term["才云"].status == "approved" and by_term["才云"].rendering == "Caicloud"
    assert by_term["原以为"].status == "rejected"
    assert by_term["竞品"].status == "proposed" and by_term["交大"].status == "proposed"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# My glossary\n") and "  # reviewed last week\n" in text
    assert "  - term: 才云\n    rendering: Caicloud\n    status: approved\n" in text


def test_review_saves_each_answer_before_an_interruption(project: Path) -> None:
    path = project / "glossary.yaml"
    path.write_text(PROPOSED, encoding="utf-8")
    result = invoke("review", input="r\n")  # then end of input, like Ctrl-D
    assert result.exit_code != 0
    assert load_glossary(path).get("envd").status == "rejected"


def test_review_flags_for_scripts(project: Path) -> None:
    path = project / "glossary.yaml"
    path.write_text(PROPOSED, encoding="utf-8")
    result = invoke("review", "--approve", "envd", "--approve", "交大=SJTU", "--reject", "原以为")
    assert result.exit_code == 0, result.output
    glossary = load_glossary(path)
    assert glossary.get("envd").keep and glossary.get("交大").rendering == "SJTU"
    assert glossary.get("原以为").status == "rejected" and glossary.get("才云").status == "proposed"
    missing = invoke("review", "--approve", "nothing-like-this")
    assert missing.exception is not None and "no entry for 'nothing-like-this'" in str(missing.exception)


def test_review_refuses_to_keep_a_chinese_term_as_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary.yaml").write_text("entries:\n  - term: 易用性\n    status: proposed\n  - term: envd\n    status: proposed\n", encoding="utf-8")
    assert run_cli(["glossary", "review", "--approve", "易用性"]) == 2
    assert "易用性 cannot be kept as is" in capsys.readouterr().err
    assert run_cli(["glossary", "review", "--approve", "易用性=usability", "--approve", "envd"]) == 0
    text = (tmp_path / "glossary.yaml").read_text(encoding="utf-8")
    assert "rendering: usability" in text and "keep: true" in text
