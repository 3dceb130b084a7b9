"""The command line, through its entry point, over the real corpus and index."""

from __future__ import annotations

import io
import json
import logging
import shutil
import subprocess
import sys

import pytest

from qa_bot.cli import build_parser, main

CONTRACT_ITEM_KEYS = {"source", "item", "title", "committee", "date", "resolutions", "truncated", "text"}


def run_cli(argv, stdin_text=""):
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin_text), stdout=out)
    return code, out.getvalue()


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_parse_json_lists_every_printed_item_of_the_seeds(corpus_dir):
    code, out = run_cli(["parse", "--json", str(corpus_dir)])
    assert code == 0
    items = json_lines(out)
    assert all(CONTRACT_ITEM_KEYS <= set(obj) for obj in items)
    by_doc: dict[str, list] = {}
    for obj in items:
        by_doc.setdefault(obj["source"][:3], []).append(obj["item"])
    assert by_doc["000"] == [str(n) for n in range(10, 19)]
    assert by_doc["001"] == [None] + [str(n) for n in range(15, 24)]  # the attendance unit first
    assert by_doc["002"] == [str(n) for n in range(60, 72)]
    assert by_doc["003"] == [None] and by_doc["004"] == [None]


def test_parse_of_a_missing_path_warns_and_fails(tmp_path, caplog):
    code, out = run_cli(["parse", "--json", str(tmp_path / "nope.txt")])
    assert code == 1 and out == ""
    assert "nope.txt" in caplog.text


@pytest.mark.slow
def test_search_json_and_batch_mode(seed_settings, assistant):
    where = ["--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)]
    code, out = run_cli(["search", "--json", "-k", "3", *where, "-"],
                        "fostering panel members\n\nadoption placement orders\n")
    assert code == 0
    objs = json_lines(out)
    assert [o["query"] for o in objs] == ["fostering panel members", "", "adoption placement orders"]
    assert "error" in objs[1]  # a blank line keeps its place, so output line N answers input line N
    del objs[1]
    for obj in objs:
        assert [r["rank"] for r in obj["results"]] == [1, 2, 3]
        assert {"source", "item", "title", "committee", "date", "score", "text"} <= set(obj["results"][0])
    assert (objs[1]["results"][0]["source"][:3], objs[1]["results"][0]["item"]) == ("000", "17")


@pytest.mark.slow
def test_ask_json_cites_the_item_and_rejects_an_empty_question(seed_settings, assistant):
    where = ["--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)]
    code, out = run_cli(["ask", "--json", *where, "What was resolved about fostering panels?"])
    assert code == 0
    answer = json.loads(out)
    assert answer["grounded"] is True
    assert ("002", "68") in {(c["source"][:3], c["item"]) for c in answer["citations"]}
    code, out = run_cli(["ask", "--json", *where, "   "])
    assert code == 2 and "error" in json.loads(out)


@pytest.mark.slow
def test_stdout_holds_only_json_when_run_as_a_program(seed_settings, assistant, repo_root):
    proc = subprocess.run(
        [sys.executable, "-m", "qa_bot", "ask", "--json",
         "--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir),
         "How many placement orders were granted?"],
        cwd=repo_root, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["citations"]


# ------------------------------------------------------------ bad input: one clear line, exit 2


@pytest.mark.slow
def test_index_of_a_missing_corpus_fails_and_leaves_the_index_alone(
    tmp_path, caplog, seed_settings, assistant
):
    toy_index_dir = tmp_path / "index"
    shutil.copytree(seed_settings.index_dir, toy_index_dir)
    before = {p.name: p.read_bytes() for p in toy_index_dir.rglob("*") if p.is_file()}
    code, out = run_cli(["index", "--corpus", str(tmp_path / "gone"), "--index", str(toy_index_dir)])
    assert code == 2 and out == ""
    assert "does not exist" in caplog.text and "left as it was" in caplog.text
    assert {p.name: p.read_bytes() for p in toy_index_dir.rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_index_of_a_corpus_with_no_usable_minutes_fails_clearly(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("")
    (corpus / "noise.bin").write_bytes(bytes(range(256)) * 4)
    code, _ = run_cli(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert code == 2
    assert "no usable minutes" in caplog.text
    assert "Traceback" not in caplog.text


def test_search_rejects_k_below_one(capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["search", "-k", "0", "fostering"])
    assert stop.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_a_bad_setting_in_the_environment_names_the_variable(monkeypatch, caplog, tmp_path):
    monkeypatch.setenv("QA_BOT_SEARCH_K", "five")
    code, _ = run_cli(["ask", "--index", str(tmp_path), "fostering"])
    assert code == 2
    assert "QA_BOT_SEARCH_K='five'" in caplog.text


def test_eval_of_a_malformed_question_file_fails_before_loading_the_model(tmp_path, caplog):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "q1", "question": "fostering?"\n')  # unterminated JSON
    code, out = run_cli(["eval", str(bad), "--index", str(tmp_path / "never-built")])
    assert code == 2 and out == ""
    assert "q.jsonl" in caplog.text
    assert not (tmp_path / "never-built").exists()


@pytest.mark.slow
def test_batch_mode_answers_every_input_line_in_order(seed_settings, assistant):
    where = ["--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)]
    code, out = run_cli(["ask", "--json", *where, "-"],
                        "What was resolved about fostering panels?\n\nWho chaired the meeting?\n")
    assert code == 0
    objs = [json.loads(line) for line in out.splitlines()]
    assert len(objs) == 3
    assert objs[0]["citations"] and "error" not in objs[0]
    assert objs[1] == {"question": "", "error": objs[1]["error"]} and objs[1]["error"]
    assert objs[2]["question"] == "Who chaired the meeting?"


@pytest.mark.slow
def test_index_says_when_the_index_is_already_up_to_date(seed_settings, assistant, caplog):
    where = ["--corpus", str(seed_settings.corpus_dir), "--index", str(seed_settings.index_dir)]
    with caplog.at_level(logging.INFO, logger="qa_bot"):
        code, out = run_cli(["index", *where])
    assert code == 0 and out == ""
    assert "is up to date" in caplog.text
