"""The evaluation files in tests/data/shared_eval/ are copies of ../shared/eval/.

The suite reads the copies so that a clone of the repository alone passes; this
test keeps them in step with the originals wherever ../shared/ is beside the
repository (it is in development and CI, not on a lone clone).
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
COPY = HERE / "data" / "shared_eval"
ORIGINAL = HERE.parents[1] / "shared" / "eval"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_copies_exist():
    names = _files(COPY)
    assert "dev_questions.jsonl" in names
    assert "broad/questions.jsonl" in names
    assert sum(n.startswith("broad/minutes/") for n in names) >= 16


@pytest.mark.skipif(not ORIGINAL.is_dir(), reason="../shared/eval is not beside the repository")
def test_the_copies_match_shared_eval():
    original, copy = _files(ORIGINAL), _files(COPY)
    assert sorted(original) == sorted(copy), "run: rm -r tests/data/shared_eval && cp -r ../shared/eval tests/data/shared_eval"
    changed = [name for name in original if original[name] != copy[name]]
    assert not changed, f"out of step with ../shared/eval: {changed}"
