"""The printable version, the PDFs and the offline archive (hooks/print_site.py, hooks/downloads.py).

The print page is in every build (`built_site`); the PDFs and the archive only in a build that
asks for them with LOSSDOCS_DOWNLOADS=true (`downloads_site`, made once per run in the
background). These tests open them as a reader would: the PDFs with pypdf, the archive unpacked
and read from `file://` in Chromium with every other request refused. A build without them
names the files without linking them, and says how to make them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdf
import pytest

import lossdocs
from hooks.downloads import NOT_MADE, without_download_links
from hooks.print_site import combined_content
from site_tools import package
from tests.conftest import DocPage
from tests.test_navigation import nav_pages


class _Scan(HTMLParser):
    """Ids, local link targets, headings (h1) and <details> of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.local_links: list[str] = []
        self.h1: list[str] = []
        self.details_closed = 0
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        href = values.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1:
            self.local_links.append(href[1:])
        if tag == "details" and "open" not in values:
            self.details_closed += 1
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False
            self.h1[-1] = self.h1[-1].replace("¶", "").strip()  # without the permalink sign

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data


def _scan(path: Path) -> _Scan:
    scan = _Scan()
    scan.feed(path.read_text(encoding="utf-8"))
    return scan


def _title(page: Path) -> str:
    """The h1 of a built page."""
    return _scan(page).h1[0]


def _reading_pages(site: Path, language: str) -> list[Path]:
    """The built HTML of every page of the navigation, in reading order."""
    return [DocPage(name.removesuffix(".md")).output_file(site, language) for name in nav_pages()]


# --- the printable version ----------------------------------------------------------------


def test_print_page_combines_pages_and_keeps_their_links_apart() -> None:
    pages = [
        (
            "a",
            "/a/",
            '<article class="md-content__inner md-typeset"><h1 id="t">A</h1>'
            '<h2 id="formula">F</h2><a href="#formula">here</a> <a href="../b/#formula">there</a>'
            ' <a href="../downloads/x.pdf">pdf</a><details><summary>S</summary>s</details></article>',
        ),
        (
            "b",
            "/b/",
            '<article class="md-content__inner md-typeset"><h1 id="t">B</h1>'
            '<h2 id="formula">F</h2><svg><clipPath id="c"/><g clip-path="url(#c)"/></svg></article>',
        ),
    ]
    html = combined_content(pages, "/print/")
    assert html.count('id="a--formula"') == 1
    assert html.count('id="b--formula"') == 1
    assert 'href="#a--formula"' in html
    assert 'href="#b--formula"' in html
    assert 'href="../downloads/x.pdf"' in html
    assert 'clip-path="url(#b--c)"' in html
    assert "<details open>" in html
    assert '<ol class="print-site-toc"><li><a href="#a">A</a></li><li><a href="#b">B</a></li></ol>' in html


@pytest.mark.parametrize("language", ["ja", "en"])
def test_print_page_holds_every_page_in_reading_order(built_site: tuple[Path, str], language: str) -> None:
    site, _ = built_site
    scan = _scan(DocPage("print").output_file(site, language))
    titles = [_title(page) for page in _reading_pages(site, language)]
    assert scan.h1[1:] == titles  # the first is its own
    duplicates = sorted({i for i in scan.ids if scan.ids.count(i) > 1})
    assert not duplicates, f"ids repeated on the print page: {duplicates[:10]}"
    dangling = sorted(set(scan.local_links) - set(scan.ids))
    assert not dangling, f"links on the print page to ids it does not have: {dangling[:10]}"
    assert scan.details_closed == 0, "collapsed blocks must be open on paper"


# --- the PDFs ---------------------------------------------------------------------------


def _pdf(site: Path, language: str) -> pypdf.PdfReader:
    return pypdf.PdfReader(site / "downloads" / f"lossdocs-{language}.pdf")


