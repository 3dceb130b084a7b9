"""How well the parser reads the broad development set: one row per file.

For each minutes file: the items found, the gold items (from the question
file) parsed with their number as printed, and whether committee and date
match metadata.csv.  Prints a table and the totals.

    .venv/bin/python scripts/parse_report.py [--broad tests/data/shared_eval/broad] [-v]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa_bot.parse import parse_file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--broad", type=Path, default=Path("tests/data/shared_eval/broad"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list every item found")
    args = ap.parse_args(argv)
    gold: dict[str, set[str]] = {}
    for line in (args.broad / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            for doc, item in json.loads(line)["gold"]:
                gold.setdefault(doc, set()).add(item)
    meta = {row["file"]: row for row in csv.DictReader((args.broad / "metadata.csv").open(encoding="utf-8"))}
    totals = {"gold": 0, "found": 0, "committee": 0, "date": 0, "dated": 0, "files": 0}
    print(f"{'file':<48} {'items':>5} {'gold':>7} {'committee':>9} {'date':>5}  shape")
    for path in sorted((args.broad / "minutes").iterdir()):
        doc = parse_file(path)
        keys = {it.key for it in doc.items}
        want = gold.get(path.name[:3], set())
        missing = sorted(want - keys)
        row = meta.get(path.name, {})
        committee_ok = (doc.meeting.committee or "") == row.get("committee", "")
        date_ok = doc.meeting.date == (row.get("date") or None)
        totals["files"] += 1
        totals["gold"] += len(want)
        totals["found"] += len(want) - len(missing)
        totals["committee"] += committee_ok
        totals["dated"] += bool(row.get("date"))
        totals["date"] += date_ok and bool(row.get("date"))
        print(f"{path.name[:48]:<48} {len(doc.items):>5} {len(want) - len(missing):>3}/{len(want):<3} "
              f"{'ok' if committee_ok else 'WRONG':>9} {'ok' if date_ok else 'WRONG':>5}  {doc.meeting.shape}")
        if not committee_ok:
            print(f"    committee {doc.meeting.committee!r} (want {row.get('committee')!r})")
        if not date_ok:
            print(f"    date {doc.meeting.date!r} (want {row.get('date') or None!r})")
        if missing:
            print(f"    missing gold: {missing}")
        if args.verbose:
            for it in doc.items:
                print(f"      [{it.item}] {it.title[:70]!r} {len(it.text)} chars{' truncated' if it.truncated else ''}")
    print(f"\ngold items parsed as printed: {totals['found']} of {totals['gold']}")
    print(f"committee right: {totals['committee']} of {totals['files']}")
    print(f"date right: {totals['date']} of {totals['dated']} files that print one")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
