"""``python -m qa_bot``: a thin command-line adapter over the pipeline.

Commands and their JSON are fixed by shared/CONTRACT.md.  stdout holds only
results; progress and warnings go to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable
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
    from qa_bot.embed import SentenceTransformerEmbedder
    from qa_bot.index import update_index

    settings = _settings(args)
    update_index(settings, SentenceTransformerEmbedder.load(settings))  # logs its summary
    return 0


def _open_assistant(args: argparse.Namespace):  # -> Assistant
    from qa_bot.assistant import Assistant

    return Assistant.open(_settings(args))


def _answer_lines(
    args: argparse.Namespace,
    arg: str,
    stdin: TextIO,
    out: TextIO,
    run: Callable[[Any, str], dict[str, Any]],
    show: Callable[[dict[str, Any]], str],
    echo_key: str,
) -> int:
    from qa_bot.answer import QuestionError

    assistant = _open_assistant(args)
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
            out.write(show(obj) + "\n")
    return status


def cmd_search(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    from qa_bot.assistant import search_to_json

    def run(assistant: Any, query: str) -> dict[str, Any]:
        return search_to_json(query, assistant.search(query, args.k))

    def show(obj: dict[str, Any]) -> str:
        return "\n".join(
            f"{r['rank']}. [{r['source']} item {r['item'] or r['title']}] "
            f"{r['title']} ({r['score']:.3f})" + (f"\n   {r['url']}" if r.get("url") else "")
            for r in obj["results"]
        )

    return _answer_lines(args, args.query, stdin, out, run, show, "query")


def cmd_ask(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    def run(assistant: Any, question: str) -> dict[str, Any]:
        return assistant.ask(question).to_json()

    def show(obj: dict[str, Any]) -> str:
        lines = [obj["answer"], ""]
        for c in obj["citations"]:
            where = f"item {c['item']}" if c["item"] else c["title"]
            lines.append(f"[{c['n']}] {c['source']}, {where}: {c['title']}")
            if c.get("url"):
                lines.append(f"    {c['url']}")
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
    documents = assistant.retriever.index.documents
    shapes = document_shapes(
        assistant.settings.corpus_dir, {name: d.meeting.shape for name, d in documents.items()}
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


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    args = build_parser().parse_args(argv)
    # Our own messages from INFO up on stderr; other libraries' only when they
    # warn (faiss and bm25s chat at INFO/DEBUG).
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    logger.setLevel(logging.DEBUG if args.verbose else logging.INFO)
    # The model ships inside a pip package: never ask a hub for it.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
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
