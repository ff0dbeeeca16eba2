"""The attention list and the glossary page, as HTML (the side-by-side page is ``post_page``)."""

from __future__ import annotations

from collections.abc import Callable

from ..store.parked import Parked
from ..terms.table import TermRendering
from .attention import Attention
from .html import Forms, badge, esc, items, plural, problem_list, query
from .masked import masked_html
from .post_page import placeholders_of
from .terms import ProposedTerm

PostLink = Callable[[str, str], "str | None"]
"""(post key, segment id or "") → the address of that post (or segment) in this document, or None when it has none."""


def server_link(key: str, segment_id: str) -> str:
    """A post's page on the review server, at a segment when given one."""
    return query("/post", key=key) + (f"#seg-{segment_id}" if segment_id else "")


def attention_body(found: Attention, link: PostLink = server_link, *, glossary_link: str | None = "/glossary") -> str:
    """The attention list: a summary, then parked segments, warnings, posts and proposed glossary entries."""
    summary = (
        '<div class="summary">'
        f"<div><b>{len(found.parked)}</b> parked {_noun(len(found.parked), 'segment')}</div>"
        f"<div><b>{len(found.warnings)}</b> {_noun(len(found.warnings), 'warning')}</div>"
        f"<div><b>{len(found.posts)}</b> of {plural(found.total, 'post')} {'needs' if len(found.posts) == 1 else 'need'} attention</div>"
        f"<div><b>{len(found.proposed)}</b> proposed glossary {'entry' if len(found.proposed) == 1 else 'entries'}</div>"
        "</div>"
    )
    if found.empty:
        summary += '<p class="notice">Nothing waits for you: every post is up to date and no glossary entry is proposed.</p>'
    if found.edited:
        summary += f'<p class="muted">{found.edited} up-to-date posts were edited by hand; their edits are kept.</p>'
    return ("<h1>Needs attention</h1>" + summary + _parked(found.parked, link) + _warnings(found, link)
            + _posts(found, link) + _proposed(found.proposed, glossary_link) + _renderings(found.renderings, found.terms_file))


