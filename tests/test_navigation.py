"""The site reads as a path: every page ends with a link to the next, and the home page shows the path."""

from __future__ import annotations

import posixpath
import re

import pytest

from tests.markdown_blocks import ROOT

DOCS = ROOT / "docs"


def nav_pages() -> list[str]:
    """The pages of mkdocs.yml's nav, in reading order (as `NAME.md`, relative to docs/)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") : text.index("\nplugins:")]
    return re.findall(r"^\s*-\s+([\w/-]+\.md)\s*$", nav, re.MULTILINE)


def last_section(page: str, lang: str) -> str:
    text = (DOCS / page.replace(".md", f".{lang}.md")).read_text(encoding="utf-8")
    return text[text.rfind("\n## ") :] if "\n## " in text else text[-500:]


def link_to(source: str, target: str) -> re.Pattern[str]:
    relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return re.compile(r"\]\(" + re.escape(relative) + r"(#[\w-]+)?\)")


PAIRS = list(zip(nav_pages(), nav_pages()[1:], strict=False))


def not_in_nav() -> set[str]:
    """The pages mkdocs.yml's `not_in_nav` keeps out of the navigation on purpose (the print page)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^not_in_nav: \|\n((?:  .*\n)+)", text, re.MULTILINE)
    patterns = block[1].split() if block else []
    return {pattern.strip("/").replace(".*.md", ".md") for pattern in patterns}


def test_nav_lists_every_page() -> None:
    pages = {str(p.relative_to(DOCS)).replace(".ja.md", ".md") for p in DOCS.rglob("*.ja.md")}
    assert sorted(pages - not_in_nav()) == sorted(nav_pages())
    assert not_in_nav() <= pages, "not_in_nav names pages that do not exist"


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("page", "following"), PAIRS, ids=[p for p, _ in PAIRS])
def test_page_ends_with_a_link_to_the_next(page: str, following: str, language: str) -> None:
    assert link_to(page, following).search(last_section(page, language)), (
        f"the last section of {page} ({language}) should link to the next page, {following}"
    )


CLOSING = {"ja": "## 関連項目 { #see-also }", "en": "## See also { #see-also }"}


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("page", [page for page in nav_pages()[1:] if not page.startswith("reference/")])
def test_every_page_closes_with_the_same_section(page: str, language: str) -> None:
    """One name for the closing section in each language, so a reader knows where the links are.

    (The API reference pages end with the generated entries, after their short introduction.)
    """
    assert last_section(page, language).lstrip("\n").startswith(CLOSING[language] + "\n"), (
        f"the last section of {page} ({language}) should be `{CLOSING[language]}`"
    )


@pytest.mark.parametrize("language", ["ja", "en"])
def test_home_page_shows_the_whole_path(language: str) -> None:
    home = (DOCS / f"index.{language}.md").read_text(encoding="utf-8")
    missing = [page for page in nav_pages()[1:] if not link_to("index.md", page).search(home)]
    assert not missing, f"the home page ({language}) does not link to {missing}"
