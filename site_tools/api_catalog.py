"""The API reference in Japanese: the docstrings stay English, their translation is a gettext catalog.

Each docstring of `src/lossdocs` is cut into paragraphs (`paragraphs`): the summary, each
paragraph of the description and of the Notes, and the description of each parameter, return
value, exception and See Also entry. Formulas (`$$...$$`), code, doctests and the Examples section
are not paragraphs: they are the same in every language. Each paragraph is one entry of its
module's catalog, `locale/ja/LC_MESSAGES/lossdocs.MODULE.po`: `msgctxt` names the object and the
paragraph (`lossdocs.regression.huber_loss, parameter delta`), `msgid` is the English text that the
translation was made from, `msgstr` the translation. So a change to one parameter's description
touches one entry.

- `update()` (`uv run python -m site_tools.api_catalog update`) writes the catalogs from the
  docstrings. An entry whose English changed keeps its old translation, marked fuzzy, with the
  old English as `#| msgid` beside it (what gettext's msgmerge does); a new paragraph whose English
  is already translated elsewhere in the package gets that translation.
- `problems()` lists what the catalogs lack: paragraphs without a translation, translations made
  from an older English text (fuzzy, or not updated yet), entries of paragraphs that are gone
  (tests/test_api_catalog.py).
- `translated()` puts the translations into a docstring, where a paragraph's English is the text
  they were made from; site_tools/api_translation.py does it for the Japanese build.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import griffe
import polib

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
LOCALE = ROOT / "locale"
PACKAGE = "lossdocs"
LANGUAGE = "ja"
UPDATE_COMMAND = "uv run python -m site_tools.api_catalog update"

# Sections whose items are named: the header line is `name : type` (or an exception's name), the
# description is indented below it. Returns and Yields are numbered instead (their header is a type).
NAMED_ITEMS = {
    "parameters": "parameter",
    "other parameters": "parameter",
    "attributes": "attribute",
    "raises": "raises",
    "warns": "warns",
}
NUMBERED_ITEMS = {"returns": "returns", "yields": "yields"}
SEE_ALSO = "see also"
VERBATIM_SECTIONS = {"examples"}  # doctests: the same on every page
LIST_ITEM = re.compile(r"(?:[-*+]|\d+\.)\s")
WIDTH = 100  # the catalogs' line width
# The catalog's first lines (polib writes each as a comment).
HEADER = """The Japanese translation of the docstrings of {module}, for the API reference.
Written by `{command}`:
translate the entries whose msgstr is empty and those marked `#, fuzzy`
(the old English is in their `#| msgid` lines), then remove the mark."""
# Inline code and math, which a translation keeps as they are.
CODE_OR_MATH = re.compile(r"``.+?``|`[^`]+`|\$[^$]+\$")


@dataclass(frozen=True)
class Paragraph:
    """One translatable paragraph of a docstring, with the lines it takes in the docstring."""

    key: str  # "summary", "paragraph 2", "parameter y_true", "returns", "see also softmax", ...
    lines: tuple[str, ...]
    indent: str = ""
    lead: str = ""  # kept before the text on its first line: the "name : " of a See Also entry

    @property
    def text(self) -> str:
        """The English text (the catalog's msgid): one line, or one line per list item."""
        parts: list[str] = []
        for number, line in enumerate(self.lines):
            words = (line[len(self.indent + self.lead) :] if number == 0 else line).strip()
            if parts and not LIST_ITEM.match(words):
                parts[-1] += " " + words
            else:
                parts.append(words)
        return "\n".join(parts)

    def written(self, text: str) -> list[str]:
        """`text` in place of the paragraph, at its indentation."""
        first, *rest = text.split("\n")
        return [self.indent + self.lead + first, *(self.indent + line for line in rest)]


Piece = str | Paragraph  # a line kept as it is, or a paragraph


def _is_dash_line(line: str) -> bool:
    return bool(line.strip()) and not line.replace("-", "").strip()


def _blocks(lines: list[str]) -> Iterator[list[str]]:
    """Runs of non-blank lines, and single blank lines; a $$ formula or a ``` fence is a block of its own."""
    block: list[str] = []
    closing = ""
    for line in lines:
        stripped = line.strip()
        if closing:  # inside a formula or a fence, blank lines included
            block.append(line)
            if stripped.startswith(closing) or (closing == "$$" and stripped.endswith("$$")):
                yield block
                block, closing = [], ""
            continue
        if not stripped or stripped.startswith(("$$", "```")):
            if block:
                yield block
            block = [line]
            if stripped.startswith("```"):
                closing = "```"
            elif stripped.startswith("$$") and stripped.count("$$") == 1:
                closing = "$$"
            else:  # a blank line, or a formula on one line
                yield block
                block = []
            continue
        block.append(line)
    if block:
        yield block


def _is_verbatim(block: list[str]) -> bool:
    first = block[0].strip()
    return not first or first.startswith(("$$", ">>>", "```"))


def _free_text(lines: list[str], name: str, first: str, indent: str = "") -> list[Piece]:
    """Paragraphs named `first`, then `name, paragraph 2`, ... (or `paragraph 2` without a name)."""
    pieces: list[Piece] = []
    count = 0
    for block in _blocks(lines):
        if _is_verbatim(block):
            pieces.extend(block)
            continue
        count += 1
        later = f"{name}, paragraph {count}" if name else f"paragraph {count}"
        key = first if count == 1 else later
        pieces.append(Paragraph(key, tuple(block), indent))
    return pieces


def _items(lines: list[str], kind: str, numbered: bool) -> list[Piece]:
    """The items of a Parameters-like section: each header line kept, its description translated."""
    pieces: list[Piece] = []
    index = 0
    count = 0
    while index < len(lines):
        header = lines[index]
        index += 1
        if not header.strip() or header.startswith(" "):
            pieces.append(header)
            continue
        end = index
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(" ")):
            end += 1
        while end > index and not lines[end - 1].strip():  # blank lines before the next item
            end -= 1
        description = lines[index:end]
        count += 1
        numbered_name = f"{kind} {count}" if count > 1 else kind  # "returns", "returns 2", ...
        name = numbered_name if numbered else f"{kind} {_name(header)}"
        pieces.append(header)
        if description:
            indent = description[0][: len(description[0]) - len(description[0].lstrip())]
            pieces.extend(_free_text(description, name, name, indent))
        index = end
    return pieces


