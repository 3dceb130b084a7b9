"""Every speed figure of the README in one run and one table (``make bench``).

Parts, each with a flag to skip it:

- embedding routes and the quality gate (bench/bench_embed.py);
- start: ``python app.py`` on a built seed index to /healthz 200, a no-op
  ``index`` and a CLI ``ask``, end to end (median of ``--repeat`` runs);
- scale: a synthetic index of ``--scale-passages`` passages
  (bench/bench_scale.py: search p50/p95, memory, recall, start, re-indexing
  one changed document and searching with that delta segment);
- load: 20 clients for ``--load-seconds`` (bench/load_test.py).

    .venv/bin/python bench/bench_speed.py [--skip-embed] [--skip-start] [--skip-scale]
        [--skip-load] [--scale-passages 1000000] [--load-seconds 120]

Figures measured while other processes load the machine are inflated; the
CPU-time rates of the embedding part are less so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
QUESTION = "What was resolved about fostering panels?"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_json(args: list[str], out: Path, env: dict) -> dict | None:
    proc = subprocess.run([sys.executable, *args, "--json", str(out)], cwd=REPO, env=env, check=False)
    if proc.returncode not in (0, 1) or not out.exists():
        log(f"{args[0]} failed ({proc.returncode})")
        return None
    return json.loads(out.read_text())


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a command: the CPU time is what the
    wall time would be on an idle machine, give or take its parallel parts."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, cpu


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def app_start(env: dict, index: Path) -> tuple[float, float, float, float]:
    """(seconds to the first /healthz answer, seconds to /healthz 200, CPU
    seconds the server used until then, seconds until /healthz says the
    page is built; before that a request for the page waits for it)."""
    sys.path.insert(0, str(REPO / "tests"))
    from app_server import free_port

    port = free_port()
    started = time.perf_counter()
    first = ready = cpu = None
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--index", str(index)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None and time.perf_counter() - started < 300:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200 and ready is None:
                        ready = time.perf_counter() - started
                        cpu = cpu_seconds(proc.pid)
                    if r.status == 200 and json.load(r).get("page", "ready") == "ready":
                        return first or ready, ready, cpu, time.perf_counter() - started
            except urllib.error.HTTPError:
                first = first or time.perf_counter() - started
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        return float("nan"), float("nan"), float("nan"), float("nan")
    finally:
        proc.terminate()
        proc.wait(30)


def start_figures(env: dict, work: Path, repeat: int) -> dict:
    index = work / "seed-index"
    env = {**env, "QA_BOT_INDEX_DIR": str(index)}
    log("start: building the seed index with the chosen route")
    subprocess.run([sys.executable, "-m", "qa_bot", "index"], cwd=REPO, env=env, check=True,
                   stderr=subprocess.DEVNULL)
    noop = [timed([sys.executable, "-m", "qa_bot", "index"], env) for _ in range(repeat)]
    ask = [timed([sys.executable, "-m", "qa_bot", "ask", QUESTION], env) for _ in range(repeat)]
    starts = [app_start(env, index) for _ in range(repeat)]
    return {"noop_index_s": statistics.median(n[0] for n in noop),
            "noop_index_cpu_s": statistics.median(n[1] for n in noop),
            "ask_s": statistics.median(a[0] for a in ask),
            "ask_cpu_s": statistics.median(a[1] for a in ask),
            "listen_s": statistics.median(s[0] for s in starts),
            "healthz_200_s": statistics.median(s[1] for s in starts),
            "healthz_200_cpu_s": statistics.median(s[2] for s in starts),
            "page_s": statistics.median(s[3] for s in starts)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for part in ("embed", "start", "scale", "load"):
        p.add_argument(f"--skip-{part}", action="store_true", help=f"skip the {part} part")
    p.add_argument("--scale-passages", type=int, default=1_000_000)
    p.add_argument("--load-seconds", type=float, default=120)
    p.add_argument("--repeat", type=int, default=3, help="runs of each start figure (median)")
    args = p.parse_args(argv)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        work = Path(tmp)
        env["QA_BOT_MODEL_CACHE_DIR"] = str(work / "models")
        if not args.skip_embed:
            embed = run_json([str(BENCH / "bench_embed.py")], work / "embed.json", env)
            if embed:
                rows.append(("embedding route chosen (auto)", embed["chosen"]))
                for r in embed["routes"]:
                    s = r["scores"]
                    rows.append((f"build, {r['route']}: passages/s wall (CPU), model load excluded",
                                 f"{r['rate_wall']:.1f} ({r['rate_cpu']:.1f}), {r['speedup_wall']:.2f}x torch"))
                    rows.append((f"gate, {r['route']}: cosine to fp32 mean/min; R@1/R@5/MRR dev, ours, broad",
                                 f"{r['cos_mean']:.4f}/{r['cos_min']:.4f}; " + ", ".join(
                                     f"{s[q]['r1']:.3f}/{s[q]['r5']:.3f}/{s[q]['mrr']:.3f}"
                                     for q in ("dev", "ours", "broad"))
                                 + f" ({'pass' if r['gate'] else 'FAIL'})"))
        if not args.skip_start:
            start = start_figures(env, work, args.repeat)
            ready = (f"{start['healthz_200_s']:.2f} s ({start['healthz_200_cpu_s']:.2f} s); "
                     f"listening (503 starting) at {start['listen_s']:.2f} s")
            rows += [("app start to /healthz 200, seed index: wall (CPU)", ready),
                     ("app start to the page built (requests for it wait till then)",
                      f"{start['page_s']:.2f} s"),
                     ("CLI ask, end to end: wall (CPU)",
                      f"{start['ask_s']:.2f} s ({start['ask_cpu_s']:.2f} s)"),
                     ("CLI index, nothing changed: wall (CPU)",
                      f"{start['noop_index_s']:.2f} s ({start['noop_index_cpu_s']:.2f} s)")]
        if not args.skip_scale:
            scale = run_json([str(BENCH / "bench_scale.py"), "--passages", str(args.scale_passages),
                              "--reindex"], work / "scale.json", env)
            if scale:
                n = f"{scale['passages']:,}"
                rows += [(f"{n} passages: search p50/p95 ({scale['faiss']})",
                          f"{scale['p50_ms']:.1f} / {scale['p95_ms']:.1f} ms"),
                         (f"{n} passages: RSS loaded / after searches",
                          f"{scale['rss_mb']:.0f} / {scale['rss_after_search_mb']:.0f} MiB"),
                         (f"{n} passages: recall of exact top 10", f"{scale['recall_at_10']:.3f}"),
                         (f"{n} passages: index load / app start to 200",
                          f"{scale['load_s']:.1f} s / {scale.get('app_start_s', float('nan')):.1f} s")]
                if "reindex_wall_s" in scale:
                    rows += [(f"{n} passages: re-index one changed document, `index` wall (CPU)",
                              f"{scale['reindex_wall_s']:.1f} s ({scale['reindex_cpu_s']:.1f} s)"),
                             (f"{n} passages + a {scale['delta_passages']}-passage delta: search p50/p95",
                              f"{scale['delta_p50_ms']:.1f} / {scale['delta_p95_ms']:.1f} ms")]
        if not args.skip_load:
            load = run_json([str(BENCH / "load_test.py"), "--start", "--seconds",
                             str(args.load_seconds)], work / "load.json", env)
            if load:
                rows += [(f"load, {load['clients']} clients: /api/ask p95 (errors)",
                          f"{load['api']['p95_s']:.2f} s ({load['api']['errors']})"),
                         ("load: chat route (Gradio queue) p95 (errors)",
                          f"{load['gradio']['p95_s']:.2f} s ({load['gradio']['errors']})")]
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the end, {time.strftime('%Y-%m-%d %H:%M')}")
    print("| figure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
