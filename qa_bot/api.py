"""The one server: JSON API, health check, the Gradio page and widget, and
the security layer in front of all of them.

``create_app(settings, assistant)`` returns a FastAPI app.  Pydantic models
live only here, at the HTTP edge; the pipeline is reached through the
``Assistant`` facade.  Every error is ``{"error": "..."}`` with a 4xx code
(never a traceback or a file path).

The middleware in ``qa_bot.guards`` applies to every route, Gradio's own
included: security headers, the origin guard, CORS for the allow-listed
origins only, login, the per-client rate limit and the request size limit.
``POST /api/admin/reindex`` (off unless ``admin_token`` is set) re-reads the
corpus and swaps the new index in while requests keep being served.
"""

from __future__ import annotations

import hmac
import html
import logging
import time
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from qa_bot.answer import QuestionError
from qa_bot.assistant import (
    Assistant,
    CannotOpen,
    PendingAssistant,
    Starting,
    report_to_json,
    search_to_json,
)
from qa_bot.catalog import catalog_to_json, filter_catalog, item_to_json
from qa_bot.feedback import FeedbackStore
from qa_bot.guards import (
    DATE_PATTERN,
    BodyLimit,
    Login,
    OriginGuard,
    RateLimit,
    RateLimiter,
    SecurityHeaders,
    filter_date,
)
from qa_bot.records import Citation, Filters
from qa_bot.settings import Settings

if TYPE_CHECKING:  # annotations only: the fetchers (and parsers) load when refreshing
    from qa_bot.fetch.refresh import Refresher

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------ shapes


# Requests: an unknown key or a value of the wrong type (0 for false, "5" for
# 5) is refused with 422 rather than guessed at.
STRICT = ConfigDict(extra="forbid", strict=True)


