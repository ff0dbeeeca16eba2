"""Ranking candidates by background frequencies, merging variants, repairing bad cuts, readable examples."""

from __future__ import annotations

import pytest

from translate.glossary.background import Background
from translate.glossary.evidence import Example, Tally, readable, sentence_with
from translate.glossary.mining import extract_terms
from translate.glossary.ranking import latin_shape, specificity
from translate.glossary.variants import merge_variants, short_names
from translate.source.post import parse_post
from translate.source.segment import segment

# A small background: shares of English words, counts of Chinese words (out of 60 million).
BACKGROUND = Background(
    chinese={"日志": 1110, "东西": 18877, "腾讯": 98, "上海": 16377, "交通": 9000, "大学": 20000},
    chinese_total=60_000_000.0,
    english={"api": 4.8e-6, "cpu": 5.2e-6, "server": 2.9e-5, "key": 1.3e-4, "docker": 9.5e-7, "python": 6e-6, "lightning": 1.7e-5},
    chinese_idf={"东西": 4.8},
)
TAGS = {"上海": "ns", "交通": "n", "大学": "n", "腾讯": "nz", "日志": "ns"}


def candidates(*texts: str, known: frozenset[str] = frozenset()):
    posts = [(f"post{n}.md", segment(parse_post(text.encode("utf-8")))) for n, text in enumerate(texts)]
    return extract_terms(posts, known=known, background=BACKGROUND)


def test_names_rank_above_generic_words_and_acronyms() -> None:
    text = "我们用 API 和 CPU 调用 Server 的 key，然后 TiKV 和 nerdctl 写日志，腾讯也用 TiKV 和 nerdctl。\n"
    found = candidates(text, text, text)
    rank = {c.term: n for n, c in enumerate(found)}
    for name in ("TiKV", "nerdctl"):
        for generic in ("API", "CPU", "Server", "key"):
            assert rank[name] < rank[generic], (name, generic)
    assert rank["腾讯"] < rank["日志"]


@pytest.mark.parametrize(
    ("term", "shape"),
    [("API", "acronym"), ("TL;DR", "acronym"), ("TiDB", "mixed"), ("k8s", "mixed"), ("Node.js", "mixed"),
     ("Terry Tang", "phrase"), ("Docker", "capital"), ("runc", "lower")],
)
def test_latin_shapes(term: str, shape: str) -> None:
    assert latin_shape(term) == shape


def test_specificity_uses_the_background() -> None:
    assert specificity("TiKV", "", BACKGROUND) == 1.0  # unknown to English, a name's shape
    assert specificity("API", "", BACKGROUND) < 0.4  # a standard acronym
    assert specificity("key", "", BACKGROUND) < specificity("Docker", "", BACKGROUND)
    assert specificity("东西", "ns", BACKGROUND) < specificity("腾讯", "nz", BACKGROUND)  # the rarity table says 东西 is everyday
    assert specificity("啊啊啊", "nr", BACKGROUND) < 0.3  # an interjection jieba tags as a name


def test_case_variants_are_one_candidate() -> None:
    found = candidates("我用 Docker 跑 docker，Docker 很好。\n", "还是 Docker 好。\n")
    docker = [c for c in found if c.term.casefold() == "docker"]
    assert len(docker) == 1
    assert docker[0].term == "Docker" and docker[0].aliases == ("docker",) and docker[0].count == 4


def test_short_and_full_names_are_one_candidate() -> None:
    found = candidates("我在上海交通大学读书。交大的食堂很好，交大的图书馆也很好。\n", "交大在上海。\n")
    sjtu = [c for c in found if "交大" in (c.term, *c.aliases)]
    assert len(sjtu) == 1 and sjtu[0].term == "交大" and sjtu[0].aliases == ("上海交通大学",) and sjtu[0].count == 4


