"""Evaluation: question files -> retrieval and answer scores.

Question files are JSON Lines (see CONTRACT.md): ``id``, ``question``,
``gold`` ([doc, item] pairs; doc = the first three characters of the source
file name, item = the printed number or, without one, the title), ``facts``
(groups of alternatives that must all appear in the answer), ``kind`` and
optionally ``min_gold_cited``.

Retrieval scores are over agenda items, for answerable questions only:
Recall@1, Recall@5 and MRR (reciprocal rank of the first gold item within
the top ``EVAL_DEPTH``).  Answer scores (when an answer function is given):
the share of answerable questions whose citations include enough distinct
gold items and whose answer holds every fact, and the share of unanswerable
questions answered with ``grounded: false``.  Answerable questions answered
with ``grounded: false`` are counted as wrongful declines.  Every figure is
also given per kind and per document shape (the shape of the first gold
document, or of the first retrieved one for an unanswerable question; shapes
come from a ``metadata.csv`` beside the corpus where there is one, else from
the parser).
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from qa_bot.records import Answer, Hit

logger = logging.getLogger(__name__)

EVAL_DEPTH = 10
KINDS = (
    "resolution", "number", "person", "date", "paraphrase", "cross-meeting",
    "typo", "unanswerable",
)


class SearchesItems(Protocol):
    def search(self, query: str, k: int | None = None, filters: Any = None) -> list[Hit]: ...


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    gold: tuple[tuple[str, str], ...]
    facts: tuple[tuple[str, ...], ...] = ()
    kind: str = "paraphrase"
    min_gold_cited: int = 1

    @property
    def answerable(self) -> bool:
        """Whether the minutes answer it: by its kind, and it must name a gold item."""
        return self.kind != "unanswerable" and bool(self.gold)


@dataclass(frozen=True)
class QuestionResult:
    id: str
    kind: str
    question: str
    rank: int | None  # 1-based rank of the first gold item, None if not in top EVAL_DEPTH
    retrieved: tuple[tuple[str, str], ...]
    answer_ok: bool | None = None
    grounded: bool | None = None
    shape: str = "unknown"
    gold_cited: int = 0
    missing_facts: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class EvalReport:
    results: tuple[QuestionResult, ...]
    recall_at_1: float
    recall_at_5: float
    mrr: float
    answerable: int
    unanswerable: int
    answer_score: float | None = None
    unanswerable_score: float | None = None
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    by_shape: dict[str, dict[str, float]] = field(default_factory=dict)
    wrongful_declines: int = 0
    wrongful_decline_share: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def load_questions(path: str | Path) -> list[Question]:
    """Questions of a JSON Lines file; a malformed line raises ValueError naming it."""
    questions: list[Question] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                questions.append(
                    Question(
                        id=str(data["id"]),
                        question=str(data["question"]),
                        gold=tuple((str(d), str(i)) for d, i in data.get("gold", [])),
                        facts=tuple(tuple(str(a) for a in alts) for alts in data.get("facts", [])),
                        kind=str(data.get("kind", "paraphrase")),
                        min_gold_cited=int(data.get("min_gold_cited", 1)),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a question ({exc})") from exc
            if questions[-1].kind not in KINDS:
                logger.warning(
                    "%s:%d: unknown kind %r (known: %s)", path, number,
                    questions[-1].kind, ", ".join(KINDS),
                )
    return questions


def item_label(source: str, key: str | None, title: str = "") -> tuple[str, str]:
    """(doc, item) as question files write them."""
    return (source[:3], key if key is not None else title)


# How question writers print an item's number: "Item 3", "ITEM NO. 2", "Minute no. 6", "II.",
# "8. ACCOUNTS FOR PAYMENT" (the number with its title): all name item 3, 2, 6, II, 8
_ITEM_WORD = re.compile(r"^(?:agenda\s+)?(?:item|minute)\b\s*(?:no\.?|number|#)?\s*(?=[\w(])", re.IGNORECASE)
# a number closed by a stop or bracket before its title ("8. BILLS", "e) ORDER"), not "2025 Budget"
_NUMBER_AND_TITLE = re.compile(r"^(?P<number>\d+(?:\.\d+)*|[ivxlc]+|[a-z])[.)]\s+(?P<title>\S.*)$")


def gold_forms(item: str) -> frozenset[str]:
    """The ways a question file's ``item`` may name an item: as written,
    without an "Item"/"Minute No." label or a closing stop, and, where it
    is a number and a title ("8. ACCOUNTS FOR PAYMENT"), either of them."""
    written = _norm(item)
    forms = {written, written.rstrip(".")}
    bare = _ITEM_WORD.sub("", written).rstrip(".")
    if bare:
        forms.add(bare)
    both = _NUMBER_AND_TITLE.match(bare)
    if both:
        forms |= {both.group("number"), both.group("title")}
    return frozenset(f for f in forms if f)


def item_forms(key: str | None, title: str) -> frozenset[str]:
    """An item's number and its title, either of which a question file may give."""
    return frozenset(_norm(x) for x in (key, title) if x)


