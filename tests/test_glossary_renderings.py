"""Renderings proposed from the author's English: pairing sentences, choosing the English that goes with a term."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import cli
from translate.glossary.evidence import readable
from translate.glossary.parallel import SentencePair, align_by_anchors, parallel_sentences, sentence_pairs
from translate.glossary.ranking import Candidate
from translate.glossary.renderings import propose, with_renderings
from translate.source.post import parse_post
from translate.source.segment import segment

REPO_ROOT = Path(__file__).resolve().parent.parent


def pair(source: str, english: str, line: int = 1) -> SentencePair:
    return SentencePair(source, english, f"zh.md:{line} ↔ en.md:{line}")


def test_sentences_pair_where_both_sides_end_one() -> None:
    chinese = "4 月 1 日是我在腾讯的最后一天。原以为会持续几天。尽管浦东已经验证了，封闭会不断续杯。事实证明我低估了它。"
    english = ("April 1 was my last day at Tencent. I had assumed it would last a few days. "
               "Even though Pudong had shown that lockdowns kept getting extended, I still hoped. As it turned out, I underestimated it.")
    pairs = sentence_pairs(chinese, english)
    assert len(pairs) >= 3
    assert any("浦东" in zh and "Pudong" in en and "Tencent" not in en for zh, en in pairs)
    assert "".join(zh for zh, _en in pairs).replace(" ", "") == chinese.replace(" ", "")


def test_a_paragraph_without_agreeing_sentence_ends_stays_whole() -> None:
    assert sentence_pairs("一句话。", "One sentence. And another one.") == [("一句话。", "One sentence. And another one.")]


def test_segments_pair_by_anchors_when_the_structures_differ() -> None:
    source = segment(parse_post("我们用 TiKV 存数据。\n\n然后看 [文档](https://x.org/a)。\n\n最后一段讲 nerdctl 1.2。\n".encode()), all_text=True)
    english = segment(parse_post("We store data in TiKV.\n\nAn extra paragraph the author added.\n\nThen read [the docs](https://x.org/a).\n\n"
                                 "The last one is about nerdctl 1.2.\n".encode()), all_text=True)
    pairs = [(readable(a), readable(b)) for a, b in align_by_anchors(source, english)]
    assert len(pairs) == 3
    assert "TiKV" in pairs[0][1] and "docs" in pairs[1][1] and "nerdctl" in pairs[2][1]


def test_parallel_posts_of_the_same_structure_pair_by_position() -> None:
    source = parse_post("---\ntitle: 标题\n---\n腾讯的项目。\n\n第二段。\n".encode())
    english = parse_post("---\ntitle: Title\n---\nA Tencent project.\n\nThe second paragraph.\n".encode())
    pairs = parallel_sentences(source, english, names=("zh.md", "en.md"), fields=("title",))
    assert [(p.source, p.english) for p in pairs] == [("标题", "Title"), ("腾讯的项目。", "A Tencent project."), ("第二段。", "The second paragraph.")]
    assert pairs[1].where == "zh.md:4 ↔ en.md:4"


PAIRS = [
    pair("我在腾讯工作。", "I worked at Tencent.", 1),
    pair("离开腾讯以后，我去了才云。", "After leaving Tencent, I joined Caicloud.", 2),
    pair("腾讯的同事都很好。", "My colleagues at Tencent were great.", 3),
    pair("我们用 TiKV 存数据。", "We store the data in TiKV.", 4),
    pair("这是一个普通的句子。", "This is an ordinary sentence.", 5),
]


def test_the_english_that_goes_with_a_term_consistently() -> None:
    proposal = propose(["腾讯"], PAIRS)
    assert proposal is not None and proposal.english == "Tencent" and (proposal.support, proposal.seen) == (3, 3)
    assert proposal.evidence == "in 3 of 3 paired sentences, e.g. zh.md:1 ↔ en.md:1"


def test_a_latin_term_is_kept_as_the_english_spells_it() -> None:
    proposal = propose(["TiKV"], PAIRS)
    assert proposal is not None and proposal.english == "TiKV"
    assert propose(["TiDB"], PAIRS) is None


def test_renderings_of_glossary_entries_are_not_proposed_again() -> None:
    proposal = propose(["才云"], PAIRS, explained=lambda source: ["Tencent"] if "腾讯" in source else [])
    assert proposal is not None and proposal.english == "Caicloud"


def test_two_names_in_one_sentence_get_different_renderings() -> None:
    pairs = [pair("跟之前在才云的前同事以及交大的学弟们组了一个队伍。",
                  "I teamed up with former colleagues from Caicloud and younger schoolmates from SJTU.")]
    names = [Candidate("才云", "new", 1, ("a.md",), 2.0), Candidate("交大", "name", 1, ("a.md",), 1.0)]
    found = {c.term: c for c in with_renderings(names, pairs)}
    assert found["才云"].rendering == "Caicloud" and found["交大"].rendering == "SJTU"
    assert found["才云"].origin == "english" and found["才云"].evidence.startswith("in 1 of 1 paired sentences")


def test_an_everyday_word_needs_more_than_one_sentence() -> None:
    pairs = [pair("我们安利了不少用户。", "We won over quite a few users on Twitter.")]
    (found,) = with_renderings([Candidate("安利", "term", 1, ("a.md",), 1.0)], pairs)
    assert found.rendering == ""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed blog with its English edition and lock, and an empty glossary."""
    root = tmp_path / "blog"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    shutil.copy(REPO_ROOT / "translate.lock", root / "translate.lock")
    (root / "glossary.yaml").write_text("entries:\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.translate]\nglossary = "glossary.yaml"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_extract_proposes_renderings_from_the_english_edition(project: Path) -> None:
    result = CliRunner().invoke(cli, ["glossary", "extract", "--json", "--limit", "40"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found = {c["term"]: c for c in json.loads(result.output)["candidates"]}
    assert found["腾讯"]["rendering"] == "Tencent" and found["腾讯"]["origin"] == "english"
    assert found["才云"]["rendering"] == "Caicloud"
    assert found["envd"]["rendering"] == "envd"
    assert "content/_posts/2022-12-31-newyear2022.md:" in found["腾讯"]["evidence"]
    assert all("<m" not in example for c in found.values() for example in c["examples"])


def test_extract_write_records_renderings_and_examples(project: Path) -> None:
    result = CliRunner().invoke(cli, ["glossary", "extract", "--write", "--limit", "40"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (project / "glossary.yaml").read_text(encoding="utf-8")
    assert "rendering: Tencent" in text and "# e.g. content/_posts/2022-12-31-newyear2022.md:" in text
    review = CliRunner().invoke(cli, ["glossary", "review"], input="s\n" * 40, catch_exceptions=False)
    assert "[a]ccept 'Tencent'" in review.output and "e.g. content/_posts/" in review.output
