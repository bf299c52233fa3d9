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
        pytest.fail(
            f"textlint did not run (exit {result.returncode}):\n{result.stderr[:3000]}", pytrace=False
        )
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
        f"docs/{page_id(page)}:{finding}\n    | {lines[finding.line - 1].strip()[:120]}"
        for finding in findings
    )
    assert not findings, (
        f"textlint: {len(findings)} finding(s) on docs/{page_id(page)} "
        f"(rules: .textlintrc.yml, terms: .textlint/prh.yml):\n{report}"
    )


# --- the lint can fail -------------------------------------------------------------------------


def _prose_line(text: str, word: str, *, in_admonition: bool) -> int:
    """The first line outside code and math with `word` in it (in an admonition body, if asked)."""
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


def glossary_forms() -> list[str]:
    """The Japanese forms of docs/glossary.toml: each term's `ja` and its `also.ja`."""
    terms = tomllib.loads((DOCS / "glossary.toml").read_text(encoding="utf-8"))["terms"]
    return [t["ja"] for t in terms] + [form for t in terms for form in t.get("also", {}).get("ja", [])]


@dataclass(frozen=True)
class Probe:
    """A page written for the tests below, and what textlint found on it."""

    path: Path
    line: int  # 1-based line of interest
    findings: list[Finding]


@pytest.fixture(scope="module")
def probes(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Probe]:
    """The probe pages, linted in one textlint run (each run costs a few seconds of start-up)."""
    folder = tmp_path_factory.mktemp("prose-lint")
    pages: dict[str, tuple[Path, int]] = {}
    for preferred, variant, in_admonition in VARIANTS:
        # A copy of the first page that writes the preferred form, with the variant in its place.
        for page in JA_PAGES:
            text = page.read_text(encoding="utf-8")
            try:
                index = _prose_line(text, preferred, in_admonition=in_admonition)
            except AssertionError:
                continue
            lines = text.splitlines(keepends=True)
            lines[index] = lines[index].replace(preferred, variant, 1)
            copy = folder / f"{len(pages)}-{page.name}"
            copy.write_text("".join(lines), encoding="utf-8")
            pages[variant] = (copy, index + 1)
            break
    markup_line = next(n for n, text in enumerate(MARKUP_PAGE.splitlines(), start=1) if "{term}" in text)
    for name, term in (("markup-clean", "勾配"), ("markup-variant", "グラディエント")):
        path = folder / f"{name}.ja.md"
        path.write_text(MARKUP_PAGE.replace("{term}", term), encoding="utf-8")
        pages[name] = (path, markup_line)
    terms = folder / "glossary-terms.ja.md"
    terms.write_text("".join(f"{form}です。\n\n" for form in glossary_forms()), encoding="utf-8")
    pages["glossary"] = (terms, 0)
    findings = textlint([path for path, _ in pages.values()])
    return {key: Probe(path, line, findings[path.resolve()]) for key, (path, line) in pages.items()}


@pytest.mark.parametrize(("preferred", "variant"), [v[:2] for v in VARIANTS], ids=[v[1] for v in VARIANTS])
def test_textlint_reports_a_variant(probes: dict[str, Probe], preferred: str, variant: str) -> None:
    """A page with a dictionary's preferred form replaced by its variant fails, naming prh."""
    assert variant in probes, f"no Japanese page writes {preferred!r} in its prose"
    probe = probes[variant]
    wanted = [
        f
        for f in probe.findings
        if f.rule == "prh" and f.line == probe.line and variant in f.message.partition(" => ")[0]
    ]
    assert wanted, (
        f"{probe.path.name}:{probe.line}: {variant!r} was not reported; textlint said: {probe.findings}"
    )
    assert preferred in wanted[0].message.partition(" => ")[2]


def test_textlint_reads_markup_as_mkdocs_does(probes: dict[str, Probe]) -> None:
    """No finding in math, code, tuples or calls; the body of an admonition is prose."""
    assert probes["markup-clean"].findings == []
    variant = probes["markup-variant"]
    assert [(f.line, f.rule) for f in variant.findings] == [(variant.line, "prh")], variant.findings


def test_glossary_terms_are_preferred_forms(probes: dict[str, Probe]) -> None:
    """No form that docs/glossary.toml uses (ja, also.ja) is a variant in the dictionary."""
    forms = glossary_forms()
    reported = [f for f in probes["glossary"].findings if f.rule == "prh"]
    assert not reported, "glossary forms that .textlint/prh.yml reports as variants:\n" + "\n".join(
        f"{forms[(f.line - 1) // 2]}: {f}" for f in reported
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
