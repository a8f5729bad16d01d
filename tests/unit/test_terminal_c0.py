"""A C0 control right after a terminal code's ESC, or among a two-byte escape's intermediates,
is executed where it stands and the code goes on (xterm's esc_table, VTE's parser): the code
still vanishes, moves, saves or designates as it would without it (review of session 26)."""

from __future__ import annotations

import pytest

from .scanning import everywhere, in_memory, in_memory_only

TOKEN = "CUTOVER_" + "PASS"
CASES = [
    # a two-byte escape (DECSC) after a bell: nothing drawn
    "CUTOVER_\x1b\x077PASS\n",
    # a colour after a NUL
    "CUTOVER_\x1b\x00[1mPASS\n",
    # a title (OSC) after a bell, ended by a bell
    "CUTOVER_\x1b\x07]0;t\x07PASS\n",
    # a backspace after the ESC is executed: it takes the x back
    "CUTOVER_x\x1b\x08[0mPASS\n",
]


@pytest.mark.parametrize("text", CASES)
def test_a_control_inside_a_codes_head_is_executed(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(text, [(1, 1, TOKEN)], monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "CUTOVER_\x1b\x07x7PASS\n",  # (ESC BEL x is a two-byte escape: 7 is drawn)
        "CUTOVER\x1b(\x07Bs\x1b(BPASS\n",  # (ASCII designated: s is an s)
        "CUTOVER_\x1b\x07\n[1mPASS\n",  # (a line feed is no part of a code)
    ],
)
def test_near_misses_stay_clean(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere(text, [], monkeypatch)


def test_a_designation_with_a_control_inside_draws_the_graphics_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ESC ( BEL 0`` designates the graphics set: s draws as an underscore; a stream holding
    it blocks, as one holding ``ESC ( 0`` does (the limit of a streamed reading)."""
    for text in ("CUTOVER\x1b(\x070s\x1b(BPASS\n", "CUTOVER\x1b\x07(0s\x1b(BPASS\n"):
        in_memory_only(text, [(1, 1, TOKEN)], monkeypatch, "graphics character set")


def test_a_move_after_a_control_is_followed() -> None:
    """``ESC BEL [ 3 D`` moves the cursor three columns back, as ``ESC [ 3 D`` does: PASS
    overwrites xyz."""
    in_memory("CUTOVER_xyz\x1b\x07[3DPASS\n", [(1, 1, TOKEN)])