def is_gold(source: str, key: str | None, title: str, gold: Iterable[tuple[str, str]]) -> bool:
    """Whether the item (``source``, ``key``, ``title``) is one of ``gold``."""
    forms = item_forms(key, title)
    return any(source[:3] == d and not forms.isdisjoint(gold_forms(i)) for d, i in gold)


def first_gold_rank(hits: Sequence[Hit], gold: Sequence[tuple[str, str]]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if is_gold(hit.item.source, hit.item.item, hit.item.title, gold):
            return rank
    return None


def score_answer(question: Question, answer: Answer) -> tuple[bool, int, tuple[str, ...]]:
    """(passes, distinct gold items cited, fact groups missing) per CONTRACT.md."""
    if not question.answerable:
        return (not answer.grounded, 0, ())
    gold_cited = len({  # distinct items cited that are gold
        (c.source, c.item if c.item is not None else c.title)
        for c in answer.citations if is_gold(c.source, c.item, c.title, question.gold)
    })
    text = _norm(answer.answer)
    missing = tuple(
        "/".join(alts) for alts in question.facts if not any(_norm(a) in text for a in alts)
    )
    ok = gold_cited >= question.min_gold_cited and not missing
    return ok, gold_cited, missing


def evaluate(
    questions: Sequence[Question],
    retriever: SearchesItems,
    answer_fn: Callable[[str], Answer] | None = None,
    shapes: dict[str, str] | None = None,
) -> EvalReport:
    """Score ``questions`` against a retriever and, optionally, an answerer.

    ``shapes`` maps a document (first three characters of its file name) to
    its published shape, for the per-shape table."""
    shapes = shapes or {}
    results: list[QuestionResult] = []
    for q in questions:
        try:
            hits = retriever.search(q.question, k=EVAL_DEPTH)
        except Exception as exc:  # noqa: BLE001 - an evaluation records failures, it does not stop
            logger.warning("question %s: the search failed: %s", q.id, exc)
            hits = []
        rank = first_gold_rank(hits, q.gold) if q.answerable else None
        retrieved = tuple(item_label(h.item.source, h.item.key) for h in hits)
        doc = q.gold[0][0] if q.gold else (retrieved[0][0] if retrieved else "")
        row = QuestionResult(
            id=q.id, kind=q.kind, question=q.question, rank=rank,
            retrieved=retrieved, shape=shapes.get(doc, "unknown"),
        )
        if answer_fn is not None:
            row = _with_answer(row, q, answer_fn)
        results.append(row)
    return _summarise(questions, results, answered=answer_fn is not None)


def _with_answer(
    row: QuestionResult, question: Question, answer_fn: Callable[[str], Answer]
) -> QuestionResult:
    from dataclasses import replace

    try:
        answer = answer_fn(question.question)
    except Exception as exc:  # noqa: BLE001 - an evaluation records failures, it does not stop
        logger.warning("question %s: the answerer failed: %s", question.id, exc)
        return replace(row, answer_ok=False, error=f"{type(exc).__name__}: {exc}")
    ok, cited, missing = score_answer(question, answer)
    return replace(
        row, answer_ok=ok, grounded=answer.grounded, gold_cited=cited, missing_facts=missing
    )


def _retrieval_figures(rows: Sequence[QuestionResult]) -> dict[str, float]:
    n = len(rows)
    if n == 0:
        return {"n": 0, "recall_at_1": 0.0, "recall_at_5": 0.0, "mrr": 0.0}
    return {
        "n": n,
        "recall_at_1": sum(1 for r in rows if r.rank == 1) / n,
        "recall_at_5": sum(1 for r in rows if r.rank is not None and r.rank <= 5) / n,
        "mrr": sum(1.0 / r.rank for r in rows if r.rank is not None) / n,
    }


def _group_figures(rows: Sequence[QuestionResult], answered: bool) -> dict[str, float]:
    """Retrieval figures over the answerable rows, answer figures over all."""
    answerable = [r for r in rows if r.kind != "unanswerable"]
    figures = _retrieval_figures(answerable)
    figures["n"] = len(rows)
    if answered:
        figures["answer"] = (
            sum(1 for r in answerable if r.answer_ok) / len(answerable) if answerable else None
        )
        unanswerable = [r for r in rows if r.kind == "unanswerable"]
        figures["declined"] = (
            sum(1 for r in unanswerable if r.answer_ok) / len(unanswerable) if unanswerable else None
        )
        figures["wrongful_declines"] = sum(1 for r in answerable if r.grounded is False)
    return figures


def _grouped(
    results: Sequence[QuestionResult], key: Callable[[QuestionResult], str], answered: bool,
    order: Sequence[str] = (),
) -> dict[str, dict[str, float]]:
    groups: dict[str, list[QuestionResult]] = defaultdict(list)
    for r in results:
        groups[key(r)].append(r)
    rank = {name: n for n, name in enumerate(order)}
    return {
        name: _group_figures(rows, answered)
        for name, rows in sorted(groups.items(), key=lambda kv: (rank.get(kv[0], len(order)), kv[0]))
    }


def _summarise(
    questions: Sequence[Question], results: Sequence[QuestionResult], answered: bool
) -> EvalReport:
    answerable = [r for q, r in zip(questions, results) if q.answerable]
    unanswerable = [r for q, r in zip(questions, results) if not q.answerable]
    overall = _retrieval_figures(answerable)
    by_kind = _grouped(results, lambda r: r.kind, answered, KINDS)
    by_shape = _grouped(results, lambda r: r.shape, answered)
    answer_score = unanswerable_score = wrongful_share = None
    wrongful = sum(1 for r in answerable if r.grounded is False)
    if answered:
        wrongful_share = wrongful / len(answerable) if answerable else 0.0
        answer_score = (
            sum(1 for r in answerable if r.answer_ok) / len(answerable) if answerable else 0.0
        )
        unanswerable_score = (
            sum(1 for r in unanswerable if r.answer_ok) / len(unanswerable)
            if unanswerable else 0.0
        )
    return EvalReport(
        results=tuple(results),
        recall_at_1=overall["recall_at_1"],
        recall_at_5=overall["recall_at_5"],
        mrr=overall["mrr"],
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        answer_score=answer_score,
        unanswerable_score=unanswerable_score,
        by_kind=by_kind,
        by_shape=by_shape,
        wrongful_declines=wrongful,
        wrongful_decline_share=wrongful_share,
    )


def _cell(value: float | None) -> str:
    return f"{value:>6.3f}" if value is not None else f"{'-':>6}"


def _table(title: str, table: dict[str, dict[str, float]], answered: bool) -> list[str]:
    """One row a group: retrieval figures over its answerable questions, then
    the answer score, the share of unanswerable ones declined and the count
    of answerable ones declined."""
    width = max([len(title), *(len(name) for name in table)])
    width = min(width, 40)
    head = f"{title:<{width}} {'n':>3} {'R@1':>6} {'R@5':>6} {'MRR':>6}"
    if answered:
        head += f" {'answer':>6} {'declin':>6} {'wrong':>5}"
    rows = [head]
    for name, f in table.items():
        has_answerable = f["n"] and (f.get("answer") is not None or not answered)
        line = (
            f"{name[:width]:<{width}} {int(f['n']):>3} "
            + (f"{_cell(f['recall_at_1'])} {_cell(f['recall_at_5'])} {_cell(f['mrr'])}"
               if has_answerable else f"{_cell(None)} {_cell(None)} {_cell(None)}")
        )
        if answered:
            line += f" {_cell(f.get('answer'))} {_cell(f.get('declined'))} {int(f.get('wrongful_declines', 0)):>5}"
        rows.append(line)
    return rows


def document_shapes(corpus: str | Path, parsed: dict[str, str] | None = None) -> dict[str, str]:
    """Each document's published shape, keyed by the first three characters
    of its file name: the ``shape`` column of a ``metadata.csv`` in or beside
    the corpus folder where there is one (its first phrase: the column may
    describe the shape at length), else the parser's (``parsed``: file name ->
    ``Meeting.shape``)."""
    shapes = {source[:3]: shape for source, shape in (parsed or {}).items()}
    corpus = Path(corpus)
    for candidate in (corpus / "metadata.csv", corpus.parent / "metadata.csv"):
        if candidate.is_file():
            with candidate.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    name, shape = row.get("file") or "", (row.get("shape") or "").strip()
                    if name and shape:
                        shapes[name[:3]] = re.split(r"[,:(]", shape, maxsplit=1)[0].strip()
            break
    return shapes


def document_groups(corpus: str | Path) -> dict[str, str]:
    """Each document's council (the ``council`` column of a ``metadata.csv``
    in or beside the corpus), keyed by the first three characters of its
    file name; empty where there is none."""
    corpus = Path(corpus)
    for candidate in (corpus / "metadata.csv", corpus.parent / "metadata.csv"):
        if candidate.is_file():
            with candidate.open(encoding="utf-8", newline="") as handle:
                return {
                    row["file"][:3]: row["council"].strip()
                    for row in csv.DictReader(handle)
                    if row.get("file") and row.get("council")
                }
    return {}


def format_report(report: EvalReport) -> str:
    """The figures as a small plain-text table, then the misses."""
    lines = [
        f"questions: {report.answerable} answerable, {report.unanswerable} unanswerable",
        f"Recall@1  {report.recall_at_1:.3f}",
        f"Recall@5  {report.recall_at_5:.3f}",
        f"MRR       {report.mrr:.3f}  (over the top {EVAL_DEPTH})",
    ]
    answered = report.answer_score is not None
    if answered:
        lines.append(f"answers correct (answerable)      {report.answer_score:.3f}")
        lines.append(f"declined (unanswerable)           {report.unanswerable_score:.3f}")
        lines.append(
            f"wrongful declines (answerable)    {report.wrongful_decline_share:.3f}"
            f"  ({report.wrongful_declines} of {report.answerable})"
        )
    for title, table in (("kind", report.by_kind), ("shape", report.by_shape)):
        if table:
            lines.append("")
            lines.extend(_table(title, table, answered))
    misses = [
        r for r in report.results
        if (r.kind != "unanswerable" and (r.rank is None or r.rank > 1)) or r.answer_ok is False
    ]
    if misses:
        lines.append("")
        lines.append("not first or not answered:")
        for r in misses:
            rank = "-" if r.rank is None else str(r.rank)
            extra = ""
            if r.answer_ok is False:
                extra = f" answer: cited {r.gold_cited} gold"
                if r.missing_facts:
                    extra += f", missing {', '.join(r.missing_facts)}"
                if r.error:
                    extra += f", error {r.error}"
            lines.append(f"  {r.id} [{r.kind}] rank {rank}{extra}: {r.question[:70]}")
    return "\n".join(lines)
