"""The API reference's own words (Parameters, Returns, ...) in the language of the page.

mkdocstrings-python translates its section titles into the locale mkdocstrings reads once, from
`theme.language` (here `ja`), when the build starts. mkdocs-static-i18n then builds the English
pages with the same mkdocstrings instance, so they would say 引数 and 戻り値. Before each page is
rendered, this hook gives mkdocstrings the language being built. (`Handlers._locale` is private,
but it is what mkdocstrings reads at render time; tests/test_site_build.py checks the result.)
"""

from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, config: Any, **kwargs: Any) -> str:
    i18n = config["plugins"].get("i18n")
    mkdocstrings = config["plugins"].get("mkdocstrings")
    handlers = getattr(mkdocstrings, "_handlers", None) or getattr(mkdocstrings, "handlers", None)
    language = getattr(i18n, "current_language", None)
    if handlers is not None and language and hasattr(handlers, "_locale"):
        handlers._locale = language
    return markdown
