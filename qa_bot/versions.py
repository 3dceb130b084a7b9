"""Versions the index manifest records, importable without the parsers.

A server that only answers checks the index against ``PARSER_VERSION`` but
never parses; importing ``qa_bot.parse`` (its regular expressions, pypdf,
selectolax) for one string cost it about half a second.  ``qa_bot.parse``
re-exports the constant.

``PARSER_VERSION`` is the hand-set ``PARSER_SERIES`` plus a fingerprint of the
source of every module that decides what is indexed (the parsers, the
records they fill, the passage splitter).  A hand-set number alone was
forgotten: parsing changed over many commits while it stayed at "4", and an
archive indexed before an upgrade kept its old items.  With the fingerprint,
any change to those files makes the next ``index`` (or the app's start)
re-parse the corpus; vectors of passages whose text did not change are reused,
so the rebuild costs a parse, not a re-embedding.  Reading and hashing the
files takes about a millisecond, with nothing imported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PARSER_SERIES = "4"

_PACKAGE = Path(__file__).resolve().parent
# what decides the indexed items and passages; the answer layer is not here,
# since it reads the stored items afresh at every question
_PARSING_SOURCES = ("parse", "records.py", "passages.py")


def parsing_fingerprint(package: Path = _PACKAGE) -> str:
    """12 hex digits of SHA-256 over the parsing modules' source, in path order.

    Empty when the sources cannot be read (a frozen or zipped install): the
    version is then the series alone, as before.
    """
    files: list[Path] = []
    for name in _PARSING_SOURCES:
        path = package / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    digest = hashlib.sha256()
    try:
        for path in files:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(b"\0")
            # line endings normalised: a Windows checkout is the same parser
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
            digest.update(b"\0")
    except OSError:
        return ""
    return digest.hexdigest()[:12] if files else ""


def _parser_version() -> str:
    fingerprint = parsing_fingerprint()
    return f"{PARSER_SERIES}+{fingerprint}" if fingerprint else PARSER_SERIES


PARSER_VERSION = _parser_version()
