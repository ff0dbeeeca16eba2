"""The test suite's own shortcuts prove the same things as the slow paths they replace."""

from __future__ import annotations

from typing import Any

import jieba


def state(tokenizer: Any) -> dict[str, Any]:
    """Everything a tokenizer holds except its lock."""
    return {name: value for name, value in vars(tokenizer).items() if name != "lock"}


def test_a_tokenizer_from_the_shared_copy_equals_one_jieba_reads() -> None:
    copied = jieba.Tokenizer()
    copied.initialize()
    read = jieba.Tokenizer.initialize.shared[0]  # read by jieba's own initialize (see conftest.py)
    assert read.initialized and read.FREQ and state(copied) == state(read)
    assert copied.FREQ is not read.FREQ
    copied.add_word("才云")
    another = jieba.Tokenizer()
    another.initialize()
    assert "才云" in copied.FREQ and "才云" not in another.FREQ and "才云" not in read.FREQ
    text = "跟之前在才云的前同事以及交大的学弟们在上海吃饭"
    assert "才云" in copied.cut(text, HMM=True) and "才云" not in another.cut(text, HMM=True)
