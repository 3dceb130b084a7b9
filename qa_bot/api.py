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
import logging
import time
from typing import Annotated, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from qa_bot.answer import QuestionError
from qa_bot.assistant import Assistant, report_to_json, search_to_json
from qa_bot.feedback import FeedbackStore
from qa_bot.fetch.refresh import Refresher
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


class ErrorOut(BaseModel):
    error: str


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
                store: FeedbackStore, refresher: Refresher | None = None) -> None:
    @app.get("/healthz", tags=["server"])
    def healthz() -> dict[str, Any]:
        """200 once the index is loaded (the server starts only then); with
        QA_BOT_REFRESH, ``refresh`` tells the last background refresh's time
        and outcome."""
        body: dict[str, Any] = {"status": "ok", "documents": len(assistant.retriever.index.documents)}
        if refresher is not None:
            body["refresh"] = refresher.status()
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

    if settings.admin_token:
        _add_admin_routes(app, settings.admin_token, assistant)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def unknown(rest: str) -> JSONResponse:
        if rest in ("ask", "search", "feedback"):
            return error(405, "Use POST with a JSON body.")
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
    if ui:
        from qa_bot.web import mount_ui

        mount_ui(app, settings, assistant, store, **_gradio_login(settings))
    return app

