"""Load test: concurrent clients asking varied questions of a running server.

    python app.py --port 7860 &                 # with QA_BOT_RATE_LIMIT_PER_MINUTE=0
    python bench/load_test.py [--url http://127.0.0.1:7860] [--clients 20]
                              [--gradio-clients 4] [--seconds 120] [--pid SERVER_PID]

Bounded in clients (at most 50) and time (at most 600 s), loopback only.
``--clients`` threads post to /api/ask; ``--gradio-clients`` of them go
through the Gradio queue (/chat, streamed) instead.  Prints throughput,
p50/p95/p99 latency and the error count for each route, and the server's
memory at the start and the end when ``--pid`` is given (Linux /proc).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

QUESTIONS = [
    "What was resolved about fostering panels?",
    "How many placement orders were granted in 2016-17?",
    "Who gave the response to the question on care package contracts?",
    "How many nights of residential respite does the council provide per year?",
    "What was resolved about the Ofsted action plan?",
    "What did the committee recommend about the fostering service annual report?",
    "What was said about the budget overspend on out of area placements?",
    "Which councillors sent apologies?",
    "What is the corporate parenting strategy?",
    "What happened with the Joint Area Review?",
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)


def rss_mib(pid: int | None) -> float | None:
    if pid is None:
        return None
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def api_client(url: str, stop: float, tally: Tally, offset: int) -> None:
    questions = itertools.islice(itertools.cycle(QUESTIONS), offset, None)
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
            tally.add(time.perf_counter() - started, error)


def gradio_client(url: str, stop: float, tally: Tally, offset: int) -> None:
    from gradio_client import Client

    client = Client(url + "/", verbose=False)
    questions = itertools.islice(itertools.cycle(QUESTIONS), offset, None)
    for q in questions:
        if time.monotonic() >= stop:
            return
        started = time.perf_counter()
        try:
            _box, chat, _panel = client.predict(q, [], "All committees", "", "", api_name="/chat")
            error = None if chat and chat[-1]["role"] == "assistant" else "empty chat"
        except Exception as exc:  # noqa: BLE001 (any client failure is an error to count)
            error = f"{type(exc).__name__}: {exc}"
        tally.add(time.perf_counter() - started, error)


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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:7860")
    p.add_argument("--clients", type=int, default=20, help="concurrent clients in all (max 50)")
    p.add_argument("--gradio-clients", type=int, default=4,
                   help="how many of them use the Gradio queue instead of /api/ask")
    p.add_argument("--seconds", type=float, default=120, help="duration (max 600)")
    p.add_argument("--pid", type=int, help="server process id, to report its memory")
    args = p.parse_args(argv)
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        p.error("loopback only: --url must point at 127.0.0.1 or localhost")
    clients = max(1, min(args.clients, 50))
    gradio_n = max(0, min(args.gradio_clients, clients))
    seconds = max(1.0, min(args.seconds, 600.0))

    httpx.get(args.url + "/healthz", timeout=10).raise_for_status()
    rss_start = rss_mib(args.pid)
    api_tally, gradio_tally = Tally(), Tally()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=gradio_client if i < gradio_n else api_client,
                         args=(args.url, stop, gradio_tally if i < gradio_n else api_tally, i),
                         daemon=True)
        for i in range(clients)
    ]
    print(f"{clients} clients ({gradio_n} through the Gradio queue) for {seconds:.0f} s "
          f"against {args.url}", file=sys.stderr)
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.monotonic() - started
    print(report("api/ask", api_tally, elapsed))
    if gradio_n:
        print(report("gradio", gradio_tally, elapsed))
    rss_end = rss_mib(args.pid)
    if rss_start is not None and rss_end is not None:
        print(f"server RSS: {rss_start:.0f} MiB at start, {rss_end:.0f} MiB at end")
    for e in (api_tally.errors + gradio_tally.errors)[:10]:
        print("error:", e)
    return 1 if api_tally.errors or gradio_tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())
