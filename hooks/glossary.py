"""Bring the glossary (docs/glossary.toml) into the pages: a tooltip on every term, and the table.

The glossary file is the one list of terms, each with its Japanese and English form, a one-line
definition in each language and the section that explains it. For every page this hook appends
Markdown abbreviations in the page's language (`*[二乗和誤差]: sum of squared errors — ...`), so the
`abbr` extension wraps each occurrence of a term in `<abbr title="...">`, which Material shows as a
tooltip (theme feature `content.tooltips`). On the glossary page itself it puts the table of all
terms where the page says `<!-- glossary-table -->` instead. The language of a page is the suffix
of its source file (`x.ja.md`, `x.en.md`; mkdocs-static-i18n keeps it in `src_uri`).

Python-Markdown's abbr extension matches a term only between word boundaries (`\\b`), and Japanese
writes no spaces: it would skip 二乗和誤差 in 二乗和誤差は. So the abbr processor is replaced by one
that matches a term wherever no ASCII letter, digit or underscore touches it: 二乗和誤差は matches,
and `logit` still does not match inside `logits`. Like the original, it leaves code and raw HTML
(plots, formulas) alone; it also leaves headings alone, which name the section (and the table of
contents) rather than use the term.

A term is marked once per section, at its first occurrence: a section is the content under one
heading, of any level, up to the next heading. Every mark underlines its word, and a paragraph
that says gradient descent five times would show five; the first mark is where a reader meets
the term. The processor first marks every occurrence as the original does, then walks the tree
in reading order and turns each repeat of a term (the same tooltip, so `logit` and `logits`
count as one) back into plain text, until the next heading.

A page can leave a term unmarked with Python-Markdown's own syntax, `*[accuracy]: ""`: on a page
that defines one of a term's spellings itself, the glossary's definitions of that term are left
out. The English pages that speak of performance do that, where accuracy means how close a
computed value is to the true one, not the share of right answers the glossary means.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.extensions.abbr import AbbrTreeprocessor  # type: ignore[import-untyped]

GLOSSARY_FILE = "glossary.toml"  # in docs_dir; excluded from the site in mkdocs.yml
GLOSSARY_PAGE = "glossary"  # docs/glossary.ja.md, docs/glossary.en.md
TABLE_MARKER = "<!-- glossary-table -->"
LANGUAGES = ("ja", "en")  # the first is the default (a page without a language suffix)
TABLE_HEADER = {
    "ja": ("日本語", "英語", "意味", "説明のある節"),
    "en": ("English", "Japanese", "Meaning", "Explained in"),
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{\s*#([\w-]+)\s*\})?\s*$", re.MULTILINE)
_OWN_DEFINITION = re.compile(r"^\*\[([^\]]+)\]:", re.MULTILINE)


@dataclass(frozen=True)
class Term:
    words: dict[str, str]  # language -> the term as the pages write it
    definitions: dict[str, str]  # language -> one line
    see: str  # "page.md#anchor" or "page.md"
    also: dict[str, list[str]]  # language -> other spellings with the same tooltip

    def spellings(self, lang: str) -> list[str]:
        """Every spelling that gets the tooltip; in English also with a capital first letter."""
        words = [self.words[lang], *self.also.get(lang, [])]
        if lang == "en":
            words += [word[:1].upper() + word[1:] for word in words]
        return list(dict.fromkeys(words))

    def tooltip(self, lang: str) -> str:
        """The term in the other language, then the definition in the page's language."""
        other = next(code for code in LANGUAGES if code != lang)
        return f"{self.words[other]} — {self.definitions[lang]}"


def load_terms(path: Path) -> list[Term]:
    with path.open("rb") as file:
        entries = tomllib.load(file)["terms"]
    return [
        Term(
            words={lang: entry[lang] for lang in LANGUAGES},
            definitions={lang: entry["definition"][lang] for lang in LANGUAGES},
            see=entry["see"],
            also=entry.get("also", {}),
        )
        for entry in entries
    ]


def page_name_and_language(src_uri: str) -> tuple[str, str]:
    """`x.en.md` -> ("x", "en"); a page without a language suffix is in the default language."""
    name, _, suffix = src_uri.removesuffix(".md").rpartition(".")
    if suffix in LANGUAGES:
        return name, suffix
    return src_uri.removesuffix(".md"), LANGUAGES[0]


