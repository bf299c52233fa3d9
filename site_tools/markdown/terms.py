"""Glossary terms marked once per section, in Japanese text too: Python-Markdown's `abbr`, improved.

A Markdown extension (`site_tools.markdown.terms` in `markdown_extensions`, instead of `abbr`):
it reads abbreviation definitions as `abbr` does (`*[二乗和誤差]: sum of squared errors — ...`)
and wraps an occurrence of each term in `<abbr title="...">`, which Material shows as a tooltip
(theme feature `content.tooltips`). Two things differ from `abbr`:

- The term boundary. `abbr` matches a term only between word boundaries (`\\b`), and Japanese
  writes no spaces: it would skip 二乗和誤差 in 二乗和誤差は. Here a term matches wherever no ASCII
  letter, digit or underscore touches it: 二乗和誤差は matches, and `logit` still does not match
  inside `logits`. Like `abbr`, it leaves code and raw HTML (plots, formulas) alone; it also leaves
  headings alone, which name the section (and the table of contents) rather than use the term.
- One mark per term and section, at its first occurrence: a section is the content under one
  heading, of any level, up to the next heading. Every mark underlines its word, and a paragraph
  that says gradient descent five times would show five; the first mark is where a reader meets
  the term. The processor first marks every occurrence as `abbr` does, then walks the tree in
  reading order and turns each repeat of a term (the same tooltip, so `logit` and `logits` count
  as one) back into plain text, until the next heading.

A page keeps a term unmarked with an empty definition, `*[accuracy]: ""`, as with `abbr`.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor  # type: ignore[import-untyped]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Where `abbr` registers its tree processor; the same name replaces it.
_ABBR = ("abbr", 7)


class TermProcessor(AbbrTreeprocessor):  # type: ignore[misc]
    """The abbr extension's processor, with a term boundary that also works in Japanese text."""

    def iter_element(self, el: Any, parent: Any = None) -> None:
        if el.tag in _HEADINGS:
            return  # a heading names its section (and the table of contents): no tooltip there
        super().iter_element(el, parent)

    def run(self, root: Any) -> None:
        if not self.abbrs:
            return
        words = "|".join(re.escape(word) for word in sorted(self.abbrs, key=len, reverse=True))
        self.RE = re.compile(rf"(?<![A-Za-z0-9_])(?:{words})(?![A-Za-z0-9_])")
        self.iter_element(root)
        self.unmark_repeats(root)

    @staticmethod
    def unmark_repeats(root: Any) -> None:
        """Keep the first mark of each term per section; the later ones become plain text again."""
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: set[str] = set()
        for el in list(root.iter()):  # reading order
            if el.tag in _HEADINGS:
                seen.clear()
            elif el.tag == "abbr" and el.get("title") not in seen:
                seen.add(el.get("title"))
            elif el.tag == "abbr":
                parent = parents[el]
                text = el.text + (el.tail or "")
                index = list(parent).index(el)
                if index:
                    parent[index - 1].tail = (parent[index - 1].tail or "") + text
                else:
                    parent.text = (parent.text or "") + text
                parent.remove(el)


class TermsExtension(AbbrExtension):  # type: ignore[misc]
    """`abbr` (its definitions, its options), with `TermProcessor` in place of its tree processor."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        md.treeprocessors.register(TermProcessor(md, self.abbrs), *_ABBR)


def makeExtension(**kwargs: Any) -> TermsExtension:  # noqa: N802 (Python-Markdown's name)
    return TermsExtension(**kwargs)
