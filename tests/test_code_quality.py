"""The package and the site machinery pass `mypy --strict` and `ruff check`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.markdown_blocks import ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["mypy", "--strict", "src", "hooks", "site_tools"],
        ["ruff", "check", "src", "tests", "hooks", "conftest.py", "site_tools"],
        ["ruff", "format", "--check", "src"],
    ],
    ids=["mypy", "ruff-check", "ruff-format"],
)
def test_static_checks(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