def _fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Base font name -> whether the font's program is embedded in the file."""
    fonts = {}
    for sheet in reader.pages:
        for font in (sheet["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":  # drawn by the PDF's own glyph procedures
                continue
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"]).split("+")[-1]] = embedded
    return fonts


def test_downloads_build_succeeds_without_warnings(downloads_site: tuple[Path, str]) -> None:
    site, output = downloads_site
    assert sorted(path.name for path in (site / "downloads").iterdir()) == [
        f"lossdocs-{lossdocs.__version__}-py3-none-any.whl",
        f"lossdocs-{lossdocs.__version__}.tar.gz",
        "lossdocs-en.pdf",
        "lossdocs-ja.pdf",
        "lossdocs-offline.zip",
    ]
    warnings = [line for line in output.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert not warnings, "mkdocs build (LOSSDOCS_DOWNLOADS=true) printed warnings:\n" + "\n".join(warnings)


@pytest.fixture(scope="module", params=["ja", "en"])
def pdf(request: pytest.FixtureRequest, downloads_site: tuple[Path, str]) -> tuple[str, pypdf.PdfReader]:
    """(language, the PDF)."""
    site, _ = downloads_site
    return request.param, _pdf(site, request.param)


def test_pdf_has_a_bookmark_for_every_page(downloads_site: tuple[Path, str], pdf: tuple[str, Any]) -> None:
    site, _ = downloads_site
    language, reader = pdf

    def titles(outline: list[Any]) -> Iterator[str]:
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [str(item.title)]

    # Chromium joins the lines of a heading that wraps on the sheet without a space: compare
    # without white space ("validation and early" is bookmarked as "validation andearly").
    bookmarks = {re.sub(r"\s+", "", title.replace("¶", "")) for title in titles(reader.outline)}
    missing = [
        title
        for title in map(_title, _reading_pages(site, language))
        if re.sub(r"\s+", "", title) not in bookmarks
    ]
    assert not missing, f"no bookmark in the {language} PDF for {missing}"
    assert len(reader.pages) >= len(nav_pages()), "each page starts on a sheet of its own"


def test_pdf_has_the_text_code_formulas_and_plots(pdf: tuple[str, Any]) -> None:
    language, reader = pdf
    expected = [
        "SSE:1.5",  # printed output of the code blocks: the article's numbers
        "0.8393296907380268",
        "fromlossdocsimportsum_squared_error",  # code
        "∑",  # the formulas (MathML)
        "predictedprobabilityy",  # a plot's axis label: the plots are drawn, with their text
        "二乗和誤差" if language == "ja" else "Sumofsquarederrors",
    ]
    # The text without white space, sheet after sheet, read until every snippet is in it (pypdf
    # takes seconds for the whole book; the snippets are on its first sheets).
    compact = ""
    for sheet in reader.pages:
        compact += re.sub(r"\s+", "", sheet.extract_text())
        if all(snippet in compact for snippet in expected):
            break
    missing = [snippet for snippet in expected if snippet not in compact]
    assert not missing, f"the {language} PDF lacks {missing}"


def test_pdf_embeds_its_fonts_and_a_japanese_one(pdf: tuple[str, Any]) -> None:
    language, reader = pdf
    fonts = _fonts(reader)
    assert fonts, f"no fonts in the {language} PDF"
    assert all(fonts.values()), f"fonts not embedded in the {language} PDF: {fonts}"
    if language == "ja":
        assert any(re.search(r"IPA|Gothic|Mincho|Noto.*CJK", name) for name in fonts), fonts


# --- the offline archive --------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_site(downloads_site: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, _ = downloads_site
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site / "downloads" / "lossdocs-offline.zip") as archive:
        archive.extractall(folder)
    return folder / "lossdocs"


@pytest.fixture
def offline_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A tab that may load only files: (tab, what went wrong: refused requests, console errors)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    problems: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            problems.append(f"request to {route.request.url}")
            route.abort()

    context.route("**/*", only_files)
    tab = context.new_page()
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    try:
        yield tab, problems
    finally:
        context.close()


def test_offline_links_lead_to_files_in_the_archive(offline_site: Path) -> None:
    broken = []
    for page in offline_site.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", href):
                continue
            if not (page.parent / href).exists():
                broken.append(f"{page.relative_to(offline_site)} -> {href}")
    assert not broken, "\n".join(broken[:20])


@pytest.mark.parametrize(
    ("start", "query", "expected"),
    [
        ("index.html", "交差エントロピー", "cross-entropy.html"),
        ("en/index.html", "cross-entropy", "en/cross-entropy.html"),
    ],
)
def test_offline_search_works_without_a_network(
    offline_site: Path, offline_page: tuple[Any, list[str]], start: str, query: str, expected: str
) -> None:
    tab, problems = offline_page
    tab.goto((offline_site / start).as_uri())
    tab.keyboard.press("/")
    field = tab.locator("input[data-md-component=search-query]")
    field.fill(query)
    field.press("End")  # headless CJK input sends no keyup
    tab.wait_for_selector(".md-search-result__item")
    hrefs = tab.eval_on_selector_all(".md-search-result__item > a", "links => links.map((a) => a.href)")
    found = [href.split("?")[0].removeprefix(offline_site.as_uri() + "/") for href in hrefs]
    assert expected in found[:5], f"searching {query!r} offline: {found[:5]}"
    assert tab.locator("math").count() > 0, "formulas are shown"
    assert not problems, problems


def test_offline_language_switch(offline_site: Path, offline_page: tuple[Any, list[str]]) -> None:
    tab, problems = offline_page
    tab.goto((offline_site / "cross-entropy.html").as_uri())
    tab.hover(".md-select")
    tab.click(".md-select a[hreflang=en]")
    tab.wait_for_url((offline_site / "en" / "cross-entropy.html").as_uri())
    assert not problems, problems


# --- the page that offers them ------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_offline_page_links_the_downloads_with_their_sizes(
    downloads_site: tuple[Path, str], language: str
) -> None:
    site, _ = downloads_site
    page = DocPage("offline").output_file(site, language)
    links = re.findall(
        r'class="lossdocs-download"[^>]*href="([^"]+)"[^>]*>[^<]*</a> \((\d+\.\d) MB\)',
        page.read_text("utf-8"),
    )
    assert len(links) == 4, links  # the offline archive, the two PDFs, the wheel
    for href, size in links:
        file = (page.parent / href).resolve()
        assert file.is_file(), href
        assert f"{file.stat().st_size / 1e6:.1f}" == size, (href, size)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_download_not_made_is_named_with_a_note(language: str) -> None:
    html = '<td><a class="lossdocs-download" href="../../downloads/x.zip" download>x.zip</a></td>'
    expected = f'<td><span class="lossdocs-download">x.zip</span>{NOT_MADE[language]}</td>'
    assert without_download_links(html, language) == expected


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", ["offline", "print"])
def test_without_downloads_the_files_are_named_not_linked(
    built_site: tuple[Path, str], name: str, language: str
) -> None:
    """A build without LOSSDOCS_DOWNLOADS makes no downloads: no link to them, no size, a note."""
    site, _ = built_site
    assert not (site / "downloads").exists()
    html = DocPage(name).output_file(site, language).read_text("utf-8")
    linked = re.search(r'(?:href|src)="[^"]*downloads/', html)
    assert not linked, "a link to a download this build did not make"
    sized = re.search(r"lossdocs-download.*?</(?:a|span)> \(\d+\.\d MB\)", html)
    assert not sized, "a size of a file this build did not make"
    named = re.findall(r'<span class="lossdocs-download">([^<]+)</span>([^<]*<code>[^<]*</code>[^<]*)', html)
    assert [file for file, _ in named] == [
        "lossdocs-offline.zip",
        "lossdocs-ja.pdf",
        "lossdocs-en.pdf",
        package.wheel_name(),
    ]
    assert all(note == NOT_MADE[language] for _, note in named), named
