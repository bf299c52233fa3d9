"""The site's own Markdown extensions, listed by module name in mkdocs.yml's `markdown_extensions`.

They work on the Markdown and its HTML alone (no page, no site, no MkDocs), so any generator that
runs Python-Markdown extensions runs them, Zensical included:

- `site_tools.markdown.mathml`: the formulas of `pymdownx.arithmatex` (generic mode) as MathML;
- `site_tools.markdown.terms`: Python-Markdown's `abbr`, with term boundaries that work in Japanese
  and one mark per term and section (list it instead of `abbr`).
"""
