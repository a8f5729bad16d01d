"""XML's internal entities (xmlents.py): a declaration in a document type's internal subset makes
each reference after it show its replacement text.  Chromium 150 shows an SVG file declaring
``u`` as ``_`` and holding ``<text>CUTOVER&u;PASS</text>`` as the token, as an image (GitHub's
way of showing an ``.svg``) and as a page (``--dump-dom`` prints the text expanded); each shown
case passed before (round 6, readings).  Found in memory, as UTF-8 and UTF-16, and streamed it
blocks (a declaration and its references may lie in different segments).  (The declarations
are built from pieces, so that this file shows no token: the project checks itself.)"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segment_cache, xmlents
from rehearsal_hook.scan.matcher import TokenMatcher, redact_text
from rehearsal_hook.scan.patterns import compiled
from rehearsal_hook.scan.text import scan_str

from ..conftest import examples
from .scanning import CountingFind, everywhere, in_memory, in_memory_only

M = TokenMatcher()
T = "CUTOVER" + "_PASS"
E = "<!ENT" + "ITY"
SVG11 = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'


def _doc(subset: str, body: str) -> str:
    return f'<?xml version="1.0"?>\n<!DOCTYPE svg [\n{subset}\n]>\n<svg><text>{body}</text></svg>\n'


SHOWN = {
    "underscore": (_doc(f'{E} u "_">', "CUTOVER&u;PASS"), 5, 12),
    "single-quoted": (_doc(f"{E} u '_'>", "CUTOVER&u;PASS"), 5, 12),
    "one-line-subset": (f'<!DOCTYPE x [{E} u "_">]><x>CUTOVER&u;PASS</x>', 1, 34),
    "character-reference-in-value": (_doc(f'{E} u "&#95;">', "CUTOVER&u;PASS"), 5, 12),
    # (declared, ``&#38;#95;`` is written ``&#95;``, which the text then reads as ``_``)
    "reference-made-by-a-character-reference": (_doc(f'{E} u "&#38;#95;">', "CUTOVER&u;PASS"), 5, 12),
    "nested": (_doc(f'{E} u "_">\n{E} w "CUTOVER&u;">', "&w;PASS"), 6, 12),
    "nested-declared-after": (_doc(f'{E} w "CUTOVER&u;">\n{E} u "_">', "&w;PASS"), 6, 12),
    "whole-word": (_doc(f'{E} w "CUTOVER_P">', "&w;ASS"), 5, 12),
    "markup-in-value": (_doc(f'{E} u "&#60;tspan>_&#60;/tspan>">', "CUTOVER&u;PASS"), 5, 12),
    "declaration-over-lines": (_doc(f'{E}\n  u\n  "_"\n>', "CUTOVER&u;PASS"), 8, 12),
    "in-an-attribute": (_doc(f'{E} u "_">', '<a title="CUTOVER&u;PASS">x</a>'), 5, 22),
    # (a parameter entity's value is read for the declarations it makes)
    "parameter-entity": (_doc(f"{E} % p \"{E} u '_'>\">\n%p;", "CUTOVER&u;PASS"), 6, 12),
    "after-a-bom-and-comments": (
        "\ufeff<?xml version='1.0'?>\n<!-- c -->\n" + _doc(f'{E} u "_">', "CUTOVER&u;PASS")[22:],
        6,
        12,
    ),
    "after-a-comment-over-lines": (
        '<?xml version="1.0"?>\n<!--\n a licence,\n over lines\n-->\n' + _doc(f'{E} u "_">', "CUTOVER&u;PASS")[22:],
        9,
        12,
    ),
    # (a name declared nowhere shows nothing where the external subset, never loaded, or a
    # parameter entity might declare it: Chromium 150, libxml2)
    "undeclared-below-an-external-subset": (f"{SVG11}\n<svg><text>CUTOVER_&x;PASS</text></svg>\n", 2, 12),
    "undeclared-below-a-parameter-reference": (_doc(f'{E} % p "">\n%p;', "CUTOVER_&x;PASS"), 6, 12),
    "undeclared-in-a-value": (f'<!DOCTYPE svg SYSTEM "s.dtd" [{E} w "CUTOVER_&x;">]>\n<svg>&w;PASS</svg>', 2, 6),
}


@pytest.mark.parametrize("name", list(SHOWN))
def test_an_entity_shows_its_replacement_text(name: str) -> None:
    stored, line, column = SHOWN[name]
    in_memory(stored, [(line, column, T)])


@pytest.mark.parametrize(
    "stored",
    [
        _doc(f'{E} u "_">', "CUTOVER&u;PASSWORD"),
        _doc(f'{E} u "_">', "CUTOVER&x;PASS"),  # (not declared: shown as written)
        _doc(f'{E} u "_">', "CUTOVER&U;PASS"),  # (names are case-sensitive)
        _doc(f'{E} u "-">\n{E} u "_">', "CUTOVER&u;PASS"),  # (the first declaration binds)
        _doc(f'{E} u "&amp;#95;">', "CUTOVER&u;PASS"),  # (shows ``&#95;``: written once)
        _doc(f'{E} u "&u;">', "CUTOVER&u;PASS"),  # (recursion: XML's error, shown as written)
        _doc(f'{E} u SYSTEM "_">', "CUTOVER&u;PASS"),  # (external: no browser loads it)
        f'CUTOVER&u;PASS\n<!DOCTYPE x [{E} u "_">]>',  # (a reference before its declaration)
        f"{SVG11}\n<svg><text>CUTOVER_&amp;PASS</text></svg>\n",  # (predefined: shows ``&``)
    ],
)
def test_entity_near_misses_stay_clean(stored: str) -> None:
    in_memory(stored, [])


@pytest.mark.parametrize(
    "stored",
    [
        "<!DOCTYPE html>\n<p>CUTOVER_&x;PASS</p>\n",  # (HTML: shown as written)
        "<svg><text>CUTOVER_&x;PASS</text></svg>\n",  # (no document type: XML's error)
        f"x\n{SVG11}\n<svg><text>CUTOVER_&x;PASS</text></svg>\n",  # (no prolog: no XML document)
        f"<?php echo 1;\n{SVG11}\n<svg><text>CUTOVER_&x;PASS</text></svg>\n",  # (no XML: ``<?php`` never closes)
    ],
)
def test_a_text_with_no_xml_document_type_is_not_read_so(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nor does a stream of it block."""
    everywhere(stored, [], monkeypatch)


