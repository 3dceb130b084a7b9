# The dev loop.  `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help install run test test-fast index eval bench bench-retrieval load-test lint clean settings-doc

help:  ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# pip unpacks wheels (torch's is large) under TMPDIR: keep that on the
# checkout's disk, not a small /tmp, and keep no download cache (CI once ran
# out of space here).
PIP := TMPDIR=$(CURDIR)/.cache/pip-tmp PIP_NO_CACHE_DIR=1 $(PY) -m pip

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	mkdir -p .cache/pip-tmp
	$(PIP) install --quiet --upgrade pip
	# torch first, pinned: the CPU build from local disk, not the multi-GB CUDA one
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -r requirements.txt -r requirements-dev.txt
	rm -rf .cache/pip-tmp
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install everything

run: $(STAMP)  ## start the web app on the shipped corpus (http://127.0.0.1:7860)
	$(PY) app.py

test: $(STAMP)  ## install everything (browser included) and run the whole test suite
	bash scripts/install-browser.sh
	$(PY) -m pytest

test-fast: $(STAMP)  ## the suite without slow and browser tests
	$(PY) -m pytest -m "not slow and not browser"

index: $(STAMP)  ## build or update the index for corpus/
	$(PY) -m qa_bot index

eval: $(STAMP)  ## score the shared dev questions and our own
	$(PY) -m qa_bot eval tests/data/shared_eval/dev_questions.jsonl
	$(PY) -m qa_bot eval tests/data/questions.jsonl

bench: $(STAMP)  ## the speed table: embedding routes + quality gate, start, CLI, 1M passages, load (BENCH_ARGS=--skip-load ...)
	$(PY) bench/bench_speed.py $(BENCH_ARGS)

bench-retrieval: $(STAMP)  ## retrieval against the tutorial pipeline, answer latency
	$(PY) bench/bench_retrieval.py
	$(PY) bench/bench_answer.py --rounds 2

load-test: $(STAMP)  ## 20 clients against a freshly started server for 2 minutes
	$(PY) bench/load_test.py --start --seconds 120

lint: $(STAMP)  ## ruff
	$(PY) -m ruff check qa_bot tests bench app.py

clean:  ## remove the venv and the built index
	rm -rf $(VENV) embeddings/*.json embeddings/*.faiss embeddings/*/ .pytest_cache

settings-doc:  ## rewrite the README's settings table from the code
	$(PY) scripts/settings_table.py --write
