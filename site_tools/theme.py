"""What Material's templates leave out of a page, added to its HTML.

The search dialog's name: Material marks its search box `role="dialog"` without a name (axe's
`aria-dialog-name`); the dialog gets the label of the search field in it, which Material writes
in the page's language.
"""

from __future__ import annotations

import re

_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')
_SEARCH_LABEL = re.compile(r'<input [^>]*class="md-search__input"[^>]*\saria-label="([^"]+)"')


def name_search_dialog(output: str) -> str:
    """Give Material's search dialog the label of its search field."""
    found = _SEARCH_LABEL.search(output)
    if not found:
        return output
    return _SEARCH_DIALOG.sub(rf'\1 aria-label="{found[1]}">', output, count=1)
