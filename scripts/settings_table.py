"""The README's settings table, from qa_bot.settings.

    python scripts/settings_table.py           # print it
    python scripts/settings_table.py --write   # replace it in README.md
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qa_bot.settings import describe


def table() -> str:
    rows = ["| environment variable | default | what it does |", "| --- | --- | --- |"]
    rows += [f"| `{name}` | `{default}` | {help_text} |" for name, default, help_text in describe()]
    return "\n".join(rows)


if __name__ == "__main__":
    if "--write" in sys.argv:
        readme = Path(__file__).resolve().parents[1] / "README.md"
        text = readme.read_text(encoding="utf-8")
        text = re.sub(
            r"<!-- settings:start -->.*<!-- settings:end -->",
            lambda _m: f"<!-- settings:start -->\n{table()}\n<!-- settings:end -->",
            text, flags=re.DOTALL,
        )
        readme.write_text(text, encoding="utf-8")
    else:
        print(table())
