"""``python -m qa_bot``: a thin command-line adapter over the pipeline.

Commands and their JSON are fixed by shared/CONTRACT.md.  stdout holds only
results; progress and warnings go to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from qa_bot.index import CorpusUnavailable, IndexLoadError
from qa_bot.settings import Settings

logger = logging.getLogger("qa_bot")


class _JsonOut:
    """Writes one JSON object a line to stdout, unicode kept readable."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, obj: Any) -> None:
        self.stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.stream.flush()


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _add_locations(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", type=Path, help="minutes folder (default: corpus/)")
    p.add_argument("--index", type=Path, help="index folder (default: embeddings/)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m qa_bot",
        description="Question answering over council meeting minutes, with citations.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="list the agenda items found in minutes files")
    p.add_argument("paths", nargs="+", type=Path, help="files or folders")
    p.add_argument("--json", action="store_true", help="one JSON object per item")

    p = sub.add_parser("index", help="build or update the index")
    _add_locations(p)
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="where passages are embedded: this process, or a Ray Data job")
    p.add_argument("--address", help="Ray cluster address (default: a local Ray instance)")

    p = sub.add_parser("search", help="rank agenda items for a query")
    p.add_argument("query", help="the query, or - to read one a line from stdin")
    p.add_argument("-k", type=_positive_int, default=None, help="how many items (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_locations(p)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question", help="the question, or - to read one a line from stdin")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_locations(p)

    p = sub.add_parser("fetch", help="fetch new and changed minutes from the council's website")
    p.add_argument("system", choices=["moderngov"], help="the publishing system the site runs")
    p.add_argument("url", help="the site's address, e.g. https://democracy.example.gov.uk")
    p.add_argument("--committee", action="append", default=[], metavar="NAME",
                   help="only this committee (repeatable; default: all)")
    p.add_argument("--since", type=_iso_date, help="meetings on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", type=_iso_date, help="meetings on or before this day (default: today)")
    p.add_argument("--council", help="the council's name for the manifest (default: the site's host)")
    p.add_argument("--corpus", type=Path, help="minutes folder (default: corpus/)")

    p = sub.add_parser("import", help="add minutes pages and PDFs saved from a browser (or a zip)")
    p.add_argument("paths", nargs="+", type=Path, help="files, folders or zip files")
    p.add_argument("--council", help="the council's name for the manifest")
    p.add_argument("--corpus", type=Path, help="minutes folder (default: corpus/)")

    p = sub.add_parser("eval", help="score a question file (JSON Lines)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--cv", action="store_true",
        help="leave one council out: answer each council's questions with evidence models "
        "fitted without it (needs the repository's labelled sets and scikit-learn)",
    )
    _add_locations(p)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        os.environ,
        corpus_dir=getattr(args, "corpus", None),
        index_dir=getattr(args, "index", None),
    )


def _lines(arg: str, stdin: TextIO) -> Iterable[str]:
    """The one argument, or every line of stdin (blank ones too, so that
    output line N always answers input line N)."""
    if arg != "-":
        yield arg
        return
    for line in stdin:
        yield line.rstrip("\n")


def cmd_parse(args: argparse.Namespace, out: TextIO) -> int:
    from qa_bot.parse import item_to_json, parse_corpus

    emit = _JsonOut(out)
    missing = [p for p in args.paths if not p.exists()]
    for p in missing:
        logger.warning("%s: no such file or folder", p)
    # parse_corpus logs each warning itself and reads each folder's manifest.csv.
    result = parse_corpus(
        [p for p in args.paths if p.exists()], max_bytes=_settings(args).max_file_bytes
    )
    for doc in result.documents:
        for item in doc.items:
            if args.json:
                emit(item_to_json(doc, item))
            else:
                number = item.item or "-"
                flag = " (truncated)" if item.truncated else ""
                out.write(f"{doc.source}\t{number}\t{item.title}{flag}\n")
    return 1 if missing and not result.documents else 0