def _unicode(value: str) -> str:
    """JSON may carry half a surrogate pair ("\\ud800"): not text, refused."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode text (it holds a lone surrogate code point)") from None
    return value


# Every string a request brings: encodable, so it can be echoed, logged and stored.
Text = Annotated[str, AfterValidator(_unicode)]


class FiltersIn(BaseModel):
    model_config = STRICT
    committee: Text | None = Field(None, max_length=300, description="part of the committee name")
    # The pattern is published in the schema; the validator checks it (with a
    # message a person can act on) and the calendar.
    date_from: str | None = Field(None, json_schema_extra={"pattern": DATE_PATTERN},
                                  description="ISO date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive")
    date_to: str | None = Field(None, json_schema_extra={"pattern": DATE_PATTERN},
                                description="ISO date (YYYY-MM-DD, YYYY-MM or YYYY), inclusive")

    @field_validator("date_from", "date_to")
    @classmethod
    def real_date(cls, value: str | None) -> str | None:
        return filter_date(value)

    def to_filters(self) -> Filters:
        return Filters.from_mapping(self.model_dump())


class AskIn(BaseModel):
    model_config = STRICT
    question: Text = Field(description="the question, in plain words")
    filters: FiltersIn | None = None
    history: list[Text] = Field(
        default_factory=list, max_length=200,
        description="earlier questions of the conversation, oldest first",
    )


class SearchIn(BaseModel):
    model_config = STRICT
    query: Text | None = Field(None, description="the query (or use 'question')")
    question: Text | None = None
    k: int | None = Field(None, ge=1, description="how many agenda items")
    filters: FiltersIn | None = None


class FeedbackIn(BaseModel):
    model_config = STRICT
    question: Text = Field(max_length=20_000)
    answer: Text = Field(max_length=100_000)
    rating: str = Field(pattern="^(up|down)$")
    grounded: bool | None = None


class AskOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    question: str
    answer: str
    grounded: bool
    citations: list[Citation]  # the record itself: its schema cannot drift from it


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
    url: str | None = None


class SearchOut(BaseModel):
    query: str
    results: list[ResultOut]


class ReindexOut(BaseModel):
    summary: str
    documents: int
    passages: int
    embedded: int
    reused: int
    added: list[str]
    changed: list[str]
    removed: list[str]
    up_to_date: bool
    seconds: float
    warnings: list[str]


class ItemRefOut(BaseModel):
    id: str = Field(description="the item's id (SOURCE#KEY): URL-encode it for /api/items/{id}")
    item: str | None
    title: str
    label: str = Field(description="'Cabinet, 18 October 2018, item 20: Title'")


class MeetingOut(BaseModel):
    source: str
    committee: str | None
    date: str | None
    date_inferred: str | None
    committee_inferred: bool
    url: str | None
    label: str
    items: list[ItemRefOut]


class CommitteeOut(BaseModel):
    name: str
    meetings: list[MeetingOut]


class MeetingsOut(BaseModel):
    meetings: int
    items: int
    first_date: str | None
    last_date: str | None
    committees: list[CommitteeOut]


class ItemOut(BaseModel):
    id: str
    source: str
    item: str | None
    title: str
    committee: str | None
    date: str | None
    date_inferred: str | None
    committee_inferred: bool
    url: str | None
    label: str
    resolutions: list[str]
    truncated: bool
    text: str


class ErrorOut(BaseModel):
    error: str


class StartingOut(BaseModel):
    status: str = Field(description='"starting" while the index loads and the model warms')


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 413, 422, 429)
}


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


# ------------------------------------------------------------------ the app


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "Invalid request: " + "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "Request refused."
        return error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(Starting)
    async def starting(_request: Request, exc: Starting) -> JSONResponse:
        return error(503, str(exc), {"Retry-After": "2"})

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


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def frame_ancestors_value(allowed: tuple[str, ...], origin: str | None) -> str:
    """The QA_BOT_FRAME_ANCESTORS value that adds ``origin`` to ``allowed``."""
    values = list(allowed)
    if origin and origin not in (a.rstrip("/").lower() for a in allowed):
        values.append(origin)
    return " ".join(values)


class FramingWatch:
    """Logs one clear line per origin when a page not on the frame-ancestors
    list tries to show the server in a frame (the browser then refuses it and
    shows its own grey box, which tells the page's editor nothing)."""

    MAX_ORIGINS = 1000

    def __init__(self, app: Any, frame_ancestors: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = frame_ancestors
        self.allowed_origins = {a.rstrip("/").lower() for a in frame_ancestors}
        self.reported: set[tuple[str, bool]] = set()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.check(scope)
        await self.app(scope, receive, send)

    def check(self, scope: Any) -> None:
        headers = {k: v.decode("latin-1") for k, v in scope.get("headers", [])
                   if k in (b"sec-fetch-dest", b"referer", b"host")}
        if headers.get(b"sec-fetch-dest") != "iframe":
            return
        origin = _origin(headers.get(b"referer", ""))
        if origin is None or urlsplit(origin).netloc == (headers.get(b"host") or "").lower():
            return
        path = scope.get("path", "")
        root = scope.get("root_path", "") or ""
        relative = path[len(root):] if root and path.startswith(root) else path
        widget = relative == "/widget" or relative.startswith("/widget/")
        if widget and origin in self.allowed_origins:
            return
        key = (origin, widget)
        if key in self.reported or len(self.reported) >= self.MAX_ORIGINS:
            return
        self.reported.add(key)
        if widget:
            logger.warning(
                "A page on %s tried to show the widget in a frame; the browser refuses it because "
                "that origin is not allowed. To allow it, set QA_BOT_FRAME_ANCESTORS=\"%s\" and "
                "restart (the help page /widget/embed prints the snippet).",
                origin, frame_ancestors_value(self.allowed, origin))
        else:
            logger.warning(
                "A page on %s tried to show %s in a frame; only the widget (/widget/) may be "
                "embedded: see /widget/embed.", origin, relative or "/")


EMBED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Embed the minutes assistant</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.5; color: #111827; }}
pre {{ background: #f3f4f6; padding: .8rem; overflow-x: auto; border-radius: 6px; }}
label {{ display: block; font-weight: 600; margin: .6rem 0 .2rem; }}
input {{ width: 100%; padding: .4rem; font-size: 1rem; box-sizing: border-box; }}
button {{ margin-top: .5rem; padding: .4rem .9rem; font-size: 1rem; }}
</style></head><body><main>
<h1>Embed the minutes assistant in an intranet page</h1>
<h2>1. The snippet</h2>
<p>Paste this into the intranet page where the widget should appear:</p>
<pre id="snippet"><code>{snippet}</code></pre>
<h2>2. Allow the intranet's address</h2>
<p>Browsers refuse to show the widget inside a page whose origin the server has not been told
about. Origins allowed now: <strong id="allowed">{allowed}</strong>.</p>
<form method="get">
<label for="page">Address of the intranet page that will show the widget</label>
<input id="page" name="page" type="url" value="{page}" placeholder="https://intranet.example.gov.uk/minutes">
<button type="submit">Show the setting</button>
</form>
{setting}
<h2>3. Signing in</h2>
<p>A widget inside another site's page gets no login cookie: use the council's single sign-on
proxy (<code>QA_BOT_TRUSTED_USER_HEADER</code>) rather than the shared password. The server's log
names any origin that tries to embed the widget without being allowed.</p>
</main></body></html>
"""


def embed_help(request: Request, settings: Settings, page: str | None) -> str:
    """The /widget/embed help page: the iframe snippet for this server and
    the exact QA_BOT_FRAME_ANCESTORS value for the intranet page given."""
    prefix = (request.scope.get("root_path") or settings.root_path).rstrip("/")
    base = f"{request.url.scheme}://{request.url.netloc}{prefix}"
    snippet = (
        f'<iframe src="{base}/widget/" title="Ask the council minutes"\n'
        '        width="420" height="720" style="border:1px solid #d1d5db;'
        'border-radius:8px;max-width:100%"\n        loading="lazy"></iframe>'
    )
    allowed = " ".join(settings.frame_ancestors) or "none besides this server"
    setting = ""
    if page:
        origin = _origin(page.strip())
        if origin is None:
            setting = '<p role="alert">That is not a web address (it must start with https:// or http://).</p>'
        elif origin in (a.rstrip("/").lower() for a in settings.frame_ancestors):
            setting = f"<p role=\"status\">{html.escape(origin)} is already allowed.</p>"
        else:
            value = frame_ancestors_value(settings.frame_ancestors, origin)
            setting = (
                "<p>Set this in the server's environment and restart it:</p>"
                f'<pre id="setting"><code>QA_BOT_FRAME_ANCESTORS="{html.escape(value)}"</code></pre>'
            )
    return EMBED_PAGE.format(snippet=html.escape(snippet), allowed=html.escape(allowed),
                             page=html.escape(page or ""), setting=setting)


def _add_routes(app: FastAPI, settings: Settings, assistant: Assistant,
                store: FeedbackStore, refresher: Refresher | None = None) -> None:
    @app.get("/widget/embed", include_in_schema=False, response_class=HTMLResponse)
    def widget_embed(request: Request, page: Annotated[str | None, Query(max_length=2000)] = None) -> str:
        """How to embed the widget: the snippet and the exact origin setting."""
        return embed_help(request, settings, page)

    @app.get("/healthz", tags=["server"], responses={503: {"model": StartingOut}})
    def healthz() -> Any:
        """200 once the index is loaded and the model warm (a request for the
        page that comes before Gradio has built it waits for it); 503
        ``{"status": "starting"}`` before, so a load balancer waits.  With
        QA_BOT_REFRESH, ``refresh`` tells the last background refresh's time
        and outcome; with answer workers (app.py), ``answer_workers`` how many
        are open."""
        if not getattr(app.state, "ready", True):
            return JSONResponse({"status": "starting"}, status_code=503,
                                headers={"Retry-After": "1"})
        body: dict[str, Any] = {"status": "ok", "documents": len(assistant.retriever.index.documents)}
        page = getattr(app.state, "page", None)
        if page is not None:  # "building" until Gradio has built it (requests for it wait)
            body["page"] = page
        if refresher is not None:
            body["refresh"] = refresher.status()
        pool = assistant.pool
        if pool is not None:  # answer worker processes open (the server answers until then)
            body["answer_workers"] = {"ready": pool.ready, "of": pool.size}
        return body

    @app.get("/widget", include_in_schema=False)
    def widget_slash(request: Request) -> RedirectResponse:
        """The widget lives at /widget/ (under the proxy's prefix, if any)."""
        prefix = (request.scope.get("root_path") or settings.root_path).rstrip("/")
        query = request.url.query
        return RedirectResponse(prefix + "/widget/" + (f"?{query}" if query else ""), 307)

    @app.post("/api/ask", response_model=AskOut, responses=ERRORS, tags=["api"])
    def ask(body: AskIn) -> dict[str, Any]:
        """An answer with citations (the CLI's ``ask --json`` object)."""
        started = time.perf_counter()
        filters = body.filters.to_filters() if body.filters else None
        history = body.history[-settings.max_history:] if settings.max_history > 0 else []
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

    @app.get("/api/meetings", response_model=MeetingsOut, responses=ERRORS, tags=["api"])
    def meetings(request: Request, q: Annotated[Text | None, Query(max_length=300)] = None) -> Any:
        """Committees, their meetings (newest first) and agenda items; ``q``
        keeps the items whose title holds every word of it."""
        if unknown := sorted(set(request.query_params) - {"q"}):
            return error(422, f"Invalid request: unknown query parameter {unknown[0]!r}.")
        return catalog_to_json(filter_catalog(assistant.catalog(), q or ""))

    @app.get("/api/items/{item_id:path}", response_model=ItemOut,
             responses={**ERRORS, 404: {"model": ErrorOut}}, tags=["api"])
    def item(item_id: str, request: Request) -> Any:
        """One agenda item in full, by the id /api/meetings gives."""
        if request.query_params:
            return error(422, "Invalid request: this route takes no query parameters.")
        found = assistant.item_by_id(item_id)
        if found is None:
            return error(404, "No agenda item with that id (ids come from GET /api/meetings).")
        return item_to_json(item_id, *found)

    if settings.admin_token:
        _add_admin_routes(app, settings.admin_token, assistant)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def unknown(rest: str) -> JSONResponse:
        if rest in ("ask", "search", "feedback"):
            return error(405, "Use POST with a JSON body.")
        if rest == "meetings" or rest.startswith("items/"):
            return error(405, "Use GET.")
        return error(404, "No such API route.")


def _add_admin_routes(app: FastAPI, token: str, assistant: Assistant) -> None:
    def token_ok(request: Request) -> bool:
        scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())

    @app.post("/api/admin/reindex", response_model=ReindexOut, responses=ERRORS, tags=["admin"])
    def reindex(request: Request) -> Any:
        """Re-read the corpus, embed what changed and switch to the new index
        in one step (requests in flight finish on the old one)."""
        if not token_ok(request):
            return error(401, "This route needs the admin token (Authorization: Bearer ...).",
                         {"WWW-Authenticate": 'Bearer realm="minutes-admin"'})
        report = assistant.reindex()
        logger.info("admin reindex: %s", report.summary())
        return report_to_json(report)


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
               store: FeedbackStore | None = None, ui: bool = True,
               refresher: Refresher | None = None) -> FastAPI:
    """The server: JSON API, /healthz and (``ui``) the page and the widget."""
    store = store or FeedbackStore(settings.feedback_db)
    app = FastAPI(
        title="Council minutes assistant",
        version="1",
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
        openapi_url="/api/openapi.json",
    )
    _install_error_handlers(app)
    _add_routes(app, settings, assistant, store, refresher)
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
    app.add_middleware(FramingWatch, frame_ancestors=settings.frame_ancestors)
    if isinstance(assistant, PendingAssistant):
        _open_in_background(app, settings, assistant, store, ui)
    elif ui:
        from qa_bot.web import mount_ui

        mount_ui(app, settings, assistant, store, **_gradio_login(settings))
        app.state.page = "ready"
    return app


class _Deferred:
    """An ASGI app for the page and the widget while they are being built.

    Before the assistant is open it answers 503 "starting" (as /healthz does);
    once it is open (``building`` made) a request waits for the page instead of
    failing, then passes on to ``target``; 503 again only if the page could
    not be built."""

    def __init__(self) -> None:
        self.target: Any = None
        self.building: Any = None  # an asyncio.Event, set when the build ends

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.target is None and self.building is not None and scope["type"] != "lifespan":
            await self.building.wait()
        if self.target is not None:
            await self.target(scope, receive, send)
        elif scope["type"] == "http":
            response = JSONResponse({"error": "The assistant is still starting; try again "
                                     "in a few seconds."}, status_code=503,
                                    headers={"Retry-After": "2"})
            await response(scope, receive, send)


def _open_in_background(app: FastAPI, settings: Settings, pending: PendingAssistant,
                        store: FeedbackStore, ui: bool) -> None:
    """Listen at once; open the assistant (index, warm model) in a worker
    thread; /healthz says 503 "starting" until it can answer, then 200.

    The Gradio page lives in its own FastAPI app mounted at / behind
    ``_Deferred``: Gradio is imported and the page built only once the
    assistant is open (so neither slows the opening), and a request for the
    page that arrives before it is mounted waits for it.  Its lifespan
    (Gradio's queue) starts once it is built.
    """
    import asyncio
    import contextlib
    import os
    import signal

    app.state.ready = False
    deferred = _Deferred()
    app.mount("/", deferred)
    outer_lifespan = app.router.lifespan_context

    def build_ui(assistant: Assistant) -> FastAPI:
        from qa_bot.web import mount_ui

        ui_app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
        mount_ui(ui_app, settings, assistant, store, **_gradio_login(settings))
        return ui_app

    async def start(stack: contextlib.AsyncExitStack) -> None:
        try:
            assistant = await asyncio.to_thread(pending.open_now)
        except CannotOpen as exc:
            logger.error("the assistant could not start (%s); stopping the server", exc)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        except Exception:
            logger.exception("the assistant could not start; stopping the server")
            os.kill(os.getpid(), signal.SIGTERM)
            return
        if ui:
            deferred.building = asyncio.Event()
            app.state.page = "building"
        app.state.ready = True
        logger.info("ready: index loaded, model warm%s",
                    "; building the page (requests for it wait)" if ui else "")
        if not ui:
            return
        try:
            ui_app = await asyncio.to_thread(build_ui, assistant)
            await stack.enter_async_context(ui_app.router.lifespan_context(ui_app))
            deferred.target = ui_app
            app.state.page = "ready"
            logger.info("page mounted")
        except Exception:
            logger.exception("the page could not be built; stopping the server")
            os.kill(os.getpid(), signal.SIGTERM)
        finally:
            deferred.building.set()

    @contextlib.asynccontextmanager
    async def lifespan(the_app: Any) -> Any:
        async with contextlib.AsyncExitStack() as stack:
            await stack.enter_async_context(outer_lifespan(the_app))
            task = asyncio.create_task(start(stack))
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    app.router.lifespan_context = lifespan

