"""Page weight: what each page of the site makes a browser download, and how long it takes to load.

Run ``uv run python -m benchmarks.page_weight`` (``--site DIR`` to measure a site already built,
``--json PATH`` to save the results). It builds the site for a local address, serves it on
127.0.0.1 and opens every page of both languages in headless Chromium (Debian's ``chromium``),
each in a new browser context, so with an empty cache. It waits until no request has been in
flight for half a second (the search index and the search worker's scripts load after the load
event) and records, per page: the requests (the search worker's included), the bytes of every
response as served, the bytes as a static host such as GitHub Pages sends them (text gzipped:
HTML, CSS, JavaScript, JSON, SVG, XML; images as they are), and the DOMContentLoaded and load
times. Response headers are not counted. A reading page must stay under LIMIT gzipped
(tests/test_browser.py checks it for every page); the whole-site print page is listed apart.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from site_tools import browser as browser_tools

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 500_000  # bytes a reading page may make the browser download, gzipped as a static host sends them
GZIP_LEVEL = 6  # zlib's default; hosts use 1 to 9 (a level 1 file is about 10 % larger)
KINDS = ("html", "css", "js", "search index", "other")
COMPRESSED_TYPES = re.compile(r"^(text/|application/(json|javascript|xml|\w+\+xml)|image/svg\+xml)")
# Not reading pages, so not held to LIMIT: the generated whole-site page for printing and PDFs
# (every page's content at once, several MB by design; a reader opens it to print, not to read).
EXEMPT = {"print/": "every page on one page, for printing and PDFs"}
TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return [nav.domContentLoadedEventEnd, nav.loadEventEnd];
}"""


def kind(url: str, resource_type: str) -> str:
    """Which of KINDS a response is, by what the browser fetched it as and by its file name."""
    path = urlsplit(url).path
    if resource_type == "document":
        return "html"
    if path.endswith("search_index.json"):
        return "search index"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith(".js"):  # the search worker's imports are "other"
        return "js"
    return "other"


@functools.lru_cache(maxsize=64)
def _gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))


def sent_size(body: bytes, content_type: str) -> int:
    """The bytes a static host sends for a response body: text gzipped, anything else as it is."""
    return _gzip_size(body) if COMPRESSED_TYPES.match(content_type) else len(body)


@dataclass
class Weight:
    """The responses of one page load: counts and bytes, raw and as sent, by kind."""

    requests: int = 0
    raw: int = 0
    gzip: int = 0
    raw_by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    gzip_by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    failed: list[str] = field(default_factory=list)

    def add(self, url: str, resource_type: str, body: bytes, content_type: str) -> None:
        which = kind(url, resource_type)
        sent = sent_size(body, content_type)
        self.requests += 1
        self.raw += len(body)
        self.gzip += sent
        self.raw_by_kind[which] += len(body)
        self.gzip_by_kind[which] += sent


class Recorder:
    """Every request a Playwright tab makes, its workers' included, with an empty cache.

    The tab's HTTP cache is turned off (a tab in a shared browser context would otherwise take
    the CSS and JavaScript from the cache and seem lighter than it is for a first visit).
    """

    def __init__(self, tab: Any) -> None:
        self.in_flight: set[Any] = set()
        self.finished: list[Any] = []
        self.failed: list[str] = []
        self._cdp = tab.context.new_cdp_session(tab)  # kept open: the setting lasts as long as it
        self._cdp.send("Network.enable")
        self._cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        tab.on("request", lambda request: self.in_flight.add(request))
        tab.on("requestfinished", self._finished)
        tab.on("requestfailed", self._failed)

    def _finished(self, request: Any) -> None:
        self.in_flight.discard(request)
        self.finished.append(request)

    def _failed(self, request: Any) -> None:
        self.in_flight.discard(request)
        self.failed.append(f"{request.url} ({request.failure})")

    def wait_until_idle(self, tab: Any, quiet: float = 0.5, timeout: float = 15.0) -> None:
        """Wait until no request has been in flight for `quiet` seconds."""
        deadline = last_busy = time.monotonic()
        deadline += timeout
        while time.monotonic() < deadline:
            if self.in_flight:
                last_busy = time.monotonic()
            elif time.monotonic() - last_busy >= quiet:
                return
            tab.wait_for_timeout(25)  # lets Playwright deliver the tab's events

    def weight(self) -> Weight:
        """The bytes of every finished request, counted once each."""
        weight = Weight(failed=list(self.failed))
        for request in self.finished:
            response = request.response()
            if response is None:
                continue
            body = b"" if 300 <= response.status < 400 else response.body()
            weight.add(request.url, request.resource_type, body, response.headers.get("content-type", ""))
        return weight


@dataclass
class PageResult:
    path: str
    weight: Weight
    dom_content_loaded_ms: float
    load_ms: float
    exempt: str = ""  # why the page is not held to LIMIT, if it is not
    html_parts: dict[str, int] = field(default_factory=dict)


def html_parts(html: bytes) -> dict[str, int]:
    """How the bytes of a page's HTML divide: plots (inline SVG), formulas (MathML), code, the rest."""
    text = html.decode("utf-8", errors="replace")
    parts = {}
    for name, element in [("plots", "svg"), ("formulas", "math"), ("code", "pre")]:
        found = re.findall(rf"<{element}\b.*?</{element}>", text, flags=re.DOTALL)
        # An SVG of under 2,000 characters is an icon, not a plot.
        parts[name] = sum(len(part.encode()) for part in found if element != "svg" or len(part) > 2000)
    parts["text, navigation and other markup"] = len(html) - sum(parts.values())
    return parts


