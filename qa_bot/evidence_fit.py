"""Fitting the evidence models on labelled questions, and scoring them held out.

Used by ``scripts/fit_evidence.py`` (which writes qa_bot/models/evidence.json)
and by ``python -m qa_bot eval FILE --cv``.  Serving never imports this
module: scikit-learn is imported only when fitting.

For each labelled question the answerer's own steps run (retrieval, scope,
every sentence of the items in scope embedded) and the features of
``qa_bot.evidence`` are recorded with labels:

- a sentence is positive when it lies in a gold item and holds one of the
  question's facts (any alternative, case-insensitively);
- a question is groundable when it is answerable and some retrieved sentence
  is positive (the answer is in the items the answerer reads);
- an item is about the subject when it is a gold item of an answerable question.

Groups for leave-one-council-out: the council of the question's first gold
document (an unanswerable question: of the first retrieved document), from
the ``metadata.csv`` beside the corpus; a corpus without one is one group
named after its folder (the seed minutes: "Herefordshire").
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import takewhile
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.evaluate import Question, _norm, document_groups, is_gold
from qa_bot.evidence import (
    GROUNDING_FEATURES,
    NO_EVIDENCE_ROW,
    SENTENCE_FEATURES,
    SENTENCE_PRE_FEATURES,
    SUBJECT_FEATURES,
    Candidate,
    Evidence,
    gather_evidence,
    item_key,
    rank_candidates,
    shortlist,
)
from qa_bot.evidence_model import FORMAT_VERSION, EvidenceModel, Logistic, default_model
from qa_bot.records import Answer

logger = logging.getLogger(__name__)

REGULARISATION = 1.0  # scikit-learn's C on standardised features (smaller = stronger)


@dataclass(frozen=True)
class Example:
    """One labelled question with everything the models weigh."""

    id: str
    group: str
    answerable: bool
    evidence: Evidence | None  # all sentences of the items in scope, embedded
    sentence_labels: dict[tuple[str, str, int], bool]  # (source, key, position) -> holds a fact
    gold_items: frozenset[tuple[str, str]]  # (source, key) of retrieved gold items
    facts: tuple[tuple[str, ...], ...] = ()  # the question's facts (alternatives), normalised

    @property
    def groundable(self) -> bool:
        return self.answerable and any(self.sentence_labels.values())

    def label_of(self, c: Candidate) -> bool:
        return self.sentence_labels.get((*item_key(c.hit), c.sentence.position), False)


def _is_gold(hit, question: Question) -> bool:
    return is_gold(hit.item.source, hit.item.item, hit.item.title, question.gold)


def question_group(question: Question, retrieved_sources: Sequence[str], groups: dict[str, str],
                   default: str) -> str:
    doc = question.gold[0][0] if question.gold else (retrieved_sources[0][:3] if retrieved_sources else "")
    return groups.get(doc, default)


def extract(
    questions: Sequence[Question],
    retriever,
    settings,
    corpus: Path,
    *,
    default_group: str,
) -> list[Example]:
    """The labelled examples of ``questions`` over one corpus's index."""
    from qa_bot.answer import check_question, prepare

    groups = document_groups(corpus)
    examples: list[Example] = []
    for q in questions:
        text = check_question(q.question, settings)
        prepared = prepare(text, retriever, settings)
        if isinstance(prepared, Answer):  # a meeting digest: no evidence weighed
            sources = [c.source for c in prepared.citations]
            examples.append(Example(q.id, question_group(q, sources, groups, default_group),
                                    q.answerable, None, {}, frozenset()))
            continue
        group = question_group(q, [h.item.source for h in prepared.hits], groups, default_group)
        if not prepared.in_scope:
            examples.append(Example(q.id, group, q.answerable, None, {}, frozenset()))
            continue
        evidence = gather_evidence(
            prepared.query, prepared.in_scope, retriever.embedder, intent=prepared.intent,
            max_embedded=None, focus=prepared.focus, model=neutral_model(), scope=prepared.scope,
            rarity=prepared.rarity,
        )
        gold = frozenset(item_key(h) for h in prepared.in_scope if q.answerable and _is_gold(h, q))
        labels: dict[tuple[str, str, int], bool] = {}
        facts = [[_norm(a) for a in alts] for alts in q.facts]
        for c in evidence.candidates:
            key = item_key(c.hit)
            text_ = _norm(c.sentence.text)
            holds = key in gold and bool(facts) and any(any(a in text_ for a in alts) for alts in facts)
            labels[(*key, c.sentence.position)] = holds
        examples.append(Example(q.id, group, q.answerable, evidence, labels, gold,
                                tuple(tuple(alts) for alts in facts)))
    return examples


