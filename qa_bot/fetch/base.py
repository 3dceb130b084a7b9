"""What every publishing-system fetcher gives: the records and the interface.

A fetcher is two methods wide: ``list_meetings()`` (the meetings of the
site, with committee, date and where each is published) and
``get_minutes(meeting)`` (the minutes of one meeting, as the bytes the
council published).  ModernGov is ``qa_bot.fetch.moderngov``; CMIS, eScribe
or Legistar would each be one more module behind the same two methods.

Errors are one line each: ``SiteError`` stops the whole run (the site is
down, refuses us, or forbids us in robots.txt); ``MeetingError`` skips one
meeting and the run carries on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol


class FetchError(Exception):
    """A one-line reason something could not be fetched."""


class SiteError(FetchError):
    """The site as a whole cannot be read (down, firewall, robots.txt)."""


class SiteBlocked(SiteError):
    """The site refuses our requests (HTTP 403 from a web application firewall)."""


class MeetingError(FetchError):
    """One meeting (or one document of it) cannot be fetched; skip it."""


class NoMinutes(FetchError):
    """The meeting has no published minutes yet: skipped, not a failure."""


@dataclass(frozen=True)
class MeetingRef:
    """One meeting as listed by the site."""

    system: str  # "moderngov"
    site_id: str  # the site's own meeting id
    council: str
    committee: str
    date: str | None  # ISO YYYY-MM-DD
    url: str  # the meeting's public page
    minutes_published: bool | None = None  # None: the listing does not say

    @property
    def label(self) -> str:
        """How one line names the meeting."""
        return f"{self.committee}, {self.date or 'undated'} (meeting {self.site_id})"


@dataclass(frozen=True)
class Minutes:
    """The minutes of one meeting as published."""

    meeting: MeetingRef
    kind: str  # "html" (the page text) or "pdf" (the printed minutes)
    content: bytes
    url: str  # where the council published these minutes


class Fetcher(Protocol):
    """A publishing system's reader: list meetings, get minutes."""

    def list_meetings(self) -> Iterator[MeetingRef]: ...

    def get_minutes(self, meeting: MeetingRef) -> Minutes: ...


class Disallowed(SiteError):
    """robots.txt forbids the address to our User-Agent."""