def page_paths(site: Path) -> list[str]:
    """The address of every HTML page of a built site: `/`, `/x/`, `/en/x/`, `/404.html`."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append("/" + relative.removesuffix("index.html"))
    return paths


def exempt_reason(path: str) -> str:
    lang_free = re.sub(r"^/en/", "/", path).lstrip("/")
    return next((why for prefix, why in EXEMPT.items() if lang_free.startswith(prefix)), "")


def measure(browser: Any, base_url: str, path: str) -> PageResult:
    """Open `path` in a new browser context (an empty cache) and record what it loads."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        recorder = Recorder(tab)
        tab.goto(base_url + path, wait_until="load", timeout=60_000)
        recorder.wait_until_idle(tab)
        dom_content_loaded, load = tab.evaluate(TIMINGS_JS)
        weight = recorder.weight()
        html = next((r.response().body() for r in recorder.finished if r.resource_type == "document"), b"")
    finally:
        context.close()
    timings = round(dom_content_loaded, 1), round(load, 1)
    return PageResult(path, weight, *timings, exempt_reason(path), html_parts(html))


@contextlib.contextmanager
def serve(site: Path | None) -> Iterator[tuple[Path, str]]:
    """Serve `site` on a free port of 127.0.0.1; with None, build the site there first (for that address)."""
    with tempfile.TemporaryDirectory(prefix="lossdocs-site-") as scratch:
        folder = site or Path(scratch)
        with browser_tools.SiteServer(folder) as server:
            if site is None:
                env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": server.url + "/"}
                command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", scratch]
                built = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
                if built.returncode:
                    raise SystemExit(f"mkdocs build --strict failed:\n{built.stdout}{built.stderr}")
            yield folder, server.url


def kb(size: float) -> str:
    return f"{size / 1000:.0f}"


def table(results: Sequence[PageResult]) -> str:
    """One line per page: requests, kB raw and gzipped, gzipped kB of each kind, times in ms."""
    kinds = "".join(f" {name.split()[0]:>6}" for name in KINDS)
    lines = [f"{'page':<36} {'req':>3} {'raw kB':>7} {'gzip kB':>7} |{kinds} | {'DCL ms':>7} {'load ms':>7}"]
    for result in results:
        weight = result.weight
        line = f"{result.path:<36} {weight.requests:>3} {kb(weight.raw):>7} {kb(weight.gzip):>7} |"
        line += "".join(f" {kb(weight.gzip_by_kind[name]):>6}" for name in KINDS)
        line += f" | {result.dom_content_loaded_ms:>7.0f} {result.load_ms:>7.0f}"
        if weight.gzip >= LIMIT and not result.exempt:
            line += "  OVER THE LIMIT"
        lines.append(line)
    return "\n".join(lines)


def why_heavy(result: PageResult) -> str:
    """One sentence on what makes a page heavy: its largest kinds of bytes, and its HTML's parts."""
    weight, parts = result.weight, result.html_parts
    by_kind = sorted(KINDS, key=lambda name: -weight.gzip_by_kind[name])
    shares = ", ".join(f"{name} {kb(weight.gzip_by_kind[name])} kB" for name in by_kind)
    html = ", ".join(f"{name} {kb(size)} kB" for name, size in sorted(parts.items(), key=lambda p: -p[1]))
    return (
        f"heaviest reading page: {result.path}, {kb(weight.gzip)} kB gzipped ({kb(weight.raw)} kB raw) "
        f"in {weight.requests} requests.\n  gzipped by kind: {shares}.\n"
        f"  its HTML ({kb(weight.raw_by_kind['html'])} kB raw): {html}."
    )


def main(argv: Sequence[str] | None = None) -> list[PageResult]:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.page_weight", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one)")
    parser.add_argument("--json", metavar="PATH", help="also save the results as JSON")
    args = parser.parse_args(argv)

    if lacks := browser_tools.missing():
        parser.error(lacks)
    with serve(args.site) as (site, url), browser_tools.chromium() as browser:
        measure(browser, url, "/")  # a first load warms the browser up; not counted
        results = [measure(browser, url, path) for path in page_paths(site)]
        chromium = browser.version
    results.sort(key=lambda result: -result.weight.gzip)
    reading = [result for result in results if not result.exempt]
    print(table(reading))
    if exempt := [result for result in results if result.exempt]:
        print("\nnot reading pages, not held to the limit:")
        print(table(exempt))
        for result in exempt:
            print(f"  {result.path}: {result.exempt}")
    downloads = sorted(site.glob("downloads/**/*.*")) if (site / "downloads").is_dir() else []
    for file in downloads:
        print(
            f"download, fetched only when asked for: /{file.relative_to(site)} {kb(file.stat().st_size)} kB"
        )
    print()
    print(why_heavy(reading[0]))
    over = [result.path for result in reading if result.weight.gzip >= LIMIT]
    verdict = f"OVER: {over}" if over else "every page is under it"
    print(f"limit {kb(LIMIT)} kB gzipped per reading page: {verdict}")
    for result in results:
        if result.weight.failed:
            print(f"  {result.path}: failed requests: {result.weight.failed}")

    if args.json:
        report = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "settings": {"limit_bytes": LIMIT, "gzip_level": GZIP_LEVEL, "chromium": chromium},
            "heaviest": {"path": reading[0].path, "why": why_heavy(reading[0])},
            "pages": [asdict(result) for result in results],
            "downloads": {f"/{file.relative_to(site)}": file.stat().st_size for file in downloads},
        }
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