def rescore(example: Example, model: EvidenceModel, max_embedded: int) -> Evidence | None:
    """The evidence as the answerer would see it under ``model``: the
    words-only model's shortlist, ordered by the sentence model."""
    ev = example.evidence
    if ev is None:
        return None
    pre = model.sentence_pre.logits(np.asarray([c.features for c in ev.candidates]))
    scored = [replace(c, score=float(z)) for c, z in zip(ev.candidates, pre)]
    chosen = shortlist(scored, max_embedded)
    return replace(ev, candidates=rank_candidates(chosen, model), threshold=model.sentence.threshold)


def _fit_logistic(x: np.ndarray, y: np.ndarray, names: Sequence[str], *, balanced: bool) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    if len(set(y.tolist())) < 2:  # nothing to learn: a constant model
        p = float(np.clip(y.mean() if len(y) else 0.5, 1e-3, 1 - 1e-3))
        return Logistic(tuple(names), (0.0,) * len(names), math.log(p / (1 - p)),
                        tuple(mean.tolist()), tuple(scale.tolist()))
    lr = LogisticRegression(C=REGULARISATION, class_weight="balanced" if balanced else None, max_iter=2000)
    lr.fit(z, y)
    return Logistic(tuple(names), tuple(float(w) for w in lr.coef_[0]), float(lr.intercept_[0]),
                    tuple(mean.tolist()), tuple(scale.tolist()))


