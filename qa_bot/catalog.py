"""What the collection holds: committees, their meetings and agenda items.

``build_catalog(index)`` lists every indexed meeting by committee, newest
first, with counts and the dates covered; ``find_item`` fetches one item by
its id (``index.item_id``: ``SOURCE#KEY``).  The Meetings view, ``GET
/api/meetings`` and ``GET /api/items/{id}`` read these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qa_bot.index import LoadedIndex, item_id
from qa_bot.labels import Source, label, meeting_label
from qa_bot.passages import format_date
from qa_bot.records import AgendaItem, Meeting

NO_COMMITTEE = "Committee not named in the minutes"


@dataclass(frozen=True)
class CatalogItem:
    id: str
    item: str | None
    title: str
    label: str


@dataclass(frozen=True)
class CatalogMeeting:
    source: str
    meeting: Meeting
    label: str
    items: tuple[CatalogItem, ...]


@dataclass(frozen=True)
class Committee:
    name: str
    meetings: tuple[CatalogMeeting, ...]


@dataclass(frozen=True)
class Catalog:
    committees: tuple[Committee, ...]
    meetings: int
    items: int
    first_date: str | None
    last_date: str | None


def _sort_key(m: CatalogMeeting) -> tuple[str, str]:
    return (m.meeting.best_date or "", m.source)


def build_catalog(documents: Mapping[str, Any]) -> Catalog:
    """The catalogue of ``documents`` (an index's ``documents`` mapping)."""
    by_committee: dict[str, list[CatalogMeeting]] = {}
    dates: list[str] = []
    n_items = 0
    for source, doc in documents.items():
        meeting = doc.meeting
        items = tuple(
            CatalogItem(item_id(source, it.key), it.item, it.title,
                        label(Source.of(meeting, it)))
            for it in doc.items
        )
        n_items += len(items)
        if meeting.best_date:
            dates.append(meeting.best_date)
        entry = CatalogMeeting(source, meeting, meeting_label(Source.of(meeting)), items)
        by_committee.setdefault(meeting.committee or NO_COMMITTEE, []).append(entry)
    committees = tuple(
        Committee(name, tuple(sorted(ms, key=_sort_key, reverse=True)))
        for name, ms in sorted(by_committee.items(),
                               key=lambda kv: (kv[0] == NO_COMMITTEE, kv[0].casefold()))
    )
    return Catalog(
        committees=committees,
        meetings=sum(len(c.meetings) for c in committees),
        items=n_items,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
    )


def filter_catalog(catalog: Catalog, words: str) -> Catalog:
    """Only the items whose title (or meeting label) holds every word of ``words``."""
    terms = words.casefold().split()
    if not terms:
        return catalog
    committees = []
    n_items = 0
    for c in catalog.committees:
        meetings = []
        for m in c.meetings:
            items = tuple(i for i in m.items
                          if all(t in f"{i.label} {i.title}".casefold() for t in terms))
            if items:
                meetings.append(CatalogMeeting(m.source, m.meeting, m.label, items))
                n_items += len(items)
        if meetings:
            committees.append(Committee(c.name, tuple(meetings)))
    dates = [m.meeting.best_date for c in committees for m in c.meetings if m.meeting.best_date]
    return Catalog(tuple(committees), sum(len(c.meetings) for c in committees), n_items,
                   min(dates) if dates else None, max(dates) if dates else None)


def catalog_summary(catalog: Catalog) -> str:
    """'5 meetings of 3 committees, 32 agenda items, July 2017 to February 2022'."""
    span = ""
    if catalog.first_date:
        first, last = format_date(catalog.first_date), format_date(catalog.last_date)
        span = f", {first} to {last}" if first != last else f", {first}"
    committees = len(catalog.committees)
    return (
        f"{catalog.meetings} meeting{'s' * (catalog.meetings != 1)} of "
        f"{committees} committee{'s' * (committees != 1)}, "
        f"{catalog.items} agenda item{'s' * (catalog.items != 1)}{span}"
    )


def find_item(index: LoadedIndex, iid: str) -> tuple[AgendaItem, Meeting] | None:
    item = index.items.get(iid)
    if item is None or item.source not in index.documents:
        return None
    return item, index.meeting(item.source)


def meeting_to_json(m: CatalogMeeting) -> dict[str, Any]:
    meeting = m.meeting
    return {
        "source": m.source,
        "committee": meeting.committee,
        "date": meeting.date,
        "date_inferred": None if meeting.date else meeting.date_inferred,
        "committee_inferred": bool(meeting.committee) and "committee" in meeting.inferred,
        "url": meeting.url,
        "label": m.label,
        "items": [{"id": i.id, "item": i.item, "title": i.title, "label": i.label}
                  for i in m.items],
    }


def catalog_to_json(catalog: Catalog) -> dict[str, Any]:
    return {
        "meetings": catalog.meetings,
        "items": catalog.items,
        "first_date": catalog.first_date,
        "last_date": catalog.last_date,
        "committees": [
            {"name": c.name, "meetings": [meeting_to_json(m) for m in c.meetings]}
            for c in catalog.committees
        ],
    }


def item_to_json(iid: str, item: AgendaItem, meeting: Meeting) -> dict[str, Any]:
    return {
        "id": iid,
        "source": item.source,
        "item": item.item,
        "title": item.title,
        "committee": meeting.committee,
        "date": meeting.date,
        "date_inferred": None if meeting.date else meeting.date_inferred,
        "committee_inferred": bool(meeting.committee) and "committee" in meeting.inferred,
        "url": meeting.url,
        "label": label(Source.of(meeting, item)),
        "resolutions": list(item.resolutions),
        "truncated": item.truncated,
        "text": item.text,
    }
