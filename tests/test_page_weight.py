"""Page weight: the plots are written compactly (site_tools/svg.py) and the weight is counted right.

The limit itself is checked on every page in tests/test_browser.py (`test_page_weight_is_under_the_limit`),
where each page is opened anyway; `uv run python -m benchmarks.page_weight` prints the numbers.
"""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np

from benchmarks import page_weight
from site_tools.svg import compact_svg, unique_svg_ids

matplotlib.use("svg")
import matplotlib.pyplot as plt

SVG = "{http://www.w3.org/2000/svg}"


def _plot() -> str:
    """A plot like the pages' ones, with a mathtext label (drawn as several <tspan>s) and a legend."""
    plt.rcParams.update({"svg.hashsalt": "lossdocs", "svg.fonttype": "none", "font.size": 11})
    x = np.linspace(0.01, 3.0, 301)
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot(x, np.log(x), label="log")
    ax.set(yscale="symlog", xlabel=r"$10^{-1}$ and text", title="loss")
    ax.legend()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg[svg.index("<svg") :])


def test_compact_plot_draws_the_same() -> None:
    original = _plot()
    compact = compact_svg(original)
    before, after = _tree(original), _tree(compact)

    assert len(compact) < 0.8 * len(original)
    assert "<metadata" not in compact
    assert 'transform="rotate(-0 ' not in compact
    # The same SVG elements, in the same order, with the same texts and ids; only the metadata is gone.
    drawn = [e for e in before.iter(f"{SVG}*") if e.tag != f"{SVG}metadata"]
    kept = list(after.iter(f"{SVG}*"))
    assert [(e.tag, (e.text or "").strip(), e.get("id")) for e in kept] == [
        (e.tag, (e.text or "").strip(), e.get("id")) for e in drawn
    ]
    # Coordinates to a hundredth of a point, each within half of one of where it was.
    for old, new in zip(drawn, kept, strict=True):
        for name in ("x", "y", "width", "height", "d"):
            if old.get(name) is None:
                continue
            old_numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", old.get(name, ""))]
            new_numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", new.get(name, ""))]
            assert np.allclose(old_numbers, new_numbers, rtol=0, atol=0.005 + 1e-9), (name, old.attrib)
            assert not re.search(r"\.\d{3}", new.get(name, ""))
    # The labels inherit the font family they share most, written once on the <svg> element.
    families = re.findall(r"font-family: ([^;\"]+)", original)
    common = max(set(families), key=families.count)
    assert after.get("style") == f"font-family: {common}"
    assert compact.count(f"font-family: {common};") + compact.count(f'font-family: {common}"') == 1
    assert len(re.findall("font-family: ", compact)) == len(families) - families.count(common) + 1


def test_text_keeps_its_spaces() -> None:
    text = '<text>\n   <tspan x="1.234567">1</tspan>\n   <tspan x="7">0</tspan>\n  </text>'
    svg = f'<svg id="a">\n <g>\n  {text}\n </g>\n</svg>'
    assert compact_svg(svg) == f'<svg id="a"><g>{text.replace("1.234567", "1.23")}</g></svg>'


def test_only_plots_are_compacted() -> None:
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M 1.23456 2"/></svg>'
    page = icon + _plot() + _plot()
    result = unique_svg_ids(page)
    assert result.startswith(icon)
    assert 'id="plot-1-figure_1"' in result
    assert 'id="plot-2-figure_1"' in result
    assert len(result) < 0.8 * len(page)


def test_weight_counts_text_gzipped_and_images_as_they_are() -> None:
    text = ("<p>損失関数</p>" * 500).encode()
    weight = page_weight.Weight()
    weight.add("http://127.0.0.1/x/", "document", text, "text/html")
    weight.add("http://127.0.0.1/search/search_index.json", "xhr", text, "application/json")
    weight.add("http://127.0.0.1/assets/javascripts/lunr/tinyseg.js", "other", text, "text/javascript")
    weight.add("http://127.0.0.1/assets/images/favicon.png", "other", b"\x89PNG" * 100, "image/png")
    assert weight.requests == 4
    assert weight.raw == 3 * len(text) + 400
    assert weight.raw_by_kind == {
        "html": len(text),
        "css": 0,
        "js": len(text),
        "search index": len(text),
        "other": 400,
    }
    assert weight.gzip_by_kind["other"] == 400
    assert weight.gzip_by_kind["html"] == len(
        gzip.compress(text, compresslevel=page_weight.GZIP_LEVEL, mtime=0)
    )
    assert weight.gzip == 3 * weight.gzip_by_kind["html"] + 400


def test_print_page_is_exempt_and_others_are_not() -> None:
    assert page_weight.exempt_reason("/print/")
    assert page_weight.exempt_reason("/en/print/")
    assert not page_weight.exempt_reason("/offline/")
    assert not page_weight.exempt_reason("/en/classification-losses/")
    assert not page_weight.exempt_reason("/en/")
