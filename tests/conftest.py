"""Shared fixtures for the site tests: one strict build per run, one local web server, one browser.

The pages are discovered from `docs/**/*.ja.md` and `docs/**/*.en.md` (mkdocs-static-i18n's
suffix layout), so the tests follow whatever pages exist. A test that takes a `doc_page`
argument runs once per page; one that also takes `lang` runs once per page and language.

One build for the whole run, however many workers (pytest-xdist, one per processor, see pyproject.toml):
- the main process serves a temporary folder on a free port of 127.0.0.1 from its start, and
  hands the folder and the address to the workers (`pytest_configure_node`);
- when its collection is done, the first process (worker) that has a test of the built site
  starts `mkdocs build --strict` into that folder, for that address (`SITE_URL`), in the
  background, while the workers run the tests that need no site; a test of the built site waits
  for the build (`built_site`);
- the download tests' build (`downloads_site`, `LOSSDOCS_DOWNLOADS=true`: the PDFs and the
  offline archive) follows in the same background process, at a lower priority, into a folder
  of its own; `LOSSDOCS_DOWNLOADS_SITE=DIR` names a site already built with the downloads instead
  (the publish workflow tests the very files it publishes, printed once).
The same happens without workers (`-p no:xdist`), in one process.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from site_tools import browser as browser_tools

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
LANGUAGES = ("ja", "en")  # ja is the default language, served at /; en at /en/
CHROMIUM_ARGS = browser_tools.CHROMIUM_ARGS
DOWNLOADS_SITE = "LOSSDOCS_DOWNLOADS_SITE"  # a site built with the downloads, to test instead of building one
BUILD_TIMEOUT = 900  # seconds a test waits for the background builds
# Opened first among the pages in the browser, so that they are not what the run waits for last:
# every page of the site on one page, whose screenshots and accessibility check take the longest.
HEAVIEST_PAGES = ("print",)


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
    return _flag("CI")


def downloads_tested() -> bool:
    """The downloads are tested under CI, or when LOSSDOCS_DOWNLOADS=true asks for them."""
    return in_ci() or _flag("LOSSDOCS_DOWNLOADS")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pages(*names): a test of `doc_page` runs for these pages only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "doc_page" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("pages")
        pages = [DocPage(name) for name in only.args] if only else discover_pages()
        metafunc.parametrize("doc_page", pages, ids=[page.name for page in pages])
    if "lang" in metafunc.fixturenames:
        metafunc.parametrize("lang", LANGUAGES)


@pytest.fixture(scope="session")
def site_pages() -> list[DocPage]:
    return discover_pages()


@pytest.fixture(scope="session")
def languages() -> tuple[str, ...]:
    return LANGUAGES


# --- one build per run, shared by the workers ------------------------------------------------

# The builds a run may need: name (its folder) -> fixture that waits for it, extra environment.
BUILDS = {
    "site": ("built_site", {"LOSSDOCS_DOWNLOADS": "false"}),
    "downloads-site": ("downloads_site", {"LOSSDOCS_DOWNLOADS": "true"}),
}


@dataclass(frozen=True)
class SharedSite:
    """Where the run's builds go, and the address the site is built for and served at."""

    folder: Path  # site/ (served), downloads-site/, and each build's NAME.log and NAME.rc
    url: str  # http://127.0.0.1:PORT, without a trailing slash


_serving: dict[str, Any] = {}  # in the main process: the SharedSite and its server


def _serve() -> SharedSite:
    """The main process's folder for the builds, served from first use to the end of the run."""
    if not _serving:
        folder = Path(tempfile.mkdtemp(prefix="lossdocs-site-"))
        (folder / "site").mkdir()
        server = browser_tools.SiteServer(folder / "site").start()
        _serving.update(shared=SharedSite(folder, server.url), server=server)
    return _serving["shared"]  # type: ignore[no-any-return]


