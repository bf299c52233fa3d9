"""Run each build-time code block (markdown-exec) again only when it or the package changes.

The Japanese and English pages carry byte-identical plot blocks, and `mkdocs serve` rebuilds
every page on each change. This hook wraps markdown-exec's formatter in a cache keyed on the
block's source and options and on the source code of lossdocs (and on benchmarks/results.json,
which the performance page's tables and plot read), so a plot is drawn again only when its code,
the package or the results changed, and a plot can still never disagree with the code. The
cache is a folder of HTML files, `.cache/exec/` (ignored by git; delete it to start afresh).
A block whose run logged a warning (markdown-exec logs a failing block that way) is not kept,
so a broken plot fails every strict build, not only the first.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "lossdocs"
RESULTS = ROOT / "benchmarks" / "results.json"  # read by the blocks of docs/performance.*.md
CACHE = ROOT / ".cache" / "exec"
EXEC_LOGGER = "mkdocs.plugins.markdown_exec"


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def package_digest() -> str:
    """A digest of every source file of lossdocs and of the committed benchmark results."""
    digest = hashlib.sha256()
    for source in [*sorted(PACKAGE.rglob("*.py")), RESULTS]:
        if source.is_file():
            digest.update(source.read_bytes())
    return digest.hexdigest()


class CachedFormatter:
    """markdown-exec's formatter, keeping the HTML of every block it has run in CACHE."""

    def __init__(self, formatter: Callable[..., str], package: str) -> None:
        self.formatter = formatter
        self.package = package

    def __call__(
        self, source: str, language: str, css_class: str, options: dict[str, Any], *args: Any, **kwargs: Any
    ) -> str:
        key = repr((self.package, language, source, sorted(options.items())))
        cached = CACHE / f"{hashlib.sha256(key.encode()).hexdigest()}.html"
        if cached.is_file():
            return cached.read_text(encoding="utf-8")
        warnings = _WarningCounter()
        logger = logging.getLogger(EXEC_LOGGER)
        logger.addHandler(warnings)
        try:
            html = self.formatter(source, language, css_class, options, *args, **kwargs)
        finally:
            logger.removeHandler(warnings)
        if not warnings.count:
            CACHE.mkdir(parents=True, exist_ok=True)
            cached.write_text(html, encoding="utf-8")
        return html


def on_config(config: Any, **kwargs: Any) -> Any:
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    package = package_digest()
    for fence in fences:
        formatter = fence.get("format")
        if fence.get("name") == "python" and formatter is not None:
            original = formatter.formatter if isinstance(formatter, CachedFormatter) else formatter
            fence["format"] = CachedFormatter(original, package)
    return config
