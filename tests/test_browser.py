"""Every page of the built site, in both languages, in headless Chromium.

Each page is opened once per run (see `visit`): the facts the tests need are read from it then,
at a desktop window and at a phone's (375 x 812); then axe-core checks the page for accessibility,
and the language switcher is followed from it. Its checks are tests of their own, run one after
the other on one worker (tests/conftest.py groups them by page and language), so a failure names
the page and the check. The axe findings of every impact are written to
test-artifacts/axe-findings.json. With LOSSDOCS_SCREENSHOTS=true, a full-page screenshot at each
width goes to test-artifacts/screenshots/ (LANG-NAME.png, mobile-LANG-NAME.png): they are for a
person to look at, and cost about a second of Chromium's time per page.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from benchmarks import page_weight
from hooks.print_site import PRINT_PAGE  # the whole site on one page, printed to the PDFs

REPO_ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
COPY_BUTTON = "button.md-code__button[data-md-type=copy]"
# TeX that should have become MathML; `\(`, `\[` and `$$` are arithmatex's delimiters.
RAW_TEX = re.compile(
    r"\\\(|\\\[|\$\$|\\(?:sum|frac|mathrm|log|left|right|begin|sqrt|cdot|partial|hat|operatorname)\b"
)
SEARCH_TOP = 3  # the expected page must be among the first results
DESKTOP = {"width": 1280, "height": 900}  # the browser_context's viewport
MOBILE = {"width": 375, "height": 812}
# A4 minus the PDF's side margins (14 mm each), in CSS pixels: the width the print page is laid out in.
SHEET = {"width": round((210 - 2 * 14) / 25.4 * 96), "height": 1000}
AXE_IMPACTS = ("serious", "critical")  # findings of these impacts fail the test

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


# Read in the page at the phone's width (the tab is resized to MOBILE first).
MOBILE_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const scrollsSideways = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const describe = (el) => {
    const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
    const name = el.tagName.toLowerCase() + classes.filter(Boolean).map((c) => "." + c).join("");
    return `${name} "${(el.textContent || "").trim().slice(0, 50)}"`;
  };
  // Code, tables and display formulas may be wider than the column: they scroll in their own box.
  // (A box in a closed <details> is not laid out until it is opened: not visible, not counted.)
  const boxes = [...document.querySelectorAll(
    ".md-content pre > code, .md-content .md-typeset__scrollwrap, .md-content div.arithmatex"
  )];
  const wide = boxes.filter((box) => box.checkVisibility() && box.scrollWidth > box.clientWidth + 1);
  // The page itself never scrolls sideways (Material sets overflow-x: hidden on html), so content
  // reaching past the right edge of the window, outside a box that scrolls, would be cut off.
  const cutOff = [];
  for (const el of document.querySelectorAll(".md-content *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = el.parentElement;
    while (parent && parent !== document.body && !scrollsSideways(parent)) parent = parent.parentElement;
    if (!parent || parent === document.body) cutOff.push(describe(el));
  }
  return {
    overflow: document.documentElement.scrollWidth - width,
    wideBoxes: wide.length,
    notScrolling: wide.filter((box) => !scrollsSideways(box)).map(describe),
    // A box that scrolls must take keyboard focus, unless a link or button inside it can.
    notFocusable: wide
      .filter((box) => box.tabIndex < 0 && !box.querySelector("a[href], button, [tabindex]"))
      .map(describe),
    cutOff: cutOff.slice(0, 5),
  };
}
"""

# Read in the print page laid out for paper (SHEET, print media): what is wider than the sheet.
PRINT_LAYOUT_JS = """
() => [...document.querySelectorAll(
      ".md-content pre > code, .md-content table, .md-content div.arithmatex, .md-content svg")]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                 || el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${el.closest("section")?.id}: ${el.tagName} ${el.textContent.slice(0, 60)}`)
"""

