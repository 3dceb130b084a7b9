"""Every setting has a default, a help string and a line in the README."""

from __future__ import annotations

from pathlib import Path

from qa_bot.settings import Settings, describe

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_has_help():
    for name, _default, help_text in describe():
        assert help_text and len(help_text) > 10, name


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [name for name, _d, _h in describe() if f"`{name}`" not in text]
    assert missing == []


def test_environment_overrides_defaults_and_explicit_values_win():
    env = {"QA_BOT_SEARCH_K": "9", "QA_BOT_CORPUS_DIR": "/tmp/minutes", "QA_BOT_LLM_TIMEOUT_S": "2.5"}
    s = Settings.from_env(env, corpus_dir=Path("elsewhere"))
    assert s.search_k == 9
    assert s.llm_timeout_s == 2.5
    assert s.corpus_dir == Path("elsewhere")
    assert Settings.from_env({}).search_k == Settings().search_k
