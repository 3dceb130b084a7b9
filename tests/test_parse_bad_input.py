"""Bad input: each file gives one clear warning naming it and is skipped or
kept as one untitled item; the other documents are still parsed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa_bot.parse import ParseError, load_manifest, parse_corpus, parse_file
from qa_bot.settings import Settings

SEED = "002_2c50a068347bab36.txt"


@pytest.fixture()
def corpus(tmp_path, corpus_dir) -> Path:
    shutil.copy(corpus_dir / SEED, tmp_path / SEED)
    return tmp_path


def only_warning_about(result, name: str) -> str:
    mine = [w for w in result.warnings if name in w]
    assert len(mine) == 1, result.warnings
    return mine[0]


def test_empty_file_is_skipped_with_a_warning(corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_text("  \n\n \t\n")
    result = parse_corpus([corpus])
    assert [d.source for d in result.documents] == [SEED]
    assert "empty" in only_warning_about(result, "empty.txt")
    assert "empty" in only_warning_about(result, "blank.txt")
    with pytest.raises(ParseError, match="empty.txt"):
        parse_file(corpus / "empty.txt")


def test_binary_file_is_skipped_with_a_warning(corpus):
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40)
    (corpus / "noise.txt").write_bytes(bytes((i * 7919) % 251 for i in range(1, 5000) if i % 251))
    result = parse_corpus([corpus])
    assert [d.source for d in result.documents] == [SEED]
    assert "binary" in only_warning_about(result, "photo.jpg")
    assert "binary" in only_warning_about(result, "noise.txt")


def test_other_encoding_is_decoded_with_a_warning(tmp_path, corpus_dir):
    text = (corpus_dir / SEED).read_text(encoding="utf-8").replace("\u00a0", " ")
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252", errors="replace"))
    (tmp_path / "latin1.txt").write_bytes(
        "Agenda item\n\nCafé grants\n\nMinutes:\n\nThe café got £5.\n".encode("latin-1")
    )
    result = parse_corpus([tmp_path])
    docs = {d.source: d for d in result.documents}
    assert sorted(docs) == ["cp1252.txt", "latin1.txt"]
    assert "not UTF-8" in only_warning_about(result, "cp1252.txt")
    assert "not UTF-8" in only_warning_about(result, "latin1.txt")
    doc = docs["cp1252.txt"]
    assert [i.item for i in doc.items] == [str(n) for n in range(60, 72)]
    assert "Children’s Services Improvement Plan" in doc.items[6].text  # 66: curly quote decoded
    assert docs["latin1.txt"].items[0].text == "The café got £5."


def test_a_copy_in_another_encoding_is_the_same_meeting(corpus, corpus_dir):
    text = (corpus_dir / SEED).read_text(encoding="utf-8").replace("\u00a0", " ")
    (corpus / "copy.txt").write_bytes(text.encode("cp1252", errors="replace"))
    result = parse_corpus([corpus])
    assert len(result.documents) == 1
    assert any("same meeting" in w and "copy.txt" in w and SEED in w for w in result.warnings)


def test_document_without_items_becomes_one_untitled_item(corpus):
    (corpus / "letter.txt").write_text(
        "Dear resident,\nthe library will close early on Friday for staff training.\n"
        "We apologise for any inconvenience.\n"
    )
    result = parse_corpus([corpus])
    docs = {d.source: d for d in result.documents}
    assert "no agenda items" in only_warning_about(result, "letter.txt")
    (item,) = docs["letter.txt"].items
    assert item.item is None and item.title == "Dear resident,"
    assert item.text.startswith("Dear resident,") and item.text.endswith("inconvenience.")
    assert docs["letter.txt"].warnings


def test_file_over_the_size_limit_is_skipped(corpus):
    big = corpus / "huge.txt"
    with big.open("wb") as handle:  # 50 MB, made here and removed with tmp_path
        line = b"The committee noted the report on the parking strategy.\n"
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert big.stat().st_size > Settings().max_file_bytes
    result = parse_corpus([corpus])
    assert [d.source for d in result.documents] == [SEED]
    assert "limit" in only_warning_about(result, "huge.txt")
    with pytest.raises(ParseError, match="huge.txt"):
        parse_file(big, max_bytes=Settings().max_file_bytes)


def test_unreadable_pdf_is_skipped(corpus):
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a pdf\n")
    result = parse_corpus([corpus])
    assert [d.source for d in result.documents] == [SEED]
    assert "broken.pdf" in only_warning_about(result, "broken.pdf")


def test_missing_path_hidden_files_and_the_manifest_are_not_parsed(corpus):
    (corpus / ".hidden.txt").write_text("1.\nAPOLOGIES\nMinutes:\nNone.\n")
    (corpus / "manifest.csv").write_text(f"file,committee,date,url,inferred\n{SEED},Scrutiny,2022-02-22,https://x.example/m,\n")
    result = parse_corpus([corpus, corpus / "nowhere.txt"])
    assert [d.source for d in result.documents] == [SEED]
    assert result.documents[0].meeting.date == "2022-02-22"  # the folder's manifest
    assert result.documents[0].meeting.url == "https://x.example/m"
    assert "nowhere.txt" in only_warning_about(result, "nowhere.txt")


def test_manifest_missing_is_empty_and_the_manifest_beats_the_text(tmp_path, corpus_dir):
    assert load_manifest(tmp_path).rows == {}
    shutil.copy(corpus_dir / "001_c301c40e899c00e9.txt", tmp_path / "001.txt")
    (tmp_path / "manifest.csv").write_text("file,committee,date,url,inferred\n001.txt,Council,2018-10-19,,\n")
    doc = parse_file(tmp_path / "001.txt", manifest=load_manifest(tmp_path))
    assert (doc.meeting.committee, doc.meeting.date) == ("Council", "2018-10-19")
    assert doc.meeting.inferred == ()
    # the disagreement is reported, naming what the text said
    assert any("manifest" in w and "2018-10-18" in w for w in doc.warnings)
    assert any("manifest" in w and "'Cabinet'" in w for w in doc.warnings)