# Read in the print page laid out for paper: what Chromium would print on every sheet (and lay out
# again for each: one such element made printing the 340-sheet PDF take 150 s instead of 5).
ON_EVERY_SHEET_JS = """
() => [...document.querySelectorAll("body *")]
    .filter((el) => getComputedStyle(el).position === "fixed" && el.getClientRects().length > 0)
    .map((el) => el.outerHTML.slice(0, 100))
"""

# axe-core (bundled in axe-playwright-python) runs in the page without blocking the test: the next
# page is opened meanwhile, and `_finish_axe` collects the findings. Its argument: the rules to skip.
START_AXE_JS = """
(skip) => {
  // axe passes over what is hidden: open the collapsed blocks (the exercises' solutions), so that
  // they are checked on their own page as on the print page (where hooks/print_site.py opens them).
  for (const details of document.querySelectorAll("details:not([open])")) details.open = true;
  // Code is thousands of highlighted tokens, and formulas hundreds of MathML elements: each one a
  // check of color-contrast, most of them alike. Of each kind (color, size, weight, opacity,
  // shadow, and the backgrounds down to an opaque one) the check takes the first that it can
  // judge (visible, not scrolled out of its box), and leaves out the others of the kind; and it
  // leaves out those it never reports: without text of their own, or with one character (at most
  // "needs review"). The others took axe most of its time on a page.
  const ownText = (el) =>
    [...el.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.data).join("");
  const layers = new Map();
  const backgrounds = (el) => {
    if (!el) return "";
    if (!layers.has(el)) {
      const style = getComputedStyle(el);
      const own = [style.backgroundImage, style.backgroundColor].filter(
        (layer) => layer !== "none" && layer !== "rgba(0, 0, 0, 0)"
      );
      const opaque = own.length > 0 && own.at(-1).startsWith("rgb(");
      layers.set(el, [...own, opaque ? "" : backgrounds(el.parentElement)].join(" over "));
    }
    return layers.get(el);
  };
  const inItsBox = (el) => {
    const box = el.closest("code, .arithmatex");
    if (!box) return true;
    const inner = el.getBoundingClientRect(), outer = box.getBoundingClientRect();
    return inner.left >= outer.left && inner.right <= outer.right;
  };
  const kinds = new Set();
  for (const el of document.querySelectorAll("pre span, math *")) {
    if (!ownText(el).trim() || el.textContent.replace(/\\s/g, "").length < 2) {
      el.dataset.lossdocsAlike = "";
      continue;
    }
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || !inItsBox(el)) continue;
    const style = getComputedStyle(el);
    const kind = [style.color, style.fontSize, style.fontWeight, style.opacity, style.textShadow].join("/");
    const key = kind + "/" + backgrounds(el);
    if (kinds.has(key)) el.dataset.lossdocsAlike = "";
    kinds.add(key);
  }
  axe.configure({ rules: [{ id: "color-contrast", selector: ":not([data-lossdocs-alike])" }] });
  const options = {
    resultTypes: ["violations"],
    rules: Object.fromEntries(skip.map((rule) => [rule, { enabled: false }])),
    // Looking for pseudo-elements (::before, ::after) that might cover text takes color-contrast
    // three quarters of its time, and what it finds is only "needs review", never a finding.
    // (Given to axe.run, the option is added to the check's own; axe.configure would replace
    // them all, the contrast ratios included, and the check would find nothing.)
    checks: { "color-contrast": { options: { ignorePseudo: true } } },
  };
  // axe.run does most of its work before it returns: start it after this call has returned.
  const later = new Promise((start) => setTimeout(start, 0));
  const run = later.then(() => axe.run(document, options));
  run.then(
    (results) => {
      window.__lossdocsAxe = {
        findings: results.violations.flatMap((rule) =>
          rule.nodes.map((node) => ({
            rule: rule.id,
            impact: node.impact || rule.impact,
            target: node.target.flat(Infinity).join(" >>> "),
            help: rule.help,
          }))
        ),
      };
    },
    (error) => {
      window.__lossdocsAxe = { error: String(error) };
    }
  );
}
"""
# Not run on the whole-site print pages: each of these rules looks at how a piece of content is
# styled and laid out, which is the same on the content's own page, where they run (with its
# <details> opened; the print page's column is wider, so what scrolls there scrolls on the page).
# On a print page they took 35 of axe's 50 s. The rules that the piecing together can break (ids
# and references to them, landmarks, headings) run there. Left unchecked by these four: the print
# page's own title, two paragraphs and list of pages, in the same styles as every page's (a run
# of axe for them alone takes 14 s, most of it axe going through the whole page).
PRINT_PAGE_AXE_SKIPPED = [
    "color-contrast",
    "target-size",
    "link-in-text-block",
    "scrollable-region-focusable",
]
AXE_TIMEOUT = 240_000  # ms; axe takes about 15 s on a whole-site print page alone, more on a busy machine
SCREENSHOTS_WANTED = os.environ.get("LOSSDOCS_SCREENSHOTS", "").strip().lower() in ("1", "true", "yes", "on")
PAGE_LOAD_TIMEOUT = 30_000  # ms; the whole-site print pages take several seconds on a busy machine
# Two frames: layout, and what the page's resize observers do. A tab that draws no frames (one
# Chromium took to be in the background) would never answer: after a second, go on anyway.
NEXT_FRAME_JS = """
() => new Promise((done) => {
  requestAnimationFrame(() => requestAnimationFrame(done));
  setTimeout(done, 1000);
})
"""


