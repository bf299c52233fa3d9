"""The package within a reader's reach: one version, a wheel that installs, a release workflow.

- One version (`[project] version` in pyproject.toml) for the package (`lossdocs.__version__`),
  the changelog, the site's footer and the notebooks.
- The wheel, built as the site builds it (`uv build`, site_tools/package.py), installs into a
  fresh virtual environment and runs the article's two examples from the page
  `article-notes` ("With lossdocs"), printing what the page shows: `SSE: 1.5` and
  `0.8393296907380268`.
- The home page shows the one-line install from the site it is built for.
- The release workflow (.github/workflows/release.yml) publishes on PyPI with trusted publishing
  when a version tag is pushed; tests/test_publishing.py lints it with zizmor and actionlint.
- A build with its downloads offers the wheel and holds it in the offline archive.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import lossdocs
from site_tools import package
from tests.conftest import DocPage, in_ci
from tests.markdown_blocks import scan

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "release.yml"
CHANGELOG = REPO_ROOT / "CHANGELOG.md"
ARTICLE_PAGE = REPO_ROOT / "docs" / "article-notes.en.md"
_OUTPUT_LINE = re.compile(r"^\s*#>(?: |$)(.*)$")


# --- one version ------------------------------------------------------------------------------


def test_one_version_for_package_changelog_and_site() -> None:
    version = package.version()
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?", version), version
    assert lossdocs.__version__ == version, "reinstall the project (uv sync) after changing its version"
    headings = re.findall(r"^## (\S+)", CHANGELOG.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings[0] == version, f"CHANGELOG.md's newest section is {headings[0]}, the package is {version}"


def test_footer_and_home_page_show_the_version_and_the_install(
    built_site: tuple[Path, str], built_site_url: str
) -> None:
    site, _ = built_site
    command = f"pip install {package.wheel_url(built_site_url)}"
    for language in ("ja", "en"):
        html = DocPage("index").output_file(site, language).read_text(encoding="utf-8")
        footer = re.search(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', html, re.DOTALL)
        assert footer, f"index ({language}): no copyright in the footer"
        assert f"lossdocs {package.version()}" in footer[1]
        code = re.sub(r"<[^>]+>", "", html)
        assert command in code, f"index ({language}) does not show `{command}`"
        assert "{{" not in code, f"index ({language}): a placeholder was not replaced"


# --- the wheel in a fresh environment ---------------------------------------------------------


def _article_examples() -> tuple[str, list[str]]:
    """The code and the `#>` lines of the page's block that runs the article's examples."""
    text = ARTICLE_PAGE.read_text(encoding="utf-8")
    section = text[text.index("{ #fixed-lossdocs }") :]
    block = next(b for b in scan(section)[0] if b.lang == "python")
    expected = [m[1].rstrip() for line in block.code.splitlines() if (m := _OUTPUT_LINE.match(line))]
    return block.code, expected


def _run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, **kwargs)


def test_the_wheel_installs_in_a_fresh_environment_and_runs_the_article(tmp_path: Path) -> None:
    code, expected = _article_examples()
    assert expected == ["SSE: 1.5", "Categorical Cross Entropy: 0.8393296907380268"]
    wheel, sdist = package.build_distributions(tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "lossdocs/__init__.py" in names
    assert not [name for name in names if name.startswith(("tests/", "docs/", "site_tools/"))]
    assert sdist.stat().st_size > 0

    uv = package.uv()
    venv = tmp_path / "venv"
    made = _run([*uv, "venv", "--no-project", "--python", _base_python(), str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    install = [*uv, "pip", "install", "--python", str(python), str(wheel)]
    installed = _run([*install, "--offline"])  # NumPy from uv's cache, where it is
    if installed.returncode != 0:
        installed = _run(install)
        if installed.returncode != 0 and _unreachable(installed.stderr):
            message = (
                f"NumPy is neither in uv's cache nor reachable on the package index:\n{installed.stderr}"
            )
            if in_ci():
                pytest.fail(message)
            pytest.skip(message)
    assert installed.returncode == 0, installed.stderr

    where = _run(
        [str(python), "-c", "import lossdocs; print(lossdocs.__file__, lossdocs.__version__)"], cwd=tmp_path
    )
    assert where.returncode == 0, where.stderr
    file, version = where.stdout.split()
    assert Path(file).is_relative_to(venv), f"lossdocs imported from {file}, not from the fresh environment"
    assert version == package.version()
    ran = _run([str(python), "-c", code], cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == expected


def _base_python() -> str:
    """The interpreter this environment was made from (no download of another one)."""
    return sys._base_executable  # type: ignore[attr-defined, no-any-return]


def _unreachable(stderr: str) -> bool:
    words = ("network", "connect", "dns", "resolve", "timed out", "offline", "failed to fetch")
    return any(word in stderr.lower() for word in words)


# --- the release workflow -----------------------------------------------------------------------


def _workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_release_workflow_publishes_version_tags_with_trusted_publishing() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == {"push": {"tags": ["v*"]}}, "only a pushed version tag releases"
    assert workflow["permissions"] == {}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    runs = " ".join(str(step.get("run", "")) for step in build["steps"])
    assert "uv build --no-sources" in runs
    assert '"v$version"' in runs, "the tag must be the package's version"
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}, "trusted publishing, and nothing more"
    assert publish["environment"]["name"] == "pypi"
    (upload,) = [
        s for s in publish["steps"] if str(s.get("uses", "")).startswith("pypa/gh-action-pypi-publish@")
    ]
    assert re.fullmatch(r"pypa/gh-action-pypi-publish@[0-9a-f]{40}", upload["uses"]), "pinned to a commit"
    assert "password" not in upload.get("with", {}), "no token: PyPI trusts the workflow"


# --- the downloads ----------------------------------------------------------------------------


def test_downloads_offer_the_wheel_and_the_archive_holds_it(downloads_site: tuple[Path, str]) -> None:
    site, _ = downloads_site
    downloads = site / "downloads"
    wheel = downloads / package.wheel_name()
    assert wheel.is_file()
    assert (downloads / package.sdist_name()).is_file()
    with zipfile.ZipFile(downloads / "lossdocs-offline.zip") as archive:
        held = archive.read(f"lossdocs/downloads/{wheel.name}")
    assert held == wheel.read_bytes()
    for language in ("ja", "en"):
        html = DocPage("offline").output_file(site, language).read_text(encoding="utf-8")
        assert f'downloads/{wheel.name}">{wheel.name}</a> (' in html, f"offline ({language}) links the wheel"
