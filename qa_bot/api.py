"""The one server: JSON API, health check, the Gradio page and widget, and
the security layer in front of all of them.

``create_app(settings, assistant)`` returns a FastAPI app.  Pydantic models
live only here, at the HTTP edge; the pipeline is reached through the
``Assistant`` facade.  Every error is ``{"error": "..."}`` with a 4xx code
(never a traceback or a file path).

Middleware, outermost first, so each applies to every route, Gradio's own
included: security headers (CSP with frame-ancestors from the settings, no
host but ours for scripts, styles, fonts or connections), the origin guard
(a browser request from an origin that is neither ours nor allow-listed gets
403), CORS for the allow-listed origins only, login (trusted single sign-on
header, or the shared password on /api/*), the per-client rate limit on
/api/*, and the request size limit.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa_bot.answer import QuestionError
from qa_bot.assistant import Assistant, search_to_json
from qa_bot.feedback import FeedbackStore
from qa_bot.records import Filters
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
OPEN_PATHS = ("/healthz",)  # reachable without login (the proxy's health check)


# ------------------------------------------------------------------ shapes


class FiltersIn(BaseModel):
    committee: str | None = Field(None, max_length=300, description="part of the committee name")
    date_from: str | None = Field(None, pattern=DATE_PATTERN, description="ISO date, inclusive")
    date_to: str | None = Field(None, pattern=DATE_PATTERN, description="ISO date, inclusive")

    def to_filters(self) -> Filters:
        return Filters.from_mapping(self.model_dump())


class AskIn(BaseModel):
    question: str = Field(description="the question, in plain words")
    filters: FiltersIn | None = None
    history: list[str] = Field(
        default_factory=list, max_length=200,
        description="earlier questions of the conversation, oldest first",
    )


class SearchIn(BaseModel):
    query: str | None = Field(None, description="the query (or use 'question')")
    question: str | None = None
    k: int | None = Field(None, ge=1, description="how many agenda items")
    filters: FiltersIn | None = None


class FeedbackIn(BaseModel):
    question: str = Field(max_length=20_000)
    answer: str = Field(max_length=100_000)
    rating: str = Field(pattern="^(up|down)$")
    grounded: bool | None = None


class CitationOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    n: int
    source: str
    item: str | None
    title: str
    committee: str | None
    date: str | None
    quote: str
    url: str | None


class AskOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    question: str
    answer: str
    grounded: bool
    citations: list[CitationOut]


class ResultOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    rank: int
    source: str
    item: str | None
    title: str
    committee: str | None
    date: str | None
    score: float
    text: str


class SearchOut(BaseModel):
    query: str
    results: list[ResultOut]


class ErrorOut(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 413, 422, 429)
}


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


# ------------------------------------------------------------------ middleware


def _relative_path(scope: Scope) -> str:
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "") or ""
    if root and path.startswith(root):
        path = path[len(root):] or "/"
    return path


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


async def _send_json(send: Send, status: int, body: dict[str, Any],
                     headers: dict[str, str] | None = None) -> None:
    payload = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


def content_security_policy(frame_ancestors: tuple[str, ...]) -> str:
    ancestors = " ".join(("'self'", *frame_ancestors))
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",  # Gradio's page bootstraps inline
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ))


class SecurityHeaders:
    """CSP, nosniff, referrer policy and framing rules on every response."""

    def __init__(self, app: ASGIApp, frame_ancestors: tuple[str, ...] = ()) -> None:
        self.app = app
        self.framed = [
            (b"content-security-policy", content_security_policy(frame_ancestors).encode()),
        ]
        self.unframed = [
            (b"content-security-policy", content_security_policy(()).encode()),
            (b"x-frame-options", b"SAMEORIGIN"),
        ]
        self.common = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = _relative_path(scope)
        extra = self.framed if path == "/widget" or path.startswith("/widget/") else self.unframed
        names = {name for name, _ in extra + self.common}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = headers + extra + self.common
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _host_of(origin: str) -> str:
    parts = urlsplit(origin)
    return (parts.netloc or "").lower()


class OriginGuard:
    """Refuses browser requests sent from an origin that is neither this
    server's nor allow-listed: CORS only hides responses, this stops the
    request itself (Gradio accepts cross-origin calls from anywhere)."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = {o.rstrip("/").lower() for o in allowed}

    def same_origin(self, scope: Scope, origin: str) -> bool:
        hosts = {(_header(scope, b"host") or "").lower()}
        forwarded = _header(scope, b"x-forwarded-host")
        if forwarded:
            hosts.add(forwarded.split(",")[0].strip().lower())
        return _host_of(origin) in hosts - {""}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            origin = _header(scope, b"origin")
            if origin is not None and origin.rstrip("/").lower() not in self.allowed \
                    and not self.same_origin(scope, origin):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                await _send_json(send, 403, {"error": "Requests from this origin are not allowed."})
                return
        await self.app(scope, receive, send)