@dataclass
class Visit:
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    snapshot: dict[str, Any] = field(default_factory=dict)  # at DESKTOP
    mobile: dict[str, Any] = field(default_factory=dict)  # at MOBILE
    too_wide_for_paper: list[str] = field(default_factory=list)  # the print page at SHEET, print media
    on_every_sheet: list[str] = field(default_factory=list)  # the print page's fixed elements, on paper
    axe: list[dict[str, str]] | None = None  # every axe finding, once collected
    error: str = ""  # why the page could not be read, if it could not
    tab: Any = None  # the page's tab, open until the next page's visit: axe runs in it
    weight: page_weight.Weight | None = None  # what the page downloads with an empty cache


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
def screenshot_dir(first_in_run: Callable[[str], bool]) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if SCREENSHOTS_WANTED and first_in_run("screenshots"):  # one worker clears the last run's
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink(missing_ok=True)
    return SCREENSHOTS


def _screenshot(page: Any, path: Path) -> None:
    """A full-page PNG, like `page.screenshot(full_page=True)` but faster.

    Chromium's `optimizeForSpeed` compresses the PNG less (the file is about a third larger).
    """
    cdp = page.context.new_cdp_session(page)
    try:
        size = cdp.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = cdp.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "optimizeForSpeed": True, "clip": clip},
        )
    finally:
        cdp.detach()
    path.write_bytes(base64.b64decode(shot["data"]))


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


@pytest.fixture(scope="session")
def axe_file() -> Path:
    """axe-core's script, as the package axe-playwright-python ships it (nothing is downloaded)."""
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        reason = "the accessibility tests need the Python package axe-playwright-python"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{reason}; under CI they must run, not skip")
        pytest.skip(reason)
    return Path(AXE_FILE_PATH)


@pytest.fixture(scope="session")
def open_visits(browser_context: Any) -> Iterator[list[Visit]]:
    """The visits whose tab is still open, oldest first."""
    visits: list[Visit] = []
    yield visits
    for visit in visits:
        _close(visit)


def _finish_axe(visit: Visit) -> list[dict[str, str]]:
    """Wait for the page's axe run and keep its findings."""
    if visit.axe is None and visit.tab is not None:
        # Polled every 100 ms, with a limit: awaiting the run's promise could wait forever.
        done = visit.tab.wait_for_function("() => window.__lossdocsAxe", polling=100, timeout=AXE_TIMEOUT)
        result = done.json_value()
        if "error" in result:
            raise RuntimeError(f"axe-core failed on {visit.url}: {result['error']}")
        visit.axe = result["findings"]
    return visit.axe or []


