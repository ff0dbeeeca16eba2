"""Fixes by rule, and the rule that a fix never adds an error."""

from __future__ import annotations

import pytest

from translate.model.fixups import fix
from translate.model.qa import judge
from translate.source.post import parse_post
from translate.source.segment import Segment, segment


def only_segment(text: str) -> Segment:
    (found,) = segment(parse_post(text.encode("utf-8")))
    return found


@pytest.mark.parametrize(
    ("reply", "fixed"),
    [
        ("Hello，world。Next", "Hello, world. Next"),
        ("This is「quoted」text", 'This is "quoted" text'),
        ("Version ｖ１．２ is out！", "Version v1.2 is out!"),
        ("a\u3000b", "a b"),
        ("Use <m1/>，then <l1>this</l1>。", "Use <m1/>, then <l1>this</l1>."),
        ("Plain English stays as it is.", "Plain English stays as it is."),
    ],
)
def test_fixes_by_rule(reply: str, fixed: str) -> None:
    assert fix(reply) == fixed


def test_a_fixed_reply_is_accepted_and_stored_fixed() -> None:
    seg = only_segment("第一段，第二句。\n")
    text, found = judge(seg, "First paragraph，second sentence。", ())
    assert text == "First paragraph, second sentence." and not found.errors


def test_a_fix_that_would_make_a_link_the_source_lacks_is_undone() -> None:
    seg = only_segment("见【文档】（在下面）。\n")
    text, found = judge(seg, "See【docs】（javascript:alert(1)）。", ())
    assert text == "See【docs】（javascript:alert(1)）。"  # kept as it came: it fails on its full-width marks instead
    assert found.errors and not any("link" in e for e in found.errors)


def test_a_fix_that_matches_the_source_markup_is_kept() -> None:
    seg = only_segment("见【文档】（/docs/a.md）。\n")  # full-width: plain text in the source, with a destination
    text, found = judge(seg, "See【the docs】（/docs/a.md）。", ())
    assert text == "See [the docs](/docs/a.md)." and not found.errors
