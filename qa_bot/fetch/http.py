"""The polite HTTP client every fetcher goes through.

- one request at a time, at least ``delay_s`` apart (more when robots.txt asks
  for a Crawl-delay), with a User-Agent that says who we are;
- robots.txt read once per site with ``urllib.robotparser`` and obeyed; a
  robots.txt the server cannot serve (5xx, unreachable) stops the run, as
  RFC 9309 asks;
- retries with exponential backoff on 429, 5xx and timeouts (``Retry-After``
  honoured up to a minute);
- conditional requests: the ETag / Last-Modified of every answer is kept
  with its body in a cache folder, sent back next time, and a 304 is served
  from that copy, so a second run downloads only what changed;
- redirects are followed only within the same host; a body over
  ``max_bytes`` is abandoned while it streams;
- a 403 is reported as the site refusing us (``SiteBlocked``), the usual
  answer of a council's web application firewall to non-browser clients.

The cache entries are written atomically (``qa_bot.fetch.store.write_atomic``)
and checked against their hash when read, so a kill never leaves one that
is believed.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from qa_bot.fetch.base import Disallowed, FetchError, SiteBlocked, SiteError
from qa_bot.fetch.store import write_atomic

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_S = 60.0


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    not_modified: bool = False  # a 304: ``content`` is our stored copy

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


@dataclass
class Counters:
    requests: int = 0
    downloaded: int = 0  # 200 answers with a body
    not_modified: int = 0  # 304 answers


class PoliteClient:
    def __init__(
        self,
        *,
        user_agent: str,
        delay_s: float,
        timeout_s: float,
        retries: int,
        max_bytes: int,
        cache_dir: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.user_agent = user_agent
        self.delay_s = max(0.0, delay_s)
        self.retries = max(0, retries)
        self.max_bytes = max_bytes
        self.cache_dir = cache_dir
        self.counters = Counters()
        self._sleep = sleep
        self._last_request = 0.0
        self._used: set[str] = set()  # cache entries read or written in this run
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._crawl_delay: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=True,  # a council's proxy (HTTPS_PROXY, NO_PROXY) and CA bundle (SSL_CERT_FILE)
        )

    def close(self) -> None:
        self._client.close()

    # ----------------------------------------------------------- the request

    def get(self, url: str, *, conditional: bool = True) -> Response:
        """GET ``url`` politely; FetchError (or SiteError) with a one-line
        reason when it cannot be had."""
        site = _site(url)
        self._check_robots(url)
        cached = self._cache_read(url) if conditional else None
        headers: dict[str, str] = {}
        if cached is not None:
            if cached.get("etag"):
                headers["If-None-Match"] = cached["etag"]
            if cached.get("last_modified"):
                headers["If-Modified-Since"] = cached["last_modified"]
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            status, response_headers, content = self._send(current, headers)
            if status in (301, 302, 303, 307, 308):
                target = urljoin(current, response_headers.get("location", ""))
                if _host(target) != _host(url):
                    raise FetchError(f"redirected to another host ({_host(target) or target})")
                current = target
                self._check_robots(current)
                continue
            break
        else:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects")
        if status == 304:
            if cached is None or cached.get("body") is None:
                return self.get(url, conditional=False)
            self.counters.not_modified += 1
            return Response(current, 304, cached["body"], cached.get("content_type", ""), True)
        if status == 403:
            raise SiteBlocked(f"{site} answered HTTP 403 Forbidden")
        if status >= 400:
            raise FetchError(f"HTTP {status} from {_path(current)}")
        content_type = response_headers.get("content-type", "")
        self.counters.downloaded += 1
        etag = response_headers.get("etag")
        last_modified = response_headers.get("last-modified")
        if self.cache_dir is not None and (etag or last_modified):
            self._cache_write(url, etag, last_modified, content_type, content)
        return Response(current, status, content, content_type)

    def _send(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """One request with retries; (status, headers, body)."""
        attempt = 0
        while True:
            self._wait_turn(url)
            self.counters.requests += 1
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status in RETRY_STATUSES and attempt < self.retries:
                        wait = _retry_after(response.headers.get("retry-after"))
                        attempt += 1
                        self._backoff(url, f"HTTP {status}", attempt, wait)
                        continue
                    content = self._read_limited(response) if status == 200 else b""
                    return status, response.headers, content
            except httpx.UnsupportedProtocol as exc:
                raise FetchError(f"not an http(s) address: {url}") from exc
            except httpx.TransportError as exc:  # timeouts, refused, reset
                if attempt < self.retries:
                    attempt += 1
                    self._backoff(url, _describe(exc), attempt, None)
                    continue
                if isinstance(exc, httpx.ConnectError):
                    raise SiteError(f"{_site(url)} cannot be reached ({_describe(exc)})") from exc
                raise FetchError(f"{_path(url)}: {_describe(exc)}") from exc

    def _read_limited(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(
                f"{int(declared):,} bytes is over the {self.max_bytes:,}-byte limit (setting max_file_bytes)"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"over the {self.max_bytes:,}-byte limit (setting max_file_bytes)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, url: str) -> None:
        delay = max(self.delay_s, self._crawl_delay.get(_site(url), 0.0))
        wait = self._last_request + delay - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()

    def _backoff(self, url: str, why: str, attempt: int, retry_after: float | None) -> None:
        wait = retry_after if retry_after is not None else max(self.delay_s, 0.5) * 2 ** (attempt - 1)
        logger.debug("%s: %s; retry %d in %.1f s", _path(url), why, attempt, wait)
        self._sleep(wait)

    # ----------------------------------------------------------- robots.txt

    def _check_robots(self, url: str) -> None:
        site = _site(url)
        parser = self._robots.get(site)
        if parser is None:
            parser = self._read_robots(url)
            self._robots[site] = parser
            delay = parser.crawl_delay(self.user_agent)
            if delay:
                self._crawl_delay[site] = min(float(delay), 60.0)
        if not parser.can_fetch(self.user_agent, url):
            raise Disallowed(f"{site}: robots.txt does not allow {_path(url)} to our User-Agent")

    def _read_robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        status, _headers, content = self._send(robots_url, {})
        if status >= 500:
            raise SiteError(f"{_site(url)} cannot serve robots.txt (HTTP {status}); not fetching")
        if status == 200:
            parser.parse(content.decode("utf-8", errors="replace").splitlines())
        else:  # 4xx (none published) or a redirect: everything is allowed
            parser.parse([])
        return parser

    # ----------------------------------------------------------- the cache

    def _cache_paths(self, url: str) -> tuple[Path, Path]:
        assert self.cache_dir is not None
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()
        self._used.add(key)
        return self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body"

    def prune_cache(self) -> int:
        """Drop the entries this run did not use (meetings the site no longer
        lists); call only after a run that asked for everything."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return 0
        dropped = 0
        for path in self.cache_dir.iterdir():
            if path.suffix in (".json", ".body") and path.stem not in self._used:
                path.unlink(missing_ok=True)
                dropped += 1
        return dropped

    def _cache_read(self, url: str) -> dict | None:
        if self.cache_dir is None:
            return None
        meta_path, body_path = self._cache_paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None  # half of an entry written before a kill: not believed
        return {**meta, "body": body}

    def _cache_write(
        self, url: str, etag: str | None, last_modified: str | None, content_type: str, body: bytes
    ) -> None:
        meta_path, body_path = self._cache_paths(url)
        meta = {
            "url": url, "etag": etag, "last_modified": last_modified,
            "content_type": content_type, "sha256": hashlib.sha256(body).hexdigest(),
        }
        write_atomic(body_path, body)
        write_atomic(meta_path, json.dumps(meta).encode("utf-8"))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_S)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(0.0, when.timestamp() - time.time()), MAX_RETRY_AFTER_S)


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return exc.__class__.__name__ + (f": {exc}" if str(exc) else "")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _site(url: str) -> str:
    return urlsplit(url).netloc or url


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
