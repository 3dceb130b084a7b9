"""Thumbs up/down on answers, kept with the question in a local SQLite file.

The council reviews what fails: every rating stores the question, the answer
text, its citations (JSON), where it was given (page or widget) and, when a
single sign-on proxy names the user, who gave it.  One connection per call, so
the store is safe to share between the server's threads; the file and its
table are created on first use, never at import.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RATINGS = ("up", "down")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    grounded INTEGER,
    citations TEXT NOT NULL DEFAULT '[]',
    surface TEXT NOT NULL DEFAULT 'page',
    user TEXT
)
"""


@dataclass(frozen=True)
class Feedback:
    """One stored rating."""

    id: int
    created_at: str
    rating: str
    question: str
    answer: str
    grounded: bool | None
    citations: tuple[dict[str, Any], ...]
    surface: str
    user: str | None


@dataclass
class FeedbackStore:
    """The SQLite file of ratings (``Settings.feedback_db``)."""

    path: Path
    _ready: bool = field(default=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10)
        if not self._ready:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn.execute(_SCHEMA)
                conn.commit()
                self._ready = True
        return conn

    def record(
        self,
        *,
        rating: str,
        question: str,
        answer: str,
        grounded: bool | None = None,
        citations: Sequence[dict[str, Any]] = (),
        surface: str = "page",
        user: str | None = None,
    ) -> int:
        """Store one rating ("up" or "down"); returns its id."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            rating,
            question,
            answer,
            None if grounded is None else int(grounded),
            json.dumps(list(citations), ensure_ascii=False),
            surface,
            user,
        )
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, rating, question, answer, grounded,"
                " citations, surface, user) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid or 0)

    def recent(self, limit: int = 50) -> list[Feedback]:
        """The latest ratings, newest first."""
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT id, created_at, rating, question, answer, grounded, citations,"
                " surface, user FROM feedback ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            Feedback(
                id=r[0],
                created_at=r[1],
                rating=r[2],
                question=r[3],
                answer=r[4],
                grounded=None if r[5] is None else bool(r[5]),
                citations=tuple(json.loads(r[6])),
                surface=r[7],
                user=r[8],
            )
            for r in rows
        ]
