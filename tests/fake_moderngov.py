"""A fake ModernGov site on 127.0.0.1 for the fetcher's tests.

Shaped like the real thing (``mgWebService.asmx`` answering GETs with
lower-case XML, ``mgListCommittees.aspx``, ``ieListMeetings.aspx``,
``ieListDocuments.aspx`` "Agenda and minutes" pages with a
``mgSubTitleTxt`` heading, printed-minutes PDFs under ``documents/``), all
text in our own words about a fictional council.  Document links come back
as ``http://`` like the real service's.  Variants: ``ignore_dates`` (the
service returns every meeting whatever the range), ``waf`` (403 to any
client whose User-Agent does not look like a browser), ``service=False``
(the web service answers 404: the fetcher must read the pages).  Faults per
meeting reproduce the bad answers of issue 11.  Every answer carries an
ETag and honours If-None-Match; ``hits`` records (path, status) of every
request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from fpdf import FPDF

COUNCIL = "Fernbrook District Council"

# The fetcher honours HTTP(S)_PROXY; the fake site must never be reached through one.
os.environ["NO_PROXY"] = ",".join(filter(None, ["127.0.0.1", os.environ.get("NO_PROXY")]))


@dataclass
class FakeMeeting:
    mid: int
    cid: int
    date: dt.date
    items: list[tuple[str, str, str]]  # (number, title, minutes text)
    minutes: str = "html"  # "html" (on the page), "pdf" (printed minutes only) or "none"
    fault: str | None = None
    pdf_label: str = "Printed minutes"  # the meeting page's link text for the PDF


@dataclass
class FakeSite:
    committees: dict[int, str] = field(default_factory=dict)
    meetings: dict[int, FakeMeeting] = field(default_factory=dict)
    service: bool = True
    ignore_dates: bool = False
    waf: bool = False
    delay_s: float = 0.0
    robots: str = "User-agent: *\nDisallow: /mgCalendar\n"
    hits: list[tuple[str, int]] = field(default_factory=list)
    arrivals: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, User-Agent)
    flaky_left: dict[int, int] = field(default_factory=dict)  # mid -> 503 answers still to give
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pdf_path(self, m: FakeMeeting) -> str:
        return f"/documents/g{m.mid}/Printed minutes {m.date:%d%m%Y} {self.committees[m.cid]}.pdf"

    def meeting_url(self, m: FakeMeeting) -> str:
        return f"{self.url}/ieListDocuments.aspx?CId={m.cid}&MId={m.mid}"

    def downloads(self, prefix: str) -> int:
        """How many 200 answers went to paths starting with ``prefix``."""
        return sum(1 for path, status in self.hits if path.startswith(prefix) and status == 200)


def standard_site() -> FakeSite:
    """Two committees, four meetings: three with minutes on the page, one
    with printed minutes only, and one whose minutes are not out yet."""
    site = FakeSite(committees={11: "Planning Committee", 12: "Community Services Committee"})
    site.meetings = {m.mid: m for m in [
        FakeMeeting(501, 11, dt.date(2024, 3, 12), [
            ("14", "Apologies for absence", "Apologies were sent by Councillor Avery Quist."),
            ("15", "Mill Lane car park charging points",
             ("The committee considered a report on charging points for electric vehicles at Mill Lane "
             "car park. RESOLVED: That twelve electric vehicle charging points be installed at Mill Lane "
             "car park by the end of September 2024.")),
        ]),
        FakeMeeting(502, 11, dt.date(2024, 4, 9), [
            ("16", "Declarations of interest", "None were declared."),
            ("17", "Orchard Row housing scheme",
             ("Members discussed the outline application for forty homes at Orchard Row. RESOLVED: That "
             "the application be refused because the access road is too narrow for refuse lorries.")),
        ]),
        FakeMeeting(601, 12, dt.date(2024, 2, 20), [
            ("8", "Library opening hours",
             ("The committee reviewed the pilot of Sunday opening at Fernbrook library. RESOLVED: That "
             "Sunday opening from 10am to 2pm be made permanent from 1 May 2024.")),
            ("9", "Allotment rents",
             "RESOLVED: That allotment rents rise by four per cent from the next tenancy year."),
        ], minutes="pdf"),
        FakeMeeting(602, 12, dt.date(2024, 5, 14), [
            ("10", "Swimming pool roof", "To consider the survey of the pool roof."),
        ], minutes="none"),
    ]}
    return site


# ------------------------------------------------------------------ rendering


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def committees_xml(site: FakeSite) -> bytes:
    rows = "".join(
        f"<committee><committeeid>{cid}</committeeid><committeetitle>{title}</committeetitle>"
        "<committeedeleted>False</committeedeleted><committeeexpired>False</committeeexpired>"
        "<committeecategory>Committees</committeecategory></committee>"
        for cid, title in site.committees.items()
    )
    return _xml(f"<committees><committeescount>{len(site.committees)}</committeescount>{rows}</committees>")


def meetings_xml(site: FakeSite, cid: int, since: dt.date | None, until: dt.date | None) -> bytes:
    chosen = [m for m in site.meetings.values() if m.cid == cid and (
        site.ignore_dates or ((since is None or m.date >= since) and (until is None or m.date <= until)))]
    rows = "".join(
        f"<meeting><meetingid>{m.mid}</meetingid><committeeid>{cid}</committeeid>"
        f"<meetingdate>{m.date:%d/%m/%Y}</meetingdate><meetingtime>10:00</meetingtime>"
        "<meetingstatus>Confirmed</meetingstatus></meeting>"
        for m in sorted(chosen, key=lambda m: m.date)
    )
    return _xml(f"<getmeetings><meetingscount>{len(chosen)}</meetingscount><meetings>{rows}</meetings></getmeetings>")


def meeting_xml(site: FakeSite, m: FakeMeeting) -> bytes:
    docs = ""
    if m.minutes == "pdf":
        docs = (f"<linkeddocuments><linkeddoc><attachmentid>9{m.mid}</attachmentid><title>Printed minutes"
                f"</title><url>{site.url}{quote(site.pdf_path(m))}?T=1</url></linkeddoc></linkeddocuments>")
    items = "".join(
        f"<agendaitem><agendaitemid>{m.mid}{n}</agendaitemid><agendaitemnumber>{n}</agendaitemnumber>"
        f"<agendaitemtitle>{title}</agendaitemtitle>{docs if k == 0 else ''}</agendaitem>"
        for k, (n, title, _text) in enumerate(m.items)
    )
    published = "True" if m.minutes != "none" else "False"
    return _xml(
        f"<getmeeting><meeting><meetingid>{m.mid}</meetingid><committeeid>{m.cid}</committeeid>"
        f"<committeetitle>{site.committees[m.cid]}</committeetitle><meetingdate>{m.date:%d/%m/%Y}</meetingdate>"
        f"<minutepublished>{published}</minutepublished><agendaitems>{items}</agendaitems></meeting></getmeeting>"
    )


def _page(title: str, content: str) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - {COUNCIL}</title>
<script>var tracking = "none";</script></head>
<body><div id="site-header"><a href="/">{COUNCIL}</a> <a href="/mgListCommittees.aspx">Committees</a>
<a href="/mgMemberIndex.aspx">Councillors</a></div>
<div id="modgov"><div class="mgContent">
{content}
</div></div>
<div id="site-footer">Fernbrook District Council, Town Hall, Fernbrook. Cookies and privacy.</div>
</body></html>""".encode()


