"""Start the real server (``python app.py``) on a free port for a test.

Shared by the session's ``live_server`` fixture and tests that need a server
of their own (other settings, their own corpus)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(
    corpus: Path, index: Path, log_path: Path, env: Mapping[str, str] = (), startup_s: float = 300
) -> Iterator[str]:
    """``python app.py`` over ``corpus``/``index`` with ``QA_BOT_*`` overrides in
    ``env``; yields its base URL once /healthz answers 200 with the page
    built, stops it afterwards.
    The server's output goes to ``log_path``."""
    port = free_port()
    environ = {**os.environ, **dict(env)}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(port), "--corpus", str(corpus),
             "--index", str(index)],
            cwd=REPO, env=environ, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + startup_s
            while True:
                if proc.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"app.py exited with {proc.returncode}:\n{tail}")
                try:
                    with urlopen(url + "/healthz", timeout=2) as r:
                        # Ready, and the page built (until then a page request waits).
                        if r.status == 200 and json.load(r).get("page", "ready") == "ready":
                            break
                except (OSError, ValueError):
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"app.py did not start in {startup_s:.0f} s: see {log_path}")
                time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
