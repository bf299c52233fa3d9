"""The site builds strictly, has every page in both languages and needs nothing from the network."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent

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


def _site_host() -> str:
    """The host of `site_url` in mkdocs.yml: links to it (e.g. rel=canonical) are the site's own."""
    found = re.search(
        r"^site_url:\s*['\"]?([^'\"\s]+)", (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
    )
    return urlsplit(found[1]).netloc if found else ""


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


def test_no_external_resources(built_site: tuple[Path, str]) -> None:
    site, _ = built_site
    own_host = _site_host()
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
    """Several plots on one page must not repeat matplotlib's ids (hooks/svg_ids.py)."""
    site, _ = built_site
    repeated = {}
    for path in _html_files(site):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            repeated[str(path.relative_to(site))] = twice[:5]
    assert not repeated, f"ids used more than once: {repeated}"


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
