"""The Japanese API reference: every docstring paragraph has a translation made from its English.

site_tools/api_catalog.py cuts the docstrings of `src/lossdocs` into paragraphs; the catalogs
`locale/ja/LC_MESSAGES/lossdocs.MODULE.po` hold their translations, each beside the English it was
made from. A paragraph whose English changed, or that is new, fails here, with the object and the
paragraph, until the catalog is updated (`uv run python -m site_tools.api_catalog update`) and the
entry translated. The Japanese text keeps the docstring's structure, formulas, code and examples,
and passes the same lint as the Japanese pages (textlint with the prh dictionary).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import griffe
import polib
import pytest

from site_tools import api_catalog, api_translation
from tests.conftest import in_ci
from tests.test_prose_lint import ensure_node_modules, textlint

PACKAGE = api_catalog.load()
DOCUMENTED = [
    obj
    for name, module in PACKAGE.modules.items()
    if not name.startswith("_")
    for obj in api_catalog.documented(module)
    if obj.docstring is not None
]
TRANSLATIONS = api_catalog.translations()
SPHINX_ROLE = re.compile(r":(?:func|mod|class|meth|attr):(?=`)")


def _path(obj: griffe.Object) -> str:
    return obj.path


def _japanese(obj: griffe.Object) -> str:
    assert obj.docstring is not None
    return api_catalog.translated(obj.docstring.value, TRANSLATIONS.get(obj.path, {}))


def test_every_paragraph_has_an_up_to_date_translation() -> None:
    problems = api_catalog.problems()
    assert not problems, (
        f"{len(problems)} docstring paragraph(s) without an up-to-date Japanese translation. Run "
        f"`{api_catalog.UPDATE_COMMAND}`, then translate the empty entries and those marked fuzzy in "
        "locale/ja/LC_MESSAGES/ (README, 'Translate the API reference'):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("obj", DOCUMENTED, ids=_path)
def test_paragraphs_give_the_docstring_back(obj: griffe.Object) -> None:
    assert obj.docstring is not None
    pieces = api_catalog.paragraphs(obj.docstring.value)
    assert api_catalog.english(pieces) == obj.docstring.value


@pytest.mark.parametrize("obj", DOCUMENTED, ids=_path)
def test_formulas_code_and_examples_are_not_paragraphs(obj: griffe.Object) -> None:
    assert obj.docstring is not None
    pieces = api_catalog.paragraphs(obj.docstring.value)
    texts = [piece.text for piece in pieces if isinstance(piece, api_catalog.Paragraph)]
    assert not [text for text in texts if "$$" in text or ">>>" in text or "```" in text]
    titles = [  # where each section starts: its title, then a line of dashes
        i
        for i in range(len(pieces) - 1)
        if isinstance(pieces[i], str)
        and isinstance(pieces[i + 1], str)
        and set(pieces[i + 1].strip()) == {"-"}
    ]
    for start, end in zip(titles, [*titles[1:], len(pieces)], strict=False):
        if pieces[start] == "Examples":
            assert all(isinstance(piece, str) for piece in pieces[start:end]), obj.path


def _shape(sections: list[griffe.DocstringSection]) -> list[object]:
    """What a translation must not change: section kinds, names, types, formulas and examples."""
    shape: list[object] = []
    for section in sections:
        value = section.value
        if isinstance(section, griffe.DocstringSectionText):
            shape.append(("text", [line for line in value.split("\n") if line.lstrip().startswith("$$")]))
        elif isinstance(section, griffe.DocstringSectionExamples):
            shape.append(("examples", value))
        elif isinstance(section, griffe.DocstringSectionAdmonition):
            shape.append(("admonition", value.kind))
        else:
            items = [(getattr(item, "name", ""), str(item.annotation)) for item in value]
            shape.append((section.kind.value, items))
    return shape


@pytest.mark.parametrize("obj", DOCUMENTED, ids=_path)
def test_japanese_docstring_keeps_the_structure(obj: griffe.Object) -> None:
    """Parsed as NumPy docstrings, both languages have the same sections, items, formulas and examples."""
    assert obj.docstring is not None
    english = griffe.Docstring(obj.docstring.value, parent=obj, parser="numpy").parse()
    japanese = griffe.Docstring(_japanese(obj), parent=obj, parser="numpy").parse()
    assert _shape(japanese) == _shape(english)


def test_translations_keep_inline_code_and_math() -> None:
    """A translation has the same `code` spans and $math$ as its English (in any order)."""
    changed = [
        f"{obj}, {key}: English {sorted(api_catalog.code_and_math(source).elements())}, "
        f"Japanese {sorted(api_catalog.code_and_math(japanese).elements())}"
        for obj, paragraphs in TRANSLATIONS.items()
        for key, (source, japanese) in paragraphs.items()
        if api_catalog.code_and_math(source) != api_catalog.code_and_math(japanese)
    ]
    assert not changed, "translations that drop, add or change code or math:\n" + "\n".join(changed)


def test_docstrings_read_in_the_language_being_built() -> None:
    """Loaded with the extension (as mkdocs.yml does), a docstring is English unless Japanese is built."""
    extensions = griffe.load_extensions("site_tools.api_translation")
    package = griffe.load(
        api_catalog.PACKAGE,
        search_paths=[str(api_catalog.SRC)],
        extensions=extensions,
        docstring_parser="numpy",
    )
    try:
        for obj in DOCUMENTED:
            docstring = package[obj.path.split(".", 1)[1]].docstring
            assert isinstance(docstring, api_translation.TranslatedDocstring), obj.path
            api_translation.use_language("en")
            assert docstring.value == obj.docstring.value, obj.path  # type: ignore[union-attr]
            api_translation.use_language("ja")
            assert docstring.value == _japanese(obj), obj.path
    finally:
        api_translation.use_language(None)
    function = package["regression.huber_loss"]
    api_translation.use_language("ja")
    try:
        titles = [
            s.title for s in function.docstring.parsed if isinstance(s, griffe.DocstringSectionAdmonition)
        ]
    finally:
        api_translation.use_language(None)
    assert titles == ["関連項目"]
    assert [
        s.title for s in function.docstring.parsed if isinstance(s, griffe.DocstringSectionAdmonition)
    ] == ["See Also"]


def test_translations_pass_the_japanese_lint(tmp_path: Path) -> None:
    """The translations as one page, linted like docs/*.ja.md (.textlintrc.yml, .textlint/prh.yml)."""
    ensure_node_modules(shutil.which("npm"), in_ci())
    lines: list[str] = []
    where: dict[int, str] = {}
    for obj, paragraphs in TRANSLATIONS.items():
        for key, (_, japanese) in paragraphs.items():
            for line in japanese.split("\n"):
                where[len(lines) + 1] = f"{obj}, {key}"
                lines.append(SPHINX_ROLE.sub("", line))  # `:func:` is markup, as in the English
            lines.append("")
    page = tmp_path / "api-translations.ja.md"
    page.write_text("\n".join(lines), encoding="utf-8")
    findings = textlint([page]).get(page.resolve(), [])
    report = "\n".join(f"{where.get(f.line, '?')}: {f}\n    | {lines[f.line - 1][:120]}" for f in findings)
    assert not findings, f"textlint: {len(findings)} finding(s) in the translations (locale/ja/):\n{report}"


# --- a changed docstring fails until the catalog is updated --------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    """The package and the catalogs, copied and brought in step: (src, locale).

    (The update makes the copy's catalogs independent of docstrings changed but not yet updated.)
    """
    src, locale = tmp_path / "src", tmp_path / "locale"
    shutil.copytree(api_catalog.SRC / api_catalog.PACKAGE, src / api_catalog.PACKAGE)
    shutil.copytree(api_catalog.LOCALE, locale)
    api_catalog.update(src, locale)
    return src, locale


def _entry(locale: Path, module: str, context: str) -> polib.POEntry:
    return api_catalog.messages(api_catalog.read(api_catalog.catalog_path(module, locale)))[context]


def _translated_parameter(src: Path, locale: Path) -> tuple[str, str, api_catalog.Paragraph]:
    """(module, function, paragraph) of the first parameter description with an up-to-date translation."""
    translations = api_catalog.translations(locale)
    for module in api_catalog.load(src).modules.values():
        source = (src / Path(*module.path.split("."))).with_suffix(".py").read_text(encoding="utf-8")
        for obj in api_catalog.documented(module):
            done = translations.get(obj.path, {})
            for piece in api_catalog.paragraphs(obj.docstring.value if obj.docstring else ""):
                if (
                    isinstance(piece, api_catalog.Paragraph)
                    and piece.key.startswith("parameter ")
                    and done.get(piece.key, ("", ""))[0] == piece.text
                    and "summary" in done
                    and source.count(piece.lines[0].strip()) == 1  # to change this one paragraph alone
                ):
                    return module.path, obj.path, piece
    raise AssertionError("no translated parameter description to change")


def test_a_changed_paragraph_fails_until_it_is_translated_again(copy: tuple[Path, Path]) -> None:
    src, locale = copy
    before = set(api_catalog.problems(src, locale))
    module, function, paragraph = _translated_parameter(src, locale)
    context = api_catalog.context(function, paragraph.key)
    old = _entry(locale, module, context)

    # The author changes one paragraph of one docstring.
    source_file = (src / Path(*module.split("."))).with_suffix(".py")
    source = source_file.read_text(encoding="utf-8")
    first_line = paragraph.lines[0].strip()
    changed_line = "Changed: " + first_line
    source_file.write_text(source.replace(first_line, changed_line), encoding="utf-8")
    new = set(api_catalog.problems(src, locale)) - before
    assert len(new) == 1, new
    (message,) = new
    assert message.startswith(f"{context}: 'Changed: "), message
    assert "translated from an older English text" in message

    # The update keeps the old translation, marked fuzzy, beside the old English; still failing.
    api_catalog.update(src, locale)
    entry = _entry(locale, module, context)
    assert entry.fuzzy
    assert entry.msgstr == old.msgstr
    assert entry.previous_msgid == old.msgid
    assert entry.msgid.startswith("Changed: ")
    summary = _entry(locale, module, api_catalog.context(function, "summary"))
    assert not summary.fuzzy, "only the changed paragraph is marked"
    new = set(api_catalog.problems(src, locale)) - before
    assert [m.split("\n")[1].strip().split(":")[0] for m in new] == ["fuzzy"], new
    # Meanwhile the Japanese page shows that paragraph in English, the others in Japanese.
    changed = griffe.load(api_catalog.PACKAGE, search_paths=[str(src)])[function.split(".", 1)[1]]
    translations = api_catalog.translations(locale)[function]
    shown = api_catalog.translated(changed.docstring.value, translations)
    assert changed_line in shown
    assert translations["summary"][1] in shown

    # The translator checks the entry and removes the mark: the paragraph passes again.
    path = api_catalog.catalog_path(module, locale)
    catalog = api_catalog.read(path)
    assert catalog is not None
    api_catalog.messages(catalog)[context].flags.remove("fuzzy")
    api_catalog.write(path, module, list(catalog))
    assert set(api_catalog.problems(src, locale)) == before


def test_update_is_stable(copy: tuple[Path, Path]) -> None:
    """A second update changes no byte: the catalogs only change where the docstrings did."""
    src, locale = copy
    api_catalog.update(src, locale)
    first = {path: path.read_bytes() for path in sorted(locale.rglob("*.po"))}
    api_catalog.update(src, locale)
    assert {path: path.read_bytes() for path in sorted(locale.rglob("*.po"))} == first


TWICE_HUBER = '''

def twice_huber_loss(y_true, y_pred, *, delta=1.0):
    """Twice the Huber loss.

    Parameters
    ----------
    delta : float, default 1.0
        As in `huber_loss`.
    """
    return 2 * huber_loss(y_true, y_pred, delta=delta)
'''


def test_update_reuses_a_translation_of_the_same_english(copy: tuple[Path, Path]) -> None:
    """A new function whose parameter reads like another's gets that translation (not fuzzy)."""
    src, locale = copy
    module = src / "lossdocs" / "regression.py"
    module.write_text(module.read_text(encoding="utf-8") + TWICE_HUBER, encoding="utf-8")
    counts = api_catalog.update(src, locale)["lossdocs.regression"]
    assert (counts["new"], counts["reused"]) == (1, 1), counts  # the summary, and `delta`
    entry = _entry(locale, "lossdocs.regression", "lossdocs.regression.twice_huber_loss, parameter delta")
    assert not entry.fuzzy
    assert entry.msgstr == TRANSLATIONS["lossdocs.regression.huber_loss_grad"]["parameter delta"][1]
