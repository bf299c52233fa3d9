"""The built site works wherever it is served, not only at the address it was built for.

The site is built for `site_url` (SITE_URL: the published address, or in the tests the address of
`site_url`), which its absolute links use: canonical, og:url, the sitemap's hreflang links. Served
from anywhere else (a preview, `python -m http.server` on another port, a copy on a laptop) its pages
must still log no console error and ask no other address for anything. They used to: Material's
JavaScript fetches `sitemap.xml` next to every `link[rel=alternate]` of a page's head, and absolute
hreflang links there sent every page to `site_url` (site_tools/i18n.py says why the head has none).

Here the folder of the built site is served on a second port, at the root and in a folder
(`/preview/`), and a few pages of each language are opened there. The print pages, which hold every
page, are also opened at a phone's width.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from site_tools.browser import SiteServer
from site_tools.i18n import relative_menu_links, sitemap_with_x_default

PAGES = [
    "/",
    "/cross-entropy/",
    "/classification-losses/",
    "/en/",
    "/en/regression-losses/",
    "/en/reference/classification/",
    "/404.html",
    "/en/404.html",
    "/print/",
    "/en/print/",
]
IN_A_FOLDER = ["/", "/en/", "/en/cross-entropy/"]  # the home pages' menus led to /, /en/ once
PRINT_PAGES = ["/print/", "/en/print/"]
PHONE = {"width": 375, "height": 812}
# How far a page could scroll sideways: what the document is wider than the window, and where
# the window is once asked to scroll far right.
SIDEWAYS_JS = """
() => {
  window.scrollTo(10000, window.scrollY);
  const root = document.documentElement;
  return {
    wider: Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth,
    scrolled: window.scrollX,
    viewport: window.visualViewport ? window.visualViewport.width : root.clientWidth,
  };
}
"""


@pytest.fixture(scope="module")
def elsewhere(built_site: tuple[Path, str], built_site_url: str) -> Iterator[str]:
    """The built site's folder served on another port than the one it was built for."""
    site, _ = built_site
    with SiteServer(site) as server:
        assert urlsplit(server.url).netloc != urlsplit(built_site_url).netloc
        yield server.url


