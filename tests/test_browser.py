"""Every page of the built site, in both languages, in headless Chromium.

Each page is opened once per session (see `visit`): the facts the tests need are read from it
then, and a full-page screenshot goes to test-artifacts/screenshots/ (LANG-NAME.png).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
COPY_BUTTON = "button.md-code__button[data-md-type=copy]"
# TeX that should have become MathML; `\(`, `\[` and `$$` are arithmatex's delimiters.
RAW_TEX = re.compile(
    r"\\\(|\\\[|\$\$|\\(?:sum|frac|mathrm|log|left|right|begin|sqrt|cdot|partial|hat|operatorname)\b"
)
SEARCH_TOP = 3  # the expected page must be among the first results

# Read in the page: what the tests check, in one round trip.
SNAPSHOT_JS = """
(copyButton) => {
  const content = document.querySelector(".md-content") || document.body;
  const formulas = [...document.querySelectorAll(".arithmatex")];
  // Visible text outside code blocks and outside MathML's TeX annotation.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const prose = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("pre, code, script, style, annotation, annotation-xml")) continue;
    if (!parent.checkVisibility()) continue;
    prose.push(node.nodeValue);
  }
  return {
    formulas: formulas.length,
    formulasWithoutMath: formulas
      .filter((el) => !el.querySelector("math"))
      .map((el) => el.outerHTML.slice(0, 200)),
    // A visible formula that takes no space was not laid out as MathML.
    collapsedMath: formulas
      .filter((el) => el.checkVisibility() && el.querySelector("math"))
      .filter((el) => {
        const box = el.querySelector("math").getBoundingClientRect();
        return box.width === 0 || box.height === 0;
      })
      .map((el) => el.outerHTML.slice(0, 200)),
    mathErrors: [...document.querySelectorAll("merror")].map((el) => el.textContent),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    proseText: prose.join(""),
    codeBlocks: [...content.querySelectorAll("pre > code")].map((code) => ({
      hasCopyButton: !!code.parentElement.querySelector(copyButton),
      start: code.textContent.slice(0, 60),
    })),
  };
}
"""


@dataclass
class Visit:
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    snapshot: dict[str, Any] = field(default_factory=dict)


def _watch(page: Any, visit: Visit) -> None:
    def on_console(message: Any) -> None:
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            visit.console_errors.append(f"console.error: {message.text} {location}".strip())

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console_errors.append(f"page error: {error}"))
    page.on("request", lambda request: visit.requests.append(request.url))


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


def _settle(tab: Any, in_flight: set[Any], quiet: float = 0.2, timeout: float = 10.0) -> None:
    """Wait until no request has been in flight for `quiet` seconds.

    Like Playwright's "networkidle", which always waits 500 ms, but shorter. After the load
    event the page still fetches the search index and the search worker's scripts.
    """
    deadline = time.monotonic() + timeout
    last_busy = time.monotonic()
    while time.monotonic() < deadline:
        if in_flight:
            last_busy = time.monotonic()
        elif time.monotonic() - last_busy >= quiet:
            return
        tab.wait_for_timeout(25)  # lets Playwright deliver the page's events


@pytest.fixture(scope="session")
def _visits() -> dict[tuple[str, str], Visit]:
    return {}


@pytest.fixture
def visit(
    _visits: dict[tuple[str, str], Visit],
    browser_context: Any,
    site_url: str,
    screenshot_dir: Path,
    doc_page: Any,
    lang: str,
) -> Visit:
    """The page `doc_page` in `lang`, opened once per session: console errors, requests, a snapshot."""
    key = (doc_page.name, lang)
    if key not in _visits:
        visit = Visit(url=site_url + doc_page.url_path(lang))
        tab = browser_context.new_page()
        in_flight: set[Any] = set()
        tab.on("request", lambda request: in_flight.add(request))
        tab.on("requestfinished", lambda request: in_flight.discard(request))
        tab.on("requestfailed", lambda request: in_flight.discard(request))
        _watch(tab, visit)
        try:
            response = tab.goto(visit.url, wait_until="load")
            if response is None or not response.ok:
                visit.console_errors.append(f"HTTP {response and response.status} for {visit.url}")
            _settle(tab, in_flight)
            visit.snapshot = tab.evaluate(SNAPSHOT_JS, COPY_BUTTON)
            name = doc_page.name.replace("/", "--")
            tab.screenshot(path=screenshot_dir / f"{lang}-{name}.png", full_page=True)
        finally:
            tab.close()
        _visits[key] = visit
    return _visits[key]


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A fresh tab in the shared browser context."""
    tab = browser_context.new_page()
    try:
        yield tab
    finally:
        tab.close()


# --- every page, both languages -------------------------------------------------------


def test_math_is_rendered(visit: Visit) -> None:
    snap = visit.snapshot
    assert not snap["formulasWithoutMath"], (
        f"{visit.url}: formulas left as TeX: {snap['formulasWithoutMath']}"
    )
    assert not snap["collapsedMath"], f"{visit.url}: MathML not laid out: {snap['collapsedMath']}"
    assert not snap["mathErrors"], f"{visit.url}: MathML errors: {snap['mathErrors']}"
    raw = sorted({m.group(0) for m in RAW_TEX.finditer(snap["proseText"])})
    assert not raw, f"{visit.url}: raw TeX visible on the page: {raw}"


