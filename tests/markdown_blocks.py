"""Find the fenced code blocks and headings of a Markdown page, for the docs tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_LANGS = {"python", "py", "python3"}

FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
_HEADING_ID = re.compile(r"\{\s*#(?P<id>[\w-]+)\s*\}$")


@dataclass(frozen=True)
class Block:
    lang: str
    options: tuple[str, ...]
    code: str
    line: int


def fence_language(info: str) -> tuple[str, tuple[str, ...]]:
    """The language and options of a fence's info string, in plain or brace form."""
    words = info.strip().strip("{}").split()
    if not words:
        return "", ()
    lang = next((w[1:] for w in words if w.startswith(".")), words[0])
    return lang, tuple(w for w in words if w.lstrip(".") != lang)


def scan(text: str) -> tuple[list[Block], list[tuple[int, str, str | None]]]:
    """The top-level fenced blocks and the headings (level, text, id) outside code."""
    blocks: list[Block] = []
    headings: list[tuple[int, str, str | None]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE_OPEN.match(line)
        if fence:
            marker, indent = fence["marker"], len(fence["indent"])
            lang, options = fence_language(fence["info"])
            body: list[str] = []
            i += 1
            while i < len(lines):
                closing = lines[i].strip()
                if closing and set(closing) == {marker[0]} and len(closing) >= len(marker):
                    break
                inside = not indent or lines[i][:indent].isspace()
                body.append(lines[i][indent:] if inside else lines[i].lstrip())
                i += 1
            blocks.append(Block(lang, options, "\n".join(body), i - len(body)))
        else:
            heading = _HEADING.match(line)
            if heading:
                found = _HEADING_ID.search(heading["text"])
                headings.append((len(heading["hashes"]), heading["text"], found["id"] if found else None))
        i += 1
    return blocks, headings


def python_blocks(path: Path) -> list[Block]:
    blocks, _ = scan(path.read_text(encoding="utf-8"))
    return [b for b in blocks if b.lang in PYTHON_LANGS]


def doc_pages() -> list[Path]:
    """Every Markdown page of the site, both languages."""
    return sorted((ROOT / "docs").rglob("*.md"))
