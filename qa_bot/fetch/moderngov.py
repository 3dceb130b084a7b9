"""ModernGov (Civica's modern.gov), the system most English and Welsh
councils publish their meetings with.

Two ways in, the first preferred:

1. The public web service ``mgWebService.asmx``, which answers plain GETs
   with lower-case XML:
   ``GetCommittees?lDays=0`` -> ``committee`` elements with ``committeeid``,
   ``committeetitle``, ``committeedeleted``;
   ``GetMeetings?lCommitteeId=N&sFromDate=dd/mm/yyyy&sToDate=dd/mm/yyyy`` ->
   ``meeting`` elements with ``meetingid``, ``meetingdate`` (dd/mm/yyyy);
   ``GetMeeting?lMeetingId=N`` -> one ``meeting`` with ``minutepublished``
   (or ``isminutepublished``) "True"/"False" and ``agendaitems`` /
   ``agendaitem`` (``agendaitemtitle``, ``linkeddocuments`` / ``linkeddoc``
   with ``title`` and ``url``).
   Some sites ignore the date range and return a committee's whole history,
   so dates are filtered here too.  Document URLs often come back as
   ``http://`` on an ``https://`` site: they are put back on the site's own
   scheme.
2. Where the service is switched off, the public pages:
   ``mgListCommittees.aspx`` (links to ``mgCommitteeDetails.aspx?ID=N``),
   ``ieListMeetings.aspx?CId=N&Year=0`` (links to
   ``ieListDocuments.aspx?CId=N&MId=M`` whose text is the meeting's date),
   ``ieListDocuments.aspx`` itself (the "Agenda and minutes" page: a
   ``mgSubTitleTxt`` heading "Committee - Tuesday, 12th March, 2024 ...", the
   items with their "Minutes:" text, and a "Printed minutes" PDF link) and
   ``mgAi.aspx`` (one agenda item's page, which ``import`` recognises).

The minutes of a meeting are its ``ieListDocuments.aspx`` page when that
page carries the minutes text, else its printed-minutes PDF.  A meeting
whose minutes are not published yet is skipped and looked at again next run.

Sources read to learn these shapes (nothing copied): symroe/CouncillorData
(README and parameters.txt: the service's operations and their required
parameters), CampaignLab/council-scraper (app/workers: the meeting pages'
``mgSubTitleTxt`` heading and the "Printed minutes" links), a ModGov minutes
scraper found by the code search (its ``format_meetings_api_url`` with
dd/mm/yyyy dates, ``minutepublished``, ``linkeddoc``/``url``, conditional
GetMeeting requests), and notes by others quoted in issue 11 (GET
parameters, ``http://`` document URLs, date ranges ignored, 403 firewalls,
``ieListMeetings.aspx?CId=N&Year=0`` listings).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, quote, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from qa_bot.fetch.base import (
    Disallowed,
    FetchError,
    MeetingError,
    MeetingRef,
    Minutes,
    NoMinutes,
    SiteBlocked,
    SiteError,
)
from qa_bot.fetch.http import PoliteClient, Response
from qa_bot.parse.html import html_to_text
from qa_bot.parse.moderngov import DECISION_LABEL, has_minutes_labels
from qa_bot.parse.pdf import is_pdf
from qa_bot.parse.text import lines_of

logger = logging.getLogger(__name__)

SYSTEM = "moderngov"
SERVICE = "mgWebService.asmx"
_EARLIEST = dt.date(1990, 1, 1)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_TEXT_DATE = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})")
_SLASH_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_HEADING = re.compile(r"^(?P<committee>.+?)\s+-\s+(?:[A-Za-z]+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+")
_PRINTED = re.compile(r"printed\s+(?:draft\s+)?minutes", re.IGNORECASE)
_OWN_MINUTES = re.compile(r"^(?:draft\s+)?minutes\b", re.IGNORECASE)
_DOCUMENT = re.compile(r"\.pdf(?:$|\?)|mgConvert2PDF\.aspx", re.IGNORECASE)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)


class ServiceOff(FetchError):
    """The web service does not answer usefully on this site."""


@dataclass(frozen=True)
class Committee:
    id: str
    title: str


# ------------------------------------------------------------------ the fetcher


class ModernGov:
    """Meetings and minutes of one ModernGov site (see the module docstring)."""

    def __init__(
        self,
        root_url: str,
        client: PoliteClient,
        *,
        council: str | None = None,
        committees: Sequence[str] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> None:
        self.root = site_root(root_url)
        self.client = client
        self.council = council or (urlsplit(self.root).hostname or self.root)
        self.committee_names = tuple(committees)
        self.since = since
        self.until = until
        self.use_service: bool | None = None
        self.warnings: list[str] = []  # committees whose meetings could not be listed

    # -------------------------------------------------------------- listing

    def list_meetings(self) -> Iterator[MeetingRef]:
        committees = self._committees()
        for committee in self._chosen(committees):
            try:
                if self.use_service:
                    refs = self._service_meetings(committee)
                else:
                    refs = self._page_meetings(committee)
            except (SiteBlocked, Disallowed):
                raise
            except FetchError as exc:
                self.warnings.append(f"{committee.title}: its meetings could not be listed ({exc}); skipped")
                continue
            for ref in refs:
                if self._in_range(ref.date):
                    yield ref

    def _committees(self) -> list[Committee]:
        try:
            committees = self._service_committees()
            self.use_service = True
            return committees
        except SiteBlocked:
            raise
        except (ServiceOff, FetchError) as exc:
            if isinstance(exc, SiteError) and not isinstance(exc, Disallowed):
                raise
            logger.info("%s: the web service is not available (%s); reading the public pages", self.root, exc)
        self.use_service = False
        try:
            return self._page_committees()
        except SiteError:
            raise
        except FetchError as exc:
            raise SiteError(f"{self.root}: neither the ModernGov web service nor its committee list "
                            f"could be read ({exc})") from exc

    def _chosen(self, committees: list[Committee]) -> list[Committee]:
        if not self.committee_names:
            return committees
        chosen: list[Committee] = []
        for name in self.committee_names:
            wanted = name.casefold().strip()
            exact = [c for c in committees if c.title.casefold() == wanted]
            found = exact or [c for c in committees if wanted in c.title.casefold()]
            if not found:
                some = ", ".join(c.title for c in committees[:8])
                raise SiteError(f"{self.root} has no committee called {name!r} (it has {len(committees)}: "
                                f"{some}{', ...' if len(committees) > 8 else ''})")
            chosen.extend(c for c in found if c not in chosen)
        return chosen

    def _in_range(self, date: str | None) -> bool:
        """Within --since/--until (--until defaults to today: a meeting still
        to come has no minutes)."""
        if date is None:
            return self.since is None and self.until is None
        day = dt.date.fromisoformat(date)
        until = self.until or dt.date.today()
        return (self.since is None or day >= self.since) and day <= until

    def _service_url(self, operation: str, **params: str) -> str:
        query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in params.items())
        return f"{self.root}/{SERVICE}/{operation}" + (f"?{query}" if query else "")

    def _service_committees(self) -> list[Committee]:
        try:
            root = _xml(self.client.get(self._service_url("GetCommittees", lDays="0")))
        except SiteBlocked:
            raise
        except FetchError as exc:
            raise ServiceOff(str(exc)) from exc
        out = []
        for node in _elements(root, "committee"):
            cid, title = _child(node, "committeeid"), _child(node, "committeetitle")
            if cid and title and (_child(node, "committeedeleted") or "").lower() != "true":
                out.append(Committee(cid, _clean(title)))
        if not out and not list(_elements(root, "committees")):
            raise ServiceOff("GetCommittees answered without committees")
        return out

    def _service_meetings(self, committee: Committee) -> list[MeetingRef]:
        # The range only narrows what the site sends (some ignore it; dates
        # are filtered here).  Without --until it ends with next year, so the
        # address, and with it the conditional request, stays the same all year.
        since = self.since or _EARLIEST
        until = self.until or dt.date(dt.date.today().year + 1, 12, 31)
        try:
            root = _xml(self.client.get(self._service_url(
                "GetMeetings", lCommitteeId=committee.id,
                sFromDate=since.strftime("%d/%m/%Y"), sToDate=until.strftime("%d/%m/%Y"))))
        except SiteError:
            raise
        except FetchError:  # a site that wants ISO dates: ask once more
            root = _xml(self.client.get(self._service_url(
                "GetMeetings", lCommitteeId=committee.id,
                sFromDate=since.isoformat(), sToDate=until.isoformat())))
        refs = []
        for node in _elements(root, "meeting"):
            mid = _child(node, "meetingid")
            if not mid:
                continue
            refs.append(self._ref(committee, mid, parse_date(_child(node, "meetingdate") or ""),
                                  _flag(node, "minutepublished", "isminutepublished")))
        return refs

    def _page_committees(self) -> list[Committee]:
        page = self.client.get(f"{self.root}/mgListCommittees.aspx?bcr=1")
        tree = _html(page)
        out: dict[str, Committee] = {}
        for a in tree.css("a[href]"):
            href = a.attributes.get("href") or ""
            query = {k.lower(): v for k, v in parse_qs(urlsplit(href).query).items()}
            path = urlsplit(href).path.lower()
            cid = None
            if path.endswith("mgcommitteedetails.aspx"):
                cid = (query.get("id") or [None])[0]
            elif path.endswith("ielistmeetings.aspx"):
                cid = (query.get("cid") or query.get("committeeid") or [None])[0]
            title = _clean(a.text(deep=True))
            if cid and title and cid not in out:
                out[cid] = Committee(cid, title)
        if not out:
            raise FetchError("mgListCommittees.aspx lists no committees")
        return list(out.values())

    def _page_meetings(self, committee: Committee) -> list[MeetingRef]:
        page = self.client.get(f"{self.root}/ieListMeetings.aspx?CId={committee.id}&Year=0")
        refs: dict[str, MeetingRef] = {}
        for a in _html(page).css("a[href]"):
            href = a.attributes.get("href") or ""
            if not urlsplit(href).path.lower().endswith("ielistdocuments.aspx"):
                continue
            query = {k.lower(): v for k, v in parse_qs(urlsplit(href).query).items()}
            mid = (query.get("mid") or [None])[0]
            if mid and mid not in refs:
                refs[mid] = self._ref(committee, mid, parse_date(a.text(deep=True)), None)
        return list(refs.values())

    def _ref(self, committee: Committee, mid: str, date: str | None, published: bool | None) -> MeetingRef:
        return MeetingRef(
            system=SYSTEM, site_id=mid, council=self.council, committee=committee.title, date=date,
            url=f"{self.root}/ieListDocuments.aspx?CId={committee.id}&MId={mid}",
            minutes_published=published,
        )

    # -------------------------------------------------------------- minutes

    def get_minutes(self, meeting: MeetingRef) -> Minutes:
        """The meeting's minutes: its page where the page holds them, else the
        printed-minutes PDF.  NoMinutes when none are published yet,
        MeetingError for a bad answer."""
        documents: list[tuple[str, str]] = []
        if self.use_service:
            try:
                detail = _xml(self.client.get(self._service_url("GetMeeting", lMeetingId=meeting.site_id)))
            except SiteError:
                raise
            except FetchError as exc:
                raise MeetingError(f"GetMeeting: {exc}") from exc
            node = next(iter(_elements(detail, "meeting")), detail)
            published = _flag(node, "minutepublished", "isminutepublished")
            if published is None:
                published = meeting.minutes_published
            if published is False:
                raise NoMinutes("no minutes published yet")
            documents = [(_child(d, "title") or "", _child(d, "url") or "") for d in _elements(node, "linkeddoc")]
        try:
            page = self.client.get(meeting.url)
        except SiteError:
            raise
        except FetchError as exc:
            raise MeetingError(f"the meeting page: {exc}") from exc
        if not _looks_html(page):
            raise MeetingError("the meeting page is not an HTML page")
        tree = _html(page)
        content = _content_node(tree)
        if content is not None and has_minutes_text(content.html or ""):
            return Minutes(meeting, "html", saved_page(meeting, content.html or "", page_title(tree)), meeting.url)
        links = [(_clean(a.text(deep=True)), a.attributes.get("href") or "") for a in tree.css("a[href]")]
        # The meeting's own documents list (not an item's: the "Minutes" of an
        # item are the previous meeting's) may call them just "Minutes".
        own = [(_clean(a.text(deep=True)), a.attributes.get("href") or "")
               for a in tree.css(".mgLinks a[href], .mgActionList a[href]")]
        printed = [urljoin(page.url, href) for text, href in links + documents if _PRINTED.search(text) and href]
        printed += [urljoin(page.url, href) for text, href in own
                    if _OWN_MINUTES.match(text) and _DOCUMENT.search(href)]
        if not printed:
            raise NoMinutes("no minutes published yet")
        pdf_url = self.on_site(printed[0])
        try:
            pdf = self.client.get(pdf_url)
        except SiteError:
            raise
        except FetchError as exc:
            raise MeetingError(f"the printed minutes: {exc}") from exc
        if not is_pdf(pdf.content):
            raise MeetingError("the printed minutes are not a PDF")
        return Minutes(meeting, "pdf", pdf.content, pdf_url)

    def on_site(self, url: str) -> str:
        """``url`` on the site's own scheme and port when it names the site's
        host (the service returns ``http://`` links on ``https://`` sites),
        with spaces and other unsafe characters quoted."""
        parts, root = urlsplit(url), urlsplit(self.root)
        path = quote(parts.path, safe="/%:@!$&'()*+,;=~")
        query = quote(parts.query, safe="=&%/:+,;@!$'()*~")
        if (parts.hostname or "").lower() == (root.hostname or "").lower():
            return urlunsplit((root.scheme, root.netloc, path, query, ""))
        return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


# ------------------------------------------------------------------ pages


def site_root(url: str) -> str:
    """The site's root from its address or the address of any of its pages
    (``https://democracy.example.gov.uk/mgListCommittees.aspx`` ->
    ``https://democracy.example.gov.uk``)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) address of a ModernGov site")
    path = parts.path
    if path.lower().endswith((".aspx", ".asmx", ".htm", ".html")) or "/mgwebservice.asmx" in path.lower():
        path = path[: path.lower().find(SERVICE.lower())] if SERVICE.lower() in path.lower() else path.rsplit("/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/"), "", ""))


