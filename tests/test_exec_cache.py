"""The build-time block cache (hooks/exec_cache.py) reruns what changed and never keeps a failure."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.markdown_blocks import ROOT


@pytest.fixture
def exec_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("exec_cache", ROOT / "hooks" / "exec_cache.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CACHE", tmp_path)
    return module


class FakeFormatter:
    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    def __call__(self, source: str, *args: Any, **kwargs: Any) -> str:
        self.calls += 1
        if self.fail:
            logging.getLogger("mkdocs.plugins.markdown_exec._internal.formatters.base").warning("boom")
        return f"<p>{source} #{self.calls}</p>"


def test_a_block_runs_once_for_both_languages(exec_cache: ModuleType) -> None:
    fake = FakeFormatter()
    cached = exec_cache.CachedFormatter(fake, package="digest")
    first = cached("print(1)", "python", "python", {"exec": "on"})
    again = exec_cache.CachedFormatter(fake, package="digest")("print(1)", "python", "python", {"exec": "on"})
    assert first == again == "<p>print(1) #1</p>"
    assert fake.calls == 1


def test_a_change_of_block_or_package_runs_it_again(exec_cache: ModuleType) -> None:
    fake = FakeFormatter()
    exec_cache.CachedFormatter(fake, package="old")("print(1)", "python", "python", {})
    exec_cache.CachedFormatter(fake, package="new")("print(1)", "python", "python", {})
    exec_cache.CachedFormatter(fake, package="new")("print(2)", "python", "python", {})
    assert fake.calls == 3


def test_a_failing_block_is_not_kept(exec_cache: ModuleType) -> None:
    fake = FakeFormatter(fail=True)
    cached = exec_cache.CachedFormatter(fake, package="digest")
    cached("raise ValueError", "python", "python", {})
    cached("raise ValueError", "python", "python", {})
    assert fake.calls == 2


def test_the_package_digest_follows_the_source(
    exec_cache: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "lossdocs"
    package.mkdir()
    (package / "regression.py").write_text("A = 1\n")
    monkeypatch.setattr(exec_cache, "PACKAGE", package)
    before = exec_cache.package_digest()
    (package / "regression.py").write_text("A = 2\n")
    assert exec_cache.package_digest() != before