def _close(visit: Visit) -> None:
    if visit.tab is not None:
        try:
            _finish_axe(visit)
        finally:
            visit.tab.close()
            visit.tab = None


@pytest.fixture
def visit(
    _visits: dict[tuple[str, str], Visit],
    open_visits: list[Visit],
    axe_file: Path,
    browser_context: Any,
    site_url: str,
    screenshot_dir: Path,
    doc_page: Any,
    lang: str,
) -> Visit:
    """The page `doc_page` in `lang`, opened once per run: console errors, requests, snapshots.

    The tab is read at DESKTOP, resized to MOBILE and read again, resized back, and left running
    axe-core; it stays open for the page's other checks (the accessibility findings, the language
    switcher) until the next page is opened, in a new tab (a renderer process of its own, so an
    axe run still going and the next page's load use both processors).
    """
    key = (doc_page.name, lang)
    if key not in _visits:
        visit = Visit(url=site_url + doc_page.url_path(lang))
        tab = browser_context.new_page()
        recorder = page_weight.Recorder(tab)  # turns the tab's cache off: a first visit's weight
        in_flight: set[Any] = set()
        tab.on("request", lambda request: in_flight.add(request))
        tab.on("requestfinished", lambda request: in_flight.discard(request))
        tab.on("requestfailed", lambda request: in_flight.discard(request))
        _watch(tab, visit)
        name = doc_page.name.replace("/", "--")
        # The whole-site print pages would make screenshots 200,000 pixels tall (20 MB each, and
        # seconds of Chromium's time); each of their sections is in its own page's screenshots.
        screenshots = SCREENSHOTS_WANTED and not page_weight.exempt_reason(doc_page.url_path(lang))
        try:
            response = tab.goto(visit.url, wait_until="load", timeout=PAGE_LOAD_TIMEOUT)
            if response is None or not response.ok:
                visit.console_errors.append(f"HTTP {response and response.status} for {visit.url}")
            _settle(tab, in_flight)
            visit.weight = recorder.weight()
            visit.snapshot = tab.evaluate(SNAPSHOT_JS, COPY_BUTTON)
            if screenshots:
                _screenshot(tab, screenshot_dir / f"{lang}-{name}.png")
            tab.set_viewport_size(MOBILE)
            tab.evaluate(NEXT_FRAME_JS)  # layout, and the resize observers that mark scroll boxes
            visit.mobile = tab.evaluate(MOBILE_JS)
            if screenshots:
                _screenshot(tab, screenshot_dir / f"mobile-{lang}-{name}.png")
            if doc_page.name == PRINT_PAGE:  # as the PDFs are printed (hooks/downloads.py)
                tab.set_viewport_size(SHEET)
                tab.emulate_media(media="print")
                tab.evaluate(NEXT_FRAME_JS)
                visit.too_wide_for_paper = tab.evaluate(PRINT_LAYOUT_JS)
                visit.on_every_sheet = tab.evaluate(ON_EVERY_SHEET_JS)
                tab.emulate_media(media="null")
            tab.set_viewport_size(DESKTOP)
            tab.evaluate(NEXT_FRAME_JS)
            tab.add_script_tag(path=axe_file)
            tab.evaluate(START_AXE_JS, PRINT_PAGE_AXE_SKIPPED if doc_page.name == PRINT_PAGE else [])
        except Exception as error:  # reported by each check of the page, without trying again
            tab.close()
            visit.error = f"{type(error).__name__}: {error}"
        else:
            visit.tab = tab
        _visits[key] = visit
        while open_visits:  # the earlier pages' checks are done: their tests come in a group
            _close(open_visits.pop(0))
        open_visits.append(visit)
    if _visits[key].error:
        pytest.fail(f"{_visits[key].url} could not be read: {_visits[key].error}")
    return _visits[key]


