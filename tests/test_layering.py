"""The core never imports an adapter; the web layer goes through the facade."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "qa_bot"
ADAPTERS = {"cli.py", "api.py", "guards.py", "web.py", "feedback.py", "__main__.py"}
WEB_LIBRARIES = {"gradio", "fastapi", "starlette", "uvicorn", "gradio_client"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def core_modules() -> list[Path]:
    return [
        p for p in sorted(PACKAGE.rglob("*.py"))
        if p.name not in ADAPTERS and "static" not in p.parts
    ]


def test_there_are_core_modules_to_check():
    names = {p.name for p in core_modules()}
    assert {"records.py", "settings.py", "assistant.py"} <= names


def test_core_modules_import_no_web_framework():
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(imported_roots(p) & WEB_LIBRARIES)
        for p in core_modules()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_web_layer_reaches_the_pipeline_only_through_the_facade():
    pipeline = {
        "qa_bot.parse", "qa_bot.passages", "qa_bot.embed", "qa_bot.index",
        "qa_bot.retrieve", "qa_bot.fuse", "qa_bot.generate",
    }
    for name in ("api.py", "web.py"):
        path = PACKAGE / name
        if not path.exists():
            continue
        used = {m for m in imported_modules(path) if m.split(".")[0] == "qa_bot"}
        assert not {m for m in used if any(m == p or m.startswith(p + ".") for p in pipeline)}, name
