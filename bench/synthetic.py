"""A synthetic corpus of any size, recombined from the seed minutes' sentences.

Documents follow the ModernGov page shape of the seeds ("Items / No. Item",
numbered items, "Minutes:"), so the real parser reads them.  Everything is
drawn from a seeded random generator: the same arguments give the same files.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from qa_bot.embed import normalise_rows

COMMITTEES = (
    "Cabinet", "Children and Young People Scrutiny Committee", "Planning Committee",
    "Adults and Wellbeing Scrutiny Committee", "Audit and Governance Committee",
)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November", "December"]


def seed_sentences(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """(sentences, short title-like lines) of the seed files."""
    sentences: list[str] = []
    titles: list[str] = []
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            line = line.strip(" \t·-*•")
            if 3 <= len(line.split()) <= 8 and not line.endswith("."):
                titles.append(line)
            for s in re.split(r"(?<=[.;])\s+", line):
                if len(s.split()) >= 6:
                    sentences.append(s)
    return sentences, titles


def write_corpus(
    out_dir: Path, corpus_dir: Path, documents: int, items_per_doc: int = 10,
    paragraphs_per_item: tuple[int, int] = (4, 12), seed: int = 7,
) -> list[Path]:
    rng = random.Random(seed)
    sentences, titles = seed_sentences(corpus_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in range(documents):
        committee = rng.choice(COMMITTEES)
        year = rng.randint(2005, 2023)
        lines = [
            "Agenda and minutes", "",
            f"Venue: {committee} room, Shire Hall, Hereford", "",
            "Items", "No. Item", "",
        ]
        for n in range(items_per_doc):
            number = d * items_per_doc + n + 1
            lines += [f"{number}.", "", rng.choice(titles), "", "To consider the report.", "", "Minutes:", ""]
            for _ in range(rng.randint(*paragraphs_per_item)):
                para = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
                lines += [("·         " if rng.random() < 0.5 else "") + para, ""]
            if rng.random() < 0.4:
                lines += ["Resolved: That " + rng.choice(sentences), ""]
        lines += [f"The next meeting is on {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}."]
        path = out_dir / f"{d:06d}_synthetic.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


class ReplayEmbedder:
    """Stands in for the model on a huge synthetic corpus: each text gets one of
    a pool of real vectors (chosen by a hash of the text) plus small seeded
    noise, re-normalised.  ``count_tokens`` is the real tokenizer's."""

    def __init__(self, real, pool: np.ndarray, noise: float = 0.05, seed: int = 11):
        self.real = real
        self.name = real.name
        self.dimension = real.dimension
        self.pool = pool
        self.noise = noise
        self.seed = seed
        self.calls = 0

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def embed_batch(self, texts: Iterable[str]) -> np.ndarray:
        texts = list(texts)
        self.calls += len(texts)
        rows = np.array([hash_text(t) % len(self.pool) for t in texts])
        rng = np.random.default_rng(self.seed + self.calls)
        noisy = self.pool[rows] + rng.normal(0, self.noise, (len(texts), self.dimension))
        return normalise_rows(noisy.astype(np.float32))


def hash_text(text: str) -> int:
    import zlib

    return zlib.crc32(text.encode("utf-8"))
