"""The glossary (docs/glossary.toml) in the pages: the abbreviations of each page, and the table.

The code is site_tools/glossary.py; the tooltips come from the Markdown extension
`site_tools.markdown.terms` (mkdocs.yml). This hook needs the page: its language, and whether it
is the glossary page, which gets the table of all terms (and no tooltips: the table gives every
definition already).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from site_tools import glossary


@functools.cache
def _terms(path: Path, modified: int) -> list[glossary.Term]:
    """The glossary's terms, read again only when the file changes (`mkdocs serve`)."""
    return glossary.load_terms(path)


def on_page_markdown(markdown: str, page: Any, config: Any, **kwargs: Any) -> str:
    docs_dir = Path(config.docs_dir)
    path = docs_dir / glossary.GLOSSARY_FILE
    terms = _terms(path, path.stat().st_mtime_ns)
    name, lang = glossary.page_name_and_language(page.file.src_uri)
    if name == glossary.GLOSSARY_PAGE:
        return markdown.replace(glossary.TABLE_MARKER, glossary.glossary_table(terms, lang, docs_dir))
    return glossary.with_abbreviations(markdown, terms, lang)
