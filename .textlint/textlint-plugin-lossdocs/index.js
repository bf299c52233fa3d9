// textlint-plugin-lossdocs: let textlint read the pages the way MkDocs renders them.
//
// textlint's built-in Markdown parser (CommonMark + GFM) does not know these parts of our pages:
//
//   - Material's admonitions, collapsible blocks and content tabs (`!!! warning "title"`,
//     `??? success "title"`, `=== "tab"`). Their bodies are indented by four spaces, so CommonMark
//     reads them as indented code blocks, and nothing in them would be checked.
//   - Math between `$...$` and `$$...$$` (pymdownx.arithmatex). CommonMark reads it as prose, so
//     `\log (1 - y)` would meet the bracket and spelling rules, and `_` or `*` may start emphasis.
//   - The front matter's `description:` line, which is shown in search results and link previews.
//   - mkdocstrings' `::: lossdocs.module` lines, which would read as prose.
//
// masking() rewrites the text before it is parsed, keeping every character's offset (and so
// every line and column number the rules report) unchanged:
//
//   - a marker `!!! ` / `??? ` / `???+ ` / `=== ` becomes `- # ` (padded with spaces): a list item
//     whose first line is a heading (the title), and whose body, still indented, is that item's
//     content: paragraphs, lists and fenced code inside it are parsed as such;
//   - `$...$` and `$$...$$` become inline code of the same length (`` `∙∙∙` `` and ``` ``∙∙∙`` ```),
//     and the content of every formula and code span is replaced by `∙` (newlines kept): no rule
//     reads TeX or code as prose, a `|` inside does not split a table cell, and sentence-length
//     can count a formula or a code span as one character (see .textlintrc.yml);
//   - a mkdocstrings line `::: lossdocs.module` becomes spaces (the API reference is English);
//   - the front matter's `---` lines and other keys become spaces, and `description:` becomes
//     `#` and spaces, so the description is checked as a heading.
//
// textlint picks the first plugin that claims `.md`, and its built-in Markdown plugin always comes
// first; so this module wraps the built-in MarkdownProcessor's processor() (the very instance
// textlint loaded) instead of registering a processor of its own. Configure it in .textlintrc.yml
// under `plugins: { lossdocs: true }`; tests/test_prose_lint.py checks that the wrapping works.
"use strict";

const path = require("node:path");

const MARKERS = /^(\s*)(!!!|\?\?\?\+?|===\+?)( +)/;
const AUTODOC = /^::: /; // mkdocstrings: `::: lossdocs.module` is replaced by the API reference
const FENCE = /^(\s*)(`{3,}|~{3,})/;

/** Replace text[start, end) with `replacement` (same length) in the array of characters. */
function put(chars, start, replacement) {
    for (let i = 0; i < replacement.length; i++) {
        chars[start + i] = replacement[i];
    }
}

/** What the content of a formula or code span is replaced with (see sentence-length in .textlintrc.yml). */
const FILLER = "\u2219"; // ∙

/** Replace a formula's TeX or a code span's code by FILLER, newlines kept. */
function fill(chars, start, end) {
    for (let i = start; i < end; i++) {
        if (chars[i] !== "\n") {
            chars[i] = FILLER;
        }
    }
}

/** Rewrite the formulas and code spans of one stretch of prose (no fenced code in it). */
function maskMath(chars, text, start, end) {
    let i = start;
    while (i < end) {
        const c = text[i];
        if (c === "\\") {
            i += 2; // an escaped character, e.g. \$
            continue;
        }
        if (c === "`") {
            // a code span: skip to the closing run of the same length
            let run = 1;
            while (text[i + run] === "`") run++;
            const ticks = "`".repeat(run);
            let j = text.indexOf(ticks, i + run);
            while (j !== -1 && j < end && text[j + run] === "`") {
                j = text.indexOf(ticks, j + run + 1);
            }
            if (j === -1 || j >= end) {
                i += run; // a lone backtick run is text
                continue;
            }
            fill(chars, i + run, j);
            i = j + run;
            continue;
        }
        if (c === "$" && text[i + 1] === "$") {
            const close = text.indexOf("$$", i + 2);
            if (close !== -1 && close < end) {
                fill(chars, i + 2, close);
                put(chars, i, "``");
                put(chars, close, "``");
                i = close + 2;
                continue;
            }
            i += 2;
            continue;
        }
        if (c === "$") {
            const lineEnd = text.indexOf("\n", i);
            const stop = lineEnd === -1 || lineEnd > end ? end : lineEnd;
            let j = i + 1;
            while (j < stop && (text[j] !== "$" || text[j - 1] === "\\")) j++;
            if (j < stop && j > i + 1) {
                fill(chars, i + 1, j);
                put(chars, i, "`");
                put(chars, j, "`");
                i = j + 1;
                continue;
            }
        }
        i++;
    }
}

