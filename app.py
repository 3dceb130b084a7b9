"""Start the web server: the chat page at /, the widget at /widget, the JSON
API under /api, /healthz.

    python app.py [--host H] [--port P] [--corpus DIR] [--index DIR] [--root-path PREFIX]

Settings come from ``QA_BOT_*`` environment variables (README, "Settings");
the options override them.  The index is built first when missing or stale,
with progress on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python app.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--corpus", type=Path, help="minutes folder (default: corpus/)")
    p.add_argument("--index", type=Path, help="index folder (default: embeddings/)")
    p.add_argument("--root-path", dest="root_path",
                   help="path prefix when published behind a reverse proxy, e.g. /minutes")
    p.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                   help="proxies whose X-Forwarded-For/-Proto headers are trusted")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from qa_bot.cli import index_for_corpus, quiet_logging

    # Our own log from INFO up; other libraries' only when they warn (-v: all).
    quiet_logging(args.verbose, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    # This is the entry point: the model ships in a pip package and nothing
    # may phone home (Hugging Face hub, Gradio analytics).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("GRADIO_RUN_HISTORY", "False")

    own = index_for_corpus(args.corpus, args.index, os.environ)
    if own is not None:  # another corpus never rebuilds the shipped corpus's index
        print(f"index of {args.corpus}: {own} (give --index to choose another folder)", file=sys.stderr)
        args.index = own

    from qa_bot.assistant import PendingAssistant
    from qa_bot.settings import Settings

    settings = Settings.from_env(
        os.environ, corpus_dir=args.corpus, index_dir=args.index, root_path=args.root_path
    )
    plan = None
    if settings.refresh:
        from qa_bot.fetch.refresh import Refresher, parse_refresh

        try:
            plan = parse_refresh(settings.refresh)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    # Listen at once: the index loads (or is built) and the model warms in
    # the background, begun before the server's own imports so they overlap,
    # while /healthz answers 503 "starting"; the page is built after that.
    print("Loading the model and the index (building it if needed) in the background...",
          file=sys.stderr)
    pending = PendingAssistant(settings, progress=True, workers=settings.answer_workers)
    pending.start()

    import uvicorn

    from qa_bot.api import create_app

    def reindex() -> object:
        pending.wait()  # a refresh due before the assistant is open waits for it
        return pending.reindex()

    refresher = Refresher(plan, settings, reindex) if plan else None
    app = create_app(settings, pending, refresher=refresher)
    if refresher is not None:
        print(f"Refreshing from {plan.url} every {plan.every_s:g} s", file=sys.stderr)
        refresher.start()
    print(f"Serving http://{args.host}:{args.port}{settings.root_path or ''}/", file=sys.stderr)
    uvicorn.run(
        app, host=args.host, port=args.port, root_path=settings.root_path,
        proxy_headers=True, forwarded_allow_ips=args.forwarded_allow_ips,
        log_level="debug" if args.verbose else "info",
        timeout_graceful_shutdown=5,
    )
    if pending.ready:
        pending.stop_workers()
    return 1 if pending.failed else 0


if __name__ == "__main__":
    sys.exit(main())
