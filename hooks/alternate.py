"""Link every page to its other-language twin in the head (hreflang), without breaking Material.

Search engines want each page to name its translations in its head, as absolute URLs:
`<link rel="alternate" hreflang="ja|en|x-default" href="https://.../x/">`. mkdocs-static-i18n
points Material's language links at the twin (`/x/` <-> `/en/x/`), but Material renders the head
copies relative (`../en/x/`), with no x-default, and its JavaScript reads them as the *roots* of
language versions: for every `link[rel=alternate]` it fetches `sitemap.xml` next to the link's
href (`/x/sitemap.xml`, `/en/x/sitemap.xml`), and a click on a link that starts with one of them
is rerouted through that sitemap.

Ways weighed: pointing the head links at the language roots (`/`, `/en/`), as Material expects,
would tell search engines that every page is a translation of the home page; hiding them from
Material's selector, or patching its bundle, would be tricks that break on its next release.
Keeping page-level links and making what Material fetches exist works with Material as it is:

- this hook writes the head links as absolute URLs from `site_url` (ja, en, and x-default for
  the default language, Japanese), and
- hooks/sitemap.py writes a `sitemap.xml` into every page's folder (listing the pages under that
  folder, as the sitemap protocol allows), so Material's requests find a file: no 404s.

The links are absolute, so Material fetches from the host in `site_url`: build the site for the
address it is served at (SITE_URL; `mkdocs serve` and the tests do).

The language menu's links (`a.md-select__link`) get `target="_self"`: it is what a plain link does
anyway, and Material's click handler leaves links with a target alone. Without it the handler
would rewrite the click into `/en/x` (no slash) and lean on the server's redirect to `/en/x/`,
and only once the sitemaps had loaded.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

# Material's head links, written from mkdocs-static-i18n's `extra.alternate`.
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_MENU_LINK = re.compile(r'<a (href="[^"]*" hreflang="[^"]*" class="md-select__link")>')


def page_alternates(page: Any, config: Any) -> dict[str, str]:
    """hreflang -> absolute URL of the page in each language, and x-default (the default language).

    Empty when the page has no twin (mkdocs-static-i18n gives each page's `file.alternates`).
    """
    alternates = getattr(page.file, "alternates", None) or {}
    site_url = config["site_url"] or ""
    if not alternates or not site_url:
        return {}
    links = {locale: urljoin(site_url, _url(file.url)) for locale, file in alternates.items()}
    i18n = config["plugins"].get("i18n")
    default = getattr(i18n, "default_language", None)
    if default in links:
        links["x-default"] = links[default]
    return links


def _url(url: str) -> str:
    """A File's url relative to the site root; the home page's is `""` or `"./"`."""
    return "" if url in ("", ".", "./") else url


def head_links(alternates: dict[str, str]) -> str:
    return "".join(
        f'\n    <link rel="alternate" hreflang="{lang}" href="{href}">' for lang, href in alternates.items()
    )


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    head, sep, body = output.partition("</head>")
    if not sep:
        return output
    links = head_links(page_alternates(page, config))
    found = _HEAD_ALTERNATE.search(head)
    if found:  # the new links go where Material put its own
        head = head[: found.start()] + links + _HEAD_ALTERNATE.sub("", head[found.start() :])
    else:
        head += links + "\n  "
    body = _MENU_LINK.sub(r'<a \1 target="_self">', body)
    return head + sep + body
