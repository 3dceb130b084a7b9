"""The security layer in front of every route, Gradio's own included: ASGI
middleware that ``qa_bot.api.create_app`` stacks around the app.

Outermost first: security headers (CSP with frame-ancestors from the
settings, no host but ours for scripts, styles, fonts or connections), the
origin guard (a browser request from an origin that is neither ours nor
allow-listed gets 403), then (CORS in between, Starlette's) login (trusted
single sign-on header, or the shared password on /api/*), the per-client
rate limit (on /api/* and on the Gradio routes that start a computation),
and the request size limit.  Every refusal is ``{"error": ...}``.

``filter_date`` checks the date filters that the JSON API and the page take.
"""

from __future__ import annotations

import base64
import datetime
import hmac
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

OPEN_PATHS = ("/healthz",)  # reachable without login (the proxy's health check)
# Routes that check their own credential (the admin token) instead of the login.
OWN_LOGIN_PREFIX = "/api/admin/"
# POSTs to Gradio's routes that start a computation or take a file, and its
# login form (any mount: /, /widget/, ...): rate limited like /api/*.  Reading
# the result of a started one (GET .../call/NAME/EVENT_ID, .../queue/data) is
# not: refusing it would lose an answer already paid for.
_GRADIO_WORK = re.compile(
    r"(?:/gradio_api/(?:queue/join|upload|(?:run|api|call/v2|call)/[^/]+)|(?:^|/)login)/?$"
)

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # the form; filter_date checks the calendar
_DATE = re.compile(DATE_PATTERN)


def filter_date(value: str | None, label: str = "") -> str | None:
    """``value`` when it is a real ISO date (YYYY-MM-DD, YYYY-MM or YYYY) or
    None; ValueError with a message (``label`` first) for anything else."""
    if value is None:
        return None
    where = f"{label}: " if label else ""
    if not _DATE.fullmatch(value):
        raise ValueError(f"{where}write the date as YYYY-MM-DD (or YYYY-MM, YYYY).")
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{where}{value} is not a real date.") from None
    return value



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
        path = _relative_path(scope)
        if scope["type"] not in ("http", "websocket") or path in OPEN_PATHS \
                or path.startswith(OWN_LOGIN_PREFIX):
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

    @staticmethod
    def limited(scope: Scope) -> bool:
        """/api/* and the Gradio routes that start a computation."""
        path = _relative_path(scope)
        if path.startswith("/api/"):
            return True
        return scope.get("method") == "POST" and _GRADIO_WORK.search(path) is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limiter is None or scope["type"] != "http" or not self.limited(scope):
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
