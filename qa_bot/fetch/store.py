"""Writing fetched minutes into the corpus folder without ever losing a file.

Every file is written to a hidden temporary name in the same folder, synced
and renamed over its final name (``os.replace`` is atomic), so a run killed
at any moment leaves either the old file or the new one, never half of one;
the indexer skips hidden names, and the next run clears what a kill left.
A document is written before its manifest row, so the row never names a
file that is not there; a run that finds a file without its row adds it.
One writer at a time per corpus (an advisory lock in ``.fetch/``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from qa_bot.parse.manifest import COLUMNS, FILENAME, ManifestRow, load_manifest

STATE_DIR = ".fetch"  # hidden: the indexer never reads it
_TMP = re.compile(r"^\..+\.[0-9a-f]{32}\.tmp$")


def write_atomic(path: Path, data: bytes) -> None:
    """``data`` at ``path``, all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def slug(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or "x"


class CorpusStore:
    """The corpus folder as the fetcher and the importer write it."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.state_dir = self.corpus_dir / STATE_DIR

    @contextmanager
    def open(self) -> Iterator[CorpusStore]:
        """Hold the corpus's writer lock; clear what a killed run left."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            fcntl = None
        with (self.state_dir / "lock").open("a") as handle:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                self._clear_leftovers()
                yield self
            finally:
                if fcntl is not None:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    @property
    def cache_dir(self) -> Path:
        return self.state_dir / "http"

    def _clear_leftovers(self) -> None:
        for folder in (self.corpus_dir, self.cache_dir):
            if folder.is_dir():
                for child in folder.iterdir():
                    if _TMP.match(child.name):
                        child.unlink(missing_ok=True)

    # ------------------------------------------------------------ documents

    def existing(self, name: str) -> bytes | None:
        try:
            return (self.corpus_dir / name).read_bytes()
        except OSError:
            return None

    def hashes(self) -> dict[str, str]:
        """sha256 of every visible file of the corpus (manifest excepted)."""
        out: dict[str, str] = {}
        if not self.corpus_dir.is_dir():
            return out
        for path in self.corpus_dir.rglob("*"):
            rel = path.relative_to(self.corpus_dir)
            if path.is_file() and not any(p.startswith(".") for p in rel.parts) and rel.as_posix() != FILENAME:
                out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        return out

    def save(self, name: str, content: bytes, row: ManifestRow, *, replaces: tuple[str, ...] = ()) -> str:
        """Write one document and its manifest row; "new", "changed" or
        "unchanged".  ``replaces``: older names of the same document
        (removed once the new one is in place)."""
        before = self.existing(name)
        if before != content:
            write_atomic(self.corpus_dir / name, content)
        manifest = load_manifest(self.corpus_dir)
        old_row = manifest.get(name)
        rows = dict(manifest.rows)
        gone = [old for old in replaces if old != name and (self.corpus_dir / old).is_file()]
        for old in gone:
            rows.pop(old, None)
        if before == content and old_row is not None and _same(old_row, row) and not gone:
            return "unchanged"
        rows[name] = row
        self.write_manifest(list(rows.values()))
        for old in gone:
            (self.corpus_dir / old).unlink(missing_ok=True)
        if before is None:
            return "changed" if gone else "new"
        return "unchanged" if before == content else "changed"

    # ------------------------------------------------------------ manifest

    def write_manifest(self, rows: list[ManifestRow]) -> None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in sorted(rows, key=lambda r: r.file):
            writer.writerow([
                r.file, r.committee or "", r.date or "", r.url or "", ";".join(r.inferred),
                r.council or "", r.fetched_at or "",
            ])
        write_atomic(self.corpus_dir / FILENAME, out.getvalue().encode("utf-8"))


def _same(a: ManifestRow, b: ManifestRow) -> bool:
    """Rows equal but for when they were fetched."""
    return replace(a, fetched_at=None) == replace(b, fetched_at=None)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not everywhere
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
