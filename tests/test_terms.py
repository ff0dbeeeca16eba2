"""Candidate term extraction: what is found, how it is ranked, and how fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from translate.source.post import parse_post, read_post
from translate.source.segment import segment
from translate.glossary.mining import extract_terms

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED = REPO_ROOT / "content" / "_posts" / "2022-12-31-newyear2022.md"
CORPUS = REPO_ROOT.parent / "shared" / "corpus"


def candidates(*texts: str, known=frozenset()):
    posts = [(f"post{n}.md", segment(parse_post(text.encode("utf-8")))) for n, text in enumerate(texts)]
    return extract_terms(posts, known=known)


def test_seed_names_rank_above_noise() -> None:
    found = extract_terms([("seed.md", segment(read_post(SEED)))])
    rank = {c.term: n for n, c in enumerate(found)}
    for name in ("envd", "engula", "TiDB", "腾讯", "才云", "Rust", "Kubernetes", "MLOps", "Terry Tang"):
        assert rank[name] < 30, name
    noise = [term for term in ("原以为", "入门", "长度", "leader", "updates", "中写") if term in rank]
    assert all(rank[name] < rank[term] for name in ("envd", "engula", "TiDB", "腾讯", "才云") for term in noise)
    assert "随笔" not in rank  # the category is front matter that is not translated
    envd = found[rank["envd"]]
    assert envd.kind == "link" and envd.posts == ("seed.md",) and envd.count >= 7
    assert envd.context.startswith("seed.md:")


def test_kinds_of_evidence() -> None:
    found = {c.term: c for c in candidates(
        "我们用 `kubectl` 部署 [OpenDAL](https://github.com/apache/opendal)，然后在才云和腾讯讨论 TiKV。\n\n"
        "提了一个 [issue](https://github.com/apache/opendal/issues/1)，见 [文档](https://example.com/docs)。\n"
    )}
    assert found["OpenDAL"].kind == "link"
    assert found["kubectl"].kind == "code"
    assert found["TiKV"].kind == "latin"
    assert found["腾讯"].kind == "name"
    assert "issue" not in found  # a link to an issue page is not a name


def test_known_terms_are_left_out() -> None:
    text = "我在腾讯用 Rust 写 TiKV。\n"
    assert {c.term for c in candidates(text, known={"腾讯", "rust"})} & {"腾讯", "Rust"} == set()


def test_counts_and_posts_add_up() -> None:
    found = {c.term: c for c in candidates("TiKV 和 TiKV 很好。\n", "TiKV 也在这里。\n")}
    assert found["TiKV"].count == 3 and found["TiKV"].posts == ("post0.md", "post1.md")


def test_corpus_extract_is_quick_and_finds_names() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent")
    paths = sorted(CORPUS.rglob("*.md"))[:60]
    posts = [(str(p), segment(read_post(p))) for p in paths]
    start = time.perf_counter()
    found = extract_terms(posts)
    assert time.perf_counter() - start < 15
    top = [c.term for c in found[:30]]
    assert any(t in top for t in ("TiDB", "TiKV", "SQL", "MySQL", "Python"))


@pytest.fixture(scope="module")
def lexicon():
    """One Lexicon for the module: it only reads jieba's tables, and building one reads the rarity table again."""
    from translate.glossary.lexicon import Lexicon

    return Lexicon()


@pytest.mark.parametrize(
    "text",
    [
        "才云科技在北京",
        "交大的学弟去了外交大臣家",
        "我们用中写了一个新的东西然后在才云和腾讯讨论",
        "然后，在才云和腾讯讨论",
        "蔡徐坤和易烊千玺在杭州阿里巴巴总部见面",
        "㐀㐁的鿖字",  # characters outside the block jieba.posseg treats as Han
    ],
)
def test_hmm_words_match_jieba_posseg(text: str, lexicon) -> None:
    import jieba
    import jieba.posseg

    jieba.initialize()
    expected = [(p.word, p.flag) for p in jieba.posseg.cut(text, HMM=True) if len(p.word) > 1 and p.word not in jieba.dt.FREQ]
    found = [(word, tag) for word, tag in lexicon.hmm_words(text) if len(word) > 1 and word not in jieba.dt.FREQ]
    assert found == expected


def read_text_post(path: Path):
    return str(path.name), segment(read_post(path))


def test_parallel_extract_equals_serial(tmp_path: Path) -> None:
    from translate.glossary.mining import extract_terms_from

    texts = ["我们用 `kubectl` 部署 TiKV，才云和腾讯。\n", "TiKV 也在这里，才云。\n", "[OpenDAL](https://github.com/apache/opendal) 很好。\n"]
    paths = []
    for n, text in enumerate(texts * 3):
        path = tmp_path / f"post{n}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    serial = extract_terms_from(paths, read_text_post, warn=print, jobs=1)
    assert serial == extract_terms_from(paths, read_text_post, warn=print, jobs=2)
    assert serial == extract_terms([read_text_post(p) for p in paths])
