"""Load test: concurrent clients asking varied questions of a running server.

    python bench/load_test.py --start [--clients 20] [--gradio-clients 4] [--seconds 120]
    python bench/load_test.py --url http://127.0.0.1:7860 [--pid SERVER_PID] ...

``--start`` runs ``python app.py`` itself on a free port over corpus/ (rate
limit off, its own feedback file) and stops it afterwards; otherwise point
``--url`` at a server started with QA_BOT_RATE_LIMIT_PER_MINUTE=0.

Bounded in clients (at most 50) and time (at most 600 s), loopback only.
``--clients`` threads ask one question after another with no pause;
``--gradio-clients`` of them go through the Gradio queue (/chat, streamed),
the rest post to /api/ask.  The questions are every question of the shared
dev file and of our own question files (over a hundred, each client starting
at a different one), so early on most are asked for the first time and later
ones repeat, as before a council meeting.  Prints throughput, p50/p95/p99
latency and the error count for each route, and the server's memory
(Linux /proc) sampled every 5 s: at the start, the end, and the growth over
the second half of the run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parents[1]
QUESTION_FILES = (
    REPO / "tests" / "data" / "shared_eval" / "dev_questions.jsonl",
    REPO / "tests" / "data" / "questions.jsonl",
    REPO / "tests" / "data" / "answer_calibration.jsonl",
)


def load_questions() -> list[str]:
    """Every distinct question of the question files, in a fixed order."""
    seen: dict[str, None] = {}
    for path in QUESTION_FILES:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    seen.setdefault(json.loads(line)["question"], None)
    return list(seen)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    first_time: list[float] = field(default_factory=list)  # a question no one asked before
    asked: set[str] = field(default_factory=set)

    def add(self, seconds: float, error: str | None, question: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
                return
            self.latencies.append(seconds)
            if question not in self.asked:
                self.asked.add(question)
                self.first_time.append(seconds)


def rss_mib(pid: int | None) -> float | None:
    """The resident memory of the server and of the processes it started
    (its answer workers), in MiB."""
    if pid is None:
        return None
    total = None
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = children.read_text().split() if children.exists() else []
    for proc in [pid, *map(int, kids)]:
        status = Path(f"/proc/{proc}/status")
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("VmRSS:"):
                total = (total or 0.0) + int(line.split()[1]) / 1024
    return total


def api_client(url: str, stop: float, tally: Tally, offset: int, pool: list[str]) -> None:
    questions = itertools.islice(itertools.cycle(pool), offset, None)
    with httpx.Client(base_url=url, timeout=60) as http:
        for q in questions:
            if time.monotonic() >= stop:
                return
            started = time.perf_counter()
            try:
                r = http.post("/api/ask", json={"question": q})
                error = None if r.status_code == 200 and "answer" in r.json() \
                    else f"HTTP {r.status_code}: {r.text[:100]}"
            except (httpx.HTTPError, json.JSONDecodeError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            tally.add(time.perf_counter() - started, error, q)


def gradio_client(url: str, stop: float, tally: Tally, offset: int, pool: list[str]) -> None:
    from gradio_client import Client

    client = Client(url + "/", verbose=False)
    questions = itertools.islice(itertools.cycle(pool), offset, None)
    for q in questions:
        if time.monotonic() >= stop:
            return
        started = time.perf_counter()
        try:
            _box, chat, _panel = client.predict(q, [], "All committees", "", "", api_name="/chat")
            error = None if chat and chat[-1]["role"] == "assistant" else "empty chat"
        except Exception as exc:  # noqa: BLE001 (any client failure is an error to count)
            error = f"{type(exc).__name__}: {exc}"
        tally.add(time.perf_counter() - started, error, q)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def report(name: str, tally: Tally, seconds: float) -> str:
    lat = sorted(tally.latencies)
    return (
        f"{name:<8} requests={len(lat) + len(tally.errors):>5}  ok={len(lat):>5}  "
        f"errors={len(tally.errors):>3}  throughput={len(lat) / seconds:6.2f}/s  "
        f"p50={percentile(lat, 50):.3f}s  p95={percentile(lat, 95):.3f}s  "
        f"p99={percentile(lat, 99):.3f}s"
    )


@dataclass
class MemorySampler:
    """The server's RSS every ``every`` seconds while the load runs."""

    pid: int | None
    every: float = 5.0
    samples: list[tuple[float, float]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.is_set():
            rss = rss_mib(self.pid)
            if rss is not None:
                self.samples.append((time.monotonic() - started, rss))
            self.stop.wait(self.every)

    def summary(self) -> str | None:
        if len(self.samples) < 2:
            return None
        values = [rss for _t, rss in self.samples]
        half = values[len(values) // 2]
        step = max(1, round(30 / self.every))
        series = ", ".join(f"{t:.0f}s {rss:.0f}" for t, rss in self.samples[::step])
        return (
            f"server RSS (with its workers): {values[0]:.0f} MiB at start, {half:.0f} MiB at half time, "
            f"{values[-1]:.0f} MiB at end (max {max(values):.0f}); "
            f"growth over the second half {values[-1] - half:+.0f} MiB\n"
            f"RSS every 30 s (MiB): {series}"
        )


@contextmanager
def started_server() -> Iterator[tuple[str, int]]:
    """``python app.py`` on a free port over corpus/ and embeddings/; (url, pid)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tmp = Path(tempfile.mkdtemp(prefix="qa-bot-load-"))
    env = dict(os.environ, QA_BOT_RATE_LIMIT_PER_MINUTE="0",
               QA_BOT_FEEDBACK_DB=str(tmp / "feedback.sqlite3"), HF_HUB_OFFLINE="1")
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=REPO, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"app.py exited with {proc.returncode}; see {tmp / 'server.log'}")
            try:
                health = httpx.get(url + "/healthz", timeout=2)
                # Ready, and the page built (before that a page request waits for it).
                if health.status_code == 200 and health.json().get("page", "ready") == "ready":
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"app.py did not start; see {tmp / 'server.log'}")
            time.sleep(0.5)
        print(f"started app.py (pid {proc.pid}) at {url}; log {tmp / 'server.log'}", file=sys.stderr)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def run_load(url: str, pid: int | None, clients: int, gradio_n: int, seconds: float,
             json_path: Path | None = None) -> int:
    deadline = time.monotonic() + 120
    while True:  # a server just started may still be building its page
        health = httpx.get(url + "/healthz", timeout=10)
        health.raise_for_status()
        if health.json().get("page", "ready") == "ready" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    pool = load_questions()
    api_tally, gradio_tally = Tally(), Tally()
    memory = MemorySampler(pid)
    sampler = threading.Thread(target=memory.run, daemon=True)
    stop = time.monotonic() + seconds
    spread = max(1, len(pool) // clients)
    threads = [
        threading.Thread(target=gradio_client if i < gradio_n else api_client,
                         args=(url, stop, gradio_tally if i < gradio_n else api_tally,
                               i * spread, pool),
                         daemon=True)
        for i in range(clients)
    ]
    print(f"{clients} clients ({gradio_n} through the Gradio queue) for {seconds:.0f} s "
          f"against {url}, {len(pool)} distinct questions", file=sys.stderr)
    started = time.monotonic()
    sampler.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    memory.stop.set()
    sampler.join(10)
    elapsed = time.monotonic() - started
    print(f"{clients} clients, no pause between questions, {elapsed:.0f} s, "
          f"{len(pool)} distinct questions, {os.cpu_count()} CPUs")
    print(report("api/ask", api_tally, elapsed))
    if gradio_n:
        print(report("gradio", gradio_tally, elapsed))
    both = Tally(api_tally.latencies + gradio_tally.latencies, api_tally.errors + gradio_tally.errors)
    print(report("all", both, elapsed))
    first = api_tally.first_time + gradio_tally.first_time
    print(f"of which a route's first ask of a question: {len(first)}, "
          f"p50={percentile(sorted(first), 50):.3f}s  p95={percentile(sorted(first), 95):.3f}s")
    line = memory.summary()
    if line:
        print(line)
    for e in both.errors[:10]:
        print("error:", e)
    if json_path is not None:
        figures = {
            name: {"requests": len(t.latencies) + len(t.errors), "errors": len(t.errors),
                   "p50_s": percentile(sorted(t.latencies), 50),
                   "p95_s": percentile(sorted(t.latencies), 95)}
            for name, t in (("api", api_tally), ("gradio", gradio_tally), ("all", both))
        }
        json_path.write_text(json.dumps({"clients": clients, "seconds": elapsed, **figures}))
    return 1 if both.errors else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:7860")
    p.add_argument("--start", action="store_true", help="start python app.py for the run")
    p.add_argument("--clients", type=int, default=20, help="concurrent clients in all (max 50)")
    p.add_argument("--gradio-clients", type=int, default=4,
                   help="how many of them use the Gradio queue instead of /api/ask")
    p.add_argument("--seconds", type=float, default=120, help="duration (max 600)")
    p.add_argument("--pid", type=int, help="server process id, to report its memory")
    p.add_argument("--json", type=Path, help="also write the p50/p95 and error counts here")
    args = p.parse_args(argv)
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        p.error("loopback only: --url must point at 127.0.0.1 or localhost")
    clients = max(1, min(args.clients, 50))
    gradio_n = max(0, min(args.gradio_clients, clients))
    seconds = max(1.0, min(args.seconds, 600.0))
    if args.start:
        with started_server() as (url, pid):
            return run_load(url, pid, clients, gradio_n, seconds, args.json)
    return run_load(args.url, args.pid, clients, gradio_n, seconds, args.json)


if __name__ == "__main__":
    sys.exit(main())