@pytest.fixture(scope="session")
def axe_report(
    screenshot_dir: Path, run_folder: Path, worker_id: str
) -> Iterator[dict[str, list[dict[str, str]]]]:
    """Every axe finding of every impact, by page; written to test-artifacts/axe-findings.json.

    Each worker keeps its own pages' findings in the run's folder; the last to finish has them all.
    """
    findings: dict[str, list[dict[str, str]]] = {}
    yield findings
    (run_folder / f"axe-{worker_id}.json").write_text(json.dumps(findings), encoding="utf-8")
    with (run_folder / "axe.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        merged: dict[str, list[dict[str, str]]] = {}
        for part in sorted(run_folder.glob("axe-*.json")):
            merged.update(json.loads(part.read_text(encoding="utf-8")))
        report = screenshot_dir.parent / "axe-findings.json"
        text = json.dumps(dict(sorted(merged.items())), indent=1, ensure_ascii=False)
        report.write_text(text + "\n", encoding="utf-8")


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


def test_page_weight_is_under_the_limit(visit: Visit) -> None:
    """A first visit downloads less than 500 kB, with text gzipped as GitHub Pages sends it.

    Counted: every response (the page, CSS, JavaScript, the search index and the search worker's
    scripts). `uv run python -m benchmarks.page_weight` prints the same numbers for every page.
    """
    if reason := page_weight.exempt_reason(urlsplit(visit.url).path):
        pytest.skip(f"not a reading page, several MB by design: {reason}")
    weight = visit.weight
    assert weight is not None, f"{visit.url}: not measured"
    assert weight.requests, f"{visit.url}: no responses recorded"
    by_kind = ", ".join(f"{name} {size / 1000:.0f} kB" for name, size in weight.gzip_by_kind.items())
    assert weight.gzip < page_weight.LIMIT, (
        f"{visit.url} downloads {weight.gzip / 1000:.0f} kB gzipped ({weight.raw / 1000:.0f} kB raw), "
        f"more than {page_weight.LIMIT / 1000:.0f} kB: {by_kind}"
    )


def test_code_blocks_have_copy_button(visit: Visit) -> None:
    missing = [block["start"] for block in visit.snapshot["codeBlocks"] if not block["hasCopyButton"]]
    assert not missing, f"{visit.url}: code blocks without a copy button: {missing}"


def test_no_serious_accessibility_findings(visit: Visit, axe_report: dict[str, list[dict[str, str]]]) -> None:
    """axe-core finds nothing serious or critical (WCAG 2.x A/AA and best practices)."""
    findings = _finish_axe(visit)
    axe_report[visit.url] = findings
    serious = [f for f in findings if f["impact"] in AXE_IMPACTS]
    assert not serious, f"{visit.url}: {len(serious)} serious or critical axe findings:\n" + "\n".join(
        f"  {f['rule']} ({f['impact']}) at {f['target']}: {f['help']}" for f in serious
    )


def test_phone_width_does_not_scroll_sideways(visit: Visit) -> None:
    """At 375 x 812 the page fits; wide code, tables and formulas scroll inside their own box."""
    mobile = visit.mobile
    assert mobile["overflow"] <= 0, f"{visit.url} at 375px is {mobile['overflow']}px wider than the window"
    assert not mobile["cutOff"], (
        f"{visit.url} at 375px: content cut off at the right edge: {mobile['cutOff']}"
    )
    assert not mobile["notScrolling"], (
        f"{visit.url} at 375px: wide boxes that do not scroll: {mobile['notScrolling']}"
    )
    assert not mobile["notFocusable"], (
        f"{visit.url} at 375px: boxes that scroll but cannot take keyboard focus: {mobile['notFocusable']}"
    )


@pytest.mark.pages(PRINT_PAGE)
def test_print_layout_fits_the_sheet(visit: Visit) -> None:
    """Laid out for print at the width of the PDF's sheet, no code, table or formula is cut off."""
    assert not visit.too_wide_for_paper, "wider than the sheet:\n" + "\n".join(visit.too_wide_for_paper[:10])


@pytest.mark.pages(PRINT_PAGE)
def test_nothing_is_printed_on_every_sheet(visit: Visit) -> None:
    """No element is `position: fixed` on paper: Chromium prints it on every sheet of the PDF.

    It lays such an element out again for each sheet, so printing gets slower with every sheet:
    Material's invisible skip link alone made the PDFs take minutes (docs/stylesheets/extra.css).
    """
    assert not visit.on_every_sheet, "position: fixed when printed:\n" + "\n".join(visit.on_every_sheet)


# Faint text in a collapsed block; in code, after a space of its color; in a formula, after a
# letter of its color (one character, which color-contrast never reports); and a plot whose name
# refers to an id that is not there (what the print page would have if hooks/print_site.py
# prefixed the ids and missed a reference).
AXE_PROBE_HTML = """<!doctype html><html lang="en"><head><title>probe</title></head><body><main>
<h1>Probe</h1>
<details><summary>Solution</summary><p style="color: #c8c8c8; background: #fff">faint</p></details>
<pre><code><span>total</span> = <span style="color: #d0d0d0"> </span><span
style="color: #d0d0d0">penalty</span></code></pre>
<p><math><mi style="color: #d0d0d0">x</mi><mi style="color: #d0d0d0">log</mi></math></p>
<svg role="img" aria-labelledby="plot-title" width="10" height="10"></svg><p id="x--plot-title">A plot</p>
</main></body></html>"""


def test_axe_checks_collapsed_blocks_and_the_print_pages_ids(browser_context: Any, axe_file: Path) -> None:
    """A page's axe run checks inside its closed <details>; a print page's still finds broken ids."""
    found = {}
    for name, skipped in (("page", []), ("print page", PRINT_PAGE_AXE_SKIPPED)):
        tab = browser_context.new_page()
        try:
            tab.set_content(AXE_PROBE_HTML)
            tab.add_script_tag(path=axe_file)
            tab.evaluate(START_AXE_JS, skipped)
            found[name] = [finding["rule"] for finding in _finish_axe(Visit(url="probe", tab=tab))]
        finally:
            tab.close()
    # The faint paragraph in <details>, the faint name in the code block and the faint log.
    assert found["page"].count("color-contrast") == 3, found
    assert "svg-img-alt" in found["page"], found
    assert "svg-img-alt" in found["print page"], found
    assert not set(found["print page"]) & set(PRINT_PAGE_AXE_SKIPPED), found


def test_language_switcher_leads_to_same_page(
    visit: Visit, browser_context: Any, site_url: str, doc_page: Any, lang: str
) -> None:
    """From the page's own tab, after its other checks (the last of its group): the menu leads to its twin."""
    _finish_axe(visit)  # the tab is about to leave the page
    page, opened = visit.tab, visit.tab is None
    if opened:  # run apart from the page's other checks: open it again
        page = browser_context.new_page()
        page.goto(visit.url, wait_until="domcontentloaded")
    other = "en" if lang == "ja" else "ja"
    here, there = site_url + doc_page.url_path(lang), site_url + doc_page.url_path(other)
    try:
        links = page.eval_on_selector_all(
            ".md-header .md-select a.md-select__link[hreflang]",
            "links => Object.fromEntries(links.map((a) => [a.hreflang, a.href]))",
        )
        assert links == {lang: here, other: there}, f"language menu on {here}"
        # Follow the menu as a reader does (it opens on hover); Material's scripts must not reroute it.
        page.locator(".md-header .md-select").first.hover()
        page.locator(f".md-header .md-select a[hreflang={other}]").click()
        with contextlib.suppress(Exception):  # a timeout here is reported by the assert below
            page.wait_for_url(there, wait_until="commit", timeout=5_000)  # where it leads, not its load
        assert page.url == there, f"switching to {other} on {here} led to {page.url}"
    finally:
        if opened:
            page.close()
        else:  # the page's last check: its tab is done
            _close(visit)


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


API_PAGE = "/reference/classification/"
API_FUNCTION = "lossdocs.classification.softmax_cross_entropy"


def test_japanese_api_reference_is_translated_and_found(page: Any, site_url: str) -> None:
    """The Japanese reference shows the docstrings' translation (locale/ja/), the English one the
    docstrings as written; Japanese search finds the function by a word of its description.

    The function's entry on the Japanese page goes to test-artifacts/api-reference-ja.png.
    """
    function = f"div.doc-function:has(> .doc-heading[id='{API_FUNCTION}'])"
    row = f"{function} tr.doc-section-item:has(> td:first-child code:text-is('label_smoothing'))"
    page.goto(site_url + API_PAGE)
    entry = page.locator(function)
    description = page.locator(f"{row} .doc-md-description").inner_text()
    assert "ラベル平滑化" in description, f"{API_PAGE}: label_smoothing reads {description!r}"
    summary = entry.locator(".doc-contents > p").first.inner_text()
    assert "ソフトマックス交差エントロピー" in summary, f"{API_PAGE}: summary {summary!r}"
    assert entry.locator("details.see-also > summary").first.inner_text() == "関連項目"
    artifacts = Path(__file__).resolve().parent.parent / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.add_style_tag(content=".md-header { visibility: hidden; }")  # sticky: it would cover the entry
    entry.screenshot(path=artifacts / "api-reference-ja.png")

    page.goto(site_url + "/en" + API_PAGE)
    english = page.locator(f"{row} .doc-md-description").inner_text()
    assert "uniform distribution" in english, f"/en{API_PAGE}: label_smoothing reads {english!r}"
    assert not re.search(r"[\u3040-\u30ff]", english), f"/en{API_PAGE}: Japanese in {english!r}"

    _search(page, site_url + "/", "ラベル平滑化")
    wanted = f"{API_PAGE}#{API_FUNCTION}"
    found: list[str] = []
    deadline = time.monotonic() + 10.0
    while wanted not in found and time.monotonic() < deadline:
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item a.md-search-result__link", "links => links.map((a) => a.href)"
        )
        found = [f"{urlsplit(href).path}#{urlsplit(href).fragment}" for href in hrefs]
        page.wait_for_timeout(100)
    assert wanted in found, f"searching 'ラベル平滑化': results {found}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cross-entropy", "/en/cross-entropy/"),
        # Whole words that a stemmer would cut (squar, error): mkdocs.yml's search pipeline
        ("squared", "/en/sum-squared-error/"),
        ("sum of squared errors", "/en/sum-squared-error/"),
        ("gradients", "/en/gradient-descent/"),
    ],
)
def test_english_search(page: Any, site_url: str, query: str, expected: str) -> None:
    _search(page, site_url + "/en/", query)
    top = _top_results(page, expected)
    assert expected in top, f"searching {query!r}: first results {top}"


