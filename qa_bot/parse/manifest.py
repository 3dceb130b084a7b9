"""The optional corpus manifest, ``corpus/manifest.csv``.

One row per file: ``file,committee,date,url,inferred`` and, from the fetcher
(``python -m qa_bot fetch``/``import``), ``council,fetched_at``.  Every column
but ``file`` is optional, so older manifests load unchanged.  ``url`` is where
the council published the minutes (citations link to it).  ``inferred`` is a
";"-separated list of the fields that were worked out rather than printed
(e.g. ``committee;date``); an inferred date may be partial ("2022-02").  The
text of a document wins over its manifest row where the text states a value.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

logger = logging.getLogger(__name__)
FILENAME = "manifest.csv"
# New columns go at the end: readers go by name, older files lack them.
COLUMNS = ("file", "committee", "date", "url", "inferred", "council", "fetched_at")


@dataclass(frozen=True)
class ManifestRow:
    file: str
    committee: str | None = None
    date: str | None = None
    url: str | None = None
    inferred: tuple[str, ...] = ()
    council: str | None = None
    fetched_at: str | None = None  # ISO 8601 UTC, when the fetcher saved it


@dataclass(frozen=True)
class Manifest:
    rows: Mapping[str, ManifestRow] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[str, ...] = ()

    def get(self, source: str) -> ManifestRow | None:
        return self.rows.get(source)


def load_manifest(corpus_dir: Path) -> Manifest:
    """``corpus_dir/manifest.csv``; a missing file gives an empty manifest."""
    path = Path(corpus_dir) / FILENAME
    if not path.is_file():
        return Manifest()
    rows: dict[str, ManifestRow] = {}
    warnings: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("file",) if c not in (reader.fieldnames or [])]
        if missing:
            return Manifest(warnings=(f"{path}: no 'file' column; manifest ignored",))
        for n, raw in enumerate(reader, start=2):
            name = (raw.get("file") or "").strip()
            if not name:
                continue
            if name in rows:
                warnings.append(f"{path}:{n}: {name} listed twice; the later row wins")
            rows[name] = ManifestRow(
                file=name,
                committee=_value(raw.get("committee")),
                date=_value(raw.get("date")),
                url=_value(raw.get("url")),
                inferred=tuple(
                    part.strip() for part in (raw.get("inferred") or "").split(";") if part.strip()
                ),
                council=_value(raw.get("council")),
                fetched_at=_value(raw.get("fetched_at")),
            )
    for warning in warnings:
        logger.warning(warning)
    return Manifest(MappingProxyType(rows), tuple(warnings))


def _value(raw: str | None) -> str | None:
    value = (raw or "").strip()
    return value or None
