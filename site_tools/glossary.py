"""The glossary, docs/glossary.toml: its terms, the abbreviations of a page, the glossary's table.

The glossary file is the one list of terms, each with its Japanese and English form, a one-line
definition in each language and the section that explains it. hooks/glossary.py appends to every
page Markdown abbreviations in the page's language (`abbreviations`: `*[二乗和誤差]: sum of squared
errors — ...`), which the Markdown extension `site_tools.markdown.terms` turns into a tooltip at the
first occurrence of each term per section; on the glossary page it puts the table of all terms
(`glossary_table`) where the page says `<!-- glossary-table -->` instead. The language of a page is
the suffix of its source file (`x.ja.md`, `x.en.md`; mkdocs-static-i18n keeps it in `src_uri`).

A page can leave a term unmarked with Python-Markdown's own syntax, `*[accuracy]: ""`: on a page
that defines one of a term's spellings itself, the glossary's definitions of that term are left
out (`own_definitions`). The English pages that speak of performance do that, where accuracy means
how close a computed value is to the true one, not the share of right answers the glossary means.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

GLOSSARY_FILE = "glossary.toml"  # in docs_dir; excluded from the site in mkdocs.yml
GLOSSARY_PAGE = "glossary"  # docs/glossary.ja.md, docs/glossary.en.md
TABLE_MARKER = "<!-- glossary-table -->"
LANGUAGES = ("ja", "en")  # the first is the default (a page without a language suffix)
TABLE_HEADER = {
    "ja": ("日本語", "英語", "意味", "説明のある節"),
    "en": ("English", "Japanese", "Meaning", "Explained in"),
}
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
    """The Markdown abbreviation definitions of every term, in `lang`, but of a term spelled in `skip`.

    One paragraph each: Python-Markdown's block processors try every pattern on a whole paragraph,
    again after each definition is taken from it, which on one paragraph of all the definitions
    took as long as converting the rest of the page (a tenth of a second per page in English).
    """
    return "\n\n".join(
        f"*[{word}]: {term.tooltip(lang)}"
        for term in terms
        if skip.isdisjoint(term.spellings(lang))
        for word in term.spellings(lang)
    )


def own_definitions(markdown: str) -> frozenset[str]:
    """The words a page defines as abbreviations itself, e.g. `*[accuracy]: ""` (no tooltip here)."""
    return frozenset(_OWN_DEFINITION.findall(markdown))


def with_abbreviations(markdown: str, terms: list[Term], lang: str) -> str:
    """The page's Markdown with the glossary's abbreviations in `lang` appended (but its own)."""
    return f"{markdown.rstrip()}\n\n{abbreviations(terms, lang, own_definitions(markdown))}\n"


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
