"""The fitted models that weigh evidence, read from a small versioned file.

Three logistic regressions over named features (``qa_bot.evidence`` computes
them; ``scripts/fit_evidence.py`` fits them on labelled questions):

- ``sentence_pre``: how likely a sentence is to hold the asked fact, from its
  words alone (it picks the few sentences worth embedding);
- ``sentence``: the same with the sentence's cosine similarity to the
  question (it orders the sentences an answer quotes);
- ``grounding``: whether the retrieved items answer the question at all;
- ``subject``: whether an item is about the question's subject (a near miss
  cites it, saying what it lacks; nothing about the subject: a plain decline).

Serving needs only numpy: weights, intercepts, the features' means and
scales, and thresholds chosen on the training data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

FORMAT_VERSION = 3  # 2: the sentence models weigh 'body'; 3: 'terms_held' (the scope's word pairs, weighed, not a filter)
DEFAULT_PATH = Path(__file__).resolve().parent / "models" / "evidence.json"


class ModelFileError(ValueError):
    """The evidence model file is missing, unreadable or for other features."""


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic regression: p = sigmoid(w . (x - mean) / scale + b)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.5

    def logits(self, rows: np.ndarray) -> np.ndarray:
        x = (np.asarray(rows, dtype=np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        return x @ np.asarray(self.weights) + self.intercept

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(rows)))

    def probability(self, row: Sequence[float]) -> float:
        return float(self.probabilities(np.asarray([row]))[0])

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "threshold": round(self.threshold, 6),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], expected: Sequence[str]) -> Logistic:
        features = tuple(data["features"])
        if features != tuple(expected):
            raise ModelFileError(
                f"the model's features {list(features)} are not the code's {list(expected)}; "
                "refit with scripts/fit_evidence.py"
            )
        n = len(features)
        model = cls(
            features, tuple(float(w) for w in data["weights"]), float(data["intercept"]),
            tuple(float(m) for m in data["mean"]), tuple(float(s) or 1.0 for s in data["scale"]),
            float(data.get("threshold", 0.5)),
        )
        if not (len(model.weights) == len(model.mean) == len(model.scale) == n):
            raise ModelFileError("the model's weights, means and scales differ in length")
        return model


@dataclass(frozen=True)
class EvidenceModel:
    sentence_pre: Logistic
    sentence: Logistic
    grounding: Logistic
    subject: Logistic
    version: int = FORMAT_VERSION
    training: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "training": self.training,
            "sentence_pre": self.sentence_pre.to_json(),
            "sentence": self.sentence.to_json(),
            "grounding": self.grounding.to_json(),
            "subject": self.subject.to_json(),
        }

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


def load_model(path: str | Path | None = None) -> EvidenceModel:
    """The model in ``path`` (default: the one shipped in the package)."""
    from qa_bot.evidence import (
        GROUNDING_FEATURES,
        SENTENCE_FEATURES,
        SENTENCE_PRE_FEATURES,
        SUBJECT_FEATURES,
    )

    path = Path(path) if path else DEFAULT_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path}: cannot read the evidence model ({exc})") from exc
    if data.get("version") != FORMAT_VERSION:
        raise ModelFileError(f"{path}: model version {data.get('version')!r}, expected {FORMAT_VERSION}")
    try:
        return EvidenceModel(
            sentence_pre=Logistic.from_json(data["sentence_pre"], SENTENCE_PRE_FEATURES),
            sentence=Logistic.from_json(data["sentence"], SENTENCE_FEATURES),
            grounding=Logistic.from_json(data["grounding"], GROUNDING_FEATURES),
            subject=Logistic.from_json(data["subject"], SUBJECT_FEATURES),
            version=FORMAT_VERSION,
            training=dict(data.get("training", {})),
        )
    except (KeyError, TypeError) as exc:
        raise ModelFileError(f"{path}: not an evidence model ({exc})") from exc


_DEFAULT: dict[str, EvidenceModel] = {}


def default_model() -> EvidenceModel:
    """The shipped model, read once (it is immutable)."""
    if "model" not in _DEFAULT:
        _DEFAULT["model"] = load_model()
    return _DEFAULT["model"]