def _name(header: str) -> str:
    return header.split(" : ", 1)[0].strip()


def _see_also(lines: list[str]) -> list[Piece]:
    """`name : description` entries (continued on indented lines): the descriptions are translated."""
    pieces: list[Piece] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        end = index + 1
        while end < len(lines) and lines[end].startswith(" ") and lines[end].strip():
            end += 1
        name, colon, _ = line.partition(" : ")
        if colon and not line.startswith(" "):
            lead = name + colon
            pieces.append(Paragraph(f"see also {name.strip()}", tuple(lines[index:end]), lead=lead))
        else:
            pieces.extend(lines[index:end])
        index = end
    return pieces


def paragraphs(docstring: str) -> list[Piece]:
    """The docstring (NumPy style) as lines kept as they are and translatable paragraphs.

    Joining the pieces' lines (`english`) gives the docstring back unchanged.
    """
    lines = docstring.split("\n")
    starts = [
        i
        for i in range(len(lines) - 1)
        if lines[i].strip() and not lines[i].startswith(" ") and _is_dash_line(lines[i + 1])
    ]
    pieces: list[Piece] = []
    preamble = lines[: starts[0]] if starts else lines
    pieces.extend(_free_text(preamble, "", "summary"))
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        title = lines[start].strip().lower()
        body = lines[start + 2 : end]
        pieces.extend(lines[start : start + 2])
        if title in VERBATIM_SECTIONS:
            pieces.extend(body)
        elif title in NAMED_ITEMS:
            pieces.extend(_items(body, NAMED_ITEMS[title], numbered=False))
        elif title in NUMBERED_ITEMS:
            pieces.extend(_items(body, NUMBERED_ITEMS[title], numbered=True))
        elif title == SEE_ALSO:
            pieces.extend(_see_also(body))
        else:  # Notes, and any other section of free text
            pieces.extend(_free_text(body, title, f"{title}, paragraph 1"))
    return _unique_keys(pieces)


