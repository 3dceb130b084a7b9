"""Fit the evidence models and write qa_bot/models/evidence.json.

    .venv/bin/python scripts/fit_evidence.py [--out PATH]

Reads every labelled question set of the repository (the broad set of 16
councils' minutes and the seed questions; see ``qa_bot.evidence_fit``),
runs the answerer's retrieval over each set's corpus, labels every sentence
of the items read, fits the four logistic regressions and prints their weights.  The labelled
examples are kept in .cache/evidence-fit/examples/ (by fingerprint of the
question file, the index and the code), so a refit need not re-embed.
Leave-one-council-out figures: ``python -m qa_bot eval FILE --cv``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def main(argv: list[str] | None = None) -> int:
    from qa_bot.embed import SentenceTransformerEmbedder
    from qa_bot.evidence_fit import examples_of, fit, training_sets
    from qa_bot.evidence_model import DEFAULT_PATH
    from qa_bot.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH, help="where to write the model")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)

    settings = Settings.from_env(os.environ)
    sets = training_sets(ROOT)
    embedder = SentenceTransformerEmbedder.load(settings)
    examples = examples_of(sets, embedder, settings, cache=ROOT / ".cache" / "evidence-fit" / "examples")
    description = {
        "sets": [f"{s.name}: {s.questions.relative_to(ROOT)} over {s.corpus.relative_to(ROOT)}" for s in sets],
        "script": "scripts/fit_evidence.py",
    }
    model = fit(examples, settings.answer_sentences, description)
    model.save(args.out)
    print(f"wrote {args.out}: {model.training['questions']} questions, "
          f"{model.training['sentences']} sentences ({model.training['positive_sentences']} holding a fact)")
    for name in ("sentence_pre", "sentence", "grounding", "subject"):
        part = getattr(model, name)
        weights = ", ".join(f"{f} {w:+.2f}" for f, w in zip(part.features, part.weights))
        print(f"{name}: threshold {part.threshold:.3f}; {weights}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