/** The page's text as textlint should parse it; every character keeps its offset. */
function masking(text) {
    const chars = text.split(""); // UTF-16 code units, as textlint counts offsets
    const lines = text.split("\n");
    let offset = 0;
    let lineIndex = 0;

    // Front matter: only the description is prose.
    if (lines[0] === "---") {
        const close = lines.indexOf("---", 1);
        if (close !== -1) {
            for (let k = 0; k <= close; k++) {
                const line = lines[k];
                const m = /^description:/.exec(line);
                if (m) {
                    put(chars, offset, "#" + " ".repeat(m[0].length - 1));
                } else {
                    put(chars, offset, " ".repeat(line.length));
                }
                offset += line.length + 1;
            }
            lineIndex = close + 1;
        }
    }

    let fence = null; // {char, length} while inside fenced code
    let proseStart = offset;
    for (; lineIndex < lines.length; lineIndex++) {
        const line = lines[lineIndex];
        const f = FENCE.exec(line);
        if (fence === null) {
            if (f) {
                maskMath(chars, text, proseStart, offset);
                fence = { char: f[2][0], length: f[2].length };
            } else {
                const m = MARKERS.exec(line);
                if (AUTODOC.test(line)) {
                    put(chars, offset, " ".repeat(line.length));
                } else if (m) {
                    const width = m[2].length + m[3].length;
                    put(chars, offset + m[1].length, "- #" + " ".repeat(width - 3));
                }
            }
        } else if (f && f[2][0] === fence.char && f[2].length >= fence.length && line.trim() === f[2]) {
            fence = null;
            proseStart = offset + line.length + 1;
        }
        offset += line.length + 1;
    }
    if (fence === null) {
        maskMath(chars, text, proseStart, text.length);
    }
    return chars.join("");
}

/** The @textlint/textlint-plugin-markdown module that textlint itself uses. */
function builtinMarkdownPlugin() {
    const textlintDir = path.dirname(require.resolve("textlint/package.json"));
    const resolved = require.resolve("@textlint/textlint-plugin-markdown", { paths: [textlintDir] });
    const mod = require(resolved);
    return mod.default || mod;
}

const markdown = builtinMarkdownPlugin();
const proto = markdown.Processor.prototype;
if (!proto.__lossdocsMasking) {
    const original = proto.processor;
    proto.processor = function processor(ext) {
        const base = original.call(this, ext);
        return {
            preProcess(text, filePath) {
                return base.preProcess(masking(text), filePath);
            },
            postProcess: base.postProcess,
        };
    };
    proto.__lossdocsMasking = true;
}

/** Registered as a plugin so that .textlintrc.yml loads this file; it claims no extension itself. */
class LossdocsProcessor {
    availableExtensions() {
        return [];
    }

    processor() {
        throw new Error("textlint-plugin-lossdocs parses no file itself; it wraps the Markdown plugin");
    }
}

module.exports = { Processor: LossdocsProcessor, masking, FILLER };
