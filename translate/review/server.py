"""The review server: standard-library HTTP on 127.0.0.1, pages made on each request, actions one at a time.

Protection against other sites (the page changes files, so a page elsewhere must not drive it):

- every request must name this server in its ``Host`` header (``127.0.0.1:PORT`` or ``localhost:PORT``),
  so a name that another site rebinds to 127.0.0.1 gets nothing;
- a POST must carry the server's random token (made at start, sent only in its own forms), must
  not come from another origin (``Origin``, ``Sec-Fetch-Site``) and must be a plain form;
- pages forbid scripts, frames and loading anything (Content-Security-Policy), and every text
  in them is escaped.

Anyone who can connect to 127.0.0.1 on this machine can use it while it runs.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..config import Settings
from ..errors import ConfigError, TranslateError
from .actions import Outcome, accept_reply, decide_term, dismiss_warnings, forget_parked, retranslate, save_translation
from .catalog import PostFile, post_files
from .html import Forms, esc, page, query

MAX_BODY = 1 << 20
"""Largest form accepted, in bytes."""
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make a browser send "Origin: null" with the forms
    "Cache-Control": "no-store",
}
MAX_NOTICES = 100


class ReviewServer:
    """``translate review``'s server (see the module docstring); a context manager serving on a thread."""

    def __init__(self, settings: Settings, *, port: int = 0) -> None:
        self.settings = settings
        self.token = secrets.token_urlsafe(32)
        """Sent in every form, checked on every POST."""
        self.actions = threading.Lock()
        """Held while an action runs: one at a time (a run takes the project's lock as well)."""
        self._notices: dict[str, tuple[str, bool]] = {}
        self._notices_lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"review": self})
        try:
            self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise ConfigError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another --port, or leave it out "
                              "to take a free one") from exc
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        """The attention list's address."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def hosts(self) -> frozenset[str]:
        """The ``Host`` header values it answers to."""
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    def serve_forever(self) -> None:
        """Serve on this thread until ``close`` (or Ctrl-C)."""
        self.httpd.serve_forever(poll_interval=0.1)

    def start(self) -> ReviewServer:
        """Serve on a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="translate-review", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and let go of the port."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> ReviewServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def keep_notice(self, message: str, *, error: bool = False) -> str:
        """Remember a message for the page a redirect leads to; its id goes in that page's address."""
        ident = secrets.token_urlsafe(8)
        with self._notices_lock:
            if len(self._notices) >= MAX_NOTICES:
                self._notices.pop(next(iter(self._notices)))
            self._notices[ident] = (message, error)
        return ident

    def notice(self, ident: str) -> tuple[str, bool]:
        """The message kept as ``ident`` ("" when none)."""
        with self._notices_lock:
            return self._notices.get(ident, ("", False))

    def posts(self) -> dict[str, PostFile]:
        """The posts of the configured content, by lock key."""
        return post_files(self.settings, [self.settings.path(p) for p in self.settings.content])