def test_short_names_of_an_organisation() -> None:
    tag_of = TAGS.get
    assert short_names("上海交通大学", lambda w: tag_of(w, "")) >= {"交大", "上海交大"}
    assert "交通" not in short_names("上海交通大学", lambda w: tag_of(w, ""))  # a plain noun is no short name
    assert "才云" in short_names("才云科技", lambda w: "")
    assert short_names("北京大学", lambda w: "ns" if w == "北京" else "") == {"北大"}  # not the city


def test_full_and_short_names_merge_with_aliases() -> None:
    tallies = {"上海交通大学": Tally({"name"}, 2, {"a.md"}), "交大": Tally({"name"}, 5, {"a.md", "b.md"}), "上海交大": Tally({"new"}, 1, {"c.md"})}
    groups = merge_variants(tallies, known=frozenset(), tag_of=lambda w: TAGS.get(w, ""))
    assert len(groups) == 1
    assert groups[0].term == "交大" and set(groups[0].aliases) == {"上海交通大学", "上海交大"} and groups[0].tally.count == 8


def test_a_variant_of_a_known_term_is_left_out() -> None:
    tallies = {"才云科技": Tally({"name"}, 2, {"a.md"})}
    assert merge_variants(tallies, known={"才云"}, tag_of=lambda w: "") == []


def test_bad_cuts_are_cut_again_with_the_known_terms() -> None:
    tallies = {"和小徐": Tally({"new"}, 3, {"a.md"}), "小徐": Tally({"new"}, 2, {"b.md"}), "会将": Tally({"new"}, 4, {"c.md"}),
               "跟老王": Tally({"new"}, 2, {"d.md"})}
    groups = {g.term: g for g in merge_variants(tallies, known={"老王"}, tag_of=lambda w: "")}
    assert set(groups) == {"小徐"}  # 和小徐 → 小徐; 会将 is grammar only; 跟老王 is the known 老王
    assert groups["小徐"].tally.count == 5 and groups["小徐"].tally.posts == {"a.md", "b.md"}


def test_a_word_that_ends_a_longer_name_is_left_out() -> None:
    found = {c.term for c in candidates("用 TiDB Lightning 导入。TiDB Lightning 很快。TiDB 很好。\n")}
    assert "TiDB Lightning" in found and "TiDB" in found and "Lightning" not in found


def test_tldr_is_one_term() -> None:
    found = {c.term for c in candidates("TL;DR 这篇文章讲 TiKV。TL;DR 还是 TiKV。\n")}
    assert "TL;DR" in found and not {"TL", "DR"} & found


def test_examples_are_readable() -> None:
    text = "上周我们的项目 [OpenDAL](https://github.com/apache/opendal) 静悄悄地开源了，用 `nerdctl` 部署，见[文档](https://x.com/d)。\n\n第二段也提到 OpenDAL。\n"
    found = {c.term: c for c in candidates(text)}
    opendal = found["OpenDAL"]
    assert len(opendal.examples) == 2
    first = str(opendal.examples[0])
    assert first.startswith("post0.md:1: ") and "OpenDAL" in first and "`nerdctl`" in first and "文档" in first
    assert "<m" not in first and "<l" not in first and "https://" not in first


def test_readable_segment_text() -> None:
    (seg,) = segment(parse_post("见 [OpenDAL](https://github.com/apache/opendal) 和 ![图](a.png) 以及 <b>粗</b> `code`。\n".encode()))
    assert readable(seg) == "见 OpenDAL 和 图 以及 粗 `code`。"


def test_sentence_with_cuts_at_sentence_ends() -> None:
    text = "第一句话。这里提到 TiKV 的第二句。第三句。"
    assert sentence_with(text, "TiKV") == "这里提到 TiKV 的第二句。"
    assert sentence_with("x" * 200 + " TiKV " + "y" * 200, "TiKV").startswith("…")


def test_examples_prefer_different_posts() -> None:
    tally = Tally()
    for post, line in (("a.md", 1), ("a.md", 2), ("b.md", 3)):
        tally.add_example(Example(post, line, "…"))
    assert [e.post for e in tally.examples] == ["a.md", "b.md"]