@pytest.mark.parametrize(("start", "other"), [("/", "/en/"), ("/en/", None)])
def test_search_stays_in_the_page_language(page: Any, site_url: str, start: str, other: str | None) -> None:
    """`SSE` is on pages of both languages; each language's search finds only its own pages."""
    _search(page, site_url + start, "SSE")
    expected = start + "sum-squared-error/"
    _top_results(page, expected)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map((a) => a.href)")
    paths = [urlsplit(href).path for href in hrefs]
    assert expected in paths, f"searching 'SSE' from {start}: {paths}"
    wrong = [path for path in paths if (path.startswith(other) if other else not path.startswith("/en/"))]
    assert not wrong, f"searching from {start} found pages of the other language: {wrong}"


# --- keyboard ---------------------------------------------------------------------------

KEYBOARD_PAGE = "/"  # the home page: code blocks and links in the text, about 65 tab stops
# What has keyboard focus, and whether it can be seen: a focus ring (outline) or a shadow. The
# palette switch is a hidden radio button whose label (the next element) shows the focus.
FOCUS_JS = """
(copyButton) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = el.matches(".md-option") ? el.nextElementSibling : el;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  const kind =
    el.matches("input.md-search__input") ? "search field" :
    el.matches(".md-select a[hreflang]") ? "language switcher" :
    el.matches(copyButton) ? "copy button" :
    el.matches(".md-content a[href]:not(.headerlink)") ? "link in the text" : "";
  return {
    kind,
    what: `${el.tagName.toLowerCase()}.${[...el.classList].filter((c) => c !== "focus-visible").join(".")}`
      + ` ${el.getAttribute("href") || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 30)}`,
    visible: shown.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0,
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
  };
}
"""
KEYBOARD_KINDS = ("search field", "language switcher", "link in the text", "copy button")