def meeting_page(site: FakeSite, m: FakeMeeting) -> bytes:
    committee = site.committees[m.cid]
    heading = f"{committee} - {m.date:%A}, {m.date.day}th {m.date:%B}, {m.date.year} 10.00 am"
    links = ""
    if m.minutes == "pdf":
        links = (f'<div class="mgLinks"><ul><li><a href="{site.url}{quote(site.pdf_path(m))}?T=1">'
                 f"{m.pdf_label}</a> PDF 88 KB</li></ul></div>")
    rows = []
    for n, title, text in m.items:
        minutes = (f'<p class="mgSubItemTitleTxt">Minutes:</p><div class="mgWordPara"><p>{text}</p></div>'
                   if m.minutes == "html" else "")
        rows.append(f'<tr><td class="mgItemNumberCell"><p>{n}.</p></td><td>'
                    f'<p class="mgAiTitleTxt"><a href="mgAi.aspx?ID={m.mid}{n}">{title}</a></p>'
                    f"<p>To consider the item.</p>{minutes}</td></tr>")
    main = "Agenda and minutes" if m.minutes == "html" else "Agenda"
    content = (f'<h1 class="mgMainTitleTxt">{main}</h1><h2 class="mgSubTitleTxt">{heading}</h2>{links}'
               '<p><span class="mgLabel">Venue: </span>Council Chamber, Fernbrook Town Hall</p>'
               f'<p><span class="mgLabel">Contact: </span>Democratic Services</p><h2>Items</h2>'
               f'<table class="mgItemTable"><tr><th>No.</th><th>Item</th></tr>{"".join(rows)}</table>')
    return _page(f"Agenda for {committee} on {m.date:%d/%m/%Y}", content)


def committees_page(site: FakeSite) -> bytes:
    items = "".join(f'<li><a href="mgCommitteeDetails.aspx?ID={cid}">{title}</a></li>'
                    for cid, title in site.committees.items())
    return _page("Committee structure", f'<h1 class="mgMainTitleTxt">Committee structure</h1><ul>{items}</ul>')


def meetings_page(site: FakeSite, cid: int) -> bytes:
    items = "".join(
        f'<li><a href="ieListDocuments.aspx?CId={cid}&amp;MId={m.mid}&amp;Ver=4">'
        f"{m.date.day} {m.date:%b} {m.date.year} 10.00 am</a></li>"
        for m in sorted(site.meetings.values(), key=lambda m: m.date) if m.cid == cid
    )
    return _page(f"Browse meetings - {site.committees[cid]}",
                 f'<h1 class="mgMainTitleTxt">Browse meetings - {site.committees[cid]}</h1><ul>{items}</ul>')


