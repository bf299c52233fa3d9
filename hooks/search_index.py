"""Write the search index as UTF-8 text, not as `\\uXXXX` escapes, and without spaces.

Material's search fetches `search/search_index.json` on every page (one index for both
languages, merged by mkdocs-static-i18n). Python's `json.dump` writes every Japanese character
as a six-byte escape such as `\\u640d`; the same JSON written as UTF-8 is the same data for the
browser (JSON is UTF-8) and smaller: with the formulas' TeX left out of the index
(hooks/mathml.py), 773 kB became 662 kB, or 181 kB gzipped 161 kB (2026-11-27).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority


@event_priority(-150)  # after mkdocs-static-i18n has merged the languages' entries (-100)
def on_post_build(config: Any, **kwargs: Any) -> None:
    if getattr(config["plugins"].get("i18n"), "building", False):  # another language, mid-build
        return
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