def test_tab_reaches_every_control_with_visible_focus(page: Any, site_url: str) -> None:
    """Tab goes through the whole page, search, language menu, links and copy buttons among it,
    and every control shows that it has focus."""
    page.goto(site_url + KEYBOARD_PAGE)
    reached: set[str] = set()
    unseen: list[str] = []
    first = None
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS, COPY_BUTTON)
        if focus is None:  # past the last control, before the browser starts over
            continue
        if focus["what"] == first:
            break
        first = first or focus["what"]
        reached.add(focus["kind"])
        if not (focus["visible"] and focus["ring"]):
            unseen.append(f"{focus['what']} (visible: {focus['visible']}, focus ring: {focus['ring']})")
    else:
        pytest.fail(f"{KEYBOARD_PAGE}: 400 presses of Tab did not come back to the first control")
    missing = [kind for kind in KEYBOARD_KINDS if kind not in reached]
    assert not missing, f"{KEYBOARD_PAGE}: Tab never reached a {missing}"
    assert not unseen, f"{KEYBOARD_PAGE}: focus cannot be seen on:\n" + "\n".join(unseen)


def _tab_to(page: Any, selector: str, presses: int = 30) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{page.url}: {presses} presses of Tab did not reach {selector}")


def test_language_switcher_works_with_keyboard(page: Any, site_url: str) -> None:
    page.goto(site_url + KEYBOARD_PAGE)
    _tab_to(page, ".md-select a[hreflang=en]")
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "/en/")


