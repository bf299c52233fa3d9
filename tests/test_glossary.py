"""The glossary: one data file, docs/glossary.toml, for the glossary page and the tooltips of every page.

hooks/glossary.py reads the file at build time: it writes the table of docs/glossary.{ja,en}.md and
appends the terms as Markdown abbreviations to every other page, in the page's language, so that
each term becomes `<abbr title="...">` (a tooltip). These tests check the data, the hook's pieces,
and the built site.
"""

from __future__ import annotations

import html
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest

from hooks import glossary
from tests.markdown_blocks import ROOT, scan

DOCS = ROOT / "docs"
DATA = DOCS / glossary.GLOSSARY_FILE
ENTRY_KEYS = {"ja", "en", "definition", "see", "also"}
TERMS = glossary.load_terms(DATA)
_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')


def raw_entries() -> list[dict[str, Any]]:
    with DATA.open("rb") as file:
        entries: list[dict[str, Any]] = tomllib.load(file)["terms"]
    return entries


def term_id(term: glossary.Term) -> str:
    return term.words["en"]


# --- The data file -------------------------------------------------------------------------------


def test_the_glossary_has_a_few_dozen_terms() -> None:
    assert 25 <= len(TERMS) <= 40


@pytest.mark.parametrize("entry", raw_entries(), ids=lambda entry: str(entry.get("en")))
def test_every_term_has_both_languages_and_a_definition_in_each(entry: dict[str, Any]) -> None:
    assert set(entry) <= ENTRY_KEYS, f"unknown keys: {set(entry) - ENTRY_KEYS}"
    for lang in glossary.LANGUAGES:
        term = entry.get(lang)
        definition = entry.get("definition", {}).get(lang)
        assert isinstance(term, str), f"the {lang} term of {entry}"
        assert term.strip() == term != "", f"the {lang} term of {entry}"
        assert isinstance(definition, str), f"the {lang} definition of {term}"
        assert definition.strip(), f"the {lang} definition of {term}"
        # One line of plain text: it goes into a table cell and a title attribute.
        assert not re.search(r"[\n|$`*<>]", definition), f"{term}: keep the definition plain, on one line"
        also = entry.get("also", {}).get(lang, [])
        assert isinstance(also, list), f"{term}: also.{lang} is a list of spellings"
        assert all(isinstance(w, str) and w.strip() == w != "" for w in also), f"{term}: also.{lang}"
    assert set(entry["definition"]) == set(glossary.LANGUAGES)
    assert set(entry.get("also", {})) <= set(glossary.LANGUAGES)


def test_no_spelling_belongs_to_two_terms(lang: str) -> None:
    owners: dict[str, list[str]] = {}
    for term in TERMS:
        for word in term.spellings(lang):
            owners.setdefault(word, []).append(term.words[lang])
    shared = {word: terms for word, terms in owners.items() if len(terms) > 1}
    assert not shared, f"one tooltip would silently win over the other: {shared}"


@pytest.mark.parametrize("term", TERMS, ids=term_id)
def test_every_term_links_to_an_existing_section(term: glossary.Term, lang: str) -> None:
    page, _, anchor = term.see.partition("#")
    assert page.endswith(".md"), f"{term.see}: write it as page.md#anchor"
    assert not page.startswith("/"), f"{term.see}: relative to docs/, without a leading /"
    source = DOCS / page.replace(".md", f".{lang}.md")
    assert source.is_file(), f"{term.words[lang]} links to {term.see}, but {source.name} does not exist"
    if anchor:
        _, headings = scan(source.read_text(encoding="utf-8"))
        anchors = {found for _, _, found in headings if found}
        assert anchor in anchors, f"{source.name} has no heading {{ #{anchor} }} (for {term.words[lang]})"


# --- The hook's pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src_uri", "expected"),
    [
        ("sum-squared-error.ja.md", ("sum-squared-error", "ja")),
        ("sum-squared-error.en.md", ("sum-squared-error", "en")),
        ("reference/regression.en.md", ("reference/regression", "en")),
        ("glossary.ja.md", ("glossary", "ja")),
        ("notes.md", ("notes", "ja")),
    ],
)
def test_the_language_comes_from_the_file_name(src_uri: str, expected: tuple[str, str]) -> None:
    assert glossary.page_name_and_language(src_uri) == expected


def render(text: str) -> str:
    md = markdown.Markdown(extensions=["abbr", "attr_list", "fenced_code", glossary.TermBoundaryExtension()])
    return str(md.convert(text))


def test_a_japanese_term_inside_a_sentence_gets_a_tooltip() -> None:
    # Python-Markdown's own abbr needs a word boundary, which 二乗和誤差は does not have.
    page = render("二乗和誤差は、勾配降下法で使います。\n\n*[二乗和誤差]: SSE\n*[勾配]: G\n*[勾配降下法]: GD")
    assert '<abbr title="SSE">二乗和誤差</abbr>は' in page
    assert '<abbr title="GD">勾配降下法</abbr>で' in page, "the longest term wins"
    assert '<abbr title="G">' not in page