def test_a_document_with_entities_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream holding a declaration blocks, and the segment cache of a history reads such a
    blob whole."""
    for name in (
        "nested",
        "undeclared-below-an-external-subset",
        "after-a-bom-and-comments",
        "after-a-comment-over-lines",
    ):
        stored, line, column = SHOWN[name]
        assert segment_cache.whole_only(stored.encode())
        in_memory_only(stored, [(line, column, T)], monkeypatch, "XML's entity declarations", ("utf-8", "utf-16"))


def test_a_parameter_entity_built_of_references_blocks() -> None:
    stored = _doc(f"{E} % p \"&#60;!ENTITY u '_'>\">\n%p;", "CUTOVER&u;PASS")
    with pytest.raises(CannotVerify, match="parameter entity"):
        scan_str(M, stored)


@pytest.mark.parametrize(
    "subset",
    [
        # (a billion laughs: ten a level, nine levels)
        "\n".join([f'{E} a0 "xxxxxxxxxx">'] + [f'{E} a{k} "{f"&a{k - 1};" * 10}">' for k in range(1, 10)]),
        # (nested deeper than DEPTH)
        "\n".join([f'{E} a0 "_">'] + [f'{E} a{k} "&a{k - 1};">' for k in range(1, xmlents.DEPTH + 3)]),
    ],
)
def test_what_entities_write_is_bounded(subset: str) -> None:
    last = subset.rsplit("\n", 1)[-1].split()[1]
    with pytest.raises(CannotVerify, match="entities write over"):
        scan_str(M, _doc(subset, f"&{last};"))


def test_what_the_tool_prints_is_redacted_as_the_document_shows_it() -> None:
    stored = SHOWN["nested"][0]
    out = redact_text(M, stored)
    assert scan_str(M, out) == [], out


@pytest.mark.parametrize(
    "heads",
    [
        f'{E} a "' * 20_000,  # (no value closes: its quote is not looked for again)
        f"{E} a '" * 20_000 + "'",  # (one closing quote far on: found once)
        f"{E} % p \"{E} a '_' " * 20_000 + '"',  # (parameter entities' values, each searched on)
    ],
)
def test_declarations_are_found_in_linear_time(heads: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the searches for a declaration's head and for its value's closing quote pass over is
    counted: a pattern that ran each value to its closing quote from each head was quadratic."""
    head = compiled(xmlents._HEAD)

    class Counting:
        def search(self, text: str, pos: int) -> re.Match[str] | None:
            m = head.search(text, pos)
            CountingFind.searched += (m.end() if m else len(text)) - pos
            return m

    monkeypatch.setattr(xmlents, "compiled", lambda source: Counting() if source == xmlents._HEAD else compiled(source))
    text = CountingFind(_doc(heads, "x"))
    CountingFind.searched = 0
    assert list(xmlents._declarations(text, 0)) == []
    assert CountingFind.searched <= 4 * len(text), CountingFind.searched


# Pieces of a prolog and of what is not one: blanks, a BOM, the items' openers and closers, a
# document type with a subset or an external identifier, text.
_PROLOG_PIECES = [" ", "\t", "\r", "\n", "\ufeff", "<", "<?", "<?xml", "?>", "<!--", "-->", "<!DOCTYPE x ["]
_PROLOG_PIECES += ["<!DOCTYPE x SYSTEM", ">", "x", "<a>", "\u00e9", "&a;"]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_PROLOG_PIECES), max_size=8))
@example(["\ufeff", "<!DOCTYPE x ["])
@example([" ", "\n", "<!--"])
@example(["x", "<!DOCTYPE x ["])
def test_declares_is_its_prolog_read(pieces: list[str]) -> None:
    """declares answers from a text's first character where it can (a blank, ``<`` or a BOM
    may start a prolog; nothing else does): the same as its prolog read, as text and as UTF-8."""
    text = "".join(pieces)
    for each in (text, text.encode()):
        assert xmlents.declares(each) == (xmlents.prolog(each)[0] in (xmlents.DOCTYPE, xmlents.OPEN)), each
