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
import time
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


def corpus_fingerprint(
    corpus_dir: Path, known: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """sha256 of every visible file under the corpus folder, by relative path
    (``known``: a manifest whose hashes may be reused, see ``corpus_state``)."""
    return corpus_state(corpus_dir, known)[0]


# A file modified this recently may change again within its clock tick
# unseen by size and time: its hash is not reused (as git's "racy" check).
RACY_SECONDS = 2.0


def corpus_state(
    corpus_dir: Path, known: Mapping[str, Any] | None = None
) -> tuple[dict[str, str], dict[str, list[int]]]:
    """(sha256 by relative path, [size, mtime_ns] by relative path) of every
    visible corpus file.  A file whose size and modification time equal those
    ``known`` (a manifest: ``corpus_files`` and ``corpus_stats``) recorded keeps
    its recorded hash instead of being read again, as rsync and git decide;
    a million passages are about a gigabyte of minutes, seconds to hash."""
    hashes: dict[str, str] = {}
    stats: dict[str, list[int]] = {}
    if not corpus_dir.is_dir():
        return hashes, stats
    old_hashes: Mapping[str, str] = (known or {}).get("corpus_files") or {}
    old_stats: Mapping[str, Any] = (known or {}).get("corpus_stats") or {}
    settled = time.time_ns() - int(RACY_SECONDS * 1e9)
    for name, path in sorted(_visible_files(str(corpus_dir), "")):
        st = os.stat(path)
        stat = [st.st_size, st.st_mtime_ns]
        if name in old_hashes and list(old_stats.get(name, ())) == stat:
            hashes[name] = old_hashes[name]
        else:
            with open(path, "rb") as handle:
                hashes[name] = hashlib.sha256(handle.read()).hexdigest()
        if st.st_mtime_ns < settled:
            stats[name] = stat
    return hashes, stats


def _visible_files(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
    """(relative posix name, path) of every file under ``folder``, hidden
    files and folders skipped (``os.scandir``: no Path object per file)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from _visible_files(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry.path


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
        # One line by json's C encoder (``json.dump`` and indented output use
        # the pure-Python one: two seconds for the per-document lists of a
        # million-passage index).
        handle.write(json.dumps(manifest, sort_keys=True))
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
