"""Glossary loading, matching, prompt selection, compliance and fingerprints."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from translate.errors import GlossaryError
from translate.glossary.model import load_glossary, parse_glossary, violations
from translate.model.prompt import glossary_line

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample():
    return load_glossary(FIXTURES / "sample.yaml")


def terms(entries) -> list[str]:
    return [e.term for e in entries]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_glossary_names_the_line(path: Path) -> None:
    expect = re.match(r"# expect line (\d+): (.*)", path.read_text(encoding="utf-8"))
    assert expect, f"{path} lacks an '# expect line N: message' header"
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert info.value.line == int(expect.group(1))
    assert expect.group(2) in info.value.message
    assert str(info.value).startswith(f"{path}:{expect.group(1)}: ")
    assert info.value.exit_code == 2


def test_missing_file_is_an_empty_glossary(tmp_path: Path) -> None:
    glossary = load_glossary(tmp_path / "glossary.yaml")
    assert glossary.entries == () and glossary.entries_in("上海交大的 envd") == ()


def test_empty_file_and_empty_entries(tmp_path: Path) -> None:
    assert parse_glossary("").entries == ()
    assert parse_glossary("# nothing yet\nentries:\n").entries == ()


def test_fields_and_defaults(sample) -> None:
    caicloud = sample.get("才云")
    assert caicloud is not None
    assert (caicloud.rendering, caicloud.keep, caicloud.status, caicloud.line) == ("Caicloud", False, "approved", 27)
    assert caicloud.forbidden == ("Cai Cloud",) and caicloud.note == "a Kubernetes startup"
    assert sample.get("Rust").rendering == "Rust"
    assert sample.get("上海交大") is sample.get("交大")
    assert "浦东" not in terms(sample.approved()) and "随笔" not in terms(sample.approved())


def test_project_glossary_is_valid() -> None:
    glossary = load_glossary(REPO_ROOT / "glossary.yaml")
    approved = terms(glossary.approved())
    for term in ("envd", "engula", "engula-operator", "TiDB", "TiDB Hackathon", "Rust", "Kubernetes", "golang", "MLOps",
                 "Jupyter", "vscode", "elastic-jupyter-operator", "腾讯", "才云", "交大", "上海", "浦东", "封闭管理",
                 "MIDI", "spot instance", "Kernel", "Terry Tang", "Manjusaka", "xuanwo"):
        assert term in approved
    assert glossary.get("随笔").status == "rejected"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("跟之前在才云的前同事以及交大的学弟们", ["交大", "才云"]),
        ("外交大臣访问了上海", ["上海"]),  # 交大 inside 外交大臣 is not the university
        ("他在上海交大读书", ["交大"]),  # the alias, and the longer spelling wins over 上海
        ("为了让自己入门 Rust，参加了 TiDB Hackathon", ["Rust", "TiDB Hackathon"]),
        ("Rustacean 们和 envdx 项目", []),  # Latin terms only on word boundaries
        ("rust 和 ENVD", []),  # letter case matters unless ignore_case
        ("K8S 和 k8s", ["k8s"]),
        ("用 VSCode remote 或 vscode 开发", ["vscode"]),
        ("<m1/>envd<m2/> 的设计", ["envd"]),  # placeholders are not letters
        ("<l1>envd</l1> 和 <m3/>", ["envd"]),
        ("跟 spot instance 结合使用", ["spot instance"]),
        ("浦东和随笔", []),  # proposed and rejected entries are not used
    ],
)
def test_entries_in(sample, text: str, expected: list[str]) -> None:
    assert terms(sample.entries_in(text)) == sorted(expected, key=lambda t: sample.get(t).line)


def test_prompt_selection_sends_only_matching_entries(sample) -> None:
    lines = [glossary_line(e) for e in sample.entries_in("那是在才云做的 TiDB 相关工作")]
    assert lines == [
        "- TiDB → TiDB (keep as is)",
        "- 才云 → Caicloud; never 'Cai Cloud' — a Kubernetes startup",
    ]
    assert glossary_line(sample.get("交大")) == "- 交大 (also written 上海交大) → SJTU; never 'Jiaotong University'"


@pytest.mark.parametrize(
    ("term", "english", "problems"),
    [
        ("才云", "former colleagues from Caicloud", []),
        ("才云", "former colleagues from Cai Cloud", ["must be rendered as 'Caicloud'", "must not be rendered as 'Cai Cloud'"]),
        ("才云", "colleagues from caicloud", ["must be rendered as 'Caicloud'"]),  # a capital stays a capital
        ("交大", "schoolmates from SJTU, not Jiaotong  University", ["must not be rendered as 'Jiaotong University'"]),
        ("envd", "the design of <m1/>", ["must be kept as 'envd'"]),
        ("envd", "the design of envdx", ["must be kept as 'envd'"]),
        ("vscode", "the VS Code Remote way", []),
        ("vscode", "such as Jupyter and VSCode remote", []),  # spaces inside a rendering are optional
        ("vscode", "such as vs code", ["must be rendered as 'VS Code'"]),
        ("spot instance", "works nicely with spot instances", []),  # a plural is fine
        ("封闭管理", "Lockdown began in March", []),  # a sentence may start with it
        ("k8s", "runs on KUBERNETES", []),  # ignore_case
    ],
)
def test_violations(sample, term: str, english: str, problems: list[str]) -> None:
    entry = sample.get(term)
    found = violations([entry], english)
    assert len(found) == len(problems)
    for message, expected in zip(found, problems):
        assert message == f"glossary: {entry.term} {expected}"


def test_fingerprint_changes_only_for_the_edited_entry(tmp_path: Path) -> None:
    text = (FIXTURES / "sample.yaml").read_text(encoding="utf-8")
    before = parse_glossary(text)
    after = parse_glossary(text.replace("rendering: Shanghai", "rendering: Shanghai City"))
    changed = [a.term for b, a in zip(before.entries, after.entries) if a.fingerprint() != b.fingerprint()]
    assert changed == ["上海"]
    assert before.digest() != after.digest()
    # status and line do not affect a translation
    entry = before.get("上海")
    assert replace(entry, line=99, status="proposed").fingerprint() == entry.fingerprint()
    assert replace(entry, note="the city").fingerprint() != entry.fingerprint()
    assert re.fullmatch(r"[0-9a-f]{16}", entry.fingerprint())
    # a comment or a reordering changes nothing
    reordered = parse_glossary("# comment\n" + text)
    assert reordered.digest() == before.digest()


def test_importing_glossary_loads_no_jieba_until_a_chinese_term_is_matched() -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from translate.glossary.model import load_glossary\n"
        f"g = load_glossary(Path({str(FIXTURES / 'sample.yaml')!r}))\n"
        "assert g.entries_in('uses Rust and envd') and 'jieba' not in sys.modules\n"
        "assert not g.entries_in('没有任何术语的句子') and 'jieba' not in sys.modules\n"
        "assert g.entries_in('在上海') and 'jieba' in sys.modules\n"
        "assert 'openai' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # jieba initialised quietly


def test_entries_in_is_fast_with_a_large_glossary() -> None:
    import time

    lines = ["entries:"]
    for n in range(500):
        lines += [f"  - term: Term{n}x", "    keep: true", f"  - term: 术语{n}号", f"    rendering: term {n}"]
    glossary = parse_glossary("\n".join(lines))
    text = "这是一段没有任何术语的普通中文文本，里面有 Rust 和 <m1/> 以及一些英文 words。" * 3
    start = time.perf_counter()
    for _ in range(2000):
        glossary.entries_in(text)
    assert time.perf_counter() - start < 2.0
