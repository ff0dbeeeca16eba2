"""The test suite's own shortcuts prove the same things as the slow paths they replace."""

from __future__ import annotations

import jieba


def test_a_tokenizer_from_the_shared_copy_equals_one_jieba_reads() -> None:
    copied = jieba.Tokenizer()
    copied.initialize()
    read = jieba.Tokenizer()
    jieba.Tokenizer.initialize.read(read)  # jieba's own initialize, set aside by conftest.py
    assert copied.initialized and read.initialized
    assert copied.total == read.total and copied.FREQ == read.FREQ
    for tokenizer in (copied, read):
        tokenizer.add_word("才云")
    another = jieba.Tokenizer()
    another.initialize()
    assert "才云" in copied.FREQ and "才云" not in another.FREQ  # each tokenizer has its own copy
    text = "跟之前在才云的前同事以及交大的学弟们在上海吃饭"
    assert list(copied.cut(text, HMM=True)) == list(read.cut(text, HMM=True))
