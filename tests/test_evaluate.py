"""Evaluation: question files, scoring rules, and the retrieval quality floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_bot.evaluate import evaluate, format_report, load_questions, score_answer
from qa_bot.records import Answer, Citation

DEV = Path(__file__).resolve().parent / "data" / "shared_eval" / "dev_questions.jsonl"
OURS = Path(__file__).resolve().parent / "data" / "questions.jsonl"


def cite(source: str, item: str | None, title: str = "T") -> Citation:
    return Citation(n=1, source=source, item=item, title=title, committee=None, date=None, quote="q")


def test_load_questions_reads_our_file_and_names_a_bad_line(tmp_path):
    questions = load_questions(OURS)
    assert len(questions) >= 30
    assert {q.kind for q in questions} >= {
        "resolution", "number", "person", "date", "paraphrase", "cross-meeting", "typo",
        "unanswerable",
    }
    assert all(q.answerable == (q.kind != "unanswerable") for q in questions)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "question": "q"}) + "\n{oops\n")
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        load_questions(bad)


def test_answer_scoring_follows_the_contract(tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {"id": "a", "question": "q", "gold": [["001", "20"], ["004", "CABINET MEMBER'S BRIEFING"]],
         "facts": [["£1.3m", "1.3 million"], ["five years"]], "kind": "cross-meeting",
         "min_gold_cited": 2},
        {"id": "u", "question": "q", "gold": [], "facts": [], "kind": "unanswerable"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    cross, unanswerable = load_questions(path)
    both = (cite("001_x.txt", "20"), cite("004_y.txt", None, "Cabinet Member\u2019s Briefing"))
    good = Answer("q", "Up to £1.3M over FIVE years [1][2].", True, both)
    assert score_answer(cross, good) == (True, 2, ())
    one = Answer("q", "£1.3m for five years [1].", True, both[:1])
    assert score_answer(cross, one)[0] is False
    missing = Answer("q", "£1.3m [1][2].", True, both)
    assert score_answer(cross, missing) == (False, 2, ("five years",))
    assert score_answer(unanswerable, Answer("q", "Nothing found.", False))[0] is True
    assert score_answer(unanswerable, good)[0] is False


@pytest.fixture(scope="module")
def retriever(seed_settings, embedder):
    from qa_bot.index import ensure_index
    from qa_bot.retrieve import Retriever

    return Retriever(ensure_index(seed_settings, embedder, progress=False), embedder, seed_settings)


@pytest.mark.slow
@pytest.mark.parametrize("path", [DEV, OURS], ids=["dev", "ours"])
def test_retrieval_quality_floor(retriever, path):
    report = evaluate(load_questions(path), retriever)
    assert report.recall_at_5 >= 0.95, format_report(report)
    assert report.mrr >= 0.90, format_report(report)


def test_answer_function_scores_are_reported(retriever):
    questions = [q for q in load_questions(OURS) if q.id in {"q07", "q34"}]

    def decline(question: str) -> Answer:
        return Answer(question, "The minutes do not say.", False)

    report = evaluate(questions, retriever, decline)
    assert report.answer_score == 0.0 and report.unanswerable_score == 1.0
    assert report.answerable == 1 and report.unanswerable == 1
    text = format_report(report)
    assert "Recall@5" in text and "declined (unanswerable)           1.000" in text


def test_breakdowns_by_kind_and_shape_and_wrongful_declines(retriever):
    questions = [q for q in load_questions(OURS) if q.id in {"q01", "q07", "q34"}]

    def decline(question: str) -> Answer:
        return Answer(question, "The minutes do not say.", False)

    shapes = {"001": "printed minutes", "002": "agenda and minutes page"}
    report = evaluate(questions, retriever, decline, shapes=shapes)
    answerable = sum(1 for q in questions if q.answerable)
    assert report.wrongful_declines == answerable and report.wrongful_decline_share == 1.0
    kinds = {q.kind for q in questions}
    assert set(report.by_kind) == kinds
    assert sum(f["n"] for f in report.by_kind.values()) == len(questions)
    assert sum(f["n"] for f in report.by_shape.values()) == len(questions)
    assert report.by_kind["unanswerable"]["declined"] == 1.0
    text = format_report(report)
    assert f"wrongful declines (answerable)    1.000  ({answerable} of {answerable})" in text
    assert "shape" in text and "printed minutes" in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["by_shape"] and data["wrongful_declines"] == answerable


def test_document_shapes_read_metadata_beside_the_corpus(tmp_path):
    from qa_bot.evaluate import document_groups, document_shapes

    corpus = tmp_path / "minutes"
    corpus.mkdir()
    (tmp_path / "metadata.csv").write_text(
        "file,council,committee,date,shape\n"
        "201_x.txt,Dunmore Town Council,Council,2024-01-01,\"parish minutes, Word-to-text: refs\"\n"
        "202_y.txt,Ashby County Council,Cabinet,,moderngov_pipe_table\n",
        encoding="utf-8",
    )
    shapes = document_shapes(corpus, {"203_z.txt": "text:moderngov"})
    assert shapes == {"201": "parish minutes", "202": "moderngov_pipe_table", "203": "text:moderngov"}
    assert document_groups(corpus) == {"201": "Dunmore Town Council", "202": "Ashby County Council"}
    assert document_shapes(tmp_path / "minutes" / "none", {"001_a.txt": "pdf"}) == {"001": "pdf"}


def test_a_gold_item_may_be_written_with_its_label_or_its_title():
    """Question writers print an item's number as they see it ("Item 3",
    "ITEM NO. 2", "Minute no. 6", "8. BILLS FOR PAYMENT"): each names that
    item, by number or title; another item of the page is not named."""
    from qa_bot.evaluate import is_gold

    for written, key, title in (("Item 3", "3", "Planning"), ("ITEM NO. 2", "2", "CORRESPONDENCE"),
                                ("Minute no. 6", "6", "Cricket field"), ("8. BILLS FOR PAYMENT", "8", "BILLS FOR PAYMENT"),
                                ("II.", "II", "FINANCIAL REPORTS"), ("MAYOR’S REMARKS", "3", "MAYOR'S REMARKS"),
                                ("7", "7", "Grounds maintenance contract")):
        assert is_gold("W01_x.txt", key, title, [("W01", written)]), written
    assert not is_gold("W01_x.txt", "3", "Planning", [("W01", "Item 13")])
    assert not is_gold("W01_x.txt", "8", "Finance", [("W01", "18. BILLS")])
    assert not is_gold("W02_x.txt", "3", "Planning", [("W01", "Item 3")])
    assert not is_gold("W01_x.txt", "1", "Apologies", [("W01", "Item 11")])
