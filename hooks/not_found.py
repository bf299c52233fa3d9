"""A 404 page in each language: /404.html in Japanese, /en/404.html in English.

MkDocs renders the theme's 404.html (here overrides/404.html) once per build, into the site
root. mkdocs-static-i18n builds the languages one after the other into the same folder, so the
English build would overwrite the Japanese /404.html, and there would be no /en/404.html. This
hook writes each other language's 404 page into that language's folder and keeps the default
language's at the root. GitHub Pages, like most static hosts, serves the root 404.html for every
missing address, English ones included, so the Japanese page says it in English too.

On a 404 page the language menu leads to each language's home page (without this it would keep
the links of the last page built), and the head has no hreflang links: it has no twin to name.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

NOT_FOUND = "404.html"
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_pre_template(template: Any, template_name: str, config: Any, **kwargs: Any) -> Any:
    if template_name == NOT_FOUND:
        roots = getattr(config["plugins"].get("i18n"), "extra_alternate", None)
        if roots:  # mkdocs-static-i18n's menu before it points it at a page: the language roots
            # It sets `config.extra.alternate` as an attribute for each page (which the templates
            # read before the item), and resets only the item for the next language's build.
            config.extra["alternate"] = copy.deepcopy(roots)
            config.extra.alternate = copy.deepcopy(roots)
    return template


def on_post_template(output_content: str, template_name: str, config: Any, **kwargs: Any) -> str:
    if template_name != NOT_FOUND:
        return output_content
    head, sep, body = output_content.partition("</head>")
    output = _HEAD_ALTERNATE.sub("", head) + sep + body
    i18n = config["plugins"].get("i18n")
    language = getattr(i18n, "current_language", None)
    if i18n is None or language is None or language == i18n.default_language:
        return output
    site = Path(config["site_dir"])
    folder = (i18n.current_language_config.link or language).strip("/") or language
    target = site / folder / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    # MkDocs writes what this returns to the root: give it back the default language's page,
    # which the default language's build (always the first) wrote there.
    root = site / NOT_FOUND
    return root.read_text(encoding="utf-8") if root.is_file() else ""
