"""The index's plain files: records to JSON and back, atomic writes, locks.

Helpers of ``qa_bot.index``: JSON Lines of frozen records, the manifest
written atomically (temporary file, fsync, ``os.replace``), file sizes for
corruption checks, the corpus fingerprint and the build lock.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qa_bot.records import AgendaItem, Document, Meeting

MANIFEST = "manifest.json"


def to_jsonable(record: Any) -> dict[str, Any]:
    return dataclasses.asdict(record)


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def record_from_dict(cls: type, data: Mapping[str, Any]) -> Any:
    """Rebuild a frozen record; lists become tuples, unknown keys are ignored."""
    names = _field_names(cls)  # looked up once per class: loading a big index calls this a lot
    values = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names
    }
    return cls(**values)


def document_from_dict(data: Mapping[str, Any]) -> Document:
    meeting = record_from_dict(Meeting, data["meeting"])
    items = tuple(record_from_dict(AgendaItem, it) for it in data["items"])
    rest = {k: v for k, v in data.items() if k not in ("meeting", "items")}
    return record_from_dict(Document, {**rest, "meeting": meeting, "items": items})


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every visible file under the corpus folder, by relative path."""
    out: dict[str, str] = {}
    if not corpus_dir.is_dir():
        return out
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if path.is_file() and not any(p.startswith(".") for p in rel.parts):
            out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Run a bulk load of many small acyclic records without the cyclic GC.

    Each collection of the oldest generation walks every object alive, and
    a load that creates hundreds of thousands of them triggers one over and
    over: at a million passages the catalogue's records took 2.5 s of CPU
    with the GC on and 0.8 s without.  Reference counting still frees
    everything; collection resumes (if it was on) when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One builder at a time per index folder (advisory lock where supported)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with (index_dir / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> list[int]:
    """Write one JSON object a line; return where each line starts (bytes),
    then the file's end."""
    offsets = [0]
    with path.open("wb") as handle:
        for row in rows:
            line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
            handle.write(line)
            offsets.append(offsets[-1] + len(line))
        handle.flush()
        os.fsync(handle.fileno())
    return offsets


def write_manifest(index_dir: Path, manifest: Mapping[str, Any]) -> None:
    tmp = index_dir / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / MANIFEST)
    try:
        fd = os.open(index_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:  # pragma: no cover - directories cannot be fsynced everywhere
        pass


def file_sizes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_size
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