def test_search_works_with_keyboard(page: Any, site_url: str) -> None:
    """Tab to the search field, type, go down to the first result with the arrow key, open it."""
    page.goto(site_url + KEYBOARD_PAGE)
    _tab_to(page, "input.md-search__input")
    page.keyboard.type("huber")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('a.md-search-result__link')"), (
        "ArrowDown in the search field did not move to the first result"
    )
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)


# --- dark scheme ------------------------------------------------------------------------

# The dark palette (slate) has colors of its own; they are the same on every page, so one page
# with much code, math and links shows them: code of every kind, formulas, links in text and code.
DARK_PAGES = ("/en/regression-losses/",)
COLOR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.fixture(scope="module")
def dark_context(browser: Any) -> Iterator[Any]:
    """A reader whose system is in dark mode and who has not chosen a palette on the site.

    (Material keeps the palette of the last page in localStorage: a context of its own.)
    """
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.mark.parametrize("path", DARK_PAGES)
def test_dark_scheme_has_enough_contrast(dark_context: Any, site_url: str, axe_file: Path, path: str) -> None:
    page = dark_context.new_page()
    page.goto(site_url + path)
    # Material switches to slate once its script has run; colors then fade over a quarter second.
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.wait_for_timeout(500)
    page.add_script_tag(path=axe_file)
    findings = page.evaluate(
        """(rules) =>
          axe.run(document, { runOnly: { type: "rule", values: rules } }).then((results) =>
            results.violations.flatMap((rule) =>
              rule.nodes.map((node) => `${rule.id} (${node.impact}) at ${node.target.join(" ")}`)))""",
        COLOR_RULES,
    )
    page.close()
    assert not findings, f"{path} in the dark scheme:\n" + "\n".join(findings)
