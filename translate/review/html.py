"""HTML building blocks of the review pages: escaping, the page shell and its stylesheet.

Posts, translations, replies, problems, glossary entries and paths are untrusted text: every one
of them reaches a page through ``esc`` (text and attribute values alike), never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

STYLE = """
:root { --fg: #1d232b; --muted: #5f6b7a; --line: #d8dee6; --bg: #f6f8fa; --accent: #0b5cad;
        --bad: #b42318; --bad-bg: #fdecea; --warn: #8a5a00; --warn-bg: #fff4d6; --ok: #1a7f37; --ok-bg: #e6f4ea; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
       color: var(--fg); background: #fff; }
header.top { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1.5em; background: var(--bg);
             border-bottom: 1px solid var(--line); }
header.top b { font-size: 1.05em; }
header.top a { color: var(--accent); text-decoration: none; }
main { padding: 1em 1.5em 3em; max-width: 1400px; }
h1 { font-size: 1.35em; margin: .4em 0; } h2 { font-size: 1.1em; margin: 1.6em 0 .5em; }
h1 .count, h2 .count { color: var(--muted); font-weight: normal; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45em .6em; border-bottom: 1px solid var(--line); }
th { font-size: .85em; color: var(--muted); font-weight: 600; }
td.where { white-space: nowrap; font-size: .85em; color: var(--muted); }
td.zh, td.en { width: 44%; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: .75em; padding: 0 .5em; border-radius: 1em; background: var(--bg);
         border: 1px solid var(--line); white-space: nowrap; }
.badge.parked, .badge.failed { background: var(--bad-bg); color: var(--bad); border-color: #f5c2bd; }
.badge.stale, .badge.new, .badge.missing, .badge.translated { background: var(--warn-bg); color: var(--warn); border-color: #f0d58a; }
.badge.done, .badge.ok { background: var(--ok-bg); color: var(--ok); border-color: #b7e0c2; }
.problems { margin: .3em 0 0; padding-left: 1.2em; color: var(--bad); font-size: .9em; }
.problems.warnings { color: var(--warn); }
.reply { margin-top: .4em; padding: .4em .6em; background: var(--bad-bg); border-left: 3px solid var(--bad); }
.reply .label, .old .label { display: block; font-size: .75em; color: var(--muted); }
.old { margin-top: .4em; padding: .4em .6em; background: var(--bg); border-left: 3px solid var(--line); }
.muted { color: var(--muted); }
tr.quiet td { color: var(--muted); }
code { font: .9em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #eef1f4; padding: 0 .25em;
       border-radius: 3px; }
code.raw { background: #f1eefa; color: #5b3fa0; }
mark.term { background: #fff1a8; padding: 0 .1em; border-radius: 2px; }
.img { font-style: italic; }
.link-local { text-decoration: underline dotted; }
.terms { font-size: .85em; color: var(--muted); margin-top: .3em; }
.notice { padding: .6em 1em; margin: 1em 0; border-radius: 4px; background: var(--ok-bg); border: 1px solid #b7e0c2; }
.notice.error { background: var(--bad-bg); border-color: #f5c2bd; }
form.inline { display: inline; }
details { margin-top: .4em; }
summary { cursor: pointer; color: var(--accent); font-size: .9em; }
textarea { width: 100%; min-height: 6em; font: .95em ui-monospace, Menlo, Consolas, monospace; }
input[type=text] { font: inherit; padding: .2em .4em; min-width: 14em; }
button { font: inherit; font-size: .85em; padding: .2em .8em; margin: .3em .3em 0 0; border: 1px solid #9aa5b1;
         border-radius: 4px; background: #fff; cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button.danger { color: var(--bad); border-color: #e5a29b; }
.legend { font-size: .8em; color: var(--muted); margin: .2em 0; }
.legend code { font-size: .95em; }
.examples { margin: .2em 0 0; padding-left: 1.1em; font-size: .9em; }
.summary { display: flex; gap: 1em; flex-wrap: wrap; margin: .5em 0 1em; }
.summary div { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .4em .9em; }
.summary b { font-size: 1.3em; margin-right: .2em; }
section.post { margin-top: 2.5em; border-top: 2px solid var(--line); }
"""
"""The one stylesheet, inlined in every page (nothing is fetched from anywhere)."""


def esc(text: object) -> str:
    """``text`` as HTML text or a quoted attribute value: ``& < > " '`` escaped."""
    return escape(str(text), quote=True)


def query(path: str, **params: str) -> str:
    """A link to ``path`` on the review server with ``params`` in its query string (escape it with ``esc`` in a page)."""
    given = {name: value for name, value in params.items() if value}
    return f"{path}?{urlencode(given, quote_via=quote)}" if given else path


def plural(count: int, noun: str) -> str:
    """``1 post``, ``2 posts``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def items(pieces: Iterable[str]) -> str:
    """HTML pieces joined."""
    return "".join(pieces)


def problem_list(problems: Iterable[str], *, kind: str = "") -> str:
    """A list of problems (or warnings, with ``kind="warnings"``); empty when there are none."""
    shown = [f"<li>{esc(p)}</li>" for p in problems]
    return f'<ul class="problems {kind}">{items(shown)}</ul>' if shown else ""


def badge(state: str) -> str:
    """A small label for a state; its first word picks its colour."""
    first = state.split(",")[0].split()[0] if state.strip() else ""
    return f'<span class="badge {esc(first)}">{esc(state)}</span>'


@dataclass(frozen=True, slots=True)
class Forms:
    """What a page needs to offer actions; pages made without it are read-only (the export)."""

    token: str
    """The server's secret, sent back in every form and checked on every POST."""

    def hidden(self, **fields: str) -> str:
        """Hidden inputs: the token and ``fields``."""
        pairs = {"token": self.token, **fields}
        return items(f'<input type="hidden" name="{esc(name)}" value="{esc(value)}">' for name, value in pairs.items())


def page(title: str, body: str, *, links: bool = True, notice: str = "", error: bool = False) -> str:
    """A whole page: head with the inline stylesheet, the navigation (unless ``links`` is off), ``body``."""
    nav = ('<header class="top"><b>translate review</b><a href="/">Attention</a><a href="/glossary">Glossary</a></header>'
           if links else '<header class="top"><b>translate review</b></header>')
    shown = f'<div class="notice{" error" if error else ""}" role="status">{esc(notice)}</div>' if notice else ""
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f"<body>{nav}<main>{shown}{body}</main></body></html>\n"
    )
