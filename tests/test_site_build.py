"""The site builds strictly, has every page in both languages and needs nothing from the network.

It can be found and shared: every page has its own title and description, its canonical URL and
Open Graph tags; the sitemap lists both languages and names each page's twin in the other language
(hreflang); there is a 404 page in each language.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ja", "en")

# A built page's content (what the search plugin indexes).
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
# Raw TeX that the math hook should have turned into MathML.
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\(?:frac|sum|log|mathrm|left|right|begin|sqrt|cdot)\b")
# Elements whose text is code (or not text at all): TeX there is meant to be shown as it is.
SKIP_TEXT_IN = {"pre", "code", "script", "style", "annotation", "textarea", "kbd", "samp"}
# Attributes that refer to something the browser fetches (and every <link href>: preconnect,
# dns-prefetch and friends reach out too; canonical links point at the site itself).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
}  # fmt: skip


class _PageScan(HTMLParser):
    """Collects the prose text (outside code) and the URLs of scripts, links and media."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.loads: list[tuple[str, str, str]] = []  # (tag, rel, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "")
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            value = values.get(name, "").strip()
            urls = (
                [part.split()[0] for part in value.split(",") if part.strip()]
                if name == "srcset"
                else [value]
            )
            self.loads.extend((tag, rel, url) for url in urls if url)
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not SKIP_TEXT_IN.intersection(self.stack):
            self.text.append(data)


