"""Parse time on large and awkward inputs: prints seconds per input.

    .venv/bin/python bench/bench_parse.py

Each input is a shape the parser's fallbacks read line by line or number by
number; a step that grows with the square of the input shows here first (a
2 MB file of numbered paragraphs once took 27 s, a 400 KB line of "Mr."
abbreviations three minutes).  Figures, not assertions: compare with the
README's "Speed and scale" table.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa_bot.parse import parse_bytes

SHAPES = Path(__file__).resolve().parents[1] / "tests" / "data" / "shapes"


def inputs() -> dict[str, str]:
    shapes = " ".join(p.read_text(encoding="utf-8").replace("\n", " ") for p in sorted(SHAPES.glob("*.txt")))
    return {
        "one line, every shape joined (2 MB)": (shapes * (2_000_000 // len(shapes) + 1))[:2_000_000],
        "numbered paragraphs, 25,000 (2 MB)": "".join(
            f"{i}. The council noted the report on item {i}.\nSome discussion followed here.\n" for i in range(1, 25_001)
        ),
        "numbered headings, 8,000": "".join(f"{i}. Item number {i}\nSome discussion followed here.\n\n" for i in range(1, 8_001)),
        "one line of abbreviations (400 KB)": "1. Apologies " + "Mr. Smith " * 40_000 + " 2. Minutes Approved. 3. Planning.",
        "no blank lines, short headings (2 MB)": "".join(
            f"Section {i}\nThe committee considered the matter in some detail and agreed the way forward.\n"
            for i in range(1, 24_001)
        ),
    }


def main() -> int:
    logging.disable(logging.WARNING)
    print(f"{'input':42s} {'MB':>5s} {'items':>6s} {'seconds':>8s}")
    for name, text in inputs().items():
        data = text.encode()
        started = time.perf_counter()
        doc = parse_bytes(data, source="bench.txt")
        print(f"{name:42s} {len(data) / 1e6:5.2f} {len(doc.items):6d} {time.perf_counter() - started:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
