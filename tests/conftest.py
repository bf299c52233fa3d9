"""Shared fixtures for the site tests: one strict build, one local web server, one browser.

The pages are discovered from `docs/**/*.ja.md` and `docs/**/*.en.md` (mkdocs-static-i18n's
suffix layout), so the tests follow whatever pages exist. A test that takes a `doc_page`
argument runs once per page; one that also takes `lang` runs once per page and language.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
LANGUAGES = ("ja", "en")  # ja is the default language, served at /; en at /en/
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed as root (containers, CI)
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class DocPage:
    """One page of the site, named by its path under docs/ without suffix, e.g. `reference/regression`."""

    name: str

    def url_path(self, lang: str) -> str:
        """`index` -> `/`, `x` -> `/x/`, `x/index` -> `/x/`; English under `/en/`."""
        prefix = "/" if lang == "ja" else f"/{lang}/"
        name = "" if self.name == "index" else self.name.removesuffix("/index")
        return f"{prefix}{name}/" if name else prefix

    def output_file(self, site: Path, lang: str) -> Path:
        """Where the built HTML of the page lives, e.g. site/en/x/index.html."""
        return site / self.url_path(lang).lstrip("/") / "index.html"

    def __str__(self) -> str:
        return self.name


def discover_pages() -> list[DocPage]:
    """Every page that has a docs/NAME.ja.md or a docs/NAME.en.md."""
    names = set()
    for lang in LANGUAGES:
        for path in DOCS_DIR.rglob(f"*.{lang}.md"):
            names.add(path.relative_to(DOCS_DIR).as_posix().removesuffix(f".{lang}.md"))
    return [DocPage(name) for name in sorted(names)]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "doc_page" in metafunc.fixturenames:
        pages = discover_pages()
        metafunc.parametrize("doc_page", pages, ids=[page.name for page in pages])
    if "lang" in metafunc.fixturenames:
        metafunc.parametrize("lang", LANGUAGES)


@pytest.fixture(scope="session")
def site_pages() -> list[DocPage]:
    return discover_pages()


@pytest.fixture(scope="session")
def languages() -> tuple[str, ...]:
    return LANGUAGES


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that navigates away mid-download closes the connection: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, _QuietServer]]:
    """A web server for the site's folder, bound to a free port on 127.0.0.1 but not serving yet.

    The port is known before the build, so the site is built for the address it is served at.
    """
    site = tmp_path_factory.mktemp("site")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    try:
        yield site, server
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def built_site_url(_site_server: tuple[Path, _QuietServer]) -> str:
    """The site_url the site is built with (SITE_URL), e.g. `http://127.0.0.1:43567/`.

    It is the address the `site_url` fixture serves the site at, so the absolute URLs in the pages
    (canonical, hreflang, og:url) and in the sitemaps lead to the served site, as once published.
    """
    _, server = _site_server
    return f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def built_site(_site_server: tuple[Path, _QuietServer], built_site_url: str) -> tuple[Path, str]:
    """`mkdocs build --strict` into a temporary directory, once per session: (site dir, output).

    The build prints the PDFs with Chromium (hooks/downloads.py): without it, the tests of the
    built site skip, like the browser tests, except under CI.
    """
    site, _ = _site_server
    if _find_chromium() is None:
        reason = "mkdocs build prints the PDFs with chromium (apt-get install chromium fonts-ipafont-gothic)"
        if in_ci():
            pytest.fail(f"{reason}; under CI it must be there")
        pytest.skip(reason)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": built_site_url}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (exit {result.returncode}):\n{output}")
    return site, output


@pytest.fixture(scope="session")
def site_url(built_site: tuple[Path, str], _site_server: tuple[Path, _QuietServer]) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port, e.g. `http://127.0.0.1:43567`."""
    _, server = _site_server
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright. Skips without Chromium, except under CI=true."""
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the Python package playwright")
    executable = _find_chromium()
    if executable is None:
        missing.append("chromium (e.g. `apt-get install chromium fonts-ipafont-gothic`)")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if in_ci():
            pytest.fail(f"{reason}; under CI the browser tests must run, not skip")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser: Any) -> Iterator[Any]:
    """One browser context shared by the whole session (pages are opened and closed in it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()