def minutes_pdf(site: FakeSite, m: FakeMeeting) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))  # the same bytes every time
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, f"{COUNCIL}\n\nMinutes of the meeting of the {site.committees[m.cid]} held at the "
                         f"Town Hall, Fernbrook on {m.date.day} {m.date:%B %Y} at 10.00 am\n")
    for n, title, text in m.items:
        pdf.multi_cell(0, 6, f"\n{n}. {title.upper()}\n\n{text}\n")
    return bytes(pdf.output())


ERROR_PAGE = b"<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>"


# ------------------------------------------------------------------ the server


class _Handler(BaseHTTPRequestHandler):
    site: FakeSite
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        site = self.site
        site.arrivals.append((time.monotonic(), self.headers.get("User-Agent") or ""))
        if site.delay_s:
            time.sleep(site.delay_s)
        parts = urlsplit(self.path)
        path, lower = parts.path, parts.path.lower()
        query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items()}
        if site.waf and "Mozilla" not in (self.headers.get("User-Agent") or ""):
            return self._send(403, b"<html><body>Request blocked.</body></html>", "text/html", path)
        if lower == "/robots.txt":
            return self._send(200, site.robots.encode(), "text/plain", path)
        if lower.startswith("/mgwebservice.asmx/"):
            if not site.service:
                return self._send(404, ERROR_PAGE, "text/html", path)
            op = lower.rsplit("/", 1)[-1]
            if op == "getcommittees":
                return self._send(200, committees_xml(site), "text/xml", path)
            if op == "getmeetings":
                return self._send(200, meetings_xml(site, int(query["lcommitteeid"]), _d(query.get("sfromdate")),
                                                     _d(query.get("stodate"))), "text/xml", path)
            if op == "getmeeting":
                m = site.meetings.get(int(query.get("lmeetingid", "0")))
                if m is None:
                    return self._send(500, ERROR_PAGE, "text/html", path)
                if m.fault == "getmeeting_html":
                    return self._send(200, ERROR_PAGE, "text/html", path)
                if m.fault == "getmeeting_malformed":
                    return self._send(200, meeting_xml(site, m)[:-40], "text/xml", path)
                return self._send(200, meeting_xml(site, m), "text/xml", path)
            return self._send(404, ERROR_PAGE, "text/html", path)
        if lower == "/mglistcommittees.aspx":
            return self._send(200, committees_page(site), "text/html", path)
        if lower == "/ielistmeetings.aspx":
            return self._send(200, meetings_page(site, int(query["cid"])), "text/html", path)
        if lower == "/ielistdocuments.aspx":
            m = site.meetings.get(int(query.get("mid", "0")))
            if m is None:
                return self._send(404, ERROR_PAGE, "text/html", path)
            if m.fault == "page_down":
                return self._send(503, ERROR_PAGE, "text/html", path)
            if site.flaky_left.get(m.mid, 0) > 0:
                site.flaky_left[m.mid] -= 1
                return self._send(503, ERROR_PAGE, "text/html", path, {"Retry-After": "0"})
            if m.fault == "redirect_away":
                return self._send(302, b"", "text/html", path, {"Location": "http://elsewhere.invalid/minutes"})
            return self._send(200, meeting_page(site, m), "text/html", path)
        if lower.startswith("/documents/g"):
            mid = int(lower.split("/")[2][1:])
            m = site.meetings.get(mid)
            if m is None:
                return self._send(404, ERROR_PAGE, "text/html", path)
            if m.fault == "pdf_not_pdf":
                return self._send(200, ERROR_PAGE, "application/pdf", path)
            if m.fault == "pdf_huge":
                return self._send_huge(path)
            return self._send(200, minutes_pdf(site, m), "application/pdf", path)
        return self._send(404, ERROR_PAGE, "text/html", path)

    def _send(self, status: int, body: bytes, kind: str, path: str, extra: dict | None = None) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.site.hits.append((path, 304))
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.site.hits.append((path, status))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if status == 200:
            self.send_header("ETag", etag)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _send_huge(self, path: str) -> None:
        """A 50 MB "attachment", streamed until the client gives up."""
        self.site.hits.append((path, 200))
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(50 * 1024 * 1024))
        self.end_headers()
        chunk = b"%PDF-1.4\n" + b"0" * 65527
        try:
            for _ in range(800):
                self.wfile.write(chunk)
        except OSError:
            pass


def _d(text: str | None) -> dt.date | None:
    if not text:
        return None
    day, month, year = (int(x) for x in text.split("/"))
    return dt.date(year, month, day)


class RunningSite:
    """``with RunningSite(site) as site:`` serves ``site`` on 127.0.0.1:<free port>."""

    def __init__(self, site: FakeSite) -> None:
        self.site = site
        handler = type("Handler", (_Handler,), {"site": site})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        site.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSite:
        self.thread.start()
        return self.site

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()