def shared_site(config: pytest.Config) -> SharedSite:
    workerinput = getattr(config, "workerinput", {})
    if "lossdocs_site" in workerinput:
        folder, url = workerinput["lossdocs_site"]
        return SharedSite(Path(folder), url)
    return _serve()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, in the main process, before a worker starts: the folder and the address."""
    shared = _serve()
    node.workerinput["lossdocs_site"] = (str(shared.folder), shared.url)


def pytest_unconfigure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or not _serving:
        return
    shared = _serving.pop("shared")
    _serving.pop("server").stop()
    for pid_file in shared.folder.glob("builds-*.pid"):  # builds still going when a run is cut short
        if not pid_file.with_suffix(".done").exists():
            with contextlib.suppress(OSError, ValueError):
                os.killpg(int(pid_file.read_text()), signal.SIGTERM)
    shutil.rmtree(shared.folder, ignore_errors=True)


def start_builds(shared: SharedSite, names: list[str]) -> None:
    """Start, one after the other in one background process, the builds no process has started.

    `site` runs first, at normal priority: every test of the built site waits for it. The
    download tests' build runs at a lower priority, using what the workers leave of the CPU.
    """
    commands = []
    for name in names:
        if not claim(shared, name):
            continue
        _, extra = BUILDS[name]
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(shared.folder / name)]
        if name != "site":
            build = ["nice", "-n", "10", *build]
        variables = " ".join(f"{key}={shlex.quote(value)}" for key, value in extra.items())
        log, rc = (shlex.quote(str(shared.folder / f"{name}.{suffix}")) for suffix in ("log", "rc"))
        commands.append(f"{variables} {shlex.join(build)} >{log} 2>&1; echo $? >{rc}.part; mv {rc}.part {rc}")
    if not commands:
        return
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": shared.url + "/"}
    done = shlex.quote(str(shared.folder / "builds-"))  # + the shell's process id, its group's
    process = subprocess.Popen(
        ["sh", "-c", "; ".join([*commands, f"touch {done}$$.done"])],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so pytest_unconfigure can stop it
    )
    (shared.folder / f"builds-{process.pid}.pid").write_text(str(process.pid))
    _builds.append(process)


_builds: list[subprocess.Popen[bytes]] = []


def claim(shared: SharedSite, name: str) -> bool:
    """True in the one process of the run that claims `name` first (it creates NAME.claimed)."""
    try:
        os.close(os.open(shared.folder / f"{name}.claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def wait_for_build(shared: SharedSite, name: str) -> tuple[Path, str]:
    """(site folder, output) of a build, once it is done; fails the test if the build failed."""
    start_builds(shared, [name])  # if no collection started it
    rc_file, deadline = shared.folder / f"{name}.rc", time.monotonic() + BUILD_TIMEOUT
    while not rc_file.is_file():
        if time.monotonic() > deadline:
            pytest.fail(f"mkdocs build --strict ({name}) did not finish in {BUILD_TIMEOUT} s")
        time.sleep(0.1)
    returncode = int(rc_file.read_text())
    output = (shared.folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    if returncode != 0:
        pytest.fail(f"mkdocs build --strict ({name}) failed (exit {returncode}):\n{output}")
    return shared.folder / name, output


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the tests: each page's browser checks one after the other (one visit per page).

    The tests that need no built site come first, so the workers run them while the site is
    built; then the tests of the built site, the whole-site print pages' browser checks first
    (the longest); the download tests, whose build comes second, last. Within that, the order of
    collection, except that a page's browser checks (the tests that take `visit`) follow each
    other. The workers take the tests in this order, a run of one module's tests or of one
    page's checks at a time (pytest_xdist_make_scheduler); without workers the order is the same.
    """

    def needs(item: pytest.Item) -> int:
        fixtures = getattr(item, "fixturenames", ())
        return 2 if "downloads_site" in fixtures else 1 if "built_site" in fixtures else 0

    first_seen: dict[str, int] = {}  # a page's checks, or a module: where it first appears
    keys = {}
    for index, item in enumerate(items):
        callspec = getattr(item, "callspec", None)
        heavy = 1
        if callspec is not None and "visit" in getattr(item, "fixturenames", ()):
            group = f"{callspec.params['doc_page']}-{callspec.params['lang']}"
            heavy = 0 if str(callspec.params["doc_page"]) in HEAVIEST_PAGES else 1
        else:
            group = item.nodeid.split("::", 1)[0]
        keys[item.nodeid] = (needs(item), heavy, first_seen.setdefault(group, index), index)
    items.sort(key=lambda item: keys[item.nodeid])


@functools.cache
def _page_ids() -> frozenset[str]:
    return frozenset(f"{page.name}-{lang}" for page in discover_pages() for lang in LANGUAGES)


