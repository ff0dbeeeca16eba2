"""Character classes of Chinese and neighbouring East Asian text, named once for every module.

Each class is the inside of a regular-expression character class (``f"[{HAN}]"``, ``f"[^{WIDE}]"``),
so modules combine them into their own patterns; the compiled patterns at the end are the ones
several modules share. Some modules deliberately use a narrower or wider class than the common
one; those classes are named here too, with the reason, so no module spells out a Unicode range.
"""

from __future__ import annotations

import re

# Unicode blocks, the building blocks of the classes below.

HAN_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff"
"""CJK Unified Ideographs Extension A and the main unified block: the characters Chinese is written in."""
HAN_COMPATIBILITY = "\uf900-\ufaff"
"""CJK Compatibility Ideographs: duplicates of unified ideographs left by conversions from legacy encodings."""
YIJING_HEXAGRAMS = "\u4dc0-\u4dff"
"""Yijing Hexagram Symbols, the block between Extension A and the unified ideographs: named for
``BARE_URL_END``, which has always spanned Extension A to the end of the unified block in one range."""
KANA = "\u3040-\u30ff"
"""Hiragana and katakana."""
CJK_PUNCTUATION = "\u3000-\u303f"
"""CJK Symbols and Punctuation: the ideographic space, 、。「」《》【】 and the like."""
FULLWIDTH_FORMS = "\uff00-\uffef"
"""Halfwidth and Fullwidth Forms: full-width ASCII (，！？（）０-９Ａ-Ｚ) and half-width katakana."""
CJK_BLOCKS = "\u2e80-\u9fff"
"""Every block from CJK Radicals Supplement through the unified ideographs: radicals, CJK punctuation,
kana, bopomofo, enclosed and compatibility forms, Extension A and the unified ideographs."""
HANGUL_SYLLABLES = "\uac00-\ud7af"
"""Precomposed Korean syllables."""

# Classes by what they mean to this tool.

HAN = HAN_IDEOGRAPHS + HAN_COMPATIBILITY
"""Han ideographs, compatibility forms included."""
HAN_OR_KANA = HAN + KANA
"""Chinese or Japanese script: a character that marks text as needing translation."""
WIDE_PUNCTUATION = CJK_PUNCTUATION + FULLWIDTH_FORMS
"""CJK punctuation and full-width forms: none of it belongs in the English."""
LEFTOVER = HAN_OR_KANA + WIDE_PUNCTUATION
"""What a translation must not contain, unless the glossary asks for it."""
WIDE = CJK_BLOCKS + HANGUL_SYLLABLES + HAN_COMPATIBILITY + FULLWIDTH_FORMS
"""Scripts written without spaces between words, and full-width forms: a soft line break between two
of them joins them with no space."""
BARE_URL_END = WIDE_PUNCTUATION + HAN_IDEOGRAPHS + YIJING_HEXAGRAMS
"""Characters that end a bare URL in the source, where Chinese text follows it with no space.

Kana and compatibility ideographs are not in it, as they never were: a URL runs on into them.
"""
JIEBA_HAN = "\u4e00-\u9fd5"
"""What jieba (0.42) treats as Han in its own regular expressions (``re_han_default``,
``posseg.re_han_detail``); code that must take the same path as jieba uses this range, not ``HAN``."""

# Patterns shared by several modules.

HAN_OR_KANA_RE = re.compile(f"[{HAN_OR_KANA}]")
"""One Chinese or Japanese character."""
HAN_OR_KANA_RUN_RE = re.compile(f"[{HAN_OR_KANA}]+")
"""A run of Chinese or Japanese characters."""