def _scan(path: Path) -> _PageScan:
    scan = _PageScan()
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return scan


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_strict_build_succeeds_without_warnings(built_site: tuple[Path, str]) -> None:
    site, output = built_site
    assert (site / "index.html").is_file()
    warnings = [line for line in output.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert not warnings, "mkdocs build printed warnings:\n" + "\n".join(warnings)


def test_every_page_is_built_in_both_languages(
    built_site: tuple[Path, str], site_pages: list[Any], languages: tuple[str, ...]
) -> None:
    site, _ = built_site
    assert site_pages, "no pages found in docs/ (expected docs/NAME.ja.md and docs/NAME.en.md)"
    missing = [
        str(page.output_file(site, lang).relative_to(site))
        for page in site_pages
        for lang in languages
        if not page.output_file(site, lang).is_file()
    ]
    assert not missing, f"pages missing from the build output: {missing}"


def test_no_raw_tex_in_built_pages(built_site: tuple[Path, str]) -> None:
    site, _ = built_site
    found = {}
    for path in _html_files(site):
        text = "".join(_scan(path).text)
        hits = sorted({m.group(0) for m in RAW_TEX.finditer(text)})
        if hits:
            found[str(path.relative_to(site))] = hits
    assert not found, f"raw TeX outside code blocks (math not rendered to MathML): {found}"


def test_no_external_resources(built_site: tuple[Path, str], built_site_url: str) -> None:
    site, _ = built_site
    own_host = urlsplit(built_site_url).netloc  # links to it (rel=canonical, hreflang) are the site's own
    external = []
    for path in _html_files(site):
        for tag, rel, url in _scan(path).loads:
            parts = urlsplit(url)
            absolute = parts.scheme in ("http", "https") or url.startswith("//")
            if absolute and parts.netloc != own_host:
                external.append(f"{path.relative_to(site)}: <{tag} rel={rel!r}> {url}")
    assert not external, "pages load resources from other hosts:\n" + "\n".join(external)


def test_no_google_fonts(built_site: tuple[Path, str]) -> None:
    site, _ = built_site
    offenders = [
        str(path.relative_to(site))
        for path in [*_html_files(site), *site.rglob("*.css")]
        if re.search(r"fonts\.(googleapis|gstatic)\.com", path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not offenders, f"Google Fonts referenced in: {offenders}"


def test_ids_are_unique_on_every_page(built_site: tuple[Path, str]) -> None:
    """Several plots on one page must not repeat matplotlib's ids (site_tools/svg.py)."""
    site, _ = built_site
    repeated = {}
    for path in _html_files(site):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            repeated[str(path.relative_to(site))] = twice[:5]
    assert not repeated, f"ids used more than once: {repeated}"


def test_search_index_is_the_same_without_the_code_highlighting(built_site: tuple[Path, str]) -> None:
    """hooks/search_index.py hands Material's search the pages without the `<span>`s of their code.

    On every built page, Material's own parser finds the same sections, titles and text in the
    article either way, so the search index is what Material would make of the page as it is.
    """
    from material.plugins.search.plugin import Parser

    from hooks.search_index import without_code_spans

    def sections(html: str) -> list[tuple[Any, ...]]:
        parser = Parser()
        parser.feed(html)
        parser.close()
        return [(s.id, "".join(s.title), "".join(s.text), s.depth, s.is_excluded()) for s in parser.data]

    site, _ = built_site
    differ, spans = [], 0
    for path in _html_files(site):
        found = ARTICLE.search(path.read_text(encoding="utf-8"))
        if found is None:
            continue
        article, indexed = found.group(1), without_code_spans(found.group(1))
        spans += article.count("<span") - indexed.count("<span")
        if sections(article) != sections(indexed):
            differ.append(str(path.relative_to(site)))
    assert spans > 10_000, f"only {spans} spans taken out of code blocks: is the code still highlighted?"
    assert not differ, f"the search index would differ on: {differ}"


def test_every_plot_is_drawn(built_site: tuple[Path, str]) -> None:
    """Each build-time plot block of a page becomes one inline SVG figure in the built page."""
    site, _ = built_site
    for source in sorted((REPO_ROOT / "docs").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        plots = len(re.findall(r'^\s*`{3,}\{\.python[^}]*exec="on"', text, re.MULTILINE))
        if not plots:
            continue
        stem, lang = source.name.removesuffix(".md").rsplit(".", 1)
        page = source.parent.relative_to(REPO_ROOT / "docs") / ("" if stem == "index" else stem)
        built = site / ("en" if lang == "en" else "") / page / "index.html"
        figures = built.read_text(encoding="utf-8").count('id="plot-')
        assert figures >= plots, f"{source.name}: {plots} plot blocks, {figures} SVG ids in {built}"


# --- findable and shareable: the head of every page, the sitemaps, the 404 pages ----------------

SITE_NAME = "lossdocs"
OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
DEFAULT_LANGUAGE = "ja"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class _HeadScan(HTMLParser):
    """The language, title, <link>s and <meta>s of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.links: list[dict[str, str]] = []
        self.meta: dict[str, list[str]] = {}
        self._in_head = self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "head":
            self._in_head = True
        elif self._in_head and tag == "title":
            self._in_title = True
        elif self._in_head and tag == "link":
            self.links.append(values)
        elif self._in_head and tag == "meta" and ("name" in values or "property" in values):
            key = values.get("property") or values["name"]
            self.meta.setdefault(key, []).append(values.get("content", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def one(self, key: str) -> str:
        """The content of the one <meta> named (or with property) `key`."""
        values = self.meta.get(key, [])
        assert len(values) == 1, f"expected one <meta> {key}, found {values}"
        return values[0]

    def alternates(self) -> dict[str, str]:
        return {link["hreflang"]: link["href"] for link in self.links if link.get("rel") == "alternate"}


def _head(path: Path) -> _HeadScan:
    scan = _HeadScan()
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return scan


def _source(page: Any, lang: str) -> str:
    return (REPO_ROOT / "docs" / f"{page.name}.{lang}.md").read_text(encoding="utf-8")


def _front_matter(page: Any, lang: str) -> dict[str, Any]:
    found = re.match(r"---\n(.*?)\n---\n", _source(page, lang), re.DOTALL)
    return (yaml.safe_load(found[1]) or {}) if found else {}


def _heading(page: Any, lang: str) -> str:
    found = re.search(r"^# (.+?)\s*$", _source(page, lang), re.MULTILINE)
    assert found, f"docs/{page.name}.{lang}.md has no level-1 heading"
    return found[1]


def test_every_page_has_a_description_in_its_language(site_pages: list[Any]) -> None:
    """A `description:` front matter on every page: one sentence, its own, in the page's language."""
    problems, seen = [], {}
    for page in site_pages:
        for lang in LANGUAGES:
            description = _front_matter(page, lang).get("description")
            where = f"docs/{page.name}.{lang}.md"
            if not isinstance(description, str) or len(description) < 30:
                problems.append(f"{where}: no one-sentence `description:` front matter ({description!r})")
                continue
            japanese = re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", description) is not None
            if japanese != (lang == "ja"):
                problems.append(f"{where}: the description is not in the page's language: {description}")
            if description in seen:
                problems.append(f"{where}: the same description as {seen[description]}")
            seen[description] = where
    assert not problems, "\n".join(problems)


def test_every_page_has_its_own_title_and_description(
    built_site: tuple[Path, str], doc_page: Any, lang: str
) -> None:
    site, _ = built_site
    head = _head(doc_page.output_file(site, lang))
    assert head.lang == lang
    assert head.title.strip() == f"{_heading(doc_page, lang)} - {SITE_NAME}"  # Material's form
    assert head.one("description") == _front_matter(doc_page, lang)["description"]


def test_titles_differ_from_page_to_page(built_site: tuple[Path, str], site_pages: list[Any]) -> None:
    site, _ = built_site
    for lang in LANGUAGES:
        titles = [_head(page.output_file(site, lang)).title.strip() for page in site_pages]
        repeated = sorted({title for title in titles if titles.count(title) > 1})
        assert not repeated, f"{lang}: titles used by more than one page: {repeated}"


def test_head_has_no_link_that_material_would_fetch_from(
    built_site: tuple[Path, str], doc_page: Any, lang: str
) -> None:
    """No `link[rel=alternate]`: Material fetches `sitemap.xml` next to each (site_tools/i18n.py).

    Absolute, as hreflang must be, they would send every page to the address in `site_url`
    wherever the site is served; the sitemap names the twins instead.
    """
    site, _ = built_site
    head = _head(doc_page.output_file(site, lang))
    assert not [link for link in head.links if link.get("rel") == "alternate"]


def test_canonical_url_is_the_page_itself(
    built_site: tuple[Path, str], built_site_url: str, doc_page: Any, lang: str
) -> None:
    site, _ = built_site
    links = _head(doc_page.output_file(site, lang)).links
    canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
    assert canonical == [urljoin(built_site_url, doc_page.url_path(lang))]


def test_open_graph_and_twitter_card(
    built_site: tuple[Path, str], built_site_url: str, doc_page: Any, lang: str
) -> None:
    site, _ = built_site
    head = _head(doc_page.output_file(site, lang))
    other = next(language for language in LANGUAGES if language != lang)
    assert head.one("og:title") == _heading(doc_page, lang)
    assert head.one("og:description") == _front_matter(doc_page, lang)["description"]
    assert head.one("og:url") == urljoin(built_site_url, doc_page.url_path(lang))
    assert head.one("og:type") == ("website" if doc_page.name == "index" else "article")
    assert head.one("og:site_name") == SITE_NAME
    assert head.one("og:locale") == OG_LOCALES[lang]
    assert head.one("og:locale:alternate") == OG_LOCALES[other]
    assert head.one("twitter:card") == "summary"


def test_language_menu_is_a_relative_link_to_the_twin(
    built_site: tuple[Path, str], doc_page: Any, lang: str
) -> None:
    """Relative, so it works wherever the site is served; a browser test follows it."""
    site, _ = built_site
    page = doc_page.output_file(site, lang)
    html = page.read_text(encoding="utf-8")
    menu = dict(re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link"', html))
    assert sorted(menu.values()) == sorted(LANGUAGES), menu
    for href, language in menu.items():
        assert not urlsplit(href).scheme, f"{page}: {href} is not relative"
        assert not href.startswith("/"), f"{page}: {href} is not relative"
        target = (page.parent / href).resolve() / "index.html"
        assert target == doc_page.output_file(site, language).resolve(), f"{page}: {href}"


def test_sitemap_lists_both_languages(
    built_site: tuple[Path, str], built_site_url: str, site_pages: list[Any]
) -> None:
    site, _ = built_site
    urls = ET.parse(site / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    listed = {url.findtext(f"{SITEMAP}loc"): url for url in urls}
    expected = {urljoin(built_site_url, page.url_path(lang)) for page in site_pages for lang in LANGUAGES}
    assert set(listed) == expected
    assert len(urls) == len(expected), "a page is listed twice"
    for page in site_pages:
        twins = {lang: urljoin(built_site_url, page.url_path(lang)) for lang in LANGUAGES}
        # hreflang: each language's page, and x-default (the default language's); absolute URLs.
        hreflang = {**twins, "x-default": twins[DEFAULT_LANGUAGE]}
        for lang in LANGUAGES:
            links = listed[twins[lang]].findall(f"{XHTML}link")
            assert {link.get("hreflang"): link.get("href") for link in links} == hreflang, twins[lang]
            assert len(links) == len(hreflang), twins[lang]
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("404.html", "ja", "ページが見つかりません"), ("en/404.html", "en", "Page not found")],
)
def test_404_page_in_each_language(
    built_site: tuple[Path, str], path: str, language: str, heading: str
) -> None:
    site, _ = built_site
    page = site / path
    assert page.is_file(), f"no {path}"
    head = _head(page)
    assert head.lang == language
    assert head.title.strip() == f"{heading} - {SITE_NAME}"
    assert head.one("robots") == "noindex"
    assert not head.alternates(), "a 404 page has no twin to name in hreflang links"
    html = page.read_text(encoding="utf-8")
    assert re.search(rf"<h1[^>]*>{heading} \(404\)</h1>", html)
    # The language menu leads to the home pages (absolute: a 404 page is served at any address).
    menu = dict(re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link"', html))
    assert menu == {"/": "ja", "/en/": "en"}


# --- plots have alternative text in the page's language ------------------------------------------

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana and kanji


class _PlotScan(HTMLParser):
    """The inline SVGs of a page's article (the plots), and the text of every element with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, id)
        self.texts: dict[str, list[str]] = {}
        self.svgs: list[dict[str, str]] = []
        self.in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "article":
            self.in_article += 1
        if tag == "svg" and self.in_article and not any(t == "svg" for t, _ in self.stack):
            self.svgs.append(values)
        if tag in VOID_ELEMENTS:
            return
        self.stack.append((tag, values.get("id", "")))
        if values.get("id"):
            self.texts[values["id"]] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        # other self-closing tags (inside SVG and MathML) hold no text

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if any(t == tag for t, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        # The TeX annotation of a formula is not read out: a screen reader reads the MathML.
        if any(t == "annotation" for t, _ in self.stack):
            return
        for _, element_id in self.stack:
            if element_id:
                self.texts[element_id].append(data)

    def name(self, svg: dict[str, str]) -> str:
        """The accessible name of an SVG: aria-labelledby, else aria-label."""
        if ids := svg.get("aria-labelledby", "").split():
            return " ".join("".join(self.texts.get(i, [])) for i in ids).strip()
        return svg.get("aria-label", "").strip()


def test_every_plot_has_alternative_text_in_its_language(
    built_site: tuple[Path, str], site_pages: list[Any], languages: tuple[str, ...]
) -> None:
    """Each inline SVG in a page's content is one image (role=img), named in the page's language.

    site_tools/svg.py names it by the paragraph under it, which says what the plot shows.
    """
    site, _ = built_site
    problems, plots = [], 0
    for page in site_pages:
        for lang in languages:
            path = page.output_file(site, lang)
            scan = _PlotScan()
            scan.feed(path.read_text(encoding="utf-8"))
            scan.close()
            for number, svg in enumerate(scan.svgs, start=1):
                plots += 1
                name = scan.name(svg)
                where = f"{path.relative_to(site)}: plot {number}"
                if svg.get("role") != "img":
                    problems.append(f"{where}: role={svg.get('role')!r}, not 'img'")
                if len(name) < 20:
                    problems.append(f"{where}: no alternative text (name {name!r})")
                elif (lang == "ja") != bool(JAPANESE.search(name)):
                    problems.append(f"{where}: alternative text not in {lang}: {name[:80]!r}")
    assert plots, "no inline SVG plots found in the built pages"
    assert not problems, "plots without a proper alternative text:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_api_reference_speaks_the_language_of_the_page(built_site: tuple[Path, str], language: str) -> None:
    """mkdocstrings' own words (Parameters, Returns, ...) follow the page's language."""
    site, _ = built_site
    words = {"ja": ("引数", "Parameters"), "en": ("Parameters", "引数")}[language]
    for path in sorted((site / ("en" if language == "en" else "") / "reference").glob("*/index.html")):
        text = path.read_text(encoding="utf-8")
        assert words[0] in text, f"{path.relative_to(site)} should say {words[0]}"
        assert words[1] not in text, f"{path.relative_to(site)} should not say {words[1]}"


def test_search_index_per_language_in_plain_utf8_without_tex(built_site: tuple[Path, str]) -> None:
    """site_tools/i18n.py: an index per language, Japanese as text; site_tools/markdown/mathml.py: no TeX."""
    site, _ = built_site
    indexes = {
        language: site / folder / "search" / "search_index.json"
        for language, folder in (("ja", ""), ("en", "en"))
    }
    for language, path in indexes.items():
        index = path.read_text(encoding="utf-8")
        locations = [doc["location"] for doc in json.loads(index)["docs"]]
        assert "cross-entropy/" in locations, f"{language}: {locations[:5]}"
        assert not [loc for loc in locations if loc.startswith("en/")], (
            f"{language}: another language's pages"
        )
        assert "\\u" not in index
        tex = sorted(set(re.findall(r"\\\\(?:frac|sum|log|sigma|mathrm)\b", index)))
        assert not tex, f"TeX in the {language} search index: {tex}"
    titles = {
        language: {doc["title"] for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]}
        for language, path in indexes.items()
    }
    assert "交差エントロピー誤差" in titles["ja"]
    assert "交差エントロピー誤差" not in titles["en"]
    assert "Cross-entropy error" in titles["en"]
