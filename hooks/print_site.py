"""The whole site on one page, per language, for printing: /print/ and /en/print/.

The page `docs/print.<lang>.md` says what it is for and holds an empty `<div id="print-site">`.
After each language's build, this hook fills that element with the content (the `<article>`) of
every page of the language's navigation, in reading order, each in a `<section>` that starts on
a new sheet when printed (docs/stylesheets/extra.css, `@media print`).

Pieced together from different pages, the content is made to work on one page:
- ids get the page's prefix (`huber` on regression-losses becomes `regression-losses--huber`),
  and so do the references to them (`href="#..."`, `url(#...)`, `aria-labelledby`, `for`):
  every page has a `formula` section and a first plot with the same ids;
- a link to a page (or a section of a page) of the print page becomes a link within it; other
  relative links (downloads, assets) are rewritten for the print page's own address;
- collapsed blocks (`<details>`, e.g. the exercises' solutions) are opened: paper cannot be clicked.

No library does this for us: mkdocs-print-site-plugin collects the default language only when
mkdocs-static-i18n builds the languages (its issue #70).
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

PRINT_PAGE = "print"  # docs/print.<lang>.md
PLACEHOLDER = '<div id="print-site"></div>'

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_LOCAL_REFERENCE = re.compile(r'((?:\bhref|\bxlink:href)="#|url\(#)([^")]+)')
_ID_LIST = re.compile(r'\b(aria-labelledby|aria-describedby|aria-controls|for)="([^"]+)"')
_RELATIVE_URL = re.compile(r'\b(href|src)="(?![a-z][a-z0-9+.-]*:|#|/)([^"]*)"')
_DETAILS = re.compile(r"<details\b(?![^>]*\bopen\b)")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

# Per language (mkdocs-static-i18n builds them one after the other): the navigation's pages in
# reading order, and the HTML each page was written with.
_nav_pages: dict[str, list[Any]] = {}
_outputs: dict[str, dict[str, str]] = {}
_print_pages: dict[str, Any] = {}  # not in the navigation: it would print itself


def _language(config: Any) -> str:
    i18n = config["plugins"].get("i18n")
    return str(getattr(i18n, "current_language", None) or config["theme"]["language"])


def _name(page: Any) -> str:
    """`reference/classification.en.md` -> `reference/classification`."""
    return str(page.file.src_uri).rsplit(".", 2)[0]


def _address(page: Any) -> str:
    """The page's address from the site root, e.g. `/en/cross-entropy/`."""
    url = str(page.url)
    return "/" + ("" if url in ("", ".", "./") else url)


def section_id(name: str) -> str:
    return name.replace("/", "-")


def on_nav(nav: Any, config: Any, **kwargs: Any) -> Any:
    _nav_pages[_language(config)] = list(nav.pages)
    _outputs[_language(config)] = {}
    return nav


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    _outputs.setdefault(_language(config), {})[_name(page)] = output
    if _name(page) == PRINT_PAGE:
        _print_pages[_language(config)] = page
    return output


def on_post_build(config: Any, **kwargs: Any) -> None:
    # mkdocs-static-i18n builds the other languages from within the first one's post-build
    # step, so the language of a call is not a guide: fill every print page not filled yet.
    for language, print_page in list(_print_pages.items()):
        outputs = _outputs.get(language, {})
        shell = outputs.get(PRINT_PAGE, "")
        if PLACEHOLDER not in shell:
            continue
        pages = [page for page in _nav_pages.get(language, []) if _name(page) in outputs]
        content = combined_content(
            [(_name(p), _address(p), outputs[_name(p)]) for p in pages], _address(print_page)
        )
        Path(print_page.file.abs_dest_path).write_text(shell.replace(PLACEHOLDER, content), encoding="utf-8")
        del _print_pages[language]


def combined_content(pages: list[tuple[str, str, str]], print_address: str) -> str:
    """A table of contents, then one `<section>` per (name, address, HTML) of `pages`.

    The print page itself, if among `pages`, is left out.
    """
    pages = [(name, address, output) for name, address, output in pages if name != PRINT_PAGE]
    addresses = {address: name for name, address, _ in pages}
    sections, contents = [], []
    for name, address, output in pages:
        found = _ARTICLE.search(output)
        if not found:
            continue
        article = _page_content(found[1], name, address, addresses, print_address)
        title = _H1.search(article)
        heading = (
            html.escape(html.unescape(_TAG.sub("", title[1])).replace("¶", "").strip()) if title else name
        )
        contents.append(f'<li><a href="#{section_id(name)}">{heading}</a></li>')
        sections.append(f'<section class="print-site-page" id="{section_id(name)}">{article}</section>')
    return '<ol class="print-site-toc">' + "".join(contents) + "</ol>\n" + "\n".join(sections)


def _page_content(
    article: str, name: str, address: str, addresses: dict[str, str], print_address: str
) -> str:
    prefix = section_id(name) + "--"
    ids = set(_ID.findall(article))

    def own(value: str) -> str:
        return prefix + value if value in ids else value

    article = _ID.sub(lambda m: f'id="{prefix}{m[1]}"', article)
    article = _LOCAL_REFERENCE.sub(lambda m: m[1] + own(m[2]), article)
    article = _ID_LIST.sub(lambda m: f'{m[1]}="' + " ".join(map(own, m[2].split())) + '"', article)

    def relink(m: re.Match[str]) -> str:
        target = urlsplit(urljoin(address, html.unescape(m[2])))
        if not target.path.startswith("/"):  # urljoin leaves `../` above the root relative
            target = target._replace(path="/" + target.path)
        if target.path in addresses and m[1] == "href":
            page = section_id(addresses[target.path])
            return f'href="#{page}--{target.fragment}"' if target.fragment else f'href="#{page}"'
        folder = print_address if print_address.endswith("/") else posixpath.dirname(print_address)
        relative = posixpath.relpath(target.path, folder)
        if target.path.endswith("/") and relative != ".":
            relative += "/"
        fragment = f"#{target.fragment}" if target.fragment else ""
        return f'{m[1]}="{html.escape(relative + fragment)}"'

    article = _RELATIVE_URL.sub(relink, article)
    return _DETAILS.sub("<details open", article)
