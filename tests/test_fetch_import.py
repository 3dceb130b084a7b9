"""``python -m qa_bot import``: pages and PDFs a person saved from a browser
(issue 11), recognised by their content, with the URL the page records."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from fake_moderngov import meeting_page, meetings_page, minutes_pdf, standard_site

from qa_bot.fetch.importer import import_paths
from qa_bot.fetch.moderngov import (
    has_minutes_text,
    meeting_heading,
    page_kind,
    page_url,
)
from qa_bot.parse import parse_corpus
from qa_bot.parse.manifest import load_manifest
from qa_bot.settings import Settings

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = "https://democracy.fernbrook.example/ieListDocuments.aspx?CId=11&MId=501"


def saved_folder(root: Path) -> Path:
    """What "Save page as" leaves: pages, their _files folders, a PDF."""
    site = standard_site()
    folder = root / "saved"
    (folder / "Planning Committee_files").mkdir(parents=True)
    page = meeting_page(site, site.meetings[501]).decode()
    # Browsers record the address in a comment before the page.
    (folder / "Planning Committee.html").write_text(
        f"<!-- saved from url=({len(PUBLISHED):04d}){PUBLISHED} -->\n" + page, encoding="utf-8")
    (folder / "Planning Committee_files" / "styles.css").write_text("body { color: black }")
    (folder / "Planning Committee_files" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    canonical = meeting_page(site, site.meetings[502]).decode().replace(
        "<head>", '<head><link rel="canonical" href="https://democracy.fernbrook.example/'
                  'ieListDocuments.aspx?CId=11&amp;MId=502">')
    (folder / "April.htm").write_text(canonical, encoding="utf-8")
    (folder / "Browse meetings.html").write_bytes(meetings_page(site, 11))
    (folder / "Pool roof agenda.html").write_bytes(meeting_page(site, site.meetings[602]))  # no minutes yet
    (folder / "Printed minutes.pdf").write_bytes(minutes_pdf(site, site.meetings[601]))
    return folder


def test_page_kinds_are_recognised_by_content():
    site = standard_site()
    assert page_kind(meeting_page(site, site.meetings[501]).decode()) == "meeting"
    assert page_kind(meetings_page(site, 11).decode()) == "meetings"
    assert page_kind("<html><body><p>Parish newsletter</p></body></html>") is None
    assert page_url(f"<!-- saved from url=(0072){PUBLISHED} -->\n<html></html>") == PUBLISHED
    # The parser's own ModernGov page fixture, written independently of the fake site.
    shaped = (Path(__file__).parent / "data" / "shapes" / "cabinet_2017_extract.html").read_text(encoding="utf-8")
    assert page_kind(shaped) == "meeting"
    assert meeting_heading(shaped) == ("Cabinet", "2017-07-20")
    assert has_minutes_text(shaped)
    assert not has_minutes_text(meeting_page(site, site.meetings[602]).decode())


def test_import_adds_minutes_with_their_url_and_skips_what_it_has(tmp_path):
    folder = saved_folder(tmp_path)
    settings = Settings(corpus_dir=tmp_path / "corpus")
    report = import_paths([folder], settings, council="Fernbrook District Council")
    assert (report.added, report.skipped, report.already, report.failed) == (3, 2, 0, 0)
    assert any("a list of meetings" in p for p in report.problems)
    assert any("Pool roof agenda.html: an agenda without minutes" in p for p in report.problems)
    rows = {r.file: r for r in load_manifest(settings.corpus_dir).rows.values()}
    march = next(r for r in rows.values() if r.url == PUBLISHED)
    assert (march.committee, march.date, march.council) == ("Planning Committee", "2024-03-12",
                                                           "Fernbrook District Council")
    april = next(r for r in rows.values() if r.date == "2024-04-09")
    assert april.url.endswith("MId=502")
    docs = {d.source: d for d in parse_corpus([settings.corpus_dir]).documents}
    assert docs[march.file].meeting.url == PUBLISHED
    assert [i.item for i in docs[march.file].items] == ["14", "15"]
    # The same folder again, and a zip of it: nothing new.
    again = import_paths([folder], settings)
    assert (again.added, again.already) == (0, 3)
    archive = tmp_path / "saved.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.rglob("*"):
            if path.is_file():
                z.write(path, path.relative_to(folder).as_posix())
    zipped = import_paths([archive], settings)
    assert (zipped.added, zipped.already, zipped.failed) == (0, 3, 0)


def test_import_from_a_zip_into_an_empty_corpus_by_the_cli(tmp_path):
    folder = saved_folder(tmp_path)
    archive = tmp_path / "saved.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.rglob("*"):
            if path.is_file():
                z.write(path, "minutes/" + path.relative_to(folder).as_posix())
    done = subprocess.run([sys.executable, "-m", "qa_bot", "import", str(archive), str(tmp_path / "missing.html"),
                           "--corpus", str(tmp_path / "corpus")],
                          cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1  # one path missing
    assert "missing.html: no such file or folder" in done.stderr
    assert done.stdout.strip().startswith("import: ") and "3 added" in done.stdout
    assert len(load_manifest(tmp_path / "corpus").rows) == 3