def page_kind(html: str) -> str | None:
    """Which ModernGov page a saved page is, from its content: "meeting"
    (ieListDocuments), "item" (mgAi), "meetings" (ieListMeetings),
    "committees" (mgListCommittees), "other" (ModernGov, something else) or
    None (not a ModernGov page)."""
    lowered = html.lower()
    if not any(mark in lowered for mark in ("mgsubtitletxt", "mgcontent", "mgmaintitletxt", "modgov",
                                             "ielistdocuments.aspx", "mgai.aspx", "mgitemtable")):
        return None
    tree = LexborHTMLParser(html)
    heading = _clean(_text_of(tree, "h1") or "").lower()
    if heading.startswith(("agenda item", "issue")):
        return "item"
    if tree.css_first(".mgItemTable") is not None or heading.startswith(
        ("agenda and minutes", "minutes", "agenda", "decisions")
    ):
        return "meeting"
    if tree.css_first(".mgAiTitleTxt") is not None:
        return "item"
    if lowered.count("ielistdocuments.aspx") >= 2 or heading.startswith(("browse meetings", "meetings")):
        return "meetings"
    if "mgcommitteedetails.aspx" in lowered and lowered.count("mgcommitteedetails.aspx") >= 2:
        return "committees"
    return "other"


def page_url(html: str) -> str | None:
    """The address a saved page records: the browser's "saved from url"
    comment, the canonical link, og:url or the base element."""
    m = _SAVED_FROM.search(html[:4096])
    if m and m.group(1).startswith(("http://", "https://")):
        return m.group(1)
    tree = LexborHTMLParser(html)
    for selector, attribute in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content"),
                                ("base[href]", "href")):
        node = tree.css_first(selector)
        value = (node.attributes.get(attribute) or "").strip() if node is not None else ""
        if value.startswith(("http://", "https://")):
            return value
    return None


