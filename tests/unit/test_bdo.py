"""HTML's bidirectional override element (``<bdo dir=rtl>``, allowed by GitHub's sanitizer) in
the display order reading: laid out as U+202E (RLO) ... U+202C (PDF), ``dir=ltr`` as U+202D
(LRO) -- elements.bdo_value."""

from __future__ import annotations

import pytest

from rehearsal_hook.scan import segments
from rehearsal_hook.scan.matcher import TokenMatcher, redact_text
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

M = TokenMatcher()
T = "CUTOVER" + "_PASS"

# (stored, the column of the stored text where the token's run of letters starts, as for
# U+202E in tests/unit/test_bidi.py)
SHOWN = {
    "rtl": ("<bdo dir=rtl>SSAP_REVOTUC</bdo>", 13),
    "quoted-upper-case": ('<BDO DIR="RTL">SSAP_REVOTUC</BDO >', 15),
    "other-attributes": ("<bdo title='x' dir='rtl' >SSAP_REVOTUC</bdo>", 26),
    "unclosed": ("<bdo dir=rtl>SSAP_REVOTUC", 13),
    "ltr-inside-rtl": ("<bdo dir=rtl>SSAP_<bdo dir=ltr>CUTOVER</bdo></bdo>", 13),
    "split-by-a-tag": ("<bdo dir=rtl>SSAP_<b>REVOTUC</b></bdo>", 13),
    "across-lines-in-a-comment": ("<bdo dir=rtl>SSAP_<!--\n-->REVOTUC</bdo>", 13),
    # (review of session 23, each passed; Chromium 150 shows each as CUTOVER_PASS) its attributes
    # as a browser's tokenizer reads them: a '>' in a quoted value, a reference in dir's value
    "after-a-quoted-gt": ('<bdo title=">" dir=rtl>SSAP_REVOTUC</bdo>', 23),
    "after-a-single-quoted-gt": ("<bdo title='a>b' dir='rtl'>SSAP_REVOTUC</bdo>", 27),
    "dir-reference": ('<bdo dir="&#114;tl">SSAP_REVOTUC</bdo>', 20),
    "dir-reference-last-letter": ("<bdo dir=rt&#108;>SSAP_REVOTUC</bdo>", 18),
    # (red-team pass of session 23, each passed; Chromium 150 shows each as CUTOVER_PASS) CSS's
    # override of an element's direction, laid out as <bdo> is (elements.as_bdo): the style's
    # direction or the dir attribute's, unicode-bidi's bidi-override or isolate-override, any
    # element, a closing tag as short as </b>
    "css-override": ('<span style="unicode-bidi:bidi-override;direction:rtl">SSAP_REVOTUC</span>', 55),
    "css-override-dir-attribute": ('<span dir=rtl style="unicode-bidi: bidi-override">SSAP_REVOTUC</span>', 50),
    "css-isolate-override": ('<div dir="RTL" style="Unicode-Bidi:Isolate-Override">SSAP_REVOTUC</div>', 53),
    "css-override-short-closing-tag": ('<b style="direction: rtl; unicode-bidi: bidi-override">SSAP_REVOTUC</b>', 55),
    # (a style and a dir attribute as a browser reads them: references, comments, a '>' in a value)
    "css-override-reference": ('<b style="unicode-bidi:bidi-&#111;verride;direction:rtl">SSAP_REVOTUC</b>', 57),
    "css-override-comment": ('<b style="unicode-bidi:bidi-override;direction:/**/rtl">SSAP_REVOTUC</b>', 56),
    "css-override-after-a-quoted-gt": (
        '<b title=">" style="unicode-bidi:bidi-override;direction:rtl">SSAP_REVOTUC</b>',
        62,
    ),
    "css-override-dir-reference": ('<b dir=&#114;tl style="unicode-bidi:bidi-override">SSAP_REVOTUC</b>', 51),
}
NEAR = [
    "<bdo dir=rtl>SSAP_REVOTUC</bdo>x",  # CUTOVER_PASSx: no word boundary
    "<bdo dir=ltr>SSAP_REVOTUC</bdo>",
    "<bdo>SSAP_REVOTUC</bdo>",
    "<bdo dir=rtlx>SSAP_REVOTUC</bdo>",
    "<bdo data-dir=rtl>SSAP_REVOTUC</bdo>",
    "<bdox dir=rtl>SSAP_REVOTUC</bdox>",
    # (no keyword -- blanks around it --, and the first dir decides: Chromium 150 shows each as stored)
    '<bdo dir=" rtl ">SSAP_REVOTUC</bdo>',
    "<bdo dir=ltr dir=rtl>SSAP_REVOTUC</bdo>",
    '<bdo title="dir=rtl">SSAP_REVOTUC</bdo>',
    "<bdo dir=rtl>SSAP_</bdo>REVOTUC",
    # (a direction without an override lays out a left-to-right word left to right; an
    # override left to right; an override in a value that is no style)
    '<span style="direction:rtl">SSAP_REVOTUC</span>',
    '<span dir=rtl style="unicode-bidi:embed">SSAP_REVOTUC</span>',
    '<span style="unicode-bidi:bidi-override">SSAP_REVOTUC</span>',
    '<span title="unicode-bidi:bidi-override;direction:rtl">SSAP_REVOTUC</span>',
    '<span style="unicode-bidi:bidi-override;direction:rtl">SSAP_</span>REVOTUC',
    '<b title="&#114;tl" style="unicode-bidi:bidi-&#111;verride">SSAP_REVOTUC</b>',
]


def _hits(data: bytes) -> list[tuple[int, int, str]]:
    return [(h.line, h.column, h.token) for h in scan_bytes(M, data)]


@pytest.mark.parametrize("name", list(SHOWN))
def test_a_bdo_element_is_laid_out_reversed(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    stored, column = SHOWN[name]
    text = f"first\nx {stored} y\n"
    want = [(2, column + 3, T)]
    assert [(h.line, h.column, h.token) for h in scan_str(M, text)] == want
    assert _hits(text.encode()) == want
    assert _hits(text.encode("utf-16")) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    data = text.encode()
    for size in (1, 5, 64):
        streamed = scan_file_chunks(M, lambda: (data[i : i + size] for i in range(0, len(data), size)))  # noqa: B023
        assert [(h.line, h.column, h.token) for h in streamed] == want, size
    assert scan_str(M, redact_text(M, text)) == []


@pytest.mark.parametrize("stored", NEAR)
def test_near_misses_of_bdo_stay_clean(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = f"first\nx {stored} y\n".encode()
    assert _hits(data) == []
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert [h.token for h in scan_file_chunks(M, lambda: (data[i : i + 5] for i in range(0, len(data), 5)))] == []
