"""Print the README's example answers from the current code, as Markdown.

    .venv/bin/python scripts/readme_examples.py > /tmp/examples.md

Each example is the plain output of ``python -m qa_bot ask QUESTION`` on the
shipped corpus, quoted; paste them into the README's "What it answers"
section after a change to the answerer, so the README shows what the code
does, not what it once did.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

QUESTIONS = (
    "What was resolved about fostering panels?",
    "How many placement orders were granted in 2016-17?",
    "How has the corporate parenting strategy been discussed over the years?",
    "What did Cabinet decide on 18 October 2018?",
    "who chaired the cabinet meeting on 18 October 2018?",
    "What is the weather forecast for Hereford tomorrow?",
)


def main() -> int:
    from qa_bot.cli import main as cli

    for question in QUESTIONS:
        out = io.StringIO()
        cli(["ask", question], stdout=out)
        print(f'`python -m qa_bot ask "{question}"`\n')
        lines = out.getvalue().rstrip("\n").splitlines()
        refs = next((i for i, line in enumerate(lines) if line.startswith("[1]")), len(lines))
        # Markdown hard line breaks inside the list of citations.
        lines = [f"{line}\\" if refs <= i < len(lines) - 1 else line for i, line in enumerate(lines)]
        print("\n".join(f"> {line}".rstrip() for line in lines))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