def meeting_heading(html: str) -> tuple[str | None, str | None]:
    """(committee, ISO date) from a meeting page's "Committee - Tuesday, 12th
    March, 2024 10.00 am" heading, where it has one."""
    tree = LexborHTMLParser(html)
    text = _clean(_text_of(tree, ".mgSubTitleTxt") or _text_of(tree, "h2") or "")
    m = _HEADING.match(text)
    return ((m.group("committee").strip() if m else None), parse_date(text))


def page_title(tree: LexborHTMLParser) -> str:
    return _clean(_text_of(tree, ".mgSubTitleTxt") or _text_of(tree, "title") or "")


def saved_page(meeting: MeetingRef, content_html: str, title: str) -> bytes:
    """The minutes page as the corpus keeps it: the page's content, a title,
    and the published address as its canonical link."""
    heading = title or f"{meeting.committee} - {meeting.date or ''}"
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
        f"<title>{escape(heading)}</title>\n"
        f"<link rel=\"canonical\" href=\"{escape(meeting.url)}\">\n"
        "</head><body>\n" + content_html + "\n</body></html>\n"
    ).encode("utf-8")


def parse_date(text: str) -> str | None:
    """The first date in ``text`` (dd/mm/yyyy, ISO, or "12th March 2024") as ISO."""
    for pattern in (_SLASH_DATE, _ISO_DATE, _TEXT_DATE):
        m = pattern.search(text or "")
        if not m:
            continue
        month = m.group("month")
        month_n = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower())
        try:
            return dt.date(int(m.group("year")), month_n or 0, int(m.group("day"))).isoformat()
        except ValueError:
            continue
    return None