def _best_threshold(p: np.ndarray, y: np.ndarray, objective: Callable[[np.ndarray, np.ndarray], float]) -> float:
    """The threshold among the observed probabilities that maximises ``objective``
    (midpoints between neighbours; ties: the middle of the best run)."""
    if len(p) == 0 or len(set(y.tolist())) < 2:
        return 0.5
    values = np.unique(p)
    cuts = np.concatenate([[values[0] - 1e-6], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-6]])
    scores = np.asarray([objective(p >= t, y) for t in cuts])
    best = np.flatnonzero(scores >= scores.max() - 1e-12)
    return float(cuts[best[len(best) // 2]])


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _zero(names: Sequence[str]) -> Logistic:
    return Logistic(tuple(names), (0.0,) * len(names), 0.0, (0.0,) * len(names), (1.0,) * len(names))


def neutral_model() -> EvidenceModel:
    """All-zero models: what reading the examples needs (every sentence is
    embedded and labelled, none chosen), so a refit never depends on the
    shipped model, whose features may be those of an older version."""
    return EvidenceModel(_zero(SENTENCE_PRE_FEATURES), _zero(SENTENCE_FEATURES), *_placeholders(), FORMAT_VERSION, {})


def _placeholders() -> tuple[Logistic, Logistic]:
    """Zero grounding and subject models, for the stages fitted before them."""
    return _zero(GROUNDING_FEATURES), _zero(SUBJECT_FEATURES)


def _holds_facts(chosen: Sequence[Candidate], facts: Sequence[Sequence[str]]) -> bool:
    text = _norm(" ".join(c.sentence.text for c in chosen))
    return bool(facts) and all(any(a in text for a in alts) for alts in facts)


def _further_threshold(examples: Sequence[Example], staged: EvidenceModel, max_embedded: int) -> float:
    """The sentence model's threshold for quoting a further sentence of the
    best item (up to the answer's budget of sentences), chosen on what the
    answers would hold: the highest threshold at which the most training
    questions whose best item is a gold one get every fact quoted.  Quoting
    less loses answers; quoting more than that gains none."""
    from qa_bot.answer import MAX_SENTENCES

    # Per question: the further sentences' probabilities (best first), and for
    # each number k of them taken, whether the answer holds every fact.
    cases: list[tuple[list[float], list[int]]] = []
    for e in examples:
        ev = rescore(e, staged, max_embedded)
        if ev is None or ev.best is None or not e.answerable or not e.facts:
            continue
        if item_key(ev.best.hit) not in e.gold_items:
            continue
        same = [c for c in ev.candidates[1:] if item_key(c.hit) == item_key(ev.best.hit)]
        probs = [c.probability for c in same]
        ok = [int(_holds_facts([ev.best, *same[:k]], e.facts)) for k in range(len(same) + 1)]
        cases.append((probs, ok))
    if not cases:
        return 0.5
    values = sorted({p for probs, _ok in cases for p in probs} | {0.0, 1.0 + 1e-6})

    def answered(t: float) -> int:  # the composer takes further sentences while they reach t
        return sum(ok[min(len(list(takewhile(lambda p: p >= t, probs))), MAX_SENTENCES - 1)]
                   for probs, ok in cases)

    scores = [answered(t) for t in values]
    best = max(scores)
    return float(max(t for t, sc in zip(values, scores) if sc == best))


def _accuracy(pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(pred == (y == 1))) if len(y) else 0.0


def fit(examples: Sequence[Example], max_embedded: int, description: dict[str, Any] | None = None) -> EvidenceModel:
    """The four models fitted on ``examples`` (thresholds chosen on them too)."""
    with_evidence = [e for e in examples if e.evidence is not None]
    cands = [(e, c) for e in with_evidence for c in e.evidence.candidates]
    y = np.asarray([int(e.label_of(c)) for e, c in cands])
    x_pre = np.asarray([c.features for _e, c in cands], dtype=np.float64).reshape(-1, len(SENTENCE_PRE_FEATURES))
    x_full = np.asarray([c.full_features for _e, c in cands], dtype=np.float64).reshape(-1, len(SENTENCE_FEATURES))
    pre = _fit_logistic(x_pre, y, SENTENCE_PRE_FEATURES, balanced=True)
    full = _fit_logistic(x_full, y, SENTENCE_FEATURES, balanced=True)
    full = replace(full, threshold=_further_threshold(examples, EvidenceModel(pre, full, *_placeholders()), max_embedded))
    staged = EvidenceModel(pre, full, *_placeholders())
    g_rows, g_y, s_rows, s_y = [], [], [], []
    for e in examples:
        ev = rescore(e, staged, max_embedded)
        if ev is None or ev.best is None:
            g_rows.append(NO_EVIDENCE_ROW)
        else:
            g_rows.append(ev.grounding_row())
            if e.answerable and e.gold_items:
                for hit, row in ev.subject_rows():
                    s_rows.append(row)
                    s_y.append(int(item_key(hit) in e.gold_items))
        # Answerable questions whose answer the items read do not hold teach
        # nothing about answering versus declining: they are left out.
        g_y.append(int(e.groundable) if e.groundable or not e.answerable else -1)
    keep = np.asarray(g_y) >= 0
    xg = np.asarray(g_rows, dtype=np.float64)[keep]
    yg = np.asarray(g_y)[keep]
    grounding = _fit_logistic(xg, yg, GROUNDING_FEATURES, balanced=True)
    # The threshold that decides most training questions rightly: a wrongful
    # decline fails a councillor as surely as an unwarranted answer does, and
    # the labelled mix (mostly answerable) is the mix users ask.
    grounding = replace(grounding, threshold=_best_threshold(grounding.probabilities(xg), yg, _accuracy))
    xs = np.asarray(s_rows, dtype=np.float64).reshape(-1, len(SUBJECT_FEATURES))
    ys = np.asarray(s_y)
    subject = _fit_logistic(xs, ys, SUBJECT_FEATURES, balanced=True)
    subject = replace(subject, threshold=_best_threshold(subject.probabilities(xs), ys, _f1))
    training = {
        "questions": len(examples),
        "groups": sorted({e.group for e in examples}),
        "sentences": len(y),
        "positive_sentences": int(y.sum()),
        "groundable_questions": int(yg.sum()),
        "subject_items": len(ys),
        "regularisation_C": REGULARISATION,
        **(description or {}),
    }
    return EvidenceModel(pre, full, grounding, subject, FORMAT_VERSION, training)


def leave_one_group_out(
    examples: Sequence[Example], held_out: Sequence[str], max_embedded: int
) -> dict[str, EvidenceModel]:
    """For each group of ``held_out``, the model fitted on every other group."""
    models: dict[str, EvidenceModel] = {}
    for group in held_out:
        train = [e for e in examples if e.group != group]
        models[group] = fit(train, max_embedded, {"held_out": group}) if train else default_model()
    return models


@dataclass(frozen=True)
class TrainingSet:
    """A labelled question file and the corpus it is about."""

    name: str
    questions: Path
    corpus: Path
    index: Path
    group: str  # the group of every question when the corpus has no metadata.csv


def training_sets(root: Path) -> list[TrainingSet]:
    """The labelled sets of the repository (those present under ``root``)."""
    data = root / "tests" / "data"
    broad = data / "shared_eval" / "broad"
    cache = root / ".cache" / "evidence-fit"
    seeds = root / "corpus"
    sets = [
        TrainingSet("broad", broad / "questions.jsonl", broad / "minutes", cache / "broad", "broad"),
        # Questions on subjects the broad minutes never mention (our own words):
        # the shared set's unanswerable questions are all near misses.
        TrainingSet("broad-offtopic", data / "broad_offtopic_questions.jsonl", broad / "minutes", cache / "broad",
                    "broad"),
        TrainingSet("seed-dev", data / "shared_eval" / "dev_questions.jsonl", seeds, root / "embeddings", "Herefordshire"),
        TrainingSet("seed-ours", data / "questions.jsonl", seeds, root / "embeddings", "Herefordshire"),
        TrainingSet("seed-calibration", data / "answer_calibration.jsonl", seeds, root / "embeddings", "Herefordshire"),
        TrainingSet("seed-councillor", data / "councillor_questions.jsonl", seeds, root / "embeddings", "Herefordshire"),
    ]
    return [s for s in sets if s.questions.is_file() and s.corpus.is_dir()]


def default_group(corpus: Path) -> str:
    """The group of a corpus without metadata: the seed minutes are Herefordshire's."""
    return "Herefordshire" if corpus.resolve().name == "corpus" else corpus.resolve().name


def open_retriever(corpus: Path, index: Path, embedder, base_settings):
    """A retriever over ``corpus`` (its index built in ``index`` when missing)."""
    from qa_bot.embed import CachingEmbedder
    from qa_bot.index import ensure_index
    from qa_bot.retrieve import Retriever

    settings = replace(base_settings, corpus_dir=corpus, index_dir=index)
    index_ = ensure_index(settings, embedder, progress=False)
    return Retriever(index_, CachingEmbedder(embedder, settings.embedding_cache_entries), settings), settings


def _fingerprint(questions: Path, index_dir: Path) -> str:
    """What the examples of a question file depend on: the file, the index
    (its manifest names every source's hash and the parser's version) and
    the code that reads sentences and features."""
    import hashlib

    h = hashlib.sha256()
    for path in (questions, index_dir / "manifest.json", *_CODE):
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.hexdigest()[:16]


_PACKAGE = Path(__file__).resolve().parent
_CODE = tuple(_PACKAGE / name for name in ("sentences.py", "evidence.py", "answer.py", "evidence_fit.py"))


def cached_extract(questions_path: Path, retriever, settings, corpus: Path, group: str,
                   cache: Path | None) -> list[Example]:
    """``extract`` for a question file, kept in ``cache`` (a folder) by fingerprint."""
    import pickle

    from qa_bot.evaluate import load_questions

    target = None
    if cache is not None:
        target = cache / f"{questions_path.stem}-{_fingerprint(questions_path, Path(settings.index_dir))}.pkl"
        if target.is_file():
            return pickle.loads(target.read_bytes())
    examples = extract(load_questions(questions_path), retriever, settings, corpus, default_group=group)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pickle.dumps(examples))
    return examples


def examples_of(sets: Sequence[TrainingSet], embedder, base_settings, *, skip: Path | None = None,
                cache: Path | None = None) -> list[Example]:
    """The labelled examples of every set (but ``skip``, a question file)."""
    out: list[Example] = []
    for s in sets:
        if skip is not None and s.questions.resolve() == skip.resolve():
            continue
        logger.info("evidence: reading %s (%s)", s.name, s.questions)
        retriever, settings = open_retriever(s.corpus, s.index, embedder, base_settings)
        out.extend(cached_extract(s.questions, retriever, settings, s.corpus, s.group, cache))
    return out


def cross_validated_answerer(
    questions: Sequence[Question],  # those of questions_path
    questions_path: Path,
    retriever,
    settings,
    embedder,
    root: Path,
) -> tuple[Callable[[str], Answer], dict[str, str]]:
    """An answer function for ``eval --cv``: each question is answered by
    models fitted without its group (council), on the repository's other
    labelled sets and the file's other groups; and each question's group."""
    from qa_bot.answer import answer_question, check_question

    corpus = Path(settings.corpus_dir)
    cache = root / ".cache" / "evidence-fit" / "examples"
    own = cached_extract(questions_path, retriever, settings, corpus, default_group(corpus), cache)
    others = examples_of(training_sets(root), embedder, settings, skip=questions_path, cache=cache)
    everything = others + own
    models: dict[str, EvidenceModel] = {}
    for group in sorted({e.group for e in own}):
        logger.info("cv: fitting without %s", group)
        models[group] = fit([e for e in everything if e.group != group], settings.answer_sentences)
    model_of = {q.question: models[e.group] for q, e in zip(questions, own)}
    group_of = {q.id: e.group for q, e in zip(questions, own)}

    def answer(text: str) -> Answer:
        return answer_question(check_question(text, settings), retriever, settings, model=model_of.get(text))

    return answer, group_of
