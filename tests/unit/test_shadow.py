"""HTML's declarative shadow roots (scan/shadow.py): a ``<template shadowrootmode>`` is its
host's shadow tree, shown in place of what the host holds -- each ``<slot>`` showing the
children assigned to it (the default slot those with no ``slot`` attribute, a named one those
naming it), the children assigned to no slot not at all."""

from __future__ import annotations

import pytest

from .scanning import everywhere

T = "CUTOVER" + "_PASS"

# (Each checked in Chromium 150: a screenshot shows ``CUTOVER_PASS``; stored, no reading
# showed it.)
SHOWN = [
    # (no slot: what the host holds is not shown)
    '<p>CUTOVER_<span><template shadowrootmode="open"></template>X</span>PASS</p>',
    "<p>CUTOVER_<span>X<template SHADOWROOTMODE=closed></template><b>Y</b></span>PASS</p>",
    # (the default slot shows the children with no slot attribute, in its place)
    '<p><span><template shadowrootmode="open">CUTOVER_<slot></slot>SS</template>PA</span></p>',
    # (a named slot those naming it)
    '<p><span><template shadowrootmode="open"><slot name=b></slot><slot name=a></slot></template>'
    "<i slot=a>PASS</i><i slot=b>CUTOVER_</i></span></p>",
    # (a slot shows its own content only when nothing is assigned to it)
    '<p><my-el><template shadowrootmode="open">CUTOVER_<slot name=n>PA</slot>SS</template>X</my-el></p>',
]


@pytest.mark.parametrize("stored", SHOWN)
def test_a_shadow_root_shows_in_place_of_what_its_host_holds(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = stored.index("CUTOVER")
    everywhere(f"x\n{stored}\ny\n", [(2, at + 1, T)], monkeypatch)


NOT_SHOWN = [
    # (a slot's own content is not shown where something is assigned to it: Chromium 150
    # shows CUTOVER_YSS)
    '<p><span><template shadowrootmode="open">CUTOVER_<slot>PA</slot>SS</template>Y</span></p>',
    # (a template that is no shadow root: another mode, or none)
    '<p>CUTOVER_<span><template shadowrootmode="x"></template>X</span>PASS</p>',
    "<p>CUTOVER_<span><template></template>X</span>PASS</p>",
    # (a child assigned to a slot the tree does not have is not shown -- nor anything else)
    '<p><span><template shadowrootmode="open">CUTOVER_<slot name=a></slot>X</template><i slot=b>PASS</i></span></p>',
]


@pytest.mark.parametrize("stored", NOT_SHOWN)
def test_what_a_shadow_root_does_not_show_stays_apart(stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(f"x\n{stored}\ny\n", [], monkeypatch)