def cmd_index(args: argparse.Namespace, out: TextIO) -> int:
    from qa_bot.embed import load_embedder
    from qa_bot.index import update_index

    settings = _settings(args)
    engine = None
    if args.engine == "ray":
        from qa_bot.index_ray import ray_embedder_engine

        engine = ray_embedder_engine(settings, address=args.address)
    # The model loads only if something needs embedding.
    update_index(settings, load_embedder(settings), engine=engine)  # logs its summary
    return 0


def _open_assistant(args: argparse.Namespace):  # -> Assistant
    from qa_bot.embed import load_embedder

    settings = _settings(args)
    # The model loads and warms in a thread from here on, beside the imports
    # of the answering stages and the index's load.
    embedder = load_embedder(settings)
    embedder.start_warming()
    from qa_bot.assistant import Assistant

    return Assistant.open(settings, embedder=embedder)


def _answer_lines(
    args: argparse.Namespace,
    arg: str,
    stdin: TextIO,
    out: TextIO,
    run: Callable[[Any, str], dict[str, Any]],
    show: Callable[[Any, dict[str, Any]], str],
    echo_key: str,
) -> int:
    assistant = _open_assistant(args)
    from qa_bot.answer import QuestionError

    emit = _JsonOut(out)
    status = 0
    for text in _lines(arg, stdin):
        try:
            obj = run(assistant, text)
        except QuestionError as exc:
            obj = {echo_key: text[:200], "error": str(exc)}
            status = 2 if arg != "-" else status
        if args.json or "error" in obj:
            emit(obj)
        else:
            out.write(show(assistant, obj) + "\n")
    return status


