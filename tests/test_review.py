"""``translate review``: its pages and actions through HTTP on 127.0.0.1, its protections and its export."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakellm import FakeLLM
from reviewblog import FAILING, OTHER_POST, PARKED_POST, make_blog, translate_and_park

from translate.cli import app
from translate.config import load_settings
from translate.review.server import ReviewServer
from translate.run.pipeline import RunOptions, run
from translate.store.cache import TranslationCache
from translate.store.lock import Lock
from translate.store.parked import ParkedStore, parked_record

ENGLISH = Path("content/en/_posts/2024-03-01-a-year.md")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def request(server: ReviewServer, path: str, *, form: dict[str, str] | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    """(status, body, headers) of a GET, or of a POST of ``form``; redirects are not followed."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    req = urllib.request.Request(server.url.rstrip("/") + path, data=data, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=60) as reply:
            return reply.status, reply.read().decode("utf-8"), dict(reply.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8"), dict(exc.headers)


def post_page(server: ReviewServer, key: str = PARKED_POST) -> str:
    status, body, _ = request(server, "/post?" + urllib.parse.urlencode({"key": key}))
    assert status == 200, body
    return body


def form_of(page: str, action: str, segment: str | None = None) -> dict[str, str]:
    """The hidden fields of the first form on ``page`` posting to ``action`` (for ``segment`` when given)."""
    for match in re.finditer(r'<form[^>]*action="' + re.escape(action) + r'"[^>]*>(.*?)</form>', page, re.S):
        fields = {html.unescape(n): html.unescape(v) for n, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', match.group(1))}
        if segment is None or fields.get("segment") == segment:
            return fields
    raise AssertionError(f"no form for {action} {segment or ''}")


def parked_form(server: ReviewServer, action: str) -> dict[str, str]:
    """The hidden fields of the parked segment's form posting to ``action``."""
    page = post_page(server)
    return form_of(page, action, form_of(page, "/accept")["segment"])


def parked_keys(root: Path) -> set[str]:
    store = ParkedStore(load_settings(cwd=root).path(load_settings(cwd=root).cache_dir))
    try:
        return {p.key for p in store.all()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def parked_blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo blog translated once, with its segment parked, and its cache beside it (copied by each test)."""
    folder = tmp_path_factory.mktemp("parked-blog")
    with pytest.MonkeyPatch.context() as env, FakeLLM() as fake:
        env.setenv("TRANSLATE_CACHE_DIR", str(folder / "cache"))
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        translate_and_park(make_blog(folder / "blog"), fake)
    return folder


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeLLM, parked_blog: Path) -> Path:
    root = tmp_path / "blog"
    shutil.copytree(parked_blog / "blog", root)
    shutil.copytree(parked_blog / "cache", os.environ["TRANSLATE_CACHE_DIR"])
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def server(blog: Path) -> Iterator[ReviewServer]:
    with ReviewServer(load_settings(cwd=blog)) as running:
        yield running


def test_the_attention_list_shows_parked_segments_posts_and_proposed_entries(server: ReviewServer) -> None:
    status, body, headers = request(server, "/")
    assert status == 200
    assert "1</b> parked segment<" in body and "1</b> of 2 posts needs attention" in body
    assert FAILING in body and "Chinese text left untranslated: 中文" in body  # the parked segment, its reply's problem
    assert f'href="/post?key={urllib.parse.quote(PARKED_POST, safe="")}#seg-' in body
    assert "new, 1 parked, failed last time" in body
    assert "交大" in body and "1 post, 2 times" in body and "proper noun" in body
    assert "Warnings" in body and "None recorded." in body
    assert "default-src 'none'" in headers["Content-Security-Policy"] and "<script" not in body


def test_the_side_by_side_view_shows_placeholders_terms_states_and_actions(server: ReviewServer) -> None:
    body = post_page(server)
    assert '<code title="inline code (&lt;m1/&gt;)">envd</code>' in body  # inline code as code
    assert '<a href="https://caicloud.io"' in body and 'rel="noopener noreferrer"' in body  # a link with its text
    assert '<mark class="term" title="才云 → Caicloud">才云</mark>' in body  # a glossary term and its rendering
    assert "glossary: 才云 → Caicloud" in body and "Caicloud</mark>" in body  # ... and found in the English
    assert 'data-state="parked"' in body and "rejected reply" in body and "Chinese text left untranslated: 中文" in body
    assert body.count('data-state="translated"') == 5  # in the cache, waiting for the parked one
    assert 'data-state="as is"' not in body
    for action in ("/accept", "/retranslate", "/edit"):
        assert form_of(body, action)["token"] == server.token
    assert "&lt;l1&gt;…&lt;/l1&gt;</code> = the link's text, to https://example.com/docs" in body.replace("&#x27;", "'")  # the legend says what each tag stands for
    up_to_date = post_page(server, OTHER_POST)
    assert 'data-state="done"' in up_to_date and "<form" not in up_to_date.split("<table", 1)[1]


def test_an_edit_with_problems_is_refused_and_nothing_is_saved(server: ReviewServer, blog: Path) -> None:
    fields = parked_form(server, "/edit")
    status, body, _ = request(server, "/edit", form={**fields, "text": "Still 中文 here, and the link is gone."})
    assert status == 422
    assert "Not saved" in body and "missing placeholder &lt;l1&gt;" in body and "Chinese text left untranslated" in body
    assert "Still 中文 here, and the link is gone.</textarea>" in body and "<details open>" in body
    assert not ENGLISH.exists()
    assert fields["key"] in parked_keys(blog)
    cache = TranslationCache(load_settings(cwd=blog).path(load_settings(cwd=blog).cache_dir))
    try:
        assert cache.get_many([fields["key"]]) == {}
    finally:
        cache.close()


def test_a_valid_edit_is_cached_unparked_and_writes_the_post_and_a_rerun_sends_nothing(server: ReviewServer, blog: Path,
                                                                                      fake: FakeLLM) -> None:
    fields = parked_form(server, "/edit")
    status, _, headers = request(server, "/edit", form={**fields, "text": "This paragraph is always refused: see <l1>the docs</l1>."})
    assert status == 303 and headers["Location"].startswith("/post?key=") and headers["Location"].endswith(f"#seg-{fields['segment']}")
    text = ENGLISH.read_text(encoding="utf-8")
    assert "This paragraph is always refused: see [the docs](https://example.com/docs)." in text and "lang: en" in text
    assert parked_keys(blog) == set()
    assert PARKED_POST in Lock.load(Path("translate.lock")).posts
    _, page, _ = request(server, headers["Location"].split("#")[0])
    assert "Translation saved" in page and "English post written: content/en/_posts/2024-03-01-a-year.md" in page
    sent = len(fake.requests)
    settings = load_settings(cwd=blog)
    report = run(settings, [settings.path(p) for p in settings.content], RunOptions())
    assert len(fake.requests) == sent and [p.state for p in report.posts] == ["up to date", "up to date"]
    assert app.run(["check", "--strict"]) == 0
    _, attention, _ = request(server, "/")
    assert "0</b> parked segments" in attention and "0</b> of 2 posts need attention" in attention


def test_accepting_a_rejected_reply_writes_it_as_the_translation(server: ReviewServer, blog: Path) -> None:
    fields = form_of(post_page(server), "/accept")
    status, _, headers = request(server, "/accept", form=fields)
    assert status == 303
    assert "zh <l1>".replace("<l1>", "[zh](https://example.com/docs). 中文") in ENGLISH.read_text(encoding="utf-8")
    assert parked_keys(blog) == set()
    _, page, _ = request(server, headers["Location"].split("#")[0])
    assert "Reply accepted" in page


@pytest.mark.parametrize("reply, problem", [
    ("See http://evil.example now.", "missing placeholder &lt;l1&gt;"),
    ("See <l1>the docs</l1> and http://evil.example now.", "the URL http://evil.example is not in the source"),
    ("See <l1>the docs</l1><img src=x onerror=alert(1)>.", "the HTML tag &lt;img src=x onerror=alert(1)&gt; is not in the source"),
])
def test_a_reply_that_would_break_the_post_or_add_to_it_cannot_be_accepted(server: ReviewServer, blog: Path, reply: str,
                                                                           problem: str) -> None:
    fields = form_of(post_page(server), "/accept")
    settings = load_settings(cwd=blog)
    store = ParkedStore(settings.path(settings.cache_dir))
    try:
        old = store.get_many([fields["key"]])[fields["key"]]
        store.park([parked_record(old.key, old.post, old.segment_id, old.line, old.kind, old.source, old.placeholders,
                                  reply, ["rejected"])])
    finally:
        store.close()
    status, _, headers = request(server, "/accept", form=fields)
    assert status == 303
    _, page, _ = request(server, headers["Location"].split("#")[0])
    assert "Not accepted" in page and problem in page
    assert not ENGLISH.exists() and fields["key"] in parked_keys(blog)


def test_retranslate_releases_the_segment_and_runs_the_post_with_the_model(server: ReviewServer, blog: Path, fake: FakeLLM) -> None:
    fields = parked_form(server, "/retranslate")
    sent = len(fake.requests)
    status, _, headers = request(server, "/retranslate", form=fields)
    assert status == 303 and len(fake.requests) == sent + 1
    assert FAILING not in ENGLISH.read_text(encoding="utf-8") and "[zh](https://example.com/docs)" in ENGLISH.read_text(encoding="utf-8")
    assert parked_keys(blog) == set()
    _, page, _ = request(server, headers["Location"].split("#")[0])
    assert "again; English post written" in page


def test_an_action_from_an_older_page_is_refused_when_the_segment_changed(server: ReviewServer, blog: Path) -> None:
    fields = parked_form(server, "/edit")
    status, _, headers = request(server, "/edit", form={**fields, "key": "0" * 64, "text": "See <l1>the docs</l1>."})
    assert status == 303
    _, page, _ = request(server, headers["Location"].split("#")[0])
    assert "no longer waits for a translation" in page and not ENGLISH.exists()


@pytest.mark.parametrize("headers, expected", [
    ({}, 403),  # no token
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "null"}, 403),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Host": "evil.example"}, 421),
    ({"Content-Type": "text/plain"}, 400),
])
def test_posts_from_elsewhere_are_refused_and_change_nothing(server: ReviewServer, blog: Path, headers: dict[str, str], expected: int) -> None:
    fields = form_of(post_page(server), "/accept")
    if headers:
        fields_sent = fields
        if "Content-Type" in headers:
            req = urllib.request.Request(server.url + "accept", data=urllib.parse.urlencode(fields).encode(), headers=headers)
            with pytest.raises(urllib.error.HTTPError) as refused:
                _OPENER.open(req, timeout=30)
            assert refused.value.code == expected
            assert not ENGLISH.exists()
            return
    else:
        fields_sent = {k: v for k, v in fields.items() if k != "token"}
    status, _, _ = request(server, "/accept", form=fields_sent, headers=headers)
    assert status == expected
    assert not ENGLISH.exists() and fields["key"] in parked_keys(blog)


def test_a_page_asked_for_under_another_host_name_is_refused(server: ReviewServer) -> None:
    status, body, _ = request(server, "/", headers={"Host": "rebound.example:80"})
    assert status == 421 and FAILING not in body
    assert request(server, "/", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_only_posts_of_the_content_can_be_shown(server: ReviewServer) -> None:
    for key in ("../../etc/passwd", "/etc/passwd", "pyproject.toml", ""):
        status, body, _ = request(server, "/post?" + urllib.parse.urlencode({"key": key}))
        assert status == 404 and "No such post" in body
    assert request(server, "/nowhere")[0] == 404


def test_glossary_entries_are_approved_rejected_or_given_a_rendering_keeping_the_file(server: ReviewServer, blog: Path) -> None:
    status, body, _ = request(server, "/glossary")
    assert status == 200 and '<mark class="term">交大</mark>' in body and "2024-03-02-school.md:5" in body
    fields = form_of(body, "/glossary")
    status, _, headers = request(server, "/glossary", form={**fields, "decision": "rendering", "rendering": "SJTU"})
    assert status == 303
    text = Path("glossary.yaml").read_text(encoding="utf-8")
    assert "rendering: SJTU" in text and "status: proposed" in text
    _, body, _ = request(server, headers["Location"])
    assert "rendering set to SJTU" in body and 'value="SJTU"' in body
    request(server, "/glossary", form={**fields, "decision": "approve", "rendering": "SJTU"})
    text = Path("glossary.yaml").read_text(encoding="utf-8")
    assert "# The blog's glossary." in text and "# proper noun, 2x in 1 posts" in text  # comments kept
    assert re.search(r"term: 交大.*\n\s+rendering: SJTU\n\s+status: approved", text)
    _, attention, _ = request(server, "/")
    assert OTHER_POST in attention and "0</b> proposed glossary entries" in attention  # its post is stale now


def test_a_chinese_term_cannot_be_approved_without_a_rendering_and_can_be_rejected(server: ReviewServer) -> None:
    fields = form_of(request(server, "/glossary")[1], "/glossary")
    _, _, headers = request(server, "/glossary", form={**fields, "decision": "approve", "rendering": ""})
    _, body, _ = request(server, headers["Location"])
    assert "cannot be kept as is" in body and "status: proposed" in Path("glossary.yaml").read_text(encoding="utf-8")
    request(server, "/glossary", form={**fields, "decision": "reject", "rendering": ""})
    assert "status: rejected" in Path("glossary.yaml").read_text(encoding="utf-8")
    assert "None." in request(server, "/glossary")[1]


HOSTILE = (
    "---\ntitle: 标题<script>alert('t')</script>\n---\n\n"
    "正文<img src=x onerror=alert(1)>有一张图，还有[点我](javascript:alert(2))和[链接](http://a.example/\"onmouseover=\"alert(3))。\n\n"
    "<div onclick=\"alert(4)\">块里的中文</div>\n"
)


def test_untrusted_text_is_escaped_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeLLM) -> None:
    root = make_blog(tmp_path / "blog")
    (root / "content" / "_posts" / "2024-04-01-<b>x<i>.md").write_text(HOSTILE, encoding="utf-8")
    (root / "glossary.yaml").write_text(
        "version: 1\nentries:\n  - term: 正文\n    note: <script>alert(5)</script>\n    status: proposed\n", encoding="utf-8")
    monkeypatch.chdir(root)
    translate_and_park(root, fake)
    settings = load_settings(cwd=root)
    store = ParkedStore(settings.path(settings.cache_dir))
    store.park([parked_record("k" * 64, "content/_posts/2024-04-01-<b>x<i>.md", "9", 3, "paragraph<script>",
                              "<m1/>坏<script>alert(6)</script>", [("<m1/>", "<iframe src=//evil.example>")],
                              "</l1><img src=x onerror=alert(7)><l2>", ["<script>alert(8)</script>"])])
    store.close()
    with ReviewServer(settings) as server:
        pages = [request(server, path)[1] for path in ("/", "/glossary")]
        pages.append(post_page(server, "content/_posts/2024-04-01-<b>x<i>.md"))
    assert app.run(["review", "--html", str(tmp_path / "out.html")]) == 0
    pages.append((tmp_path / "out.html").read_text(encoding="utf-8"))
    for body in pages:
        assert "<script" not in body and "<img" not in body and "<iframe" not in body and "<div onclick" not in body
        assert "<b>x<i>" not in body and "href=\"javascript" not in body
        assert not re.search(r"<a [^>]*href=\"(?!https?://|/|#)", body)
        assert 'href="http://a.example/"onmouseover' not in body
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in pages[2] or "&lt;script&gt;alert(6)" in pages[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[2]
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in pages[0]


def test_an_outdated_parked_record_is_shown_and_can_be_forgotten(server: ReviewServer, blog: Path) -> None:
    settings = load_settings(cwd=blog)
    store = ParkedStore(settings.path(settings.cache_dir))
    store.park([parked_record("f" * 64, PARKED_POST, "2", 5, "paragraph", "旧的一段。", [], "The old one.", ["Chinese text left"])])
    store.close()
    body = post_page(server)
    assert "whose source or glossary changed since" in body and "旧的一段。" in body
    status, _, headers = request(server, "/forget", form=form_of(body, "/forget"))
    assert status == 303 and "f" * 64 not in parked_keys(blog)
    assert "forgotten" in request(server, headers["Location"].split("#")[0])[1]


def test_the_html_export_is_one_read_only_file(blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "artifacts" / "review.html"
    assert app.run(["review", "--html", str(out)]) == 0
    assert "1 parked segment, 1 post needing attention, 1 proposed glossary entry" in capsys.readouterr().err
    body = out.read_text(encoding="utf-8")
    assert "<style>" in body and "<script" not in body and "<form" not in body and "<link" not in body
    assert not re.search(r"\ssrc=", body)
    assert FAILING in body and "rejected reply" in body and 'id="p1-top"' in body
    assert re.search(r'href="#p1-seg-\d+"', body)  # the attention list leads to the segment below
    assert OTHER_POST not in body  # up to date: not shown
    assert not re.search(r'href="/', body)  # nothing that needs the server


def test_the_command_serves_on_loopback_and_prints_its_address(blog: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "translate", "review", "--no-open"], cwd=blog,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"Review page: (http://127\.0\.0\.1:(\d+)/)", line)
        assert match, line
        with urllib.request.urlopen(match.group(1), timeout=60) as reply:
            assert reply.status == 200 and FAILING in reply.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_port_in_use_is_a_usage_error(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with ReviewServer(load_settings(cwd=blog)) as taken:
        assert app.run(["review", "--no-open", "--port", str(taken.port)]) == 2
    assert "cannot listen on 127.0.0.1:" in capsys.readouterr().err


def test_retranslate_when_the_endpoint_refuses_says_the_post_was_not_run(server: ReviewServer, blog: Path, fake: FakeLLM) -> None:
    fake.default = "401"
    _, _, headers = request(server, "/retranslate", form=parked_form(server, "/retranslate"))
    _, page, _ = request(server, headers["Location"].split("#")[0])
    assert "Released for retranslation, but the post was not run" in page and "rejected the API key (401)" in page
    assert 'class="notice error"' in page and not ENGLISH.exists()


def test_a_translation_saved_while_a_run_works_is_written_by_a_later_run(server: ReviewServer, blog: Path) -> None:
    from translate.store.guard import RunGuard

    fields = parked_form(server, "/edit")
    with RunGuard(Path("translate.lock").absolute()):
        _, _, headers = request(server, "/edit", form={**fields, "text": "Saved while busy: <l1>the docs</l1>."})
    _, page, _ = request(server, headers["Location"].split("#")[0])
    assert "Translation saved" in page and "but the post was not run" in page and not ENGLISH.exists()
    assert fields["key"] not in parked_keys(blog)
    assert app.run(["run", "--offline"]) == 0
    assert "Saved while busy: [the docs](https://example.com/docs)." in ENGLISH.read_text(encoding="utf-8")


def test_warnings_recorded_by_a_run_are_listed_and_shown_on_their_segment(server: ReviewServer, blog: Path, fake: FakeLLM) -> None:
    (blog / "content/_posts/2024-03-03-warned.md").write_text("---\ntitle: 第三篇\n---\n\n我在才云写代码。\n", encoding="utf-8")
    fake.default = "wrong-glossary"  # the rendering is missed even after the retry that names it: written with a warning
    settings = load_settings(cwd=blog)
    report = run(settings, [blog / "content/_posts/2024-03-03-warned.md"], RunOptions())
    assert [p.state for p in report.posts] == ["new"] and report.posts[0].written
    _, attention, _ = request(server, "/")
    assert "1</b> warning<" in attention and "content/_posts/2024-03-03-warned.md:5" in attention
    assert "Caicloud" in attention.split('id="warnings"')[1].split("</table>")[0]
    page = post_page(server, "content/_posts/2024-03-03-warned.md")
    row = page.split('id="seg-2"')[1].split("</tr>")[0]
    assert '<ul class="problems warnings">' in row and "Caicloud" in row