def _work_key(nodeid: str) -> str:
    """A page's browser checks (tests/test_browser.py, `[PAGE-LANG]`) go together; each notebook
    run (seconds each) is a unit of its own, so the workers share them; else the module."""
    module, _, rest = nodeid.partition("::")
    found = re.search(r"\[([^\]]+)\]$", rest)
    if module.endswith("test_browser.py") and found and found[1] in _page_ids():
        return found[1]
    if module.endswith("test_notebooks.py"):
        return nodeid
    return module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist, in the main process: hand out runs of tests, in the workers' order.

    A unit of work is a run of consecutive tests (as pytest_collection_modifyitems ordered them)
    of one module, or of one page's browser checks, so that page is opened on one worker only.
    (xdist's own `--dist loadgroup` marks node ids with `@group`, which pytest 9.2 ignores.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class RunScheduling(LoadScopeScheduling):
        _units: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self._units is None:
                self._units, run, last = {}, 0, ""
                for each in next(iter(self.registered_collections.values())):
                    key = _work_key(each)
                    run, last = (run + 1, key) if key != last else (run, last)
                    self._units[each] = f"{run}:{key}"
            return self._units[nodeid]

    return RunScheduling(config, log)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the builds that the collected tests need, in the background (see start_builds)."""
    if session.config.option.collectonly:
        return
    names = [
        name
        for name, (fixture, _) in BUILDS.items()
        if any(fixture in getattr(item, "fixturenames", ()) for item in session.items)
    ]
    if os.environ.get(DOWNLOADS_SITE) or not downloads_tested() or browser_tools.missing():
        names = [name for name in names if name != "downloads-site"]
    if names:
        start_builds(shared_site(session.config), names)


@pytest.fixture(scope="session")
def _shared_site(pytestconfig: pytest.Config) -> SharedSite:
    return shared_site(pytestconfig)


@pytest.fixture(scope="session")
def run_folder(_shared_site: SharedSite) -> Path:
    """A folder that every worker of the run shares (it holds the builds; removed at the end)."""
    return _shared_site.folder


@pytest.fixture(scope="session")
def first_in_run(_shared_site: SharedSite) -> Callable[[str], bool]:
    """`first_in_run(name)`: True in the one process of the run that asks first, for each name."""
    return functools.partial(claim, _shared_site)


@pytest.fixture(scope="session")
def built_site_url(_shared_site: SharedSite) -> str:
    """The site_url the site is built with (SITE_URL), e.g. `http://127.0.0.1:43567/`.

    It is the address the `site_url` fixture serves the site at, so the absolute URLs in the pages
    (canonical, hreflang, og:url) and in the sitemaps lead to the served site, as once published.
    """
    return _shared_site.url + "/"


@pytest.fixture(scope="session")
def built_site(_shared_site: SharedSite) -> tuple[Path, str]:
    """`mkdocs build --strict` without the downloads, once per run: (site dir, output)."""
    return wait_for_build(_shared_site, "site")


@pytest.fixture(scope="session")
def downloads_site(_shared_site: SharedSite) -> tuple[Path, str]:
    """`mkdocs build --strict` with the downloads (LOSSDOCS_DOWNLOADS=true): (site dir, output).

    The PDFs and the offline archive, in `downloads/`. Tested under CI, or when asked with
    LOSSDOCS_DOWNLOADS=true; otherwise their tests skip, as the plain build skips the downloads.
    The build prints the PDFs with Chromium: without it, they skip too, except under CI.
    With LOSSDOCS_DOWNLOADS_SITE=DIR, the site in DIR (built with the downloads) instead.
    """
    if not downloads_tested():
        pytest.skip("the downloads are tested under CI, or when asked: LOSSDOCS_DOWNLOADS=true uv run pytest")
    if given := os.environ.get(DOWNLOADS_SITE):
        site = Path(given).resolve()
        if not (site / "downloads").is_dir():
            pytest.fail(f"{DOWNLOADS_SITE}={given}: no downloads/ (build it with LOSSDOCS_DOWNLOADS=true)")
        return site, ""
    if lacks := browser_tools.missing():
        reason = f"the downloads' build prints the PDFs with Chromium, and {lacks}"
        if in_ci():
            pytest.fail(f"{reason}; under CI it must be there")
        pytest.skip(reason)
    return wait_for_build(_shared_site, "downloads-site")


@pytest.fixture(scope="session")
def site_url(built_site: tuple[Path, str], _shared_site: SharedSite) -> str:
    """The built site served on 127.0.0.1 at a free port, e.g. `http://127.0.0.1:43567`."""
    return _shared_site.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright. Skips without Chromium, except under CI=true."""
    if lacks := browser_tools.missing():
        reason = f"browser tests {lacks}"
        if in_ci():
            pytest.fail(f"{reason}; under CI the browser tests must run, not skip")
        pytest.skip(reason)
    with browser_tools.chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def browser_context(browser: Any) -> Iterator[Any]:
    """One browser context shared by the whole session (pages are opened and closed in it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()
