"""Prose lint: one term per concept in Japanese, one spelling (American) in English.

- Japanese pages (`docs/**/*.ja.md`): textlint with the preset ja-technical-writing, tuned for a
  tutorial, and the prh dictionary `.textlint/prh.yml` that settles one form per concept
  (configuration: `.textlintrc.yml`; the plugin `.textlint/textlint-plugin-lossdocs` makes textlint
  read admonitions, content tabs and math the way MkDocs renders them). One test per page.
- English (`docs/**/*.en.md`, `README.md`, `src/`): codespell with the dictionaries of
  `[tool.codespell]` in pyproject.toml (typos, rare words, British spellings to American).

textlint comes from npm: the session fixture runs `npm ci` from package-lock.json when
node_modules is missing or older than the lock, so `uv run pytest` on a fresh clone needs only
Node.js and npm. Without npm the Japanese lint is skipped with the reason, and fails under CI.
By hand: `npm ci`, then `npx textlint docs/NAME.ja.md`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import in_ci
from tests.markdown_blocks import ROOT

DOCS = ROOT / "docs"
JA_PAGES = sorted(DOCS.rglob("*.ja.md"))
EN_PAGES = sorted(DOCS.rglob("*.en.md"))
CONFIG = ROOT / ".textlintrc.yml"
LOCK = ROOT / "package-lock.json"
INSTALLED = ROOT / "node_modules" / ".package-lock.json"  # npm writes it last, at every install
TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"


def page_id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


# --- node_modules -----------------------------------------------------------------------------


def ensure_node_modules(npm: str | None, ci: bool) -> None:
    """Install textlint and its rules from package-lock.json unless node_modules is up to date."""
    if npm is None:
        reason = (
            "npm is missing, so the Japanese pages are not linted: install Node.js 20 and npm "
            "(Debian: apt-get install nodejs npm), then run the tests again"
        )
        if ci:
            pytest.fail(reason + " (under CI the lint must run)", pytrace=False)
        pytest.skip(reason)
    if INSTALLED.exists() and INSTALLED.stat().st_mtime >= LOCK.stat().st_mtime:
        return
    result = subprocess.run(
        [npm, "ci", "--prefer-offline", "--no-audit", "--no-fund"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"npm ci failed:\n{(result.stdout + result.stderr)[-3000:]}", pytrace=False)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    ensure_node_modules(shutil.which("npm"), in_ci())
    return ROOT / "node_modules"


# --- textlint -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    line: int
    column: int
    rule: str
    message: str

    def __str__(self) -> str:
        first, *rest = self.message.splitlines()
        hint = f" ({rest[0].strip()})" if rest and self.rule == "prh" else ""
        return f"{self.line}:{self.column} [{self.rule}] {first}{hint}"


def textlint(paths: list[Path]) -> dict[Path, list[Finding]]:
    """Run textlint with the repository's configuration; the findings per file."""
    result = subprocess.run(
        [str(TEXTLINT), "--config", str(CONFIG), "--format", "json", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = None
    if result.returncode not in (0, 1) or report is None:
        pytest.fail(f"textlint did not run (exit {result.returncode}):\n{result.stderr[:3000]}", pytrace=False)
    return {
        Path(entry["filePath"]).resolve(): [
            Finding(m["line"], m["column"], m["ruleId"], m["message"]) for m in entry["messages"]
        ]
        for entry in report
    }


@pytest.fixture(scope="session")
def japanese_findings(node_modules: Path) -> dict[Path, list[Finding]]:
    """One textlint run over every Japanese page (about 10 s); the tests below read it per page."""
    return textlint(JA_PAGES)


@pytest.mark.parametrize("page", JA_PAGES, ids=page_id)
def test_japanese_prose(page: Path, japanese_findings: dict[Path, list[Finding]]) -> None:
    findings = japanese_findings.get(page.resolve(), [])
    lines = page.read_text(encoding="utf-8").splitlines()
    report = "\n".join(
        f"docs/{page_id(page)}:{finding}\n    | {lines[finding.line - 1].strip()[:120]}" for finding in findings
    )
    assert not findings, (
        f"textlint: {len(findings)} finding(s) on docs/{page_id(page)} "
        f"(rules: .textlintrc.yml, terms: .textlint/prh.yml):\n{report}"
    )


# --- the lint can fail -------------------------------------------------------------------------


def _prose_line(text: str, word: str, *, in_admonition: bool) -> int:
    """The index of the first line outside code and math that contains `word` (in an admonition's body, if asked)."""
    fence: str | None = None
    admonition = False
    for index, line in enumerate(text.splitlines()):
        stripped = line.strip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is not None:
            if marker and stripped == marker.group(1) and marker.group(1)[0] == fence[0]:
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        if re.match(r"(!!!|\?\?\?\+?|===)\s", line):
            admonition = True
            continue
        if line and not line.startswith(" "):
            admonition = False
        prose = re.sub(r"`[^`]*`|\$[^$]*\$", "", line)
        if word in prose and (admonition and line.startswith("    ")) == in_admonition:
            return index
    raise AssertionError(f"no page line has {word!r} in its prose")


# (preferred form, variant, in an admonition's body): the dictionary's entries for the issue's
# examples, and one inside an admonition, which plain Markdown would read as code.
VARIANTS = [
    ("縮約", "集約", False),
    ("二値", "2 値", False),
    ("ライブラリ", "ライブラリー", False),
    ("クリップ", "クリッピング", False),
    ("勾配", "グラディエント", True),
]


@pytest.mark.parametrize(("preferred", "variant", "in_admonition"), VARIANTS, ids=[v[1] for v in VARIANTS])
def test_textlint_reports_a_variant(
    node_modules: Path, tmp_path: Path, preferred: str, variant: str, in_admonition: bool
) -> None:
    for page in JA_PAGES:
        text = page.read_text(encoding="utf-8")
        try:
            index = _prose_line(text, preferred, in_admonition=in_admonition)
        except AssertionError:
            continue
        break
    else:
        pytest.fail(f"no Japanese page writes {preferred!r} in its prose")
    lines = text.splitlines(keepends=True)
    lines[index] = lines[index].replace(preferred, variant, 1)
    copy = tmp_path / page.name
    copy.write_text("".join(lines), encoding="utf-8")

    findings = textlint([copy])[copy.resolve()]
    wanted = [f for f in findings if f.rule == "prh" and f.line == index + 1 and f"{variant} => " in f.message]
    assert wanted, f"{page.name}:{index + 1}: {variant!r} was not reported; textlint said: {findings}"
    assert preferred in wanted[0].message


MARKUP_PAGE = """---
description: 数式とコードの中は調べないことを確かめるページです。
---

# 確認 { #check }

予測 $\\log (1 - y)$ と $a: b$ と `f (x)` は、どれも数式かコードです。
形 (n,) と (n, 1) は、log(0) や σ(z) と同じく記法です。

$$
\\ell = -\\left[ t \\log y + (1 - t) \\log (1 - y) \\right]
$$

!!! warning "タイトル"

    本文の{term}を調べます。

    ```python
    print("(x): y")
    ```

=== "タブ"

    | 列 | 値 |
    | --- | --- |
    | $|r|$ | 1 |
"""


def test_textlint_reads_markup_as_mkdocs_does(node_modules: Path, tmp_path: Path) -> None:
    """No finding in math, code, tuples or calls; the body of an admonition is prose."""
    clean = tmp_path / "clean.ja.md"
    clean.write_text(MARKUP_PAGE.format(term="勾配"), encoding="utf-8")
    assert textlint([clean])[clean.resolve()] == []

    variant = tmp_path / "variant.ja.md"
    variant.write_text(MARKUP_PAGE.format(term="グラディエント"), encoding="utf-8")
    findings = textlint([variant])[variant.resolve()]
    assert [(f.line, f.rule) for f in findings] == [(17, "prh")], findings


def test_glossary_terms_are_preferred_forms(node_modules: Path, tmp_path: Path) -> None:
    """No form that docs/glossary.toml uses (ja, also.ja) is a variant in the dictionary."""
    glossary = tomllib.loads((DOCS / "glossary.toml").read_text(encoding="utf-8"))
    terms = [t["ja"] for t in glossary["terms"]] + [a for t in glossary["terms"] for a in t.get("also", {}).get("ja", [])]
    page = tmp_path / "terms.ja.md"
    page.write_text("".join(f"{term}です。\n\n" for term in terms), encoding="utf-8")
    findings = [f for f in textlint([page])[page.resolve()] if f.rule == "prh"]
    assert not findings, "glossary terms the dictionary reports:\n" + "\n".join(
        f"{terms[(f.line - 1) // 2]}: {f}" for f in findings
    )


def test_without_npm_the_lint_is_skipped_outside_ci_and_fails_under_ci() -> None:
    with pytest.raises(pytest.skip.Exception, match="npm is missing"):
        ensure_node_modules(None, ci=False)
    with pytest.raises(pytest.fail.Exception, match="under CI the lint must run"):
        ensure_node_modules(None, ci=True)


# --- codespell ---------------------------------------------------------------------------------


def codespell(*paths: Path) -> subprocess.CompletedProcess[str]:
    """codespell with [tool.codespell] of pyproject.toml; paths relative to the repository in its output."""
    args = [os.path.relpath(p, ROOT) if p.is_relative_to(ROOT) else str(p) for p in paths]
    return subprocess.run(
        [sys.executable, "-m", "codespell_lib", "--toml", str(ROOT / "pyproject.toml"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_english_spelling() -> None:
    result = codespell(*EN_PAGES, ROOT / "README.md", ROOT / "src")
    assert result.returncode == 0, (
        "codespell (typos and British spellings; American English is the site's spelling; "
        f"configuration: [tool.codespell] in pyproject.toml):\n{result.stdout}{result.stderr}"
    )


def test_codespell_reports_british_spelling_and_typos(tmp_path: Path) -> None:
    page = tmp_path / "page.en.md"
    page.write_text("# Check\n\nThe behaviour is normalised.\n\nTeh loss is fine.\n", encoding="utf-8")
    result = codespell(page)
    assert result.returncode != 0
    assert f"{page}:3: behaviour ==> behavior" in result.stdout
    assert f"{page}:3: normalised ==> normalized" in result.stdout
    assert f"{page}:5: Teh ==> The" in result.stdout