def abbreviations(terms: list[Term], lang: str, skip: frozenset[str] = frozenset()) -> str:
    """The Markdown abbreviation definitions of every term, in `lang`, but of a term spelled in `skip`."""
    return "\n".join(
        f"*[{word}]: {term.tooltip(lang)}"
        for term in terms
        if skip.isdisjoint(term.spellings(lang))
        for word in term.spellings(lang)
    )


def own_definitions(markdown: str) -> frozenset[str]:
    """The words a page defines as abbreviations itself, e.g. `*[accuracy]: ""` (no tooltip here)."""
    return frozenset(_OWN_DEFINITION.findall(markdown))


def _section_title(docs_dir: Path, see: str, lang: str) -> str:
    """`Page title › Section` of a link target, read from its source; the link itself if missing."""
    page, _, anchor = see.partition("#")
    source = docs_dir / page.replace(".md", f".{lang}.md")
    if not source.is_file():
        return see  # the build then warns about the broken link
    headings = _HEADING.findall(source.read_text(encoding="utf-8"))
    title = next((text for level, text, _ in headings if level == "#"), page)
    section = next((text for _, text, found in headings if anchor and found == anchor), None)
    return f"{title} › {section}" if section else title


def glossary_table(terms: list[Term], lang: str, docs_dir: Path) -> str:
    """The Markdown table of all terms: the page's language first, then the other one."""
    other = next(code for code in LANGUAGES if code != lang)

    def row(*cells: str) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join(
        [
            row(*TABLE_HEADER[lang]),
            row(*["---"] * len(TABLE_HEADER[lang])),
            *(
                row(
                    term.words[lang],
                    f'<span lang="{other}">{term.words[other]}</span>',
                    term.definitions[lang],
                    f"[{_section_title(docs_dir, term.see, lang)}]({term.see})",
                )
                for term in terms
            ),
        ]
    )


class _TermProcessor(AbbrTreeprocessor):  # type: ignore[misc]
    """The abbr extension's processor, with a term boundary that also works in Japanese text."""

    def iter_element(self, el: Any, parent: Any = None) -> None:
        if el.tag in _HEADINGS:
            return  # a heading names its section (and the table of contents): no tooltip there
        super().iter_element(el, parent)

    def run(self, root: Any) -> None:
        if not self.abbrs:
            return
        words = "|".join(re.escape(word) for word in sorted(self.abbrs, key=len, reverse=True))
        self.RE = re.compile(rf"(?<![A-Za-z0-9_])(?:{words})(?![A-Za-z0-9_])")
        self.iter_element(root)
        self.unmark_repeats(root)

    @staticmethod
    def unmark_repeats(root: Any) -> None:
        """Keep the first mark of each term per section; the later ones become plain text again."""
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: set[str] = set()
        for el in list(root.iter()):  # reading order
            if el.tag in _HEADINGS:
                seen.clear()
            elif el.tag == "abbr" and el.get("title") not in seen:
                seen.add(el.get("title"))
            elif el.tag == "abbr":
                parent = parents[el]
                text = el.text + (el.tail or "")
                index = list(parent).index(el)
                if index:
                    parent[index - 1].tail = (parent[index - 1].tail or "") + text
                else:
                    parent.text = (parent.text or "") + text
                parent.remove(el)


class TermBoundaryExtension(Extension):  # type: ignore[misc]
    """Replaces the processor of the `abbr` extension (listed before it) with `_TermProcessor`."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        if "abbr" in md.treeprocessors:
            abbrs = md.treeprocessors["abbr"].abbrs
            md.treeprocessors.register(_TermProcessor(md, abbrs), "abbr", 7)


def on_config(config: Any, **kwargs: Any) -> Any:
    # mkdocs-static-i18n runs the build (and on_config) once per language: add the extension once.
    if not any(isinstance(ext, TermBoundaryExtension) for ext in config.markdown_extensions):
        config.markdown_extensions.append(TermBoundaryExtension())
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, **kwargs: Any) -> str:
    docs_dir = Path(config.docs_dir)
    terms = load_terms(docs_dir / GLOSSARY_FILE)
    name, lang = page_name_and_language(page.file.src_uri)
    if name == GLOSSARY_PAGE:
        # The table gives every definition already: no tooltips on this page.
        return markdown.replace(TABLE_MARKER, glossary_table(terms, lang, docs_dir))
    return f"{markdown.rstrip()}\n\n{abbreviations(terms, lang, own_definitions(markdown))}\n"