class Login:
    """The trusted single sign-on header on every route, or the shared
    password on /api/* (the Gradio pages ask for it with their own form)."""

    def __init__(self, app: ASGIApp, password: str | None, user_header: str | None) -> None:
        self.app = app
        self.password = password
        self.user_header = user_header.lower().encode() if user_header else None

    def password_ok(self, scope: Scope) -> bool:
        given = _header(scope, b"authorization") or ""
        scheme, _, value = given.partition(" ")
        if scheme.lower() == "basic":
            try:
                value = base64.b64decode(value, validate=True).decode().partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return False
        elif scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(value.encode(), (self.password or "").encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or _relative_path(scope) in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if self.user_header is not None:
            if not (_header(scope, self.user_header) or "").strip():
                await _send_json(send, 401, {"error": "Sign in through the council's single sign-on."})
                return
        elif self.password and _relative_path(scope).startswith("/api/") \
                and not self.password_ok(scope):
            await _send_json(send, 401, {"error": "This API needs the shared password."},
                             {"WWW-Authenticate": 'Basic realm="minutes"'})
            return
        await self.app(scope, receive, send)


@dataclass
class RateLimiter:
    """At most ``per_minute`` requests per client in any 60-second window."""

    per_minute: int
    window_s: float = 60.0
    _seen: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _checks: int = 0

    def check(self, client: str, now: float | None = None) -> float:
        """0 when allowed (and counted), else seconds until the next request may go."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._checks += 1
            if self._checks % 1000 == 0:
                self._forget(now)
            times = self._seen.setdefault(client, deque())
            while times and now - times[0] >= self.window_s:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(0.001, self.window_s - (now - times[0]))
            times.append(now)
            return 0.0

    def _forget(self, now: float) -> None:
        stale = [k for k, t in self._seen.items() if not t or now - t[-1] >= self.window_s]
        for key in stale:
            del self._seen[key]


class RateLimit:
    def __init__(self, app: ASGIApp, limiter: RateLimiter | None,
                 user_header: str | None) -> None:
        self.app = app
        self.limiter = limiter
        self.user_header = user_header.lower().encode() if user_header else None

    def client(self, scope: Scope) -> str:
        if self.user_header is not None:
            user = _header(scope, self.user_header)
            if user:
                return "user:" + user
        return "ip:" + (scope.get("client") or ("unknown", 0))[0]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limiter is None or scope["type"] != "http" \
                or not _relative_path(scope).startswith("/api/"):
            await self.app(scope, receive, send)
            return
        wait = self.limiter.check(self.client(scope))
        if wait:
            seconds = int(wait) + 1
            await _send_json(
                send, 429,
                {"error": f"Too many requests: at most {self.limiter.per_minute} a minute. "
                          f"Try again in {seconds} s."},
                {"Retry-After": str(seconds)},
            )
            return
        await self.app(scope, receive, send)


class BodyLimit:
    """413 for request bodies over ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        too_big = {"error": f"Request body too large: at most {self.limit:,} bytes."}
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.limit:
                await _send_json(send, 413, too_big)
                return
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        # No declared length: read up to the limit, then replay.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await _send_json(send, 413, too_big)
                return
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# ------------------------------------------------------------------ the app


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "Invalid request: " + "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "Request refused."
        return error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(QuestionError)
    async def bad_question(_request: Request, exc: QuestionError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        logger.exception("request failed")
        return error(500, "Internal error: the server log has the details.")


def _log_question(settings: Settings, kind: str, text: str, seconds: float) -> None:
    if settings.log_questions:
        logger.info("api %s %r in %.3fs", kind, text, seconds)
    else:
        logger.info("api %s in %.3fs", kind, seconds)


def _add_routes(app: FastAPI, settings: Settings, assistant: Assistant,
                store: FeedbackStore) -> None:
    @app.get("/healthz", tags=["server"])
    def healthz() -> dict[str, Any]:
        """200 once the index is loaded (the server starts only then)."""
        return {"status": "ok", "documents": len(assistant.retriever.index.documents)}

    @app.post("/api/ask", response_model=AskOut, responses=ERRORS, tags=["api"])
    def ask(body: AskIn) -> dict[str, Any]:
        """An answer with citations (the CLI's ``ask --json`` object)."""
        started = time.perf_counter()
        filters = body.filters.to_filters() if body.filters else None
        history = body.history[-settings.max_history:] if settings.max_history else []
        result = assistant.ask(body.question, filters, history).to_json()
        _log_question(settings, "ask", body.question, time.perf_counter() - started)
        return result

    @app.post("/api/search", response_model=SearchOut, responses=ERRORS, tags=["api"])
    def search(body: SearchIn) -> dict[str, Any]:
        """Ranked agenda items (the CLI's ``search --json`` object)."""
        query = body.query if body.query is not None else body.question
        if query is None:
            raise StarletteHTTPException(422, "Invalid request: give 'query' (or 'question').")
        if body.k is not None and body.k > settings.max_search_k:
            raise StarletteHTTPException(422, f"Invalid request: k: at most {settings.max_search_k}.")
        started = time.perf_counter()
        filters = body.filters.to_filters() if body.filters else None
        result = search_to_json(query, assistant.search(query, body.k, filters))
        _log_question(settings, "search", query, time.perf_counter() - started)
        return result

    @app.post("/api/feedback", status_code=201, responses=ERRORS, tags=["api"])
    def feedback(body: FeedbackIn, request: Request) -> dict[str, int]:
        """A thumbs up or down on an answer, stored with its question."""
        user = None
        if settings.trusted_user_header:
            user = request.headers.get(settings.trusted_user_header)
        row = store.record(rating=body.rating, question=body.question, answer=body.answer,
                           grounded=body.grounded, surface="api", user=user)
        return {"id": row}

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def unknown(rest: str) -> JSONResponse:
        if rest in ("ask", "search", "feedback"):
            return error(405, "Use POST with a JSON body.")
        return error(404, "No such API route.")


def _gradio_login(settings: Settings) -> dict[str, Any]:
    if settings.trusted_user_header:
        header = settings.trusted_user_header

        def user_from_header(request: Request) -> str | None:
            return request.headers.get(header) or None

        return {"auth_dependency": user_from_header}
    if settings.auth_password:
        password = settings.auth_password

        def check(_username: str, given: str) -> bool:
            return hmac.compare_digest(given.encode(), password.encode())

        return {"auth": check}
    return {}


def create_app(settings: Settings, assistant: Assistant, *,
               store: FeedbackStore | None = None, ui: bool = True) -> FastAPI:
    """The server: JSON API, /healthz and (``ui``) the page and the widget."""
    store = store or FeedbackStore(settings.feedback_db)
    app = FastAPI(
        title="Council minutes assistant",
        version="1",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
        openapi_url="/api/openapi.json",
    )
    _install_error_handlers(app)
    _add_routes(app, settings, assistant, store)
    limiter = RateLimiter(settings.rate_limit_per_minute) if settings.rate_limit_per_minute > 0 else None
    # add_middleware puts each new one outside the previous: innermost first.
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(RateLimit, limiter=limiter, user_header=settings.trusted_user_header)
    app.add_middleware(Login, password=settings.auth_password,
                       user_header=settings.trusted_user_header)
    app.add_middleware(
        CORSMiddleware, allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST"], allow_headers=["content-type", "authorization"],
        allow_credentials=False, max_age=600,
    )
    app.add_middleware(OriginGuard, allowed=settings.cors_origins)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    if ui:
        from qa_bot.web import mount_ui

        mount_ui(app, settings, assistant, store, **_gradio_login(settings))
    return app

