"""The ModernGov fetcher against a fake ModernGov site on 127.0.0.1 (issue 11):
a first full fetch, a second run that downloads nothing, a changed page, a
new meeting, a site that ignores the date range, the web service switched
off, a firewall's 403, every bad answer of the issue, and the manifest."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_moderngov import FakeMeeting, RunningSite, standard_site

from qa_bot.fetch import fetch_minutes
from qa_bot.fetch.moderngov import ModernGov, site_root
from qa_bot.parse import parse_corpus
from qa_bot.parse.manifest import load_manifest
from qa_bot.settings import Settings

REPO = Path(__file__).resolve().parents[1]
FETCHED = {  # meeting id -> (committee, date, kind)
    501: ("Planning Committee", "2024-03-12", "html"),
    502: ("Planning Committee", "2024-04-09", "html"),
    601: ("Community Services Committee", "2024-02-20", "pdf"),
}


def settings_for(corpus: Path, **changes) -> Settings:
    return Settings(corpus_dir=corpus, **{"fetch_delay_s": 0.0, "fetch_retries": 1, **changes})


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    environ = {**os.environ, "QA_BOT_FETCH_DELAY_S": "0", "QA_BOT_FETCH_RETRIES": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "qa_bot", *args], check=False, cwd=REPO, env=environ,
                          capture_output=True, text=True, timeout=timeout)


def visible_files(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in corpus.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_first_fetch_fills_the_corpus_with_minutes_and_manifest_rows(tmp_path):
    corpus = tmp_path / "corpus"
    with RunningSite(standard_site()) as site:
        report = fetch_minutes("moderngov", site.url, settings_for(corpus), council="Fernbrook District Council")
    assert (report.seen, report.new, report.changed, report.no_minutes, report.failed) == (4, 3, 0, 1, 0)
    assert report.exit_code == 0
    manifest = load_manifest(corpus)
    rows = {r.file: r for r in manifest.rows.values()}
    assert len(rows) == 3
    by_id = {name.rsplit("_mg", 1)[1].split(".")[0]: row for name, row in rows.items()}
    for mid, (committee, date, kind) in FETCHED.items():
        row = by_id[str(mid)]
        assert (row.committee, row.date, row.council) == (committee, date, "Fernbrook District Council")
        assert row.file.endswith("." + kind)
        assert dt.datetime.fromisoformat(row.fetched_at).tzinfo is not None
        if kind == "html":
            assert row.url == f"{site.url}/ieListDocuments.aspx?CId=11&MId={mid}"
        else:
            assert row.url.startswith(f"{site.url}/documents/g{mid}/Printed%20minutes")
    # The parser reads every fetched file into items, with the published URL.
    parsed = parse_corpus([corpus])
    docs = {d.source: d for d in parsed.documents}
    assert set(docs) == set(rows)
    for name, doc in docs.items():
        assert doc.meeting.url == rows[name].url
        assert len(doc.items) == 2
    mill_lane = next(d for d in docs.values() if d.meeting.date == "2024-03-12")
    assert [i.item for i in mill_lane.items] == ["14", "15"]
    assert "twelve electric vehicle charging points" in mill_lane.items[1].text


def test_second_run_downloads_nothing_then_a_changed_page_and_a_new_meeting(tmp_path):
    corpus = tmp_path / "corpus"
    with RunningSite(standard_site()) as site:
        fetch_minutes("moderngov", site.url, settings_for(corpus))
        before = visible_files(corpus)
        stamps = {p.name: p.stat().st_mtime_ns for p in corpus.iterdir() if p.is_file()}
        site.hits.clear()

        again = fetch_minutes("moderngov", site.url, settings_for(corpus))
        assert (again.new, again.changed, again.unchanged, again.failed) == (0, 0, 3, 0)
        assert [h for h in site.hits if h[1] == 200] == [("/robots.txt", 200)]  # all else 304
        assert visible_files(corpus) == before
        assert {p.name: p.stat().st_mtime_ns for p in corpus.iterdir() if p.is_file()} == stamps

        site.meetings[502].items[1] = ("17", "Orchard Row housing scheme",
                                       "RESOLVED: That the application be deferred for a site visit.")
        site.meetings[503] = FakeMeeting(503, 11, dt.date(2024, 5, 7), [
            ("18", "Riverside footbridge", "RESOLVED: That the footbridge be repainted green."),
        ])
        site.hits.clear()
        third = fetch_minutes("moderngov", site.url, settings_for(corpus))
    assert (third.new, third.changed, third.unchanged, third.failed) == (1, 1, 2, 0)
    after = visible_files(corpus)
    changed = [n for n in before if before[n] != after[n]]
    assert len(changed) == 2 and "manifest.csv" in changed
    assert b"deferred for a site visit" in after[next(n for n in changed if n.endswith(".html"))]
    new = [n for n in after if n not in before]
    assert len(new) == 1 and b"footbridge be repainted green" in after[new[0]]
    assert len(load_manifest(corpus).rows) == 4


def test_a_site_that_ignores_the_date_range_is_filtered_on_meetingdate(tmp_path):
    site_model = standard_site()
    site_model.ignore_dates = True
    with RunningSite(site_model) as site:
        report = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c"),
                               since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))
    assert (report.seen, report.new) == (1, 1)
    assert [r.date for r in load_manifest(tmp_path / "c").rows.values()] == ["2024-03-12"]


def test_committee_option_and_an_unknown_committee(tmp_path):
    with RunningSite(standard_site()) as site:
        report = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c"), committees=("planning",))
        assert (report.seen, report.new) == (2, 2)
        unknown = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "d"), committees=("Cabinet",))
    assert unknown.exit_code == 2
    assert "no committee called 'Cabinet'" in unknown.site_error and "Planning Committee" in unknown.site_error


def test_with_the_web_service_switched_off_the_public_pages_are_read(tmp_path):
    with RunningSite(standard_site()) as site:
        on = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "on"))
    off_model = standard_site()
    off_model.service = False
    with RunningSite(off_model) as site:
        off = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "off"))
        assert not any(path.startswith("/mgWebService.asmx/GetMeeting") for path, _ in site.hits)
        assert any(path == "/ieListMeetings.aspx" for path, _ in site.hits)
    assert (off.seen, off.new, off.no_minutes, off.failed) == (on.seen, on.new, on.no_minutes, 0)
    assert sorted(visible_files(tmp_path / "off")) == sorted(visible_files(tmp_path / "on"))
    rows = load_manifest(tmp_path / "off").rows.values()
    assert {r.committee for r in rows} == {"Planning Committee", "Community Services Committee"}
    assert all(r.url.startswith(site.url) for r in rows)


def test_a_firewall_403_is_one_line_naming_the_site_and_offering_import(tmp_path):
    waf = standard_site()
    waf.waf = True
    with RunningSite(waf) as site:
        done = run_cli("fetch", "moderngov", site.url, "--corpus", str(tmp_path / "c"))
    assert done.returncode == 2
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("ERROR")]
    assert len(errors) == 1, done.stderr
    assert f"127.0.0.1:{site.port}" in errors[0] and "403" in errors[0]
    assert "python -m qa_bot import" in errors[0]
    assert "Traceback" not in done.stderr
    assert len(done.stdout.strip().splitlines()) == 1


def test_a_site_that_is_down_is_one_line_and_exit_2(tmp_path):
    with RunningSite(standard_site()) as site:
        url = site.url
    done = run_cli("fetch", "moderngov", url, "--corpus", str(tmp_path / "c"))
    assert done.returncode == 2
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr


def test_robots_txt_is_obeyed(tmp_path):
    closed = standard_site()
    closed.robots = "User-agent: *\nDisallow: /\n"
    with RunningSite(closed) as site:
        report = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c"))
        assert [path for path, _ in site.hits] == ["/robots.txt"]
    assert report.exit_code == 2 and "robots.txt" in report.site_error


def test_a_503_is_retried_with_backoff(tmp_path):
    flaky = standard_site()
    flaky.flaky_left = {501: 1}
    with RunningSite(flaky) as site:
        report = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c"))
        statuses = [s for path, s in site.hits if path == "/ieListDocuments.aspx"]
    assert report.failed == 0 and report.new == 3
    assert statuses.count(503) == 1


FAULTS = {  # meeting id -> (fault, what its line says)
    501: ("getmeeting_html", "an HTML page where XML was expected"),
    502: ("getmeeting_malformed", "malformed XML"),
    601: ("pdf_not_pdf", "not a PDF"),
}


def test_every_bad_answer_is_one_line_naming_the_meeting_and_nothing_is_lost(tmp_path):
    corpus = tmp_path / "corpus"
    model = standard_site()
    extra = {
        701: ("page_down", "HTTP 503"),
        702: ("pdf_huge", "byte limit"),
        703: ("redirect_away", "redirected to another host"),
    }
    for mid, (fault, _) in extra.items():
        model.meetings[mid] = FakeMeeting(mid, 12, dt.date(2024, 6, mid - 690), [
            ("1", "Minutes of the last meeting", f"RESOLVED: That the minutes of meeting {mid} be signed."),
        ], minutes="pdf" if fault == "pdf_huge" else "html")
    with RunningSite(model) as site:
        first = run_cli("fetch", "moderngov", site.url, "--corpus", str(corpus))
        assert first.returncode == 0, first.stderr
        kept = visible_files(corpus)
        assert len(kept) == 1 + 3 + 3  # the manifest, the standard three, the three extra

        for mid, (fault, _) in {**FAULTS, **extra}.items():
            model.meetings[mid].fault = fault
        site.meetings[801] = FakeMeeting(801, 11, dt.date(2024, 7, 2), [
            ("20", "Bus shelter at Quarry Road", "RESOLVED: That a bus shelter be built at Quarry Road."),
        ])
        done = run_cli("fetch", "moderngov", site.url, "--corpus", str(corpus))
        assert not any("elsewhere.invalid" in path for path, _ in site.hits)
    assert done.returncode == 1, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("WARNING")]
    assert len(lines) == len(FAULTS) + len(extra), done.stderr
    for mid, (_fault, says) in {**FAULTS, **extra}.items():
        line = next(ln for ln in lines if f"(meeting {mid})" in ln)
        assert says in line and line.endswith("skipped"), line
    summary = done.stdout.strip().splitlines()
    assert len(summary) == 1 and "1 new" in summary[0] and "6 failed" in summary[0]
    after = visible_files(corpus)
    for name, data in kept.items():  # nothing already in the corpus is lost or altered
        if name != "manifest.csv":
            assert after[name] == data
    assert len(load_manifest(corpus).rows) == 7


def test_a_meeting_without_minutes_is_skipped_quietly_and_fetched_once_published(tmp_path):
    with RunningSite(standard_site()) as site:
        fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c"))
        assert not any("_mg602" in name for name in visible_files(tmp_path / "c"))
        site.meetings[602].minutes = "html"
        report = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c"))
    assert (report.new, report.no_minutes) == (1, 0)
    assert any("_mg602" in name for name in visible_files(tmp_path / "c"))


def test_document_links_come_back_on_the_sites_own_scheme():
    fetcher = ModernGov("https://democracy.example.gov.uk/", client=None)  # type: ignore[arg-type]
    assert fetcher.on_site("http://democracy.example.gov.uk/documents/g1/Printed minutes.pdf?T=1") == (
        "https://democracy.example.gov.uk/documents/g1/Printed%20minutes.pdf?T=1")
    assert fetcher.on_site("http://other.example.org/a.pdf") == "http://other.example.org/a.pdf"
    assert site_root("https://democracy.example.gov.uk/mgListCommittees.aspx?bcr=1") == (
        "https://democracy.example.gov.uk")
    assert site_root("https://www.example.gov.uk/democracy/mgWebService.asmx") == (
        "https://www.example.gov.uk/democracy")
    with pytest.raises(ValueError):
        site_root("democracy.example.gov.uk")


def test_old_manifests_still_load_and_new_columns_are_read(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,committee,date,url,inferred\na.txt,Council,2020-01-02,,\n")
    row = load_manifest(tmp_path).get("a.txt")
    assert (row.committee, row.council, row.fetched_at) == ("Council", None, None)
    (tmp_path / "manifest.csv").write_text(
        "file,committee,date,url,inferred,council,fetched_at\n"
        "b.html,Cabinet,2021-05-06,https://d.example/x,,Exampleshire,2026-01-01T00:00:00+00:00\n")
    row = load_manifest(tmp_path).get("b.html")
    assert (row.url, row.council, row.fetched_at) == ("https://d.example/x", "Exampleshire",
                                                     "2026-01-01T00:00:00+00:00")


def test_a_pdf_the_meeting_page_lists_as_just_minutes_is_found_without_the_service(tmp_path):
    model = standard_site()
    model.service = False
    model.meetings[601].pdf_label = "Minutes"
    # An item's "Minutes" link is the previous meeting's: never taken for this one's.
    model.meetings[602].items.append(("11", "Minutes of the last meeting", "To agree the minutes."))
    with RunningSite(model) as site:
        report = fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c"))
    assert (report.new, report.no_minutes, report.failed) == (3, 1, 0)
    assert any(name.endswith("_mg601.pdf") for name in visible_files(tmp_path / "c"))


def test_one_request_at_a_time_with_a_pause_and_a_user_agent_that_says_who_we_are(tmp_path):
    with RunningSite(standard_site()) as site:
        fetch_minutes("moderngov", site.url, settings_for(tmp_path / "c", fetch_delay_s=0.2),
                      committees=("Community Services Committee",))
        arrivals = list(site.arrivals)
    gaps = [later - earlier for (earlier, _), (later, _) in itertools.pairwise(arrivals)]
    # Measured where the requests arrive, so allow for scheduling jitter on a busy machine.
    assert len(arrivals) >= 5 and min(gaps) >= 0.15 and sum(gaps) / len(gaps) >= 0.2
    assert {agent for _, agent in arrivals} == {Settings().fetch_user_agent}
    assert "qa-bot-minutes-fetcher" in Settings().fetch_user_agent


def test_the_validator_cache_forgets_what_the_site_no_longer_lists(tmp_path):
    corpus = tmp_path / "c"
    with RunningSite(standard_site()) as site:
        fetch_minutes("moderngov", site.url, settings_for(corpus))
        entries = len(list((corpus / ".fetch" / "http").iterdir()))
        del site.meetings[502]
        report = fetch_minutes("moderngov", site.url, settings_for(corpus))
    assert report.failed == 0
    assert len(list((corpus / ".fetch" / "http").iterdir())) == entries - 4  # GetMeeting and page, 2 files each
    assert any(name.endswith("_mg502.html") for name in visible_files(corpus))  # its minutes stay