def _unique_keys(pieces: list[Piece]) -> list[Piece]:
    seen: Counter[str] = Counter()
    unique: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Paragraph):
            seen[piece.key] += 1
            if seen[piece.key] > 1:
                piece = Paragraph(f"{piece.key} ({seen[piece.key]})", piece.lines, piece.indent, piece.lead)
        unique.append(piece)
    return unique


def english(pieces: list[Piece]) -> str:
    """The docstring the pieces came from."""
    return "\n".join(
        line for piece in pieces for line in (piece.lines if isinstance(piece, Paragraph) else [piece])
    )


def translated(docstring: str, translations: Mapping[str, tuple[str, str]]) -> str:
    """The docstring with each paragraph whose key maps to (its English text, a translation) translated."""
    lines: list[str] = []
    for piece in paragraphs(docstring):
        if not isinstance(piece, Paragraph):
            lines.append(piece)
            continue
        source, translation = translations.get(piece.key, ("", ""))
        lines.extend(piece.written(translation) if translation and source == piece.text else piece.lines)
    return "\n".join(lines)


def code_and_math(text: str) -> Counter[str]:
    """The inline code spans and formulas of a text, which its translation must keep."""
    return Counter(CODE_OR_MATH.findall(text))


# --- the package's docstrings ----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A paragraph of a docstring, as the catalog knows it."""

    path: str  # the object, e.g. lossdocs.regression.huber_loss
    key: str
    text: str

    @property
    def context(self) -> str:
        return context(self.path, self.key)


def context(path: str, key: str) -> str:
    return f"{path}, {key}"


def documented(module: griffe.Module) -> Iterator[griffe.Object]:
    """The module and its public objects, as the API reference shows them (aliases are imports)."""
    yield module
    for name, member in module.members.items():
        if name.startswith("_") or not isinstance(member, griffe.Object):  # private, or imported
            continue
        yield member
        if isinstance(member, griffe.Class):
            yield from (
                m for n, m in member.members.items() if not n.startswith("_") and isinstance(m, griffe.Object)
            )


def load(src: Path = SRC) -> griffe.Module:
    package = griffe.load(PACKAGE, search_paths=[str(src)])
    assert isinstance(package, griffe.Module)
    return package


def entries(package: griffe.Module) -> dict[str, list[Entry]]:
    """Every paragraph of every public module's docstrings, by module (`lossdocs.regression`)."""
    found: dict[str, list[Entry]] = {}
    for name, module in package.modules.items():
        if name.startswith("_") or not isinstance(module, griffe.Module):
            continue
        found[module.path] = [
            Entry(obj.path, piece.key, piece.text)
            for obj in documented(module)
            if obj.docstring is not None
            for piece in paragraphs(obj.docstring.value)
            if isinstance(piece, Paragraph)
        ]
    return found


# --- the catalogs ----------------------------------------------------------------------------


def catalog_path(module: str, locale: Path = LOCALE, language: str = LANGUAGE) -> Path:
    return locale / language / "LC_MESSAGES" / f"{module}.po"


def read(path: Path) -> polib.POFile | None:
    return polib.pofile(str(path), wrapwidth=WIDTH) if path.is_file() else None


def messages(catalog: polib.POFile | None) -> dict[str, polib.POEntry]:
    """The catalog's entries by msgctxt."""
    if catalog is None:
        return {}
    return {entry.msgctxt: entry for entry in catalog if entry.msgctxt and not entry.obsolete}


def translations(locale: Path = LOCALE, language: str = LANGUAGE) -> dict[str, dict[str, tuple[str, str]]]:
    """Object path -> paragraph key -> (English, translation), from every catalog of `language`.

    Fuzzy entries are left out: a translation of an older English text is not shown.
    """
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for path in sorted((locale / language / "LC_MESSAGES").glob(f"{PACKAGE}.*.po")):
        for ctxt, message in messages(read(path)).items():
            if message.msgstr and not message.fuzzy:
                obj, key = ctxt.split(", ", 1)
                found.setdefault(obj, {})[key] = (message.msgid, message.msgstr)
    return found


