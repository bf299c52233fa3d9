"""Every page exists in Japanese and English, with the same sections, code and numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.markdown_blocks import ROOT, doc_pages, scan

DOCS = ROOT / "docs"
_DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e-?\d+)?")


def japanese_pages() -> list[Path]:
    return [p for p in doc_pages() if p.name.endswith(".ja.md")]


def twin(page: Path) -> Path:
    return page.with_name(page.name.replace(".ja.md", ".en.md"))


def page_id(page: Path) -> str:
    return str(page.relative_to(DOCS)).removesuffix(".ja.md")


def test_every_page_has_both_languages() -> None:
    stems = {str(p.relative_to(DOCS)).rsplit(".", 2)[0] for p in doc_pages()}
    missing = [
        f"{stem}.{lang}.md"
        for stem in sorted(stems)
        for lang in ("ja", "en")
        if not (DOCS / f"{stem}.{lang}.md").exists()
    ]
    assert not missing, f"pages without their twin: {missing}"
    assert len(japanese_pages()) >= 5


@pytest.mark.parametrize("page", japanese_pages(), ids=page_id)
def test_same_code_blocks(page: Path) -> None:
    ja_blocks, _ = scan(page.read_text(encoding="utf-8"))
    en_blocks, _ = scan(twin(page).read_text(encoding="utf-8"))
    assert [(b.lang, b.options, b.code) for b in ja_blocks] == [
        (b.lang, b.options, b.code) for b in en_blocks
    ]


@pytest.mark.parametrize("page", japanese_pages(), ids=page_id)
def test_same_sections_with_explicit_ids(page: Path) -> None:
    _, ja_headings = scan(page.read_text(encoding="utf-8"))
    _, en_headings = scan(twin(page).read_text(encoding="utf-8"))
    for path, headings in ((page, ja_headings), (twin(page), en_headings)):
        unnamed = [text for level, text, anchor in headings if level >= 2 and anchor is None]
        assert not unnamed, f"{path.name}: give these headings an explicit {{ #id }}: {unnamed}"
    assert [(level, anchor) for level, _, anchor in ja_headings] == [
        (level, anchor) for level, _, anchor in en_headings
    ]


def prose_numbers(path: Path) -> set[str]:
    """Decimal numbers written in the prose (outside code blocks and math)."""
    text = path.read_text(encoding="utf-8")
    blocks, _ = scan(text)
    for block in blocks:
        text = text.replace(block.code, "")
    return set(_DECIMAL.findall(text))


@pytest.mark.parametrize("page", japanese_pages(), ids=page_id)
def test_same_numbers_in_the_prose(page: Path) -> None:
    assert prose_numbers(page) == prose_numbers(twin(page))
