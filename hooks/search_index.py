"""Material's search index, made in a third less time: its parser reads code without the highlighting.

Material's search plugin (its `on_page_context`, priority 0) feeds each page's HTML to a parser
written in Python, and Pygments wraps every token of every code block in a `<span>`: half the
tags of the site, a third of the indexing, which is the longest step of a build. Inside `<pre>`
that parser keeps every piece of text as it comes and passes over a `<span>` (not one of the
tags it keeps), so the index is the same without them: tests/test_site_build.py checks that on
every built page. Just before the plugin indexes a page, the spans are taken out of the page's code
blocks; just after, the page gets its HTML back, as the plugin leaves it (the build fails if
anything else changed the page in between: that change would be lost).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
_SPAN = re.compile(r"</?span\b[^>]*>")
# What Material's search plugin takes out of a page once it is indexed (search/plugin.py).
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")

# id(page) -> (its HTML, what the search plugin was given), while the plugin indexes the page
_pages: dict[int, tuple[str, str]] = {}


def without_code_spans(html: str) -> str:
    """`html` with the `<span>` tags (not their text) taken out of every `<pre>` block."""
    return _PRE.sub(lambda block: _SPAN.sub("", block.group(0)), html)


@event_priority(10)  # before the search plugin
def _before_indexing(context: Any, /, page: Any, **kwargs: Any) -> Any:
    html, indexed = page.content, without_code_spans(page.content)
    _pages[id(page)] = (html, indexed)
    page.content = indexed
    return context


@event_priority(-10)  # after it
def _after_indexing(context: Any, /, page: Any, **kwargs: Any) -> Any:
    if (given := _pages.pop(id(page), None)) is not None:
        html, indexed = given
        if page.content != _SEARCH_ATTRIBUTE.sub("", indexed):
            # Something else changed the page meanwhile (or Material's plugin changed what it does):
            # giving the page its HTML back would undo that.
            raise PluginError(
                f"hooks/search_index.py: {page.file.src_uri} was changed while the search plugin indexed "
                "it; run that change at a priority above 10 or below -10"
            )
        page.content = _SEARCH_ATTRIBUTE.sub("", html)
    return context


on_page_context = CombinedEvent(_before_indexing, _after_indexing)