def test_an_english_term_is_not_found_inside_a_longer_word() -> None:
    page = render("A logit, and two logits.\n\n*[logit]: ロジット")
    assert page.count("<abbr") == 1
    assert '<abbr title="ロジット">logit</abbr>,' in page


def test_code_headings_and_links_keep_their_text() -> None:
    page = render(
        "## 勾配の式 { #gradient }\n\n`勾配` と [勾配](x.md#gradient)\n\n```\n勾配\n```\n\n*[勾配]: gradient"
    )
    assert "<code>勾配</code>" in page
    assert "<pre><code>勾配\n</code></pre>" in page
    assert '<h2 id="gradient">勾配の式</h2>' in page
    assert '<a href="x.md#gradient"><abbr title="gradient">勾配</abbr></a>' in page
    assert page.count("<abbr") == 1


def test_the_table_has_a_row_per_term_with_a_link(lang: str) -> None:
    table = glossary.glossary_table(TERMS, lang, DOCS).splitlines()
    assert len(table) == 2 + len(TERMS)
    for term, row in zip(TERMS, table[2:], strict=True):
        assert row.startswith(f"| {term.words[lang]} |")
        assert row.endswith(f"]({term.see}) |")
        assert row.count(" | ") == 3, f"a | inside a cell was not escaped: {row}"


# --- The built site ------------------------------------------------------------------------------


def built_pages(site: Path, lang: str) -> dict[str, str]:
    """The HTML of every page of `lang` but the glossary, by page name."""
    pages = {}
    for source in DOCS.rglob(f"*.{lang}.md"):
        name = source.relative_to(DOCS).as_posix().removesuffix(f".{lang}.md")
        if name == glossary.GLOSSARY_PAGE:
            continue
        path = "" if name == "index" else name
        built = site / ("" if lang == glossary.LANGUAGES[0] else lang) / path / "index.html"
        pages[name] = built.read_text(encoding="utf-8")
    return pages


def test_terms_show_their_definition_in_the_page_language(built_site: tuple[Path, str], lang: str) -> None:
    site, _ = built_site
    expected = {word: term.tooltip(lang) for term in TERMS for word in term.spellings(lang)}
    found: dict[str, set[str]] = {}
    for name, page in built_pages(site, lang).items():
        for title, word in _ABBR.findall(page):
            word, title = html.unescape(word), html.unescape(title)
            assert expected.get(word) == title, f"{name} ({lang}): <abbr title={title!r}>{word}</abbr>"
            found.setdefault(word, set()).add(name)
    assert found, f"no glossary tooltip on any {lang} page"
    main_term = TERMS[[t.words["ja"] for t in TERMS].index("二乗和誤差")]
    assert "sum-squared-error" in found.get(main_term.words[lang], set())


class _AbbrPlaces(HTMLParser):
    """The elements around each <abbr>: it belongs in prose, not in code, headings, formulas or plots."""

    FORBIDDEN = frozenset({"code", "pre", "math", "svg", "title", "script", *(f"h{n}" for n in range(1, 7))})
    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr", "mspace", "col", "area"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.misplaced: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "abbr" and self.FORBIDDEN.intersection(self.stack):
            self.misplaced.append("/".join(self.stack[-3:]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <path/>, <use/> in the plots

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def test_tooltips_stay_out_of_code_headings_and_formulas(built_site: tuple[Path, str]) -> None:
    site, _ = built_site
    problems = {}
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "&lt;abbr" not in text, f"{path.relative_to(site)}: an <abbr> was escaped into text"
        places = _AbbrPlaces()
        places.feed(text)
        if places.misplaced:
            problems[str(path.relative_to(site))] = places.misplaced[:3]
    assert not problems, f"<abbr> inside code, a heading, a formula or a plot: {problems}"


def test_glossary_page_shows_every_term(built_site: tuple[Path, str], lang: str) -> None:
    site, _ = built_site
    page = site / ("" if lang == glossary.LANGUAGES[0] else lang) / glossary.GLOSSARY_PAGE / "index.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert glossary.TABLE_MARKER not in text
    assert "<table>" in text
    assert "<abbr" not in text, "the table gives the definitions: no tooltips on the glossary page"
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>.*?<a href=\"([^\"]+)\"", text, re.DOTALL)
    assert [word for word, _ in rows] == [term.words[lang] for term in TERMS]
    for term in TERMS:
        assert term.words["ja"] in text
        assert term.words["en"] in text
        assert term.definitions[lang] in text
    assert all(not href.endswith(".md") and ".md#" not in href for _, href in rows), "links not resolved"
