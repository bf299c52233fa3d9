/*
 * Japanese queries for Material's search (plugins.search.lang: [ja, en]).
 *
 * The search index splits Japanese text into words (TinySegmenter), but a query is only
 * split at spaces, so 交差エントロピー is looked up as one word and finds nothing.
 * Inserting a space where the script changes (kanji, hiragana, katakana, Latin) makes it
 * 交差 エントロピー, which finds the page.
 *
 * Material reads the query on `keyup` and `focus` of the search input. Listeners on
 * `document` in the capture phase run before Material's listener on the input itself.
 */
(function () {
  "use strict";

  function script(ch) {
    if (/\p{sc=Han}/u.test(ch)) return "kanji"; // includes 々
    if (/\p{sc=Hiragana}/u.test(ch)) return "hiragana";
    if (/\p{sc=Katakana}/u.test(ch)) return "katakana";
    if (/[\p{sc=Latin}0-9０-９]/u.test(ch)) return "latin";
    return null; // spaces, punctuation, symbols: no boundary next to them
  }

  function splitScripts(text) {
    var out = "";
    var previous = null;
    for (var ch of text) {
      // The long vowel mark ー continues the run it follows (エントロピー, すごーい).
      var current = ch === "ー" && previous ? previous : script(ch);
      if (current && previous && current !== previous) out += " ";
      out += ch;
      previous = current;
    }
    return out;
  }

  function onQueryEvent(event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches("[data-md-component=search-query]"))
      return;
    if (event.isComposing) return; // the IME is still composing: leave the text alone
    var value = input.value;
    var split = splitScripts(value);
    if (split === value) return;
    // Keep the caret where it was, counting the spaces inserted before it.
    var caret = splitScripts(value.slice(0, input.selectionStart || 0)).length;
    input.value = split;
    input.setSelectionRange(caret, caret);
  }

  document.addEventListener("keyup", onQueryEvent, true);
  document.addEventListener("focus", onQueryEvent, true);

  // A query from the address (/?q=...) is in the field before this script runs: split it and
  // let Material read it again.
  var field = document.querySelector("[data-md-component=search-query]");
  if (field && field.value) field.dispatchEvent(new KeyboardEvent("keyup"));
})();