def cmd_search(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    from qa_bot.assistant import search_to_json

    def run(assistant: Any, query: str) -> dict[str, Any]:
        return search_to_json(query, assistant.search(query, args.k))

    def show(assistant: Any, obj: dict[str, Any]) -> str:
        from qa_bot.labels import source_label

        lines = []
        for r in obj["results"]:
            found = assistant.item(r["source"], r["item"] if r["item"] is not None else r["title"])
            where = source_label(found[1], found[0]) if found else r["title"]
            url = f", {r['url']}" if r.get("url") else ""
            lines.append(f"{r['rank']}. {where} ({r['score']:.3f})\n   file {r['source']}{url}")
        return "\n".join(lines)

    return _answer_lines(args, args.query, stdin, out, run, show, "query")


def cmd_ask(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    answers: list[Any] = []  # the latest Answer, for the plain-text view

    def run(assistant: Any, question: str) -> dict[str, Any]:
        answers[:] = [assistant.ask(question)]
        return answers[0].to_json()

    def show(assistant: Any, obj: dict[str, Any]) -> str:
        from qa_bot.labels import citation_label, refusal_text

        answer = answers[0]

        def cited(prefix: str, c: Any) -> list[str]:
            found = assistant.item(c.source, c.item if c.item is not None else c.title)
            return [f"{prefix}{citation_label(c, found[1] if found else None)}",
                    f"    file {c.source}" + (f", {c.url}" if c.url else "")]

        lines = [refusal_text(answer), ""]
        for c in answer.citations:
            lines += cited(f"[{c.n}] ", c)
        if answer.nearest and not answer.citations:
            lines.append("Nearest items (none of them answers the question):")
            for c in answer.nearest:
                lines += cited("  - ", c)
        if args.question == "-":
            lines.append("")  # a blank line between answers
        return "\n".join(lines)

    return _answer_lines(args, args.question, stdin, out, run, show, "question")


def cmd_fetch(args: argparse.Namespace, out: TextIO) -> int:
    from qa_bot.fetch import fetch_minutes

    if args.since and args.since > (args.until or datetime.date.today()):
        logger.error("--since %s is after --until (default today)", args.since)
        return 2
    report = fetch_minutes(
        args.system, args.url, _settings(args), council=args.council,
        committees=tuple(args.committee), since=args.since, until=args.until,
    )
    if report.site_error:
        logger.error("%s", report.site_error)
    out.write(report.summary() + "\n")
    return report.exit_code


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from qa_bot.fetch.importer import import_paths

    report = import_paths(args.paths, _settings(args), council=args.council)
    out.write(report.summary() + "\n")
    return report.exit_code


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from qa_bot.evaluate import document_shapes, evaluate, format_report, load_questions

    if not args.file.is_file():
        logger.error("%s: no such question file", args.file)
        return 2
    questions = load_questions(args.file)  # before the model loads: bad files fail fast
    assistant = _open_assistant(args)
    index = assistant.retriever.index
    shapes = document_shapes(
        assistant.settings.corpus_dir, {name: index.meeting(name).shape for name in index.documents}
    )
    # Through the assistant, as a user's question goes: cleaned, then searched.
    answer_fn = assistant.ask
    if args.cv:
        from qa_bot.evidence_fit import cross_validated_answerer

        root = Path(__file__).resolve().parent.parent
        answer_fn, _groups = cross_validated_answerer(
            questions, args.file, assistant.retriever, assistant.settings, assistant.embedder, root
        )
    report = evaluate(questions, assistant, answer_fn, shapes=shapes)
    if args.json:
        _JsonOut(out)(report.to_json())
    else:
        out.write(format_report(report) + "\n")
    return 0


def _own_info_others_warnings(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING or record.name.split(".")[0] == "qa_bot"


def quiet_logging(verbose: bool, fmt: str = "%(levelname)s: %(message)s") -> None:
    """Our own messages from INFO up on stderr; other libraries' only when they
    warn (faiss, bm25s and transformers chat at INFO/DEBUG, bm25s even sets
    its own logger to DEBUG, and transformers draws a "Loading weights" bar).
    ``-v`` shows everything."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(fmt))
    if not verbose:
        handler.addFilter(_own_info_others_warnings)
        # Read when huggingface_hub / transformers are first imported.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])
    logging.getLogger("qa_bot").setLevel(logging.DEBUG if verbose else logging.INFO)


def index_for_corpus(corpus: Path | None, index: Path | None,
                     environ: Mapping[str, str]) -> Path | None:
    """The index folder for ``--corpus DIR`` given without ``--index``, or None.

    The index folder defaults to embeddings/, the shipped corpus's index:
    building another folder's index there would replace it (and the next
    plain command would rebuild it back).  Another corpus therefore gets a
    folder of its own under embeddings/corpora/, named after the corpus and
    its absolute path, so the same folder always finds the same index and
    read-only corpus folders work."""
    if corpus is None or index is not None or environ.get("QA_BOT_INDEX_DIR"):
        return None
    default_corpus = Path(environ.get("QA_BOT_CORPUS_DIR") or Settings().corpus_dir)
    resolved = corpus.resolve()
    if resolved == default_corpus.resolve():
        return None
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:10]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", resolved.name or "corpus")[:40]
    return Path(Settings().index_dir) / "corpora" / f"{name}-{digest}"


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    args = build_parser().parse_args(argv)
    quiet_logging(args.verbose)
    # The model ships inside a pip package: never ask a hub for it.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if args.command in ("index", "search", "ask", "eval"):  # fetch and import write no index
        own = index_for_corpus(args.corpus, args.index, os.environ)
        if own is not None:
            logger.info("index of %s: %s (give --index to choose another folder)", args.corpus, own)
            args.index = own
    try:
        if args.command == "parse":
            return cmd_parse(args, stdout)
        if args.command == "index":
            return cmd_index(args, stdout)
        if args.command == "search":
            return cmd_search(args, stdin, stdout)
        if args.command == "ask":
            return cmd_ask(args, stdin, stdout)
        if args.command == "eval":
            return cmd_eval(args, stdout)
        if args.command == "fetch":
            return cmd_fetch(args, stdout)
        if args.command == "import":
            return cmd_import(args, stdout)
    except KeyboardInterrupt:
        return 130
    except (OSError, ValueError, CorpusUnavailable, IndexLoadError) as exc:
        # Bad settings, a missing corpus, a malformed question file, an index
        # that cannot be rebuilt: one clear line, no traceback.
        logger.error("%s", exc)
        return 2
    return 2