def test_page_does_not_scroll_sideways(visit: Visit) -> None:
    # Wide formulas, code and tables scroll inside their own box (see docs/stylesheets/extra.css).
    assert visit.snapshot["overflow"] <= 0, (
        f"{visit.url} is {visit.snapshot['overflow']}px wider than the window"
    )


def test_no_console_errors(visit: Visit) -> None:
    assert not visit.console_errors, f"{visit.url}:\n" + "\n".join(visit.console_errors)


def test_no_requests_to_other_hosts(visit: Visit) -> None:
    assert visit.requests, f"{visit.url}: no requests recorded"
    external = [url for url in visit.requests if not _is_local(url)]
    assert not external, f"{visit.url}: requests to other hosts: {external}"


def test_code_blocks_have_copy_button(visit: Visit) -> None:
    missing = [block["start"] for block in visit.snapshot["codeBlocks"] if not block["hasCopyButton"]]
    assert not missing, f"{visit.url}: code blocks without a copy button: {missing}"


@pytest.fixture(scope="session")
def switcher_tab(browser_context: Any) -> Iterator[Any]:
    """One tab for the language tests: the page one test lands on is where the next one starts."""
    tab = browser_context.new_page()
    try:
        yield tab
    finally:
        tab.close()


def test_language_switcher_leads_to_same_page(
    switcher_tab: Any, site_url: str, doc_page: Any, lang: str
) -> None:
    page = switcher_tab
    other = "en" if lang == "ja" else "ja"
    here, there = site_url + doc_page.url_path(lang), site_url + doc_page.url_path(other)
    if page.url != here:
        page.goto(here, wait_until="domcontentloaded")
    links = page.eval_on_selector_all(
        ".md-header .md-select a.md-select__link[hreflang]",
        "links => Object.fromEntries(links.map((a) => [a.hreflang, a.href]))",
    )
    assert links == {lang: here, other: there}, f"language menu on {here}"
    # Follow the menu as a reader does (it opens on hover); Material's scripts must not reroute it.
    page.locator(".md-header .md-select").first.hover()
    page.locator(f".md-header .md-select a[hreflang={other}]").click()
    with contextlib.suppress(Exception):  # a timeout here is reported by the assert below
        page.wait_for_url(there, wait_until="domcontentloaded", timeout=5_000)
    assert page.url == there, f"switching to {other} on {here} led to {page.url}"


# --- search -----------------------------------------------------------------------------


def _search(page: Any, url: str, query: str) -> Any:
    page.goto(url)
    page.keyboard.press("/")  # Material's shortcut to the search field
    field = page.locator("input[data-md-component=search-query]")
    field.fill(query)
    field.press("End")  # headless CJK input sends no keyup; this one makes Material read the query
    return field


def _top_results(page: Any, expected: str, timeout: float = 10.0) -> list[str]:
    """Paths of the first search results, waiting until `expected` is among them (or time is up)."""
    deadline = time.monotonic() + timeout
    paths: list[str] = []
    while time.monotonic() < deadline:
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item > a.md-search-result__link",
            f"links => links.slice(0, {SEARCH_TOP}).map((a) => a.href)",
        )
        paths = [urlsplit(href).path for href in hrefs]
        if expected in paths:
            break
        page.wait_for_timeout(100)
    return paths


def test_search_splits_japanese_query_at_script_boundaries(page: Any, site_url: str) -> None:
    field = _search(page, site_url + "/", "交差エントロピーとL2損失")
    assert field.input_value() == "交差 エントロピー と L2 損失"
    # While an IME is composing, the text is left alone.
    field.fill("二乗和エラー")
    field.dispatch_event("keyup", {"isComposing": True})
    assert field.input_value() == "二乗和エラー"


def test_search_from_address_is_split(page: Any, site_url: str) -> None:
    page.goto(site_url + "/?q=交差エントロピー")  # Material fills the field and searches
    assert page.locator("input[data-md-component=search-query]").input_value() == "交差 エントロピー"
    top = _top_results(page, "/cross-entropy/")
    assert "/cross-entropy/" in top, f"/?q=交差エントロピー: first results {top}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("交差エントロピー", "/cross-entropy/"), ("二乗和誤差", "/sum-squared-error/")],
)
def test_japanese_search(page: Any, site_url: str, query: str, expected: str) -> None:
    _search(page, site_url + "/", query)
    top = _top_results(page, expected)
    assert expected in top, f"searching {query!r}: first results {top}"


def test_english_search(page: Any, site_url: str) -> None:
    _search(page, site_url + "/en/", "cross-entropy")
    top = _top_results(page, "/en/cross-entropy/")
    assert "/en/cross-entropy/" in top, f"searching 'cross-entropy': first results {top}"
