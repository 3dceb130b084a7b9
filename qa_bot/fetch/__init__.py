"""Keeping the corpus current from the council's own website.

``fetch_minutes(fetcher, corpus_dir)`` lists the site's meetings, gets the
minutes of each and writes the new and changed ones into the corpus folder
with their manifest rows (council, committee, date, published URL, when
fetched).  One bad meeting is one line and is skipped; the run carries on.
A ``SiteError`` (site down, firewall, robots.txt) ends the run with one line.

Modules: ``base`` (records, the two-method ``Fetcher`` interface, errors),
``http`` (the polite client), ``moderngov`` (the first publishing system),
``store`` (atomic writes into the corpus), ``importer`` (pages a person
saved), ``refresh`` (the app's background refresh).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from qa_bot.fetch.base import (
    Fetcher,
    FetchError,
    MeetingRef,
    NoMinutes,
    SiteBlocked,
    SiteError,
)
from qa_bot.fetch.http import PoliteClient
from qa_bot.fetch.store import CorpusStore, slug
from qa_bot.parse.manifest import ManifestRow
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

SYSTEMS = ("moderngov",)
_EXTENSIONS = {"html": ".html", "pdf": ".pdf"}
_SHORT = {"moderngov": "mg"}  # file names: ..._mg501.html


@dataclass
class FetchReport:
    site: str
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    no_minutes: int = 0
    failed: int = 0
    requests: int = 0
    downloaded: int = 0
    not_modified: int = 0
    site_error: str | None = None  # why the run stopped, with what to do about it
    site_reason: str | None = None  # the same, short (for the summary line)
    blocked: bool = False
    problems: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # written (new or changed)

    @property
    def exit_code(self) -> int:
        """0 all well, 1 some meetings failed, 2 the site could not be read."""
        if self.site_error:
            return 2
        return 1 if self.failed else 0

    @property
    def outcome(self) -> str:
        return ("failed", "ok", "partial")[[2, 0, 1].index(self.exit_code)]

    def summary(self) -> str:
        if self.site_error:
            return f"fetch {self.site}: stopped after {self.seen} meetings: {self.site_reason}"
        return (
            f"fetch {self.site}: {self.seen} meetings seen, {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.no_minutes} without minutes yet, {self.failed} failed "
            f"({self.requests} requests, {self.downloaded} downloaded, {self.not_modified} not modified)"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.site, "outcome": self.outcome, "summary": self.summary(), "seen": self.seen,
            "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
            "no_minutes": self.no_minutes, "failed": self.failed, "problems": list(self.problems),
        }


def open_client(settings: Settings, store: CorpusStore) -> PoliteClient:
    return PoliteClient(
        user_agent=settings.fetch_user_agent,
        delay_s=settings.fetch_delay_s,
        timeout_s=settings.fetch_timeout_s,
        retries=settings.fetch_retries,
        max_bytes=settings.max_file_bytes,
        cache_dir=store.cache_dir,
    )


def make_fetcher(system: str, url: str, client: PoliteClient, **options: Any) -> Fetcher:
    if system == "moderngov":
        from qa_bot.fetch.moderngov import ModernGov

        return ModernGov(url, client, **options)
    raise ValueError(f"unknown publishing system {system!r} (known: {', '.join(SYSTEMS)})")


def blocked_advice(reason: str) -> str:
    return (f"{reason} (its firewall refuses clients that do not look like a browser); "
            "save the minutes pages from a browser and run: python -m qa_bot import PATH...")


def fetch_minutes(
    system: str,
    url: str,
    settings: Settings,
    *,
    council: str | None = None,
    committees: tuple[str, ...] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    progress: bool | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> FetchReport:
    """Fetch into ``settings.corpus_dir``; the report says what happened."""
    say = on_problem or (lambda line: logger.warning("%s", line))
    report = FetchReport(site=url)
    store = CorpusStore(settings.corpus_dir)
    with store.open():
        client = open_client(settings, store)
        try:
            fetcher = make_fetcher(system, url, client, council=council, committees=committees,
                                   since=since, until=until)
            _run(fetcher, store, report, say, progress)
            if not (committees or since or until):  # the whole site was asked for
                client.prune_cache()
        except SiteBlocked as exc:
            report.site_error, report.site_reason, report.blocked = blocked_advice(str(exc)), str(exc), True
        except SiteError as exc:
            report.site_error = report.site_reason = str(exc)
        finally:
            client.close()
            report.requests = client.counters.requests
            report.downloaded = client.counters.downloaded
            report.not_modified = client.counters.not_modified
    return report


def _run(fetcher: Fetcher, store: CorpusStore, report: FetchReport, say: Callable[[str], None],
         progress: bool | None) -> None:
    meetings = list(fetcher.list_meetings())
    for warning in getattr(fetcher, "warnings", []):
        report.failed += 1
        report.problems.append(warning)
        say(warning)
    bar = _progress(len(meetings), progress)
    try:
        for meeting in meetings:
            report.seen += 1
            try:
                _one(fetcher, store, meeting, report)
            except NoMinutes as exc:
                report.no_minutes += 1
                logger.info("%s: %s; skipped", meeting.label, exc)
            except SiteError:
                raise
            except (FetchError, OSError) as exc:
                report.failed += 1
                line = f"{meeting.label}: {exc}; skipped"
                report.problems.append(line)
                say(line)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()


def _one(fetcher: Fetcher, store: CorpusStore, meeting: MeetingRef, report: FetchReport) -> None:
    minutes = fetcher.get_minutes(meeting)
    stem = document_stem(meeting)
    name = stem + _EXTENSIONS[minutes.kind]
    others = tuple(stem + ext for ext in _EXTENSIONS.values() if stem + ext != name)
    row = ManifestRow(
        file=name, committee=meeting.committee, date=meeting.date, url=minutes.url,
        council=meeting.council, fetched_at=now_iso(),
    )
    outcome = store.save(name, minutes.content, row, replaces=others)
    setattr(report, outcome, getattr(report, outcome) + 1)
    if outcome != "unchanged":
        report.files.append(name)


def document_stem(meeting: MeetingRef) -> str:
    """A file name that sorts by council, then date, and names the meeting."""
    return (f"{slug(meeting.council, 32)}_{meeting.date or 'undated'}_"
            f"{slug(meeting.committee, 40)}_{_SHORT.get(meeting.system, slug(meeting.system, 4))}"
            f"{slug(meeting.site_id, 16)}")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _progress(total: int, wanted: bool | None):
    """A tqdm bar on a terminal only (never in logs or pipes)."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="meeting", file=sys.stderr, leave=False)


__all__ = ["FetchReport", "blocked_advice", "document_stem", "fetch_minutes", "make_fetcher"]