def _noun(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"


def _where(link: PostLink, key: str, segment_id: str, text: str) -> str:
    target = link(key, segment_id)
    return f'<a href="{esc(target)}">{esc(text)}</a>' if target is not None else esc(text)


def _parked(parked: tuple[Parked, ...], link: PostLink) -> str:
    head = f'<h2 id="parked">Parked segments <span class="count">({len(parked)})</span></h2>'
    if not parked:
        return head + '<p class="muted">None: every segment sent got a valid translation.</p>'
    rows = []
    for record in parked:
        placeholders = placeholders_of(record.placeholders)
        reply = masked_html(record.reply, placeholders) if record.reply is not None else "<i>no usable reply</i>"
        rows.append(f'<tr><td class="where">{_where(link, record.post, record.segment_id, record.where)}<br>'
                    f'<span class="muted">{esc(record.kind)}</span></td>'
                    f'<td class="zh" lang="zh">{masked_html(record.source, placeholders)}</td>'
                    f'<td class="en" lang="en">{reply}{problem_list(record.problems)}</td></tr>')
    return (head + '<p class="muted">Each failed after every retry; it is not sent again until its text, the model or its '
            "glossary entries change. Open one to accept its reply, edit it or retranslate it.</p>"
            '<table><thead><tr><th>where</th><th>Chinese</th><th>last reply and why it was rejected</th></tr></thead>'
            f"<tbody>{items(rows)}</tbody></table>")


def _warnings(found: Attention, link: PostLink) -> str:
    head = f'<h2 id="warnings">Warnings <span class="count">({len(found.warnings)})</span></h2>'
    if not found.warnings:
        return head + '<p class="muted">None recorded.</p>'
    rows = items(f'<tr><td class="where">{_where(link, w.post, w.segment_id, w.where)}</td><td>{esc(w.message)}</td></tr>'
                 for w in found.warnings)
    return head + f"<table><thead><tr><th>where</th><th>warning</th></tr></thead><tbody>{rows}</tbody></table>"


def _posts(found: Attention, link: PostLink) -> str:
    head = f'<h2 id="posts">Posts <span class="count">({len(found.posts)})</span></h2>'
    if not found.posts:
        return head + '<p class="muted">Every English post is up to date.</p>'
    rows = items(
        f'<tr><td>{_where(link, p.post.key, "", p.post.key)}</td><td>{badge(p.state)}</td>'
        f'<td>{p.parked or ""}</td><td class="muted">{esc(p.detail)}</td></tr>'
        for p in found.posts
    )
    return (head + "<table><thead><tr><th>post</th><th>state</th><th>parked</th><th>detail</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _proposed(proposed: tuple[ProposedTerm, ...], glossary_link: str | None) -> str:
    head = f'<h2 id="proposed">Proposed glossary entries <span class="count">({len(proposed)})</span></h2>'
    if not proposed:
        return head + '<p class="muted">None. Find candidates with <code>translate glossary extract --write</code>.</p>'
    rows = items(
        f"<tr><td>{_term_link(t, n, glossary_link)}</td><td>{plural(t.posts, 'post')}, {plural(t.occurrences, 'time')}</td>"
        f'<td class="muted">{esc(t.hint)}</td></tr>'
        for n, t in enumerate(proposed, start=1)
    )
    return head + f"<table><thead><tr><th>term</th><th>occurs in</th><th>found as</th></tr></thead><tbody>{rows}</tbody></table>"


def _renderings(renderings: tuple[TermRendering, ...], path: str) -> str:
    """The term renderings the model proposed (read-only: they are reviewed in the table file itself)."""
    if not renderings:
        return ""
    rows = items(f'<tr><td lang="zh">{esc(r.term)}</td><td lang="en">{esc(r.rendering)}</td>'
                 f'<td class="muted">{esc(path)}:{r.line}</td></tr>' for r in renderings)
    return (f'<h2 id="renderings">Proposed tag and category renderings <span class="count">({len(renderings)})</span></h2>'
            f'<p class="muted">Used in the English posts already. Change a rendering, or approve it by writing '
            f'<code>term: English</code>, in {esc(path)}; the posts using a changed one are rewritten by the next run.</p>'
            f"<table><thead><tr><th>term</th><th>English</th><th>line</th></tr></thead><tbody>{rows}</tbody></table>")


def _term_link(term: ProposedTerm, n: int, glossary_link: str | None) -> str:
    return f'<a href="{esc(glossary_link)}#term-{n}">{esc(term.term)}</a>' if glossary_link is not None else esc(term.term)


def glossary_body(proposed: list[ProposedTerm], forms: Forms, link: PostLink = server_link) -> str:
    """Proposed entries with their example sentences, each with approve, save rendering and reject."""
    head = f'<h1>Proposed glossary entries <span class="count">({len(proposed)})</span></h1>'
    if not proposed:
        return head + ('<p class="muted">None. Find candidates with <code>translate glossary extract --write</code>; '
                       "approved and rejected entries are edited in the glossary file.</p>")
    explain = ('<p class="muted">Approve with the English rendering typed in the box (left empty, a Latin-script term is '
               "kept as is); save a rendering to decide later; reject a term that is not a name or a fixed term. "
               "Each answer is saved in the glossary file at once, its comments kept.</p>")
    rows = items(_term_row(term, n, forms, link) for n, term in enumerate(proposed, start=1))
    return (head + explain + '<table><thead><tr><th>term</th><th>where it occurs</th><th>decision</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _term_row(term: ProposedTerm, n: int, forms: Forms, link: PostLink) -> str:
    also = f'<br><span class="muted">also {esc(", ".join(term.aliases))}</span>' if term.aliases else ""
    hint = f'<br><span class="muted">{esc(term.hint)}</span>' if term.hint else ""
    examples = items(f'<li lang="zh">{_highlighted(e.text, (term.term, *term.aliases))} '
                     f'<span class="muted">({_where(link, e.post, "", f"{e.post}:{e.line}")})</span></li>'
                     for e in term.examples)
    where = f"{plural(term.posts, 'post')}, {plural(term.occurrences, 'time')}" + (f'<ul class="examples">{examples}</ul>' if examples else "")
    fields = forms.hidden(term=term.term)
    decision = (f'<form method="post" action="/glossary">{fields}'
                f'<input type="text" name="rendering" value="{esc(term.rendering)}" placeholder="English rendering" '
                f'aria-label="rendering of {esc(term.term)}">'
                '<br><button type="submit" class="primary" name="decision" value="approve">Approve</button>'
                '<button type="submit" name="decision" value="rendering">Save rendering</button>'
                '<button type="submit" class="danger" name="decision" value="reject">Reject</button></form>')
    return (f'<tr id="term-{n}" data-term="{esc(term.term)}"><td><b lang="zh">{esc(term.term)}</b>{also}{hint}</td>'
            f"<td>{where}</td><td>{decision}</td></tr>")


def _highlighted(text: str, spellings: tuple[str, ...]) -> str:
    """``text`` escaped, with the first spelling found marked."""
    for spelling in sorted(spellings, key=len, reverse=True):
        at = text.find(spelling) if spelling else -1
        if at >= 0:
            return (esc(text[:at]) + f'<mark class="term">{esc(spelling)}</mark>'
                    + esc(text[at + len(spelling) :]))
    return esc(text)
