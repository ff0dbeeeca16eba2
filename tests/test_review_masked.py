"""Masked text as the review page shows it: each placeholder as what it stands for, always escaped and well formed."""

from __future__ import annotations

import re

import pytest

from translate.review.masked import Mark, atom_html, masked_html
from translate.source.protect import Placeholder


@pytest.mark.parametrize("original, expected", [
    ("`a < b`", '<code title="inline code">a &lt; b</code>'),
    ("[docs](https://example.com/a?b=1&c=2)", '<a href="https://example.com/a?b=1&amp;c=2"'),
    ("[local](/2024/01/post.html)", '<span class="link-local" title="link /2024/01/post.html">local</span>'),
    ("[x](javascript:alert(1))", '<span class="link-local" title="link javascript:alert(1)">x</span>'),
    ("![a cat](/img/cat.png)", '<span class="img" title="image /img/cat.png">[image: a cat]</span>'),
    ("<https://example.com>", '<a href="https://example.com"'),
    ("https://example.com/x", '<a href="https://example.com/x"'),
    ("  \n", "<br>"),
    ("[^1]", '<sup title="footnote">[^1]</sup>'),
    ("{{ site.url }}", '<code class="raw" title="kept as is">{{ site.url }}</code>'),
    ('<span style="color:red">', '<code class="raw" title="kept as is">&lt;span style=&quot;color:red&quot;&gt;</code>'),
])
def test_each_kind_of_protected_element_is_shown_as_a_reader_sees_it(original: str, expected: str) -> None:
    assert atom_html(original).startswith(expected)


def test_a_translated_link_wraps_its_text_and_an_image_its_alt_text() -> None:
    placeholders = (Placeholder("<l1>", "["), Placeholder("</l1>", '](https://example.com "Example")'),
                    Placeholder("<l2>", "!["), Placeholder("</l2>", "](/cat.png)"))
    html = masked_html("See <l1>the site</l1> and <l2>a cat</l2>.", placeholders)
    assert '<a href="https://example.com" title="https://example.com" rel="noopener noreferrer" target="_blank">the site</a>' in html
    assert '[image: a cat]</span>' in html


def test_a_reply_with_broken_tags_still_gives_well_formed_html() -> None:
    placeholders = (Placeholder("<l1>", "["), Placeholder("</l1>", "](https://example.com)"))
    for reply in ("</l1>text<l1>", "<l1>open only", "close only</l1>", "<m7/> invented", "<l1><l1>twice</l1>"):
        html = masked_html(reply, placeholders)
        opened = len(re.findall(r"<(a|span)\b", html))
        closed = len(re.findall(r"</(a|span)>", html))
        assert opened == closed, (reply, html)
    assert 'title="not in the source">&lt;m7/&gt;</code>' in masked_html("<m7/> invented", placeholders)


def test_marks_highlight_terms_in_plain_text_only_and_escape_them() -> None:
    marks = [Mark(re.compile("才云"), "才云 → <Caicloud>")]
    html = masked_html("我在才云 <m1/>", (Placeholder("<m1/>", "`才云`"),), marks)
    assert html == ('我在<mark class="term" title="才云 → &lt;Caicloud&gt;">才云</mark> '
                    '<code title="inline code (&lt;m1/&gt;)">才云</code>')
