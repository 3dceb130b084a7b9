"""Scale on one machine: a synthetic index of N passages (default 200,000;
``--passages 1000000`` for the README's figure), served as the app serves it.

The passages' text is real-sized (sentences of the seed minutes recombined,
about 120 words a passage, as the splitter makes them), so BM25 and memory
are what a real corpus of that size costs; the vectors are synthetic
(clustered unit vectors: 4,000 random centres plus noise), because embedding
a million passages takes hours.  The index is written by the product's own
writer (``qa_bot.index``: FAISS kind by size, BM25, manifest) and then, in a
fresh process, loaded and searched as the server does:

- load time and resident memory (RSS) of the loaded index;
- hybrid search p50/p95 (``Retriever.search``: FAISS + BM25 + fusion; the
  query vector is synthetic, so add the model's query embedding, about
  10 ms, for an end-to-end figure);
- recall of the exact top 10 (numpy brute force over the stored vectors)
  by the FAISS index alone;
- the app's start: ``python app.py`` on that index to /healthz 200;
- with ``--reindex``: re-indexing one changed document (``python -m qa_bot
  index`` end to end, and the update alone), which writes a delta segment
  beside the million-passage base (``qa_bot.segments``), and the search
  p50/p95 with that delta present.  It runs in ``<work>-segments/``: the
  base's files linked (never modified), the synthetic documents written out
  as a corpus of files, and afterwards the corpus and manifest put back.

    .venv/bin/python bench/bench_scale.py [--passages N] [--skip-app] [--reindex] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np

DIM = 384
CENTRES = 4000
PASSAGES_PER_ITEM = 5
ITEMS_PER_DOC = 20


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def synthetic_vectors(count: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(count passage vectors, their centre per row): unit vectors around
    random centres, cosine to their centre about 0.7, like passages of one topic."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((CENTRES, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    which = rng.integers(0, CENTRES, count)
    out = np.empty((count, DIM), dtype=np.float32)
    for begin in range(0, count, 100_000):
        end = min(count, begin + 100_000)
        block = centres[which[begin:end]] + rng.standard_normal((end - begin, DIM)).astype(np.float32) * 0.05
        out[begin:end] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out, centres


def build(work: Path, count: int, settings) -> dict:
    from synthetic import seed_sentences

    from qa_bot.index import FORMAT_VERSION, _write_generation, faiss_kind
    from qa_bot.index_files import file_sizes, text_hash, write_manifest
    from qa_bot.parse import PARSER_VERSION
    from qa_bot.records import AgendaItem, Document, Meeting, Passage

    sentences, titles = seed_sentences(REPO / "corpus")
    rng = random.Random(5)
    documents, passages = [], []
    items_total = (count + PASSAGES_PER_ITEM - 1) // PASSAGES_PER_ITEM
    started = time.perf_counter()
    for d in range(0, items_total, ITEMS_PER_DOC):
        source = f"{d // ITEMS_PER_DOC:06d}_synthetic.txt"
        meeting = Meeting(source=source, committee="Cabinet", date=f"20{10 + d % 14:02d}-0{1 + d % 9}-1{d % 10}")
        items = []
        doc_offset = 0
        for n in range(d, min(items_total, d + ITEMS_PER_DOC)):
            chunks = []
            for _ in range(min(PASSAGES_PER_ITEM, count - len(passages))):
                words: list[str] = []
                while len(words) < 120:
                    words.extend(rng.choice(sentences).split())
                chunks.append(" ".join(words[:120]))
            text = "\n".join(chunks)
            item = AgendaItem(source=source, item=str(n + 1), title=rng.choice(titles), text=text,
                              start=doc_offset, end=doc_offset + len(text))
            doc_offset += len(text) + 1
            items.append(item)
            offset = 0
            for k, chunk in enumerate(chunks):
                passages.append(Passage(passage_id=f"{source}#{n + 1}#{k}", source=source,
                                        item_key=item.key, text=chunk,
                                        context=f"Cabinet, {meeting.date}: {item.title}",
                                        start=offset, end=offset + len(chunk)))
                offset += len(chunk) + 1
        documents.append(Document(source=source, text="\n".join(i.text for i in items),
                                  meeting=meeting, items=tuple(items),
                                  content_hash=text_hash(source)))
    log(f"{len(passages)} passages in {len(documents)} documents made in {time.perf_counter() - started:.0f}s")
    vectors, _ = synthetic_vectors(len(passages))
    generation = "gen-synthetic"
    folder = work / "index" / generation
    folder.mkdir(parents=True)
    started = time.perf_counter()
    avg_length = _write_generation(folder, documents, passages,
                                   [text_hash(p.embed_text) for p in passages], vectors, settings)
    build_s = time.perf_counter() - started
    del vectors
    from qa_bot.embed import load_embedder

    embedder = load_embedder(settings)
    (work / "corpus").mkdir(exist_ok=True)
    manifest = {
        "format_version": FORMAT_VERSION, "model": embedder.name, "embedder_route": embedder.route,
        "dimension": DIM, "parser_version": PARSER_VERSION,
        "passage_tokens": settings.passage_tokens,
        "passage_overlap_tokens": settings.passage_overlap_tokens,
        "generation": generation, "faiss": faiss_kind(len(passages), settings),
        "passage_count": len(passages), "bm25_avg_length": avg_length,
        "sources": {}, "corpus_files": {},
        "files": file_sizes(folder), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    write_manifest(work / "index", manifest)
    log(f"index written in {build_s:.0f}s ({manifest['faiss']})")
    return {"passages": len(passages), "documents": len(documents), "faiss": manifest["faiss"],
            "write_s": build_s, "index_mb": sum(manifest["files"].values()) / 2**20}


SERVE = r"""
import json, sys, time, zlib
from pathlib import Path
import numpy as np
sys.path.insert(0, sys.argv[3])
from bench_scale import synthetic_vectors, DIM
rss = lambda: int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
t0 = time.perf_counter()
from qa_bot.settings import Settings
from qa_bot.index import load_index, read_vectors
from qa_bot.retrieve import Retriever
rss_imports = rss()
s = Settings.from_env(__import__("os").environ, index_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]))
m = json.loads((Path(sys.argv[1]) / "manifest.json").read_text())
index = load_index(s, m["model"], DIM)
load_s = time.perf_counter() - t0
rss_loaded = rss()
_, centres = synthetic_vectors(1)
rng = np.random.default_rng(99)
class Queries:
    name = m["model"]; dimension = DIM
    def embed_batch(self, texts):
        rows = [zlib.crc32(t.encode()) % len(centres) for t in texts]
        v = centres[rows] + rng.standard_normal((len(texts), DIM)).astype(np.float32) * 0.05
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
words = sorted(index.vocabulary)
retriever = Retriever(index, Queries(), s)
questions = [" ".join(rng.choice(words, 4)) + f" q{i}" for i in range(int(sys.argv[4]))]
retriever.search(questions[0])
times = []
for q in questions:
    t = time.perf_counter(); retriever.search(q); times.append(time.perf_counter() - t)
