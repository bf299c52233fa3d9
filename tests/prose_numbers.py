"""Numbers in a page's prose and tables must come from the page's code.

A reader trusts "the loss falls to 0.4197" as much as a `#>` line, but nothing runs a sentence.
So every number written in the prose, the tables and the formulas of a page (everything outside
its code blocks) must also appear, with the same digits, in what the page's Python blocks print
(their `#>` lines, which the docs runner checks against the real output) or in their code (the
input data a sentence repeats, such as the article's `[0.9, 0.05, 0.05]`). Change a number in a
sentence and it no longer matches; change the package and the `#>` line fails first.

Which numbers count: every number with a decimal point or an exponent (`0.4197`, `1e-7`,
`$10^{-8}$`, `1.8 \\times 10^{308}`) and every integer of two or more digits (`14 of 450`, `8,192`).
Single digits are counts and indices ("3 samples", "step 1") and are left alone, as are version
numbers after a library's name ("scikit-learn 1.9"), link targets, heading ids and HTML comments.
Signs are ignored: a prose `-0.5` is backed by `0.5` in the code.

Rounding is not guessed: a sentence that quotes 0.8393 needs a block that prints 0.8393 (an
f-string with `:.4f`), so the page shows where the rounded figure comes from.
A few definitional constants that no code needs to print are allowed, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.markdown_blocks import PYTHON_LANGS, scan

# Constants a page may state without printing them, and why each one is a definition, not a result.
ALLOWED: dict[str, str] = {
    "0.5": "the factor 1/2 of the halved squared error, and a probability of one half",
    "1e-7": "Keras's default epsilon and the textbook's 1e-7 inside the log",
}

_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])"  # not the tail of a name (float64, log1p) or of another number
    r"(?P<int>\d{1,3}(?:,\d{3})+(?!\d)|\d+)"  # 8,192 or 450
    r"(?P<frac>\.\d+)?"
    r"(?P<exp>e[-+]?\d+)?"
    r"(?=x(?![A-Za-z0-9])|[^A-Za-z0-9_]|$)"  # a ratio such as 40x counts; 2D or 3rd do not
)
_CODE_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(?P<int>\d[\d_]*)(?P<frac>\.\d+)?(?P<exp>e[-+]?\d+)?(?![A-Za-z0-9_])"
)
# 1.8 \times 10^{308} and 10^{-8}: the page's way of writing 1.8e308 and 1e-8.
_POWER = re.compile(
    r"(?:(?P<mantissa>\d+(?:\.\d+)?)\s*(?:\\times|×|\\cdot)\s*)?(?<![\d.])10\^\{?(?P<power>-?\d+)\}?"
)
_VERSION = re.compile(
    r"\b(?:PyTorch|torch|torchvision|MONAI|Keras|keras|NumPy|numpy|scikit-learn|SciPy|Python|TensorFlow|JAX|optax|"
    r"Material|MkDocs|mkdocs|zensical|uv|Chromium)\s+v?\d+(?:\.\d+)+"
)
_IGNORED = (
    re.compile(r"<!--.*?-->", re.DOTALL),  # comments
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\{\s*#[\w-]+\s*\}"),  # heading ids
    re.compile(r"\A---\n.*?\n---\n", re.DOTALL),  # front matter
    re.compile(r"^\s*\d+\.(?=\s)", re.MULTILINE),  # the number of an ordered list's item
)


@dataclass(frozen=True)
class ProseNumber:
    line: int  # 1-based line of the page
    column: int  # 0-based
    text: str  # as written on the page
    key: str  # normalized, to compare with the code's numbers


def _key(integer: str, fraction: str | None, exponent: str | None) -> str:
    """One spelling per number: 8,192 and 8_192 -> 8192; 5.2e-09 and 10^{-9}-style -> 5.2e-9."""
    key = integer.replace(",", "").replace("_", "").lstrip("0") or "0"
    key += fraction or ""
    if exponent:
        key += "e" + str(int(exponent[1:]))
    return key


def _counts(integer: str, fraction: str | None, exponent: str | None) -> bool:
    return bool(fraction or exponent) or int(integer.replace(",", "")) >= 10


def _blank(match: re.Match[str]) -> str:
    """Keep the newlines of what is removed, so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match[0])


def prose_lines(text: str) -> list[str]:
    """The page without its fenced blocks, comments, link targets, heading ids and front matter."""
    for pattern in _IGNORED:
        text = pattern.sub(_blank, text)
    lines = text.splitlines()
    blocks, _ = scan(text)
    for block in blocks:
        body = block.code.count("\n") + 1
        for index in range(block.line - 1, min(block.line + body + 1, len(lines))):
            lines[index] = ""
    return lines


def prose_numbers(text: str) -> list[ProseNumber]:
    """The numbers that must come from the page's code, in the order they are written."""
    found = []
    for number, line in enumerate(prose_lines(text), start=1):
        line = _VERSION.sub(_blank, line)
        for power in _POWER.finditer(line):
            integer, _, fraction = (power["mantissa"] or "1").partition(".")
            key = _key(integer, fraction and "." + fraction, "e" + power["power"])
            found.append(ProseNumber(number, power.start(), power[0], key))
        for match in _NUMBER.finditer(_POWER.sub(_blank, line)):
            if _counts(match["int"], match["frac"], match["exp"]):
                key = _key(match["int"], match["frac"], match["exp"])
                found.append(ProseNumber(number, match.start(), match[0], key))
    return sorted(found, key=lambda n: (n.line, n.column))


def code_numbers(text: str) -> set[str]:
    """Every number in the page's Python blocks: the code and the `#>` output lines alike."""
    blocks, _ = scan(text)
    code = "\n".join(block.code for block in blocks if block.lang in PYTHON_LANGS)
    return {_key(m["int"], m["frac"], m["exp"]) for m in _CODE_NUMBER.finditer(code)}


def unbacked_numbers(text: str) -> list[ProseNumber]:
    """The prose numbers that neither the page's code nor ALLOWED accounts for."""
    backed = code_numbers(text) | set(ALLOWED)
    return [number for number in prose_numbers(text) if number.key not in backed]


def report(page: Path, missing: list[ProseNumber]) -> str:
    lines = [f"{page}: numbers in the prose that the page's code does not show:"]
    lines += [f"  line {n.line}: {n.text}" for n in missing]
    lines.append(
        "Each number in a sentence, a table or a formula must come from this page's code: print it "
        "in a block (same digits, e.g. f'{loss:.4f}') and quote that output, or write it as the "
        "block's input. A definitional constant goes in ALLOWED in tests/prose_numbers.py, with its reason."
    )
    return "\n".join(lines)
