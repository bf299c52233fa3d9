"""The site's own Markdown extensions (site_tools/markdown/), run by Python-Markdown alone: no MkDocs.

mkdocs.yml lists them by module name, as any generator that runs Python-Markdown extensions
(Zensical included) reads them; so do these tests.
"""

from __future__ import annotations

import re

import markdown

MATH = ["pymdownx.arithmatex", "site_tools.markdown.mathml"]
MATH_CONFIG = {"pymdownx.arithmatex": {"generic": True}}
TERMS = ["site_tools.markdown.terms"]


def math(text: str) -> str:
    return markdown.markdown(text, extensions=MATH, extension_configs=MATH_CONFIG)


# --- site_tools.markdown.mathml -------------------------------------------------------------------


def test_an_inline_formula_becomes_mathml_with_its_tex_kept() -> None:
    html = math(r"The loss $E = -\sum_k t_k \log y_k$ is small.")
    assert html.startswith(
        '<p>The loss <span class="arithmatex"><math xmlns="http://www.w3.org/1998/Math/MathML"'
    )
    assert 'display="inline"><semantics><mrow><mi>E</mi><mo>&#x0003D;</mo>' in html
    assert "<mo>&#x02211;</mo>" in html, "the sum sign"
    assert '<mi>log</mi><mspace width="0.1667em"></mspace>' in html, "a thin space after log, as TeX sets it"
    annotation = (
        r'<annotation encoding="application/x-tex" data-search-exclude>E = -\sum_k t_k \log y_k</annotation>'
    )
    assert annotation + "</semantics></math></span> is small.</p>" in html
    assert "$" not in html
    assert "\\(" not in html


def test_a_display_formula_becomes_block_mathml() -> None:
    html = math("Before.\n\n$$\n\\frac{1}{2} (y - t)^2\n$$\n\nAfter.")
    block = re.search(r'<div class="arithmatex">(.*?)</div>', html, re.DOTALL)
    assert block, html
    assert block[1].startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><semantics>')
    assert "<mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac>" in block[1]
    assert "\\[" not in html


def test_a_function_name_before_a_parenthesis_gets_no_space() -> None:
    html = math(r"$\log(y)$ and $\exp x$")
    assert re.search(r"<mi>log</mi><mo[^>]*>&#x00028;</mo>", html), html
    assert '<mi>exp</mi><mspace width="0.1667em"></mspace><mi>x</mi>' in html


def test_tex_is_escaped_in_the_annotation_and_code_is_left_alone() -> None:
    html = math("$a < b$, but `$a < b$` is code.")
    assert '<annotation encoding="application/x-tex" data-search-exclude>a &lt; b</annotation>' in html
    assert "<code>$a &lt; b$</code>" in html


def test_without_arithmatex_nothing_changes() -> None:
    text = r"Plain $x$ and \(y\)."
    assert markdown.markdown(text, extensions=["site_tools.markdown.mathml"]) == markdown.markdown(text)


# --- site_tools.markdown.terms --------------------------------------------------------------------


def test_a_term_is_marked_at_its_first_occurrence_in_each_section() -> None:
    text = (
        "二乗和誤差は、二乗和誤差です。\n\n"
        "もう一度、二乗和誤差。\n\n"
        "## 次の節\n\n"
        "ここでも二乗和誤差です。\n\n"
        "*[二乗和誤差]: sum of squared errors — SSE"
    )
    html = markdown.markdown(text, extensions=TERMS)
    mark = '<abbr title="sum of squared errors — SSE">二乗和誤差</abbr>'
    assert html == (
        f"<p>{mark}は、二乗和誤差です。</p>\n"
        "<p>もう一度、二乗和誤差。</p>\n"
        "<h2>次の節</h2>\n"
        f"<p>ここでも{mark}です。</p>"
    )


def test_terms_replace_abbr_and_keep_its_options() -> None:
    # Listed instead of `abbr`: definitions from the text, or from the `glossary` option.
    html = markdown.markdown(
        "A logit, two logits; the logit again.",
        extensions=TERMS,
        extension_configs={"site_tools.markdown.terms": {"glossary": {"logit": "L"}}},
    )
    assert html == '<p>A <abbr title="L">logit</abbr>, two logits; the logit again.</p>'


def test_headings_and_code_keep_their_text() -> None:
    html = markdown.markdown("# 勾配\n\n`勾配` と勾配\n\n*[勾配]: gradient", extensions=TERMS)
    assert html == '<h1>勾配</h1>\n<p><code>勾配</code> と<abbr title="gradient">勾配</abbr></p>'