@pytest.fixture(scope="module")
def in_a_folder(built_site: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served at `/preview/` of another port: `http://127.0.0.1:PORT/preview`."""
    site, _ = built_site
    root = tmp_path_factory.mktemp("served")
    (root / "preview").symlink_to(site, target_is_directory=True)
    with SiteServer(root) as server:
        yield server.url + "/preview"


@pytest.fixture
def tab(browser_context: Any) -> Iterator[Any]:
    page = browser_context.new_page()
    try:
        yield page
    finally:
        page.close()


def _local(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or f"{parts.scheme}://{parts.netloc}" == origin


def _open(tab: Any, address: str) -> tuple[list[str], list[str]]:
    """Open a page until the network is idle: (console errors and failed requests, requests)."""
    errors: list[str] = []
    requests: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    tab.goto(address, wait_until="networkidle")  # the search index and worker included
    return errors, requests


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors_and_no_other_address(tab: Any, elsewhere: str, path: str) -> None:
    errors, requests = _open(tab, elsewhere + path)
    assert not errors, f"{path} served at {elsewhere}:\n" + "\n".join(errors)
    other = [url for url in requests if not _local(url, elsewhere)]
    assert not other, f"{path} served at {elsewhere} asks other addresses: {other}"
    assert not [url for url in requests if "sitemap" in url], f"{path}: Material fetched a sitemap"


@pytest.mark.parametrize("path", IN_A_FOLDER)
def test_in_a_folder_too(tab: Any, in_a_folder: str, path: str) -> None:
    """Every request stays in the folder, and the language menu leads to the twin there."""
    errors, requests = _open(tab, in_a_folder + path)
    assert not errors, f"{in_a_folder}{path}:\n" + "\n".join(errors)
    outside = [url for url in requests if not url.startswith(in_a_folder + "/") and ":" in url[:6]]
    outside = [url for url in outside if not url.startswith(("data:", "blob:", "about:"))]
    assert not outside, f"{in_a_folder}{path} asks for what is outside its folder: {outside}"
    twin = path.removeprefix("/en") if path.startswith("/en/") else "/en" + path
    language = "ja" if path.startswith("/en/") else "en"
    tab.locator(".md-header .md-select").first.hover()
    tab.locator(f".md-header .md-select a[hreflang={language}]").click()
    with contextlib.suppress(Exception):  # a timeout is reported by the assert below
        tab.wait_for_url(in_a_folder + twin, wait_until="domcontentloaded", timeout=5_000)
    assert tab.url == in_a_folder + twin


@pytest.mark.parametrize(("start", "twin"), [("/cross-entropy/", "/en/cross-entropy/"), ("/en/", "/")])
def test_language_menu_leads_to_the_twin_there(tab: Any, elsewhere: str, start: str, twin: str) -> None:
    tab.goto(elsewhere + start, wait_until="networkidle")
    language = "ja" if twin == "/" else "en"
    tab.locator(".md-header .md-select").first.hover()
    tab.locator(f".md-header .md-select a[hreflang={language}]").click()
    with contextlib.suppress(Exception):  # a timeout is reported by the assert below
        tab.wait_for_url(elsewhere + twin, wait_until="domcontentloaded", timeout=5_000)
    assert tab.url == elsewhere + twin


@pytest.mark.parametrize("path", PRINT_PAGES)
def test_print_page_does_not_scroll_sideways_on_a_phone(browser: Any, elsewhere: str, path: str) -> None:
    """At 375 px on a phone the print page fits: wide code, tables and formulas scroll in their boxes.

    A phone's browser (emulated) zooms out to show a page wider than the screen. In a window 375 px
    wide on a desktop, every page, the print pages included, is checked in tests/test_browser.py
    (test_phone_width_does_not_scroll_sideways).
    """
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(elsewhere + path, wait_until="load")
        sideways = page.evaluate(SIDEWAYS_JS)
    finally:
        context.close()
    assert sideways["wider"] <= 0, f"{path} at 375 px is {sideways['wider']} px wider than the window"
    assert sideways["scrolled"] == 0, f"{path} at 375 px scrolls {sideways['scrolled']} px sideways"
    assert sideways["viewport"] == PHONE["width"], f"{path} at 375 px is shown zoomed out: {sideways}"


# --- the pieces (site_tools/i18n.py) ----------------------------------------------------------------


def test_the_language_menu_is_made_relative() -> None:
    menu = (
        '<a href="/repo/" hreflang="ja" class="md-select__link">'
        '<a href="/repo/en/" hreflang="en" class="md-select__link">'
    )
    hrefs = re.compile(r'href="([^"]*)"')
    assert hrefs.findall(relative_menu_links(menu, "en/", "/repo/")) == ["../", "./"]
    assert hrefs.findall(relative_menu_links(menu.replace("/repo/", "/"), "")) == ["./", "en/"]
    assert hrefs.findall(relative_menu_links(menu, "en/x/", "/repo")) == ["../../", "../"]
    already = '<a href="../../cross-entropy/" hreflang="ja" class="md-select__link">'
    assert relative_menu_links(already, "en/cross-entropy/") == already


def test_the_sitemap_names_x_default() -> None:
    entry = (
        "    <url>\n"
        "        <loc>https://example.org/en/x/</loc>\n"
        '        <xhtml:link rel="alternate" hreflang="ja" href="https://example.org/x/"/>\n'
        '        <xhtml:link rel="alternate" hreflang="en" href="https://example.org/en/x/"/>\n'
        "    </url>"
    )
    once = sitemap_with_x_default(f"<urlset>\n{entry}\n</urlset>", "ja")
    assert once == f"<urlset>\n{entry}\n</urlset>".replace(
        '/x/"/>\n',
        '/x/"/>\n        <xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/x/"/>\n',
        1,
    )
    assert sitemap_with_x_default(once, "ja") == once
