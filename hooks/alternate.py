"""Keep the language switcher a plain link, and the browser console clean.

mkdocs-static-i18n points each page's language links at the same page in the other language
(`/x/` <-> `/en/x/`), and Material renders them twice: in the language menu (`<a hreflang>`)
and in the head (`<link rel="alternate" hreflang>`). Material's JavaScript takes every head
link for the root of a language version and fetches `sitemap.xml` next to it, so each page
other than the home page logs two 404s (`/x/sitemap.xml`, `/en/x/sitemap.xml`), and a click
in the menu is rerouted through those sitemaps instead of following the link.

This hook drops the head links. The menu links then work as written, and search engines still
find every page's translation in sitemap.xml (its `xhtml:link rel="alternate"` entries).
"""

from __future__ import annotations

import re
from typing import Any

_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output: str, **kwargs: Any) -> str:
    head, sep, body = output.partition("</head>")
    if not sep:
        return output
    return _HEAD_ALTERNATE.sub("", head) + sep + body