rss_searched = rss()
status = open("/proc/self/status").read()
anon_file = [int(status.split(f"{k}:")[1].split()[0]) / 1024 for k in ("RssAnon", "RssFile")]
vectors = read_vectors(index)
hits = []
qv = Queries().embed_batch([f"r{i}" for i in range(50)])
_, approx = index.faiss_index.search(qv, 10)
exact = np.zeros((50, 0)); best = None
scores = np.full((50, 10), -2.0, dtype=np.float32); ids = np.zeros((50, 10), dtype=np.int64)
for b in range(0, len(vectors), 200_000):
    block = np.asarray(vectors[b:b + 200_000]) @ qv.T
    allscores = np.vstack([scores.T, block]); allids = np.vstack([ids.T, np.arange(b, b + len(block))[:, None].repeat(50, 1)])
    top = np.argsort(-allscores, axis=0)[:10]
    scores = np.take_along_axis(allscores, top, 0).T; ids = np.take_along_axis(allids, top, 0).T
recall = float(np.mean([len(set(approx[i]) & set(ids[i])) / 10 for i in range(50)]))
print(json.dumps({"load_s": load_s, "rss_mb": rss_loaded, "rss_imports_mb": rss_imports, "rss_after_search_mb": rss_searched,
                  "rss_anon_mb": anon_file[0], "rss_file_mb": anon_file[1],
                  "p50_ms": 1000 * float(np.percentile(times, 50)), "p95_ms": 1000 * float(np.percentile(times, 95)),
                  "recall_at_10": recall, "queries": len(times)}))
