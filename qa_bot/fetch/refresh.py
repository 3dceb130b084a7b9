"""The running app keeps its minutes current by itself (``QA_BOT_REFRESH``).

``parse_refresh("moderngov https://democracy.example.gov.uk every 24h")``
gives the plan; a ``Refresher`` thread runs it once shortly after the app
starts, then every interval: fetch into the corpus, then re-index through
the callback it is given (the app passes ``Assistant.reindex``, the same
atomic swap as ``POST /api/admin/reindex``).  ``status()`` is what
``/healthz`` reports: the last refresh's time, outcome and summary.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qa_bot.fetch import SYSTEMS, fetch_minutes, now_iso
from qa_bot.fetch.moderngov import site_root
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

_SPEC = re.compile(
    r"^\s*(?P<system>[a-z]+)\s+(?P<url>\S+)(?:\s+every\s+(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[smhd]))?\s*$",
    re.IGNORECASE,
)
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_EVERY_S = 24 * 3600.0
FIRST_RUN_AFTER_S = 1.0


@dataclass(frozen=True)
class RefreshPlan:
    system: str
    url: str
    every_s: float


def parse_refresh(spec: str) -> RefreshPlan:
    """``SYSTEM URL [every N(s|m|h|d)]``; ValueError saying what is wrong."""
    m = _SPEC.match(spec or "")
    if not m:
        raise ValueError(f"QA_BOT_REFRESH={spec!r}: expected 'SYSTEM URL every N(s|m|h|d)', "
                         "e.g. 'moderngov https://democracy.example.gov.uk every 24h'")
    system = m.group("system").lower()
    if system not in SYSTEMS:
        raise ValueError(f"QA_BOT_REFRESH: unknown system {system!r} (known: {', '.join(SYSTEMS)})")
    site_root(m.group("url"))  # raises on a bad address
    every = float(m.group("n")) * _UNIT_S[m.group("unit").lower()] if m.group("n") else DEFAULT_EVERY_S
    if every < 1:
        raise ValueError("QA_BOT_REFRESH: the interval must be at least 1 s")
    return RefreshPlan(system, m.group("url"), every)


class Refresher:
    def __init__(self, plan: RefreshPlan, settings: Settings, reindex: Callable[[], Any]) -> None:
        self.plan = plan
        self.settings = settings
        self.reindex = reindex
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._dirty = False  # fetched files not yet indexed
        self._status: dict[str, Any] = {
            "system": plan.system, "url": plan.url, "every_s": plan.every_s,
            "last_at": None, "last_outcome": None, "last_summary": None, "runs": 0,
            "next_at": None, "running": False,
        }
        self._lock = threading.Lock()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="minutes-refresh", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def status(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._status)

    def _loop(self) -> None:
        wait = FIRST_RUN_AFTER_S
        while True:
            self._set(next_at=_later(wait))
            if self._stop.wait(wait):
                return
            self.run_once()
            wait = self.plan.every_s

    def run_once(self) -> None:
        self._set(running=True)
        try:
            report = fetch_minutes(self.plan.system, self.plan.url, self.settings, progress=False)
            outcome, summary = report.outcome, report.summary()
            self._dirty = self._dirty or bool(report.files)
            if self._dirty:
                index_report = self.reindex()
                self._dirty = False
                summary += f"; index: {getattr(index_report, 'summary', lambda: 'updated')()}"
        except Exception as exc:  # the thread must survive anything
            logger.exception("refresh failed")
            outcome, summary = "failed", f"{exc.__class__.__name__}: {exc}"
        logger.info("refresh %s: %s", outcome, summary)
        with self._lock:
            self._status.update(last_at=now_iso(), last_outcome=outcome, last_summary=summary,
                                runs=self._status["runs"] + 1, running=False)

    def _set(self, **values: Any) -> None:
        with self._lock:
            self._status.update(values)


def _later(seconds: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")