def write(path: Path, module: str, entries: list[polib.POEntry]) -> None:
    catalog = polib.POFile(wrapwidth=WIDTH)
    catalog.header = HEADER.format(module=module, command=UPDATE_COMMAND)
    catalog.metadata = {
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    catalog.extend(entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))


def _carried(entry: Entry, old: polib.POEntry) -> polib.POEntry:
    """`old`'s translation, flags and previous English for the paragraph `entry`."""
    return polib.POEntry(
        msgctxt=entry.context,
        msgid=entry.text,
        msgstr=old.msgstr,
        flags=list(old.flags),
        previous_msgid=old.previous_msgid,
    )


def update(src: Path = SRC, locale: Path = LOCALE) -> dict[str, Counter[str]]:
    """Write each module's catalog from its docstrings; what changed, counted per module."""
    found = entries(load(src))
    every_old = {module: messages(read(catalog_path(module, locale))) for module in found}
    memory = {  # translation memory: each English text translated anywhere, and its translation
        message.msgid: message.msgstr
        for old in every_old.values()
        for message in old.values()
        if message.msgstr and not message.fuzzy
    }
    report: dict[str, Counter[str]] = {}
    for module, module_entries in found.items():
        old = every_old[module]
        by_object = {  # the same English under another key of the same object: a paragraph moved
            (ctxt.split(", ", 1)[0], message.msgid): message
            for ctxt, message in old.items()
            if message.msgstr
        }
        counts: Counter[str] = Counter()
        written: list[polib.POEntry] = []
        for entry in module_entries:
            previous = old.get(entry.context)
            moved = by_object.get((entry.path, entry.text))
            if previous is not None and previous.msgid == entry.text:
                written.append(_carried(entry, previous))
                counts["kept"] += 1
            elif moved is not None:
                written.append(_carried(entry, moved))
                counts["moved"] += 1
            elif previous is not None and previous.msgstr:  # the English changed: fuzzy
                fuzzy = _carried(entry, previous)
                fuzzy.flags = ["fuzzy"]
                fuzzy.previous_msgid = previous.previous_msgid if previous.fuzzy else previous.msgid
                written.append(fuzzy)
                counts["fuzzy"] += 1
            else:
                text = memory.get(entry.text, "")
                written.append(polib.POEntry(msgctxt=entry.context, msgid=entry.text, msgstr=text))
                counts["reused" if text else "new"] += 1
        counts["dropped"] = len(set(old) - {entry.context for entry in module_entries})
        write(catalog_path(module, locale), module, written)
        report[module] = counts
    return report


def problems(src: Path = SRC, locale: Path = LOCALE) -> list[str]:
    """Each paragraph whose translation is missing or out of date, and each entry of a gone paragraph."""
    found: list[str] = []
    for module, module_entries in entries(load(src)).items():
        old = messages(read(catalog_path(module, locale)))
        for entry in module_entries:
            message = old.get(entry.context)
            where = f"{entry.context}: {_short(entry.text)}"
            if message is None or not message.msgstr:
                found.append(f"{where}\n    no Japanese translation")
            elif message.msgid != entry.text:
                found.append(f"{where}\n    translated from an older English text: {_short(message.msgid)}")
            elif message.fuzzy:
                found.append(
                    f"{where}\n    fuzzy: made from an older English text; check it, remove the mark"
                )
        current = {entry.context for entry in module_entries}
        found.extend(f"{ctxt}: no such paragraph any more" for ctxt in old if ctxt not in current)
    return found


def _short(text: str, size: int = 90) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= size else text[: size - 3] + "...")


def main(argv: list[str]) -> int:
    if argv != ["update"]:
        print(f"usage: {UPDATE_COMMAND}", file=sys.stderr)
        return 2
    for module, counts in update().items():
        summary = ", ".join(f"{counts[kind]} {kind}" for kind in ("new", "fuzzy", "dropped") if counts[kind])
        print(
            f"{catalog_path(module).relative_to(ROOT)}: {sum(counts.values()) - counts['dropped']} entries"
            + (f" ({summary})" if summary else "")
        )
    left = problems()
    if left:
        print(f"{len(left)} paragraph(s) to translate (empty, or marked fuzzy):")
        print("\n".join(left))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
