"""The side-by-side page of one post: each Chinese segment next to its English, with what can be done about it.

Made with ``Forms`` it offers the actions (accept a rejected reply, edit, retranslate, forget an
outdated parked record); without, it is the read-only section of the export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..source.protect import PLACEHOLDER_RE, Placeholder
from .html import Forms, badge, esc, items, problem_list
from .masked import Mark, atom_html, link_destination, masked_html
from .sidebyside import PostView, Row

if TYPE_CHECKING:
    from ..glossary.model import GlossaryEntry

LABELS = {
    "parked": "parked",
    "missing": "to translate",
    "stale": "stale",
    "translated": "translated, not yet written",
    "done": "done",
    "as is": "copied as is",
}


@dataclass(frozen=True, slots=True)
class EditState:
    """A translation typed on the page that was not saved, shown again with why."""

    segment_id: str
    """Which row it belongs to."""
    text: str
    """What the person typed."""
    problems: tuple[str, ...]
    """Why it was refused."""


def post_section(view: PostView, forms: Forms | None, *, prefix: str = "", edit: EditState | None = None, heading: str = "h1") -> str:
    """The post's heading, failures, outdated parked records and its table of segments."""
    post = view.post
    english = esc(post.english_key) if post.english.is_file() else f"{esc(post.english_key)} <span class=\"muted\">(not written yet)</span>"
    counts = ", ".join(f"{view.count(state)} {LABELS[state]}" for state in ("parked", "missing", "stale", "translated", "done")
                       if view.count(state))
    head = (f'<{heading} id="{esc(prefix)}top">{esc(post.key)} {badge(view.state)}</{heading}>'
            f'<p class="muted">English: {english}{" · " + esc(counts) if counts else ""}</p>')
    failures = problem_list(view.failures)
    outdated = _outdated(view, forms)
    rows = items(_row(row, forms, prefix, view, edit if edit is not None and edit.segment_id == row.source.id else None)
                 for row in view.rows)
    table = ('<table class="side"><thead><tr><th>line</th><th>Chinese</th><th>English</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>") if view.rows else '<p class="muted">No segments to show.</p>'
    return head + failures + outdated + table


def _outdated(view: PostView, forms: Forms | None) -> str:
    if not view.outdated:
        return ""
    shown = []
    for record in view.outdated:
        reply = masked_html(record.reply, placeholders_of(record.placeholders)) if record.reply is not None else "<i>no usable reply</i>"
        action = ""
        if forms is not None:
            action = (f'<form class="inline" method="post" action="/forget">{forms.hidden(post=view.post.key, key=record.key)}'
                      '<button type="submit">Forget</button></form>')
        shown.append(f"<li>line {esc(record.line)}: {masked_html(record.source, placeholders_of(record.placeholders))} "
                     f"<span class=\"muted\">→</span> {reply} {action}</li>")
    return ('<h2>Parked segments whose source or glossary changed since</h2><p class="muted">The next run sends their '
            f"current text; these records are kept only for reference.</p><ul>{items(shown)}</ul>")


def placeholders_of(pairs: Sequence[tuple[str, str]]) -> tuple[Placeholder, ...]:
    """A parked record's (placeholder, original) pairs as ``Placeholder`` records."""
    return tuple(Placeholder(token, original) for token, original in pairs)


def _row(row: Row, forms: Forms | None, prefix: str, view: PostView, edit: EditState | None) -> str:
    seg = row.source
    quiet = ' class="quiet"' if row.state == "as is" else ""
    terms = ""
    if row.entries:
        terms = '<div class="terms">glossary: ' + ", ".join(
            f"{esc(e.term)} → {esc(e.rendering)}" for e in row.entries) + "</div>"
    chinese = masked_html(seg.text, seg.placeholders, _term_marks(row.entries)) + terms
    english = f"{badge(LABELS[row.state])} " + _english(row)
    english += problem_list(row.problems) + problem_list(row.warnings, kind="warnings")
    if forms is not None and row.warnings and row.warned_key:
        english += (f'<form method="post" action="/dismiss" class="actions">'
                    f'{forms.hidden(post=view.post.key, segment=seg.id, key=row.warned_key)}'
                    '<button type="submit" name="dismiss">Dismiss warnings</button></form>')
    if forms is not None and row.actionable:
        english += _actions(row, forms, view, edit)
    where = f'<a href="#{esc(prefix)}seg-{esc(seg.id)}">{esc(seg.line)}</a><br><span class="muted">{esc(seg.kind)}</span>'
    return (f'<tr id="{esc(prefix)}seg-{esc(seg.id)}"{quiet} data-state="{esc(row.state)}"><td class="where">{where}</td>'
            f'<td class="zh" lang="zh">{chinese}</td><td class="en" lang="en">{english}</td></tr>')


def _english(row: Row) -> str:
    marks = _rendering_marks(row.entries)
    shown = ""
    if row.state in ("done", "as is", "stale") and row.english is not None:
        shown = masked_html(row.english.text, row.english.placeholders, marks)
        if row.state == "stale":
            shown = f'<div class="old"><span class="label">English made before the glossary changed</span>{shown}</div>'
    elif row.state == "as is":
        shown = '<span class="muted">(nothing to translate)</span>'
    if row.translation is not None:
        shown += masked_html(row.translation, row.source.placeholders, marks)
    if row.parked is not None:
        reply = (masked_html(row.parked.reply, row.source.placeholders, marks) if row.parked.reply is not None
                 else "<i>no usable reply (it was cut off or could not be read)</i>")
        shown += f'<div class="reply"><span class="label">rejected reply</span>{reply}</div>'
    elif row.state == "missing":
        shown += '<span class="muted">not translated yet</span>'
    return shown


def _actions(row: Row, forms: Forms, view: PostView, edit: EditState | None) -> str:
    assert row.job is not None
    fields = {"post": view.post.key, "segment": row.source.id, "key": row.job.key}
    buttons = ""
    if row.parked is not None and row.parked.reply is not None:
        buttons += (f'<form class="inline" method="post" action="/accept">{forms.hidden(**fields)}'
                    '<button type="submit" class="primary" name="action" value="accept">Accept reply</button></form>')
    if row.state != "translated":
        buttons += (f'<form class="inline" method="post" action="/retranslate">{forms.hidden(**fields)}'
                    '<button type="submit" name="action" value="retranslate">Retranslate now</button></form>')
    text = edit.text if edit is not None else (row.translation or (row.parked.reply if row.parked is not None else None) or "")
    refused = problem_list(edit.problems) if edit is not None else ""
    opened = edit is not None or row.parked is not None  # a parked segment waits for exactly this
    editor = (f'<details{" open" if opened else ""}><summary>Edit translation</summary>'
              f'<form method="post" action="/edit">{forms.hidden(**fields)}{refused}{_legend(row.source.placeholders)}'
              f'<textarea name="text" spellcheck="true" aria-label="English for line {esc(row.source.line)}">{esc(text)}</textarea>'
              '<button type="submit" class="primary" name="action" value="save">Save translation</button></form></details>')
    return f"<div>{buttons}</div>{editor}"


def _legend(placeholders: Sequence[Placeholder]) -> str:
    """What each placeholder of the segment stands for, so a person can place them in the English."""
    if not placeholders:
        return ""
    originals = {p.token: p.original for p in placeholders}
    shown = []
    for p in placeholders:
        match = PLACEHOLDER_RE.fullmatch(p.token)
        if match is None or match.group(1):
            continue  # a closing tag is explained with its opening one
        if match.group(2) == "m":
            shown.append(f"<code>{esc(p.token)}</code> = {atom_html(p.original)}")
        else:
            close = f"</l{match.group(3)}>"
            what = "the image's alt text" if p.original.startswith("!") else "the link's text"
            shown.append(f"<code>{esc(p.token)}…{esc(close)}</code> = {what}, to {esc(link_destination(originals.get(close, '')))}")
    return '<p class="legend">Keep each tag once: ' + "; ".join(shown) + "</p>"


def _term_marks(entries: Sequence[GlossaryEntry]) -> list[Mark]:
    from ..glossary.matching import rendering_pattern

    return [Mark(rendering_pattern(s, ignore_case=e.ignore_case, exact_spacing=True), f"{e.term} → {e.rendering}")
            for e in entries for s in sorted(e.spellings, key=len, reverse=True) if s]


def _rendering_marks(entries: Sequence[GlossaryEntry]) -> list[Mark]:
    from ..glossary.matching import rendering_pattern

    return [Mark(rendering_pattern(e.rendering, ignore_case=e.ignore_case), f"glossary: {e.term} → {e.rendering}")
            for e in entries if e.rendering]
