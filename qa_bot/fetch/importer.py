"""``python -m qa_bot import PATH...``: minutes a person saved from a browser.

For sites whose firewall refuses the fetcher, or minutes from anywhere.
Takes saved pages (``.html``/``.htm``), PDFs and text files, folders of
them, and zip files of them.  ModernGov pages are recognised by their
content (``moderngov.page_kind``): a meeting page (ieListDocuments) or an
agenda item page (mgAi) is kept, a list of meetings or committees is
skipped with a line; other HTML and PDFs are kept as they are.  The
published address comes from the page itself when the browser recorded
it ("saved from url" comment, canonical link); the committee and date
from the page's heading.  A document the corpus already holds (same bytes)
is skipped, so importing the same folder twice adds nothing.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborHTMLParser

from qa_bot.fetch import document_stem, now_iso
from qa_bot.fetch.base import MeetingRef
from qa_bot.fetch.moderngov import (
    has_minutes_text,
    meeting_heading,
    page_kind,
    page_url,
)
from qa_bot.fetch.store import CorpusStore, slug
from qa_bot.parse.html import is_html
from qa_bot.parse.manifest import ManifestRow
from qa_bot.parse.pdf import is_pdf
from qa_bot.parse.text import looks_binary
from qa_bot.settings import Settings

logger = logging.getLogger(__name__)

_KEEP = {".html", ".htm", ".xhtml", ".pdf", ".txt", ".text"}
_SKIP_KINDS = {
    "meetings": "a list of meetings, not minutes",
    "committees": "a list of committees, not minutes",
    "other": "a ModernGov page that holds no minutes",
}


@dataclass
class ImportReport:
    seen: int = 0
    added: int = 0
    already: int = 0
    skipped: int = 0
    failed: int = 0
    missing: int = 0
    problems: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.missing and not self.seen:
            return 2
        return 1 if self.failed or self.missing else 0

    def summary(self) -> str:
        return (f"import: {self.seen} files read, {self.added} added, {self.already} already in the corpus, "
                f"{self.skipped} skipped, {self.failed} failed")


@dataclass(frozen=True)
class _Input:
    label: str  # how a line names it
    name: str  # its file name
    data: bytes


def import_paths(paths: list[Path], settings: Settings, *, council: str | None = None) -> ImportReport:
    report = ImportReport()
    store = CorpusStore(settings.corpus_dir)
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    with store.open():
        known = {digest: name for name, digest in store.hashes().items()}
        for item in _inputs(paths, settings.max_file_bytes, report):
            report.seen += 1
            try:
                _import_one(item, store, known, council, report)
            except OSError as exc:
                report.failed += 1
                _problem(report, f"{item.label}: could not be written ({exc}); skipped")
    return report


def _import_one(item: _Input, store: CorpusStore, known: dict[str, str], council: str | None,
                report: ImportReport) -> None:
    data, suffix = item.data, Path(item.name).suffix.lower()
    url = committee = date = None
    stem = slug(Path(item.name).stem, 80)
    if is_pdf(data):
        suffix = ".pdf"
    elif is_html(data, suffix):
        html = data.decode("utf-8", errors="replace")
        kind = page_kind(html)
        if kind in _SKIP_KINDS:
            report.skipped += 1
            _problem(report, f"{item.label}: {_SKIP_KINDS[kind]}; skipped")
            return
        url = page_url(html)
        suffix = ".html"
        if kind in ("meeting", "item") and not has_minutes_text(html):
            report.skipped += 1
            _problem(report, f"{item.label}: an agenda without minutes (they are not on this page yet); skipped")
            return
        if kind in ("meeting", "item"):
            committee, date = meeting_heading(html)
            data = _content_page(html, url)
            meeting_id = _meeting_id(url)
            if kind == "meeting" and meeting_id and committee:
                stem = document_stem(MeetingRef(
                    system="moderngov", site_id=meeting_id, council=council or _host(url) or "import",
                    committee=committee, date=date, url=url or "",
                ))
    elif looks_binary(data) or suffix not in (".txt", ".text"):
        report.skipped += 1
        _problem(report, f"{item.label}: not a saved page, PDF or text file; skipped")
        return
    else:
        suffix = ".txt"
    digest = hashlib.sha256(data).hexdigest()
    if digest in known:
        report.already += 1
        logger.info("%s: already in the corpus as %s; skipped", item.label, known[digest])
        return
    name = _free_name(store, stem, suffix)
    row = ManifestRow(file=name, committee=committee, date=date, url=url,
                      council=council or (_host(url) if url else None), fetched_at=now_iso())
    store.save(name, data, row)
    known[digest] = name
    report.added += 1
    report.files.append(name)


def _inputs(paths: list[Path], max_bytes: int, report: ImportReport) -> Iterator[_Input]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in rel.parts):
                    if child.suffix.lower() == ".zip":
                        yield from _zip(child, max_bytes, report)
                    elif child.suffix.lower() in _KEEP:
                        yield from _file(child, str(child), max_bytes, report)
        elif path.is_file() and zipfile.is_zipfile(path):
            yield from _zip(path, max_bytes, report)
        elif path.is_file():
            yield from _file(path, str(path), max_bytes, report)
        else:
            report.missing += 1
            _problem(report, f"{path}: no such file or folder")


def _file(path: Path, label: str, max_bytes: int, report: ImportReport) -> Iterator[_Input]:
    size = path.stat().st_size
    if size > max_bytes:
        report.seen += 1
        report.skipped += 1
        _problem(report, f"{label}: {size:,} bytes is over the {max_bytes:,}-byte limit; skipped")
        return
    yield _Input(label, path.name, path.read_bytes())


def _zip(path: Path, max_bytes: int, report: ImportReport) -> Iterator[_Input]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.seen += 1
        report.failed += 1
        _problem(report, f"{path}: not a readable zip file ({exc}); skipped")
        return
    with archive:
        for info in archive.infolist():
            parts = Path(info.filename).parts
            if info.is_dir() or any(p.startswith((".", "__MACOSX")) for p in parts):
                continue
            if Path(info.filename).suffix.lower() not in _KEEP:
                continue
            label = f"{path}:{info.filename}"
            if info.file_size > max_bytes:
                report.seen += 1
                report.skipped += 1
                _problem(report, f"{label}: {info.file_size:,} bytes is over the {max_bytes:,}-byte limit; skipped")
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(max_bytes + 1)
            except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
                report.seen += 1
                report.failed += 1
                _problem(report, f"{label}: cannot be read from the zip ({exc}); skipped")
                continue
            if len(data) > max_bytes:
                report.seen += 1
                report.skipped += 1
                _problem(report, f"{label}: over the {max_bytes:,}-byte limit; skipped")
                continue
            yield _Input(label, Path(info.filename).name, data)


def _content_page(html: str, url: str | None) -> bytes:
    """The page's ModernGov content with its title and address (as fetched pages are kept)."""
    tree = LexborHTMLParser(html)
    node = tree.css_first("#modgov") or tree.css_first(".mgContent") or tree.body
    title_node = tree.css_first("title")
    title = title_node.text(deep=True).strip() if title_node is not None else ""
    head = f"<title>{escape(title)}</title>\n"
    if url:
        head += f"<link rel=\"canonical\" href=\"{escape(url)}\">\n"
    body = node.html if node is not None else html
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n" + head
            + "</head><body>\n" + (body or "") + "\n</body></html>\n").encode("utf-8")


def _meeting_id(url: str | None) -> str | None:
    if not url:
        return None
    query = {k.lower(): v for k, v in parse_qs(urlsplit(url).query).items()}
    return (query.get("mid") or [None])[0]


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _free_name(store: CorpusStore, stem: str, suffix: str) -> str:
    name, n = stem + suffix, 2
    while store.existing(name) is not None:
        name, n = f"{stem}-{n}{suffix}", n + 1
    return name


def _problem(report: ImportReport, line: str) -> None:
    report.problems.append(line)
    logger.warning("%s", line)