class _Handler(BaseHTTPRequestHandler):
    review: ReviewServer
    server_version = "translate-review"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a local page: no access log on the terminal

    # Requests

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        params = _first(parse_qs(url.query, keep_blank_values=True))
        routes: Mapping[str, Callable[[dict[str, str]], tuple[int, str]]] = {
            "/": self._attention, "/post": self._post, "/glossary": self._glossary,
        }
        route = routes.get(url.path)
        if route is None:
            self._send(404, page("Not found", "<h1>Not found</h1>"))
            return
        try:
            status, html = route(params)
        except TranslateError as exc:
            status, html = 200, page("Cannot show this page", f"<h1>Cannot show this page</h1><p>{esc(exc)}</p>")
        self._send(status, html)

    def do_POST(self) -> None:
        body = self._body()  # read first: a refusal sent while the browser is still sending would reach it cut off
        if body is None or not self._host_ok() or not self._same_origin():
            return
        form = self._form(body)
        if form is None:
            return
        actions: Mapping[str, Callable[[dict[str, str]], None]] = {
            "/edit": self._edit, "/accept": self._accept, "/retranslate": self._retranslate, "/forget": self._forget,
            "/glossary": self._decide, "/dismiss": self._dismiss,
        }
        action = actions.get(urlsplit(self.path).path)
        if action is None:
            self._send(404, page("Not found", "<h1>Not found</h1>"))
            return
        with self.review.actions:
            action(form)

    # Pages

    def _attention(self, params: dict[str, str]) -> tuple[int, str]:
        from .attention import attention
        from .pages import attention_body

        message, error = self.review.notice(params.get("notice", ""))
        return 200, page("Needs attention · translate review", attention_body(attention(self.review.settings)), notice=message, error=error)

    def _post(self, params: dict[str, str], edit: Any = None, notice: str = "") -> tuple[int, str]:
        from .post_page import post_section
        from .sidebyside import post_view

        post = self.review.posts().get(params.get("key", ""))
        if post is None:
            return 404, page("No such post", "<h1>No such post</h1><p>Only the posts of the configured content can be shown.</p>")
        message, error = self.review.notice(params.get("notice", ""))
        if notice:
            message, error = notice, True
        body = post_section(post_view(self.review.settings, post), Forms(self.review.token), edit=edit)
        return 200, page(f"{post.key} · translate review", body, notice=message, error=error)

    def _glossary(self, params: dict[str, str]) -> tuple[int, str]:
        from .pages import glossary_body
        from .terms import proposed_terms

        settings = self.review.settings
        message, error = self.review.notice(params.get("notice", ""))
        terms = proposed_terms(settings, self.review.posts().values())
        return 200, page("Glossary · translate review", glossary_body(terms, Forms(self.review.token)), notice=message, error=error)

    # Actions

    def _segment_action(self, form: dict[str, str], act: Callable[[PostFile, str, str], Outcome]) -> tuple[PostFile | None, Outcome]:
        post = self.review.posts().get(form.get("post", ""))
        if post is None:
            return None, Outcome(False, "No such post among the configured content.")
        return post, act(post, form.get("segment", ""), form.get("key", ""))

    def _edit(self, form: dict[str, str]) -> None:
        from .post_page import EditState

        settings = self.review.settings
        text = form.get("text", "")
        post, outcome = self._segment_action(form, lambda p, s, k: save_translation(settings, p, s, k, text))
        if post is not None and outcome.problems:
            status, html = self._post({"key": post.key}, EditState(form.get("segment", ""), text, outcome.problems), outcome.message)
            self._send(422 if status == 200 else status, html)
            return
        self._after(post, outcome, form.get("segment", ""))

    def _accept(self, form: dict[str, str]) -> None:
        settings = self.review.settings
        post, outcome = self._segment_action(form, lambda p, s, k: accept_reply(settings, p, s, k))
        self._after(post, outcome, form.get("segment", ""))

    def _retranslate(self, form: dict[str, str]) -> None:
        settings = self.review.settings
        post, outcome = self._segment_action(form, lambda p, s, k: retranslate(settings, p, s, k))
        self._after(post, outcome, form.get("segment", ""))

    def _forget(self, form: dict[str, str]) -> None:
        post = self.review.posts().get(form.get("post", ""))
        self._after(post, forget_parked(self.review.settings, form.get("key", "")), "")

    def _dismiss(self, form: dict[str, str]) -> None:
        post = self.review.posts().get(form.get("post", ""))
        if post is None:
            self._after(None, Outcome(False, "No such post among the configured content."), "")
            return
        self._after(post, dismiss_warnings(self.review.settings, post, form.get("key", "")), form.get("segment", ""))

    def _decide(self, form: dict[str, str]) -> None:
        outcome = decide_term(self.review.settings, form.get("term", ""), form.get("decision", ""), form.get("rendering", ""))
        self._redirect(query("/glossary", notice=self._outcome_notice(outcome)))

    def _after(self, post: PostFile | None, outcome: Outcome, segment_id: str) -> None:
        """Back to the post's page (at the segment), or the attention list, saying what happened."""
        notice = self._outcome_notice(outcome)
        if post is None:
            self._redirect(query("/", notice=notice))
            return
        self._redirect(query("/post", key=post.key, notice=notice) + (f"#seg-{segment_id}" if segment_id else ""))

    def _outcome_notice(self, outcome: Outcome) -> str:
        message = outcome.message + ("" if not outcome.problems else " " + "; ".join(outcome.problems))
        return self.review.keep_notice(message, error=not outcome.ok)

    # Checks and replies

    def _host_ok(self) -> bool:
        if self.headers.get("Host", "") in self.review.hosts:
            return True
        self._send(421, page("Wrong address", "<h1>Wrong address</h1><p>Open the address translate review printed.</p>", links=False))
        return False

    def _same_origin(self) -> bool:
        origin = self.headers.get("Origin")
        site = self.headers.get("Sec-Fetch-Site")
        if (origin is None or origin in {f"http://{host}" for host in self.review.hosts}) and site in (None, "same-origin", "none"):
            return True
        self._send(403, page("Refused", "<h1>Refused</h1><p>This form was sent from another site.</p>", links=False))
        return False

    def _body(self) -> bytes | None:
        """The request's body, if it is a plain form of a sane size; otherwise refused."""
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            self._send(400, page("Refused", "<h1>Refused</h1><p>Send the page's own forms.</p>", links=False))
            return None
        body = self.rfile.read(length)
        if kind != "application/x-www-form-urlencoded":
            self._send(400, page("Refused", "<h1>Refused</h1><p>Send the page's own forms.</p>", links=False))
            return None
        return body

    def _form(self, body: bytes) -> dict[str, str] | None:
        """The POSTed form, if it carries the server's token; otherwise refused."""
        try:
            form = _first(parse_qs(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            form = {}
        if not hmac.compare_digest(form.get("token", "").encode(), self.review.token.encode()):
            self._send(403, page("Refused", "<h1>Refused</h1><p>This form is not from this review page (or the page is older than "
                                 'the server); <a href="/">reload it</a>.</p>', links=False))
            return None
        return form

    def _redirect(self, location: str) -> None:
        self.send_response(303)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()

    def _send(self, status: int, html: str) -> None:
        data = html.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _first(params: dict[str, list[str]]) -> dict[str, str]:
    """The first value of each parameter."""
    return {name: values[0] for name, values in params.items() if values}