"""


def segment_work(work: Path) -> Path:
    """``<work>-segments``: the base of ``work`` (files linked, not copied) with
    its documents written out as a corpus and a manifest that lists them, so
    ``index`` can compare a changed corpus against it.  Made once (minutes)."""
    from qa_bot.index_files import corpus_state, read_jsonl, write_manifest
    from qa_bot.index_store import JsonlRows
    from qa_bot.parse.dedupe import item_marks
    from qa_bot.records import AgendaItem, Document, Meeting, Passage
    from qa_bot.segments import LENGTHS, MARKS, mark_hash, token_lists

    seg = work.parent / f"{work.name}-segments"
    if (seg / ".prepared").exists():
        return seg
    shutil.rmtree(seg, ignore_errors=True)
    manifest = json.loads((work / "index" / "manifest.json").read_text())
    base = work / "index" / manifest["generation"]
    gen = seg / "index" / manifest["generation"]
    for path in base.rglob("*"):
        if path.is_file():
            (gen / path.relative_to(base)).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(path, gen / path.relative_to(base))
    catalog = read_jsonl(gen / "catalog.jsonl")
    documents = JsonlRows(gen / "documents.jsonl")
    corpus = seg / "corpus"
    corpus.mkdir()
    started = time.perf_counter()
    for n, entry in enumerate(catalog):
        (corpus / entry["source"]).write_text(documents.row(n)["text"], encoding="utf-8")
    log(f"corpus of {len(catalog)} files written in {time.perf_counter() - started:.0f}s")
    if not (gen / MARKS).exists():  # a base written before segments: add what they need
        started = time.perf_counter()
        items = JsonlRows(gen / "items.jsonl")
        hashes, docs, first = [], [], 0
        for n, entry in enumerate(catalog):
            doc_items = tuple(AgendaItem(source=entry["source"], item=None, title="", text=items.row(first + k)["text"])
                              for k in range(len(entry["items"])))
            first += len(entry["items"])
            for mark in item_marks(Document(source=entry["source"], text="", meeting=Meeting(source=entry["source"]),
                                            items=doc_items, content_hash="")):
                hashes.append(mark_hash(mark))
                docs.append(n)
        h, d = np.asarray(hashes, dtype=np.uint64), np.asarray(docs, dtype=np.int32)
        order = np.argsort(h, kind="stable")
        (gen / MARKS).unlink(missing_ok=True)
        np.savez(gen / MARKS, hash=h[order], doc=d[order])
        log(f"item marks of the base made in {time.perf_counter() - started:.0f}s")
    if not (gen / LENGTHS).exists() or "bm25_avg_length" not in manifest:
        started = time.perf_counter()
        rows = JsonlRows(gen / "passages.jsonl")
        from qa_bot.index_files import record_from_dict

        lengths = np.fromiter((len(token_lists([record_from_dict(Passage, rows.row(i))])[0])
                               for i in range(len(rows))), dtype=np.int32, count=len(rows))
        (gen / LENGTHS).unlink(missing_ok=True)
        np.save(gen / LENGTHS, lengths)
        manifest["bm25_avg_length"] = float(lengths.mean())
        log(f"BM25 lengths of the base counted in {time.perf_counter() - started:.0f}s")
    passage_item = np.load(gen / "passage_item.npy")
    item_doc = np.repeat(np.arange(len(catalog)), [len(c["items"]) for c in catalog])
    per_doc = np.bincount(item_doc[passage_item], minlength=len(catalog))
    time.sleep(2.5)  # the files' times settle (corpus_state reuses only settled hashes)
    hashes, stats = corpus_state(corpus)
    manifest.update(
        sources={c["source"]: {"content_hash": hashes[c["source"]], "passages": int(per_doc[n]),
                               "items": len(c["items"])} for n, c in enumerate(catalog)},
        corpus_files=hashes, corpus_stats=stats,
    )
    write_manifest(seg / "index", manifest)
    (seg / "manifest.base.json").write_text(json.dumps(manifest))
    (seg / ".prepared").write_text("ok")
    return seg


def reindex(work: Path, env: dict, queries: int) -> dict:
    """Re-index one changed document of the synthetic index; search with the
    delta present; put the corpus and the manifest back."""
    import re

    from qa_bot.index_files import write_manifest

    seg = segment_work(work)
    base_manifest = json.loads((seg / "manifest.base.json").read_text())
    source = sorted(base_manifest["sources"])[len(base_manifest["sources"]) // 2]
    path = seg / "corpus" / source
    original = path.read_bytes()
    # Real-shaped minutes of one meeting (27 passages; the synthetic text is
    # made of the seed corpus's sentences, so a seed file would match many
    # synthetic documents as duplicates).
    changed = (REPO / "tests" / "data" / "shared_eval" / "broad" / "minutes"
               / "101_eastmoor_cabinet_2024-09-12.txt").read_bytes()
    command = [sys.executable, "-m", "qa_bot", "index", "--corpus", str(seg / "corpus"),
               "--index", str(seg / "index")]
    out: dict = {}
    # The OpenVINO model is made once per model cache (minutes): not part of a re-index.
    warm = ("from qa_bot.embed import load_embedder; from qa_bot.settings import Settings; "
            "import os; load_embedder(Settings.from_env(os.environ)).embed_batch(['warm'])")
    subprocess.run([sys.executable, "-c", warm],
                   cwd=REPO, env=env, check=True, capture_output=True)
    try:
        for n, content in enumerate((changed, changed + b"\nA further note was added.\n")):
            path.write_bytes(content)
            started, cpu = time.perf_counter(), _children_cpu()
            done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=True)
            wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
            found = re.search(r"in ([0-9.]+)s into .*delta segment: (\d+) passages, (\d+) base"
                              r".*?([0-9.]+)s in the model", done.stderr)
            if not found:
                raise SystemExit(f"no delta written:\n{done.stderr[-2000:]}")
            key = "reindex" if n == 0 else "reindex_again"
            out[f"{key}_wall_s"], out[f"{key}_update_s"] = wall, float(found.group(1))
            out[f"{key}_cpu_s"], out[f"{key}_model_s"] = cpu, float(found.group(4))
            out["delta_passages"], out["masked_passages"] = int(found.group(2)), int(found.group(3))
            log(f"re-index {n + 1}: {wall:.1f} s end to end ({cpu:.1f} CPU s), update {found.group(1)} s")
        log("searching with the delta present")
        served = subprocess.run(
            [sys.executable, "-c", SERVE, str(seg / "index"), str(seg / "corpus"),
             str(Path(__file__).resolve().parent), str(queries)],
            cwd=REPO, env=env, capture_output=True, text=True, check=True,
        )
        searched = json.loads(served.stdout.strip().splitlines()[-1])
        out.update(delta_p50_ms=searched["p50_ms"], delta_p95_ms=searched["p95_ms"],
                   delta_load_s=searched["load_s"])
    finally:
        path.write_bytes(original)
        manifest = json.loads((seg / "index" / "manifest.json").read_text())
        write_manifest(seg / "index", base_manifest)
        if manifest.get("delta"):
            shutil.rmtree(seg / "index" / manifest["delta"]["generation"], ignore_errors=True)
    return out


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def app_start(work: Path, env: dict) -> float:
    import urllib.error
    import urllib.request

    from app_server import free_port

    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(REPO / "app.py"), "--port", str(port),
                             "--index", str(work / "index"), "--corpus", str(work / "corpus")],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None and time.perf_counter() - started < 600:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait(30)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--passages", type=int, default=200_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--skip-app", action="store_true", help="do not time the app's start")
    p.add_argument("--work", type=Path, help="keep the index here (default: a temporary folder)")
    p.add_argument("--json", type=Path, help="also write the figures here")
    p.add_argument("--reuse", action="store_true",
                   help="search the index already in --work instead of writing one")
    p.add_argument("--reindex", action="store_true",
                   help="also time re-indexing one changed document (a delta segment)")
    p.add_argument("--skip-search", action="store_true",
                   help="do not load and search the base alone (with --reindex)")
    args = p.parse_args(argv)
    sys.path.insert(0, str(REPO / "tests"))
    from qa_bot.settings import Settings

    env = {**os.environ, "QA_BOT_EMBEDDER": os.environ.get("QA_BOT_EMBEDDER", "openvino-fp32")}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = args.work or Path(tmp)
        env.setdefault("QA_BOT_MODEL_CACHE_DIR", str(work / "models"))
        settings = Settings.from_env(env, index_dir=work / "index", corpus_dir=work / "corpus")
        manifest_path = work / "index" / "manifest.json"
        if args.reuse and manifest_path.exists():
            from qa_bot.index import FORMAT_VERSION

            manifest = json.loads(manifest_path.read_text())
            if manifest.get("format_version") != FORMAT_VERSION:
                raise SystemExit(f"{work} holds an index of another format; drop --reuse")
            log(f"reusing the index in {work}")
            out = {"passages": manifest["passage_count"], "documents": len(manifest["sources"]),
                   "faiss": manifest["faiss"], "write_s": float("nan"),
                   "index_mb": sum(manifest["files"].values()) / 2**20}
        else:
            out = build(work, args.passages, settings)
        if not args.skip_search:
            log("loading and searching it in a fresh process")
            served = subprocess.run(
                [sys.executable, "-c", SERVE, str(work / "index"), str(work / "corpus"),
                 str(Path(__file__).resolve().parent), str(args.queries)],
                cwd=REPO, env=env, capture_output=True, text=True, check=True,
            )
            out.update(json.loads(served.stdout.strip().splitlines()[-1]))
        if args.reindex:
            log("re-indexing one changed document (delta segment)")
            try:
                out.update(reindex(work, env, args.queries))
            finally:
                if args.work is None:  # the linked copy beside the temporary index goes too
                    shutil.rmtree(work.parent / f"{work.name}-segments", ignore_errors=True)
        if not args.skip_app:
            log("timing the app's start on it")
            out["app_start_s"] = app_start(work, env)
    print(f"\nSynthetic index, {out['passages']:,} passages ({out['faiss']}, {out['index_mb']:.0f} MB on disk)")
    print("| figure | value |\n| --- | --- |")
    print(f"| index written (FAISS + BM25 + records) | {out['write_s']:.0f} s |")
    if "load_s" in out:
        print(f"| load in a fresh process | {out['load_s']:.1f} s |")
        print(f"| resident memory, imports / loaded / after {out['queries']} searches | "
              f"{out.get('rss_imports_mb', float('nan')):.0f} / {out['rss_mb']:.0f} / "
              f"{out['rss_after_search_mb']:.0f} MiB |")
        if "rss_anon_mb" in out:
            print(f"| of which anonymous / file-backed (memory-mapped index files, page cache) | "
                  f"{out['rss_anon_mb']:.0f} / {out['rss_file_mb']:.0f} MiB |")
        print(f"| hybrid search p50 / p95 (query vector given) | {out['p50_ms']:.1f} / {out['p95_ms']:.1f} ms |")
        print(f"| FAISS recall of the exact top 10 | {out['recall_at_10']:.3f} |")
    if "reindex_wall_s" in out:
        print(f"| re-index one changed document: `index` end to end (CPU) / the update / of which the model | "
              f"{out['reindex_wall_s']:.1f} s ({out['reindex_cpu_s']:.1f} s) / {out['reindex_update_s']:.1f} s"
              f" / {out['reindex_model_s']:.1f} s |")
        print(f"| the same document changed again (delta rebuilt) | "
              f"{out['reindex_again_wall_s']:.1f} s ({out['reindex_again_cpu_s']:.1f} s) / "
              f"{out['reindex_again_update_s']:.1f} s / {out['reindex_again_model_s']:.1f} s |")
        print(f"| with the delta ({out['delta_passages']} passages, {out['masked_passages']} base "
              f"passages masked): load / search p50 / p95 | {out['delta_load_s']:.1f} s / "
              f"{out['delta_p50_ms']:.1f} / {out['delta_p95_ms']:.1f} ms |")
    if "app_start_s" in out:
        print(f"| app start to /healthz 200 | {out['app_start_s']:.1f} s |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
