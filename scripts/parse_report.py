"""How well the parser reads a folder of minutes: one row per file.

For each minutes file: the items found, the gold items (from the question
file) parsed with their number as printed, the printed items (the optional
``items`` column of the metadata file, ``;``-separated) found as printed, and
whether committee and date match the metadata file.  Prints a table and the
totals.  Committee names are compared case-insensitively; "roughly" counts a
name that contains, or is contained in, the printed one.

    .venv/bin/python scripts/parse_report.py [--broad tests/data/shared_eval/broad] [-v]
    .venv/bin/python scripts/parse_report.py --minutes DIR --questions Q.jsonl --metadata M.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa_bot.parse import parse_file


def _committee(got: str | None, want: str) -> str:
    got_l, want_l = (got or "").casefold().strip(), want.casefold().strip()
    if got_l == want_l:
        return "ok"
    if got_l and want_l and (got_l in want_l or want_l in got_l):
        return "roughly"
    return "WRONG"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--broad", type=Path, default=Path("tests/data/shared_eval/broad"))
    ap.add_argument("--minutes", type=Path, help="minutes folder (default BROAD/minutes)")
    ap.add_argument("--questions", type=Path, help="question file (default BROAD/questions.jsonl)")
    ap.add_argument("--metadata", type=Path, help="metadata CSV (default BROAD/metadata.csv)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every item found")
    args = ap.parse_args(argv)
    minutes = args.minutes or args.broad / "minutes"
    questions = args.questions or args.broad / "questions.jsonl"
    metadata = args.metadata or args.broad / "metadata.csv"
    gold: dict[str, set[str]] = {}
    for line in questions.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for doc, item in json.loads(line)["gold"]:
                gold.setdefault(doc, set()).add(item)
    meta = {row["file"]: row for row in csv.DictReader(metadata.open(encoding="utf-8"))}
    totals = {"gold": 0, "found": 0, "committee": 0, "roughly": 0, "named": 0, "date": 0, "dated": 0,
              "files": 0, "printed": 0, "printed_found": 0, "false_meta": 0, "one_item": 0}
    print(f"{'file':<40} {'items':>5} {'gold':>7} {'printed':>7} {'committee':>9} {'date':>5}  shape")
    for path in sorted(minutes.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.name == "manifest.csv":
            continue
        doc = parse_file(path)
        numbered = [it for it in doc.items if it.title.casefold() not in {"attendance", "present"}]
        keys = {it.key for it in doc.items}
        want = gold.get(path.name[:3], set())
        missing = sorted(want - keys)
        row = meta.get(path.name, {})
        printed = [p for p in (row.get("items") or "").split(";") if p]
        printed_found = sum(p in keys for p in printed)
        want_committee, want_date = row.get("committee", ""), row.get("date") or None
        committee = _committee(doc.meeting.committee, want_committee)
        date_ok = doc.meeting.date == want_date
        totals["files"] += 1
        totals["gold"] += len(want)
        totals["found"] += len(want) - len(missing)
        totals["printed"] += len(printed)
        totals["printed_found"] += printed_found
        totals["one_item"] += len(numbered) <= 1 and len(printed) > 1
        if want_committee:
            totals["named"] += 1
            totals["committee"] += committee == "ok"
            totals["roughly"] += committee == "roughly"
        elif doc.meeting.committee:
            totals["false_meta"] += 1
        if want_date:
            totals["dated"] += 1
            totals["date"] += date_ok
        elif doc.meeting.date:
            totals["false_meta"] += 1
        print(f"{path.name[:40]:<40} {len(doc.items):>5} {len(want) - len(missing):>3}/{len(want):<3} "
              f"{printed_found:>3}/{len(printed):<3} {committee:>9} {'ok' if date_ok else 'WRONG':>5}  "
              f"{doc.meeting.shape}")
        if committee != "ok":
            print(f"    committee {doc.meeting.committee!r} (want {want_committee or None!r})")
        if not date_ok:
            print(f"    date {doc.meeting.date!r} (want {want_date!r})")
        if missing:
            print(f"    missing gold: {missing}")
        if args.verbose:
            for it in doc.items:
                print(f"      [{it.item}] {it.title[:70]!r} {len(it.text)} chars{' truncated' if it.truncated else ''}")
    print(f"\ngold items parsed as printed: {totals['found']} of {totals['gold']}")
    if totals["printed"]:
        print(f"printed items found as printed: {totals['printed_found']} of {totals['printed']}")
        print(f"files with several printed items read as one: {totals['one_item']}")
    print(f"committee right: {totals['committee']} (+{totals['roughly']} roughly) of {totals['named']} "
          "files that print one")
    print(f"date right: {totals['date']} of {totals['dated']} files that print one")
    print(f"committee or date given where the file prints none: {totals['false_meta']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
