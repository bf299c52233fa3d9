"""The glossary: one data file, docs/glossary.toml, for the glossary page and the tooltips of every page.

hooks/glossary.py reads the file at build time (with site_tools/glossary.py): it writes the table of
docs/glossary.{ja,en}.md and appends the terms as Markdown abbreviations to every other page, in the
page's language, so that the Markdown extension `site_tools.markdown.terms` makes the first
occurrence of a term in each section `<abbr title="...">` (a tooltip). These tests check the data,
that the pages use every term, the pieces, and the built site. tests/test_markdown_extensions.py
runs the extension on its own.
"""

from __future__ import annotations

import functools
import html
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest

from site_tools import glossary
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
    assert 25 <= len(TERMS) <= 60


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


# --- The pages use the terms -------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING_LINE = re.compile(r"^#{1,6}\s")
_INLINE_CODE = re.compile(r"`[^`\n]*`")


@functools.cache
def page_prose(lang: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Each page of `lang` but the glossary: its text outside code and headings, where a term gets
    its mark, and the words the page keeps unmarked (`*[accuracy]: ""`)."""
    pages = {}
    for source in sorted(DOCS.rglob(f"*.{lang}.md")):
        name = source.relative_to(DOCS).as_posix()
        if glossary.page_name_and_language(name)[0] == glossary.GLOSSARY_PAGE:
            continue
        text = source.read_text(encoding="utf-8")
        lines, fence = [], None
        for line in text.splitlines():
            marker = _FENCE.match(line)
            if fence is None and marker:
                fence = marker[1]
            elif fence is not None:
                closing = marker and line.strip() == marker[1] and marker[1][0] == fence[0]
                if closing and len(marker[1]) >= len(fence):
                    fence = None
            elif not _HEADING_LINE.match(line):
                lines.append(_INLINE_CODE.sub(" ", line))
        pages[name] = ("\n".join(lines), glossary.own_definitions(text))
    return pages


@pytest.mark.parametrize("term", TERMS, ids=term_id)
def test_every_term_appears_on_a_page_as_the_glossary_writes_it(term: glossary.Term, lang: str) -> None:
    # The glossary follows the pages: a term in a form no page uses would never show its tooltip.
    # English allows a capital first letter, at the start of a sentence.
    word = term.words[lang]
    forms = {word, word[:1].upper() + word[1:]} if lang == "en" else {word}
    found = re.compile(rf"(?<![A-Za-z0-9_])(?:{'|'.join(map(re.escape, forms))})(?![A-Za-z0-9_])")
    pages = [
        name
        for name, (prose, unmarked) in page_prose(lang).items()
        if unmarked.isdisjoint(term.spellings(lang)) and found.search(prose)
    ]
    assert pages, (
        f"no {lang} page writes {word!r} in its prose (outside code and headings): add a natural mention "
        f"in the section that explains it ({term.see}), in both languages, or write the term as the pages do"
    )


# --- The pieces (site_tools) ---------------------------------------------------------------------


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
    md = markdown.Markdown(extensions=["site_tools.markdown.terms", "attr_list", "fenced_code"])
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


def test_a_term_is_marked_once_per_section() -> None:
    page = render(
        "勾配降下法は、勾配降下法で使います。\n\nまた勾配降下法です。\n\n### 次の節 { #next }\n\n"
        "ここでも勾配降下法です。\n\n*[勾配降下法]: GD"
    )
    assert page.count('<abbr title="GD">勾配降下法</abbr>') == 2
    assert page.startswith(
        '<p><abbr title="GD">勾配降下法</abbr>は、勾配降下法で使います。</p>\n<p>また勾配降下法です。</p>'
    )
    assert page.endswith('<p>ここでも<abbr title="GD">勾配降下法</abbr>です。</p>')


def test_the_spellings_of_one_term_share_its_one_mark() -> None:
    page = render("A logit, two *logits*, one [logit](x.md).\n\n*[logit]: L\n*[logits]: L")
    assert page == '<p>A <abbr title="L">logit</abbr>, two <em>logits</em>, one <a href="x.md">logit</a>.</p>'


def test_a_page_can_keep_a_term_unmarked() -> None:
    # The English performance pages: there "accuracy" is numerical accuracy, not the share of right answers.
    markdown_text = 'Speed and accuracy. Accuracy matters.\n\n*[accuracy]: ""\n'
    own = glossary.own_definitions(markdown_text)
    assert own == {"accuracy"}
    definitions = glossary.abbreviations(TERMS, "en", own)
    assert "*[accuracy]" not in definitions
    assert "*[Accuracy]" not in definitions, "every spelling of the term is left out"
    assert "*[gradient]" in definitions
    assert "<abbr" not in render(f"{markdown_text}\n{definitions}")


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


def test_built_pages_mark_a_term_once_per_section(built_site: tuple[Path, str], lang: str) -> None:
    site, _ = built_site
    repeated = {}
    for name, page in built_pages(site, lang).items():
        article = page[page.find("<article") : page.find("</article>")]
        for section in re.split(r"<h[1-6][ >]", article):
            titles = [title for title, _ in _ABBR.findall(section)]
            twice = {title.split(" — ")[0] for title in titles if titles.count(title) > 1}
            if twice:
                repeated.setdefault(name, set()).update(twice)
    assert not repeated, f"a term marked twice in one section: {repeated}"


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
