"""The API reference in the language of the page: its own words (Parameters, Returns, ...) and the docstrings.

mkdocstrings-python translates its section titles into the locale mkdocstrings reads once, from
`theme.language` (here `ja`), when the build starts. mkdocs-static-i18n then builds the English
pages with the same mkdocstrings instance, so they would say 引数 and 戻り値. Before each page is
rendered, this hook gives mkdocstrings the language being built. (`Handlers._locale` is private,
but it is what mkdocstrings reads at render time; tests/test_site_build.py checks the result.)

The docstrings themselves: the griffe extension `site_tools.api_translation` (mkdocs.yml) gives
each one its Japanese translation from the catalogs in locale/, and `use_language` makes them
read in the page's language (the reasons: site_tools/api_translation.py).
"""

from __future__ import annotations

from typing import Any

from site_tools import api_translation


def on_page_markdown(markdown: str, config: Any, **kwargs: Any) -> str:
    i18n = config["plugins"].get("i18n")
    mkdocstrings = config["plugins"].get("mkdocstrings")
    handlers = getattr(mkdocstrings, "_handlers", None) or getattr(mkdocstrings, "handlers", None)
    language = getattr(i18n, "current_language", None)
    if handlers is not None and language and hasattr(handlers, "_locale"):
        handlers._locale = language
    api_translation.use_language(language)
    return markdown
