"""The docstrings in the language being built: a griffe extension and a switch for the hook.

mkdocs-static-i18n builds the Japanese and the English pages with one mkdocstrings plugin, and
griffe loads the package when the first page of a build asks for it, without knowing the page's
language. (mkdocstrings 1.0.8 happens to make its Python handler anew for each language's build,
so the package is loaded once per language; nothing promises that, and either way the load does
not know which language it is for.) A docstring rewritten at load time would therefore show on pages of the
wrong language. Instead the extension (`Translations`, listed under the handler's `extensions` in
mkdocs.yml) gives every docstring both texts, and each page reads the one of its language:
`use_language`, called by hooks/api_language.py before each page is rendered, sets the language
that every `TranslatedDocstring.value` and `.parsed` answers in. English is the docstring as written.

The translations are those of the catalogs in locale/ (site_tools/api_catalog.py) whose English
is the docstring's paragraph as it is now: a changed paragraph shows in English until its entry
is translated again.
"""

from __future__ import annotations

import logging
from typing import Any

import griffe

from site_tools import api_catalog

_log = logging.getLogger("mkdocs.plugins.lossdocs.api_translation")

# The language of the page being rendered; "en" (the docstrings as written) outside a build.
_language = "en"

# Admonition titles of NumPy docstrings that griffe shows as written, in each language.
ADMONITION_TITLES = {"ja": {"See Also": "関連項目", "Notes": "注記"}}


def use_language(language: str | None) -> None:
    """Render the docstrings in `language` from now on (English where it has no translation)."""
    global _language  # one build renders one page at a time
    _language = language or "en"


class TranslatedDocstring(griffe.Docstring):
    """A docstring whose `value` and `parsed` are in the language being built."""

    def __init__(self, docstring: griffe.Docstring, texts: dict[str, str]) -> None:
        self.texts = texts  # language -> docstring; English is `english`
        self._parsed: dict[str, list[griffe.DocstringSection]] = {}
        super().__init__(
            docstring.value,
            lineno=docstring.lineno,
            endlineno=docstring.endlineno,
            parent=docstring.parent,
            parser=docstring.parser,
            parser_options=docstring.parser_options,
        )

    @property
    def value(self) -> str:
        return self.texts.get(_language, self.english)

    @value.setter
    def value(self, text: str) -> None:
        self.english = text

    @property
    def parsed(self) -> list[griffe.DocstringSection]:
        language = _language if _language in self.texts else "en"
        if language not in self._parsed:
            sections = self.parse()
            titles = ADMONITION_TITLES.get(language, {})
            for section in sections:
                if isinstance(section, griffe.DocstringSectionAdmonition) and section.title in titles:
                    section.title = titles[section.title]  # the kind (class) stays: "see-also", "note"
            self._parsed[language] = sections
        return self._parsed[language]


class Translations(griffe.Extension):
    """Gives each docstring of the package its translations, once the package is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        if pkg.name != api_catalog.PACKAGE:
            return
        catalog = api_catalog.translations()
        shown = total = 0
        for module in pkg.modules.values():
            if module.name.startswith("_") or not isinstance(module, griffe.Module):
                continue
            for obj in api_catalog.documented(module):
                if obj.docstring is None:
                    continue
                english = obj.docstring.value
                found = catalog.get(obj.path, {})
                japanese = api_catalog.translated(english, found)
                pieces = [p for p in api_catalog.paragraphs(english) if isinstance(p, api_catalog.Paragraph)]
                total += len(pieces)
                shown += sum(1 for p in pieces if found.get(p.key, ("", ""))[0] == p.text)
                obj.docstring = TranslatedDocstring(obj.docstring, {api_catalog.LANGUAGE: japanese})
        if shown < total:
            _log.info(
                "The Japanese API reference shows %d of %d docstring paragraphs in English, without "
                "an up-to-date translation: run `%s` and translate them.",
                total - shown,
                total,
                api_catalog.UPDATE_COMMAND,
            )
