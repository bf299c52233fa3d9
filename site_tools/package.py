"""The lossdocs package as a reader gets it: its version, its wheel on the site, one pip command.

One version for everything: `[project] version` in pyproject.toml. The package reads it from
its installed metadata (`lossdocs.__version__`), the site's footer and the notebooks read it
here, and CHANGELOG.md names it; tests/test_release.py checks that they agree.

The wheel and the source archive are made by `uv build` into the site's `downloads/` folder by a
build with its downloads (hooks/downloads.py); a reader installs the wheel from the published
site with one command, `pip install <site>/downloads/lossdocs-<version>-py3-none-any.whl`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
NAME = "lossdocs"
DOWNLOADS = "downloads"  # the site's folder of downloads, beside the PDFs


def version() -> str:
    """The version of the package, as pyproject.toml states it."""
    with PYPROJECT.open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def wheel_name(release: str | None = None) -> str:
    """`lossdocs-0.1.0-py3-none-any.whl`: pure Python, any Python 3 (uv_build names it so)."""
    return f"{NAME}-{release or version()}-py3-none-any.whl"


def sdist_name(release: str | None = None) -> str:
    return f"{NAME}-{release or version()}.tar.gz"


def wheel_url(site_url: str) -> str:
    """Where the site built for `site_url` offers the wheel."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", f"{DOWNLOADS}/{wheel_name()}")


def pip_command(site_url: str, *others: str) -> str:
    """`pip install <wheel on the site> [others]`: one command, NumPy comes with the wheel."""
    return " ".join(["pip install", wheel_url(site_url), *others])


def uv() -> list[str]:
    """The command that runs uv: `uv run` names itself in $UV; else uv on PATH, else `python -m uv`."""
    found = os.environ.get("UV") or shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def build_distributions(folder: Path) -> list[Path]:
    """`uv build` the wheel and the source archive into `folder`; the paths of the two files.

    The build backend (uv_build) comes from uv's cache or from PyPI; `--no-sources` builds the
    package as PyPI's users get it, without the project's local `[tool.uv.sources]`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [*uv(), "build", "--no-sources", "--out-dir", str(folder), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"uv build failed (exit {done.returncode}):\n{done.stderr.strip()}")
    (folder / ".gitignore").unlink(missing_ok=True)  # uv's, for a dist/ folder in a work tree
    files = [folder / wheel_name(), folder / sdist_name()]
    if missing := [file.name for file in files if not file.is_file()]:
        raise RuntimeError(f"uv build made no {', '.join(missing)} in {folder}:\n{done.stderr.strip()}")
    return files