# ------------------------------------------------------------------ helpers


def _xml(response: Response) -> ET.Element:
    body = response.content.lstrip()
    head = body[:512].lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]:
        raise FetchError("an HTML page where XML was expected")
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise FetchError(f"malformed XML ({exc})") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _elements(root: ET.Element, name: str) -> Iterator[ET.Element]:
    return (node for node in root.iter() if isinstance(node.tag, str) and _local(node.tag) == name)


def _child(node: ET.Element, name: str) -> str | None:
    for child in node:
        if isinstance(child.tag, str) and _local(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def _flag(node: ET.Element, *names: str) -> bool | None:
    for name in names:
        value = _child(node, name)
        if value is not None:
            return value.strip().lower() in ("true", "1", "yes")
    return None


def _html(response: Response) -> LexborHTMLParser:
    return LexborHTMLParser(response.text)


def _looks_html(response: Response) -> bool:
    head = response.content[:1024].lstrip().lower()
    return "html" in response.content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _content_node(tree: LexborHTMLParser):
    return tree.css_first("#modgov") or tree.css_first(".mgContent") or tree.body


def has_minutes_text(html: str) -> bool:
    """Whether a page carries minutes (a "Minutes:" or "Decision:" label), not just an agenda."""
    text = html_to_text(html)
    return has_minutes_labels(text) or any(DECISION_LABEL.match(ln.content) for ln in lines_of(text))


def _text_of(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    return node.text(deep=True) if node is not None else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
