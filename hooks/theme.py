"""What Material's templates leave out of every page: the search dialog's name (site_tools/theme.py)."""

from __future__ import annotations

from typing import Any

from site_tools import theme


def on_post_page(output: str, **kwargs: Any) -> str:
    return theme.name_search_dialog(output)
