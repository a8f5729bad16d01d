"""CSS's colours as styles.py compares a text's with its background's (scan/colours.py): the
named colours' table is webcolors' (tools/gen_css_colours.py made it), and every form of one
colour reads the same."""

from __future__ import annotations

import pytest
import webcolors

from rehearsal_hook.scan import colours


@pytest.mark.parametrize("name", webcolors.names("css3"))
def test_every_named_colour_is_webcolors(name: str) -> None:
    rgb = webcolors.name_to_rgb(name, spec="css3")
    assert colours.parse(name.upper()) == (float(rgb.red), float(rgb.green), float(rgb.blue), 1.0)


WHITE = (255.0, 255.0, 255.0, 1.0)


@pytest.mark.parametrize(
    "value",
    [
        "white",
        "#fff",
        "#FFFF",
        "#ffffff",
        "#ffffffff",
        "rgb(255, 255, 255)",
        "RGB(255 255 255)",
        "rgb(100% 100% 100%)",
        "rgba(255,255,255,1)",
        "rgb(255 255 255 / 100%)",
        "rgb(300, 255, 255)",  # (clamped)
        "hsl(0, 0%, 100%)",
        "hsla(120deg 50% 100% / 1)",
        "hsl(0.5turn 0% 100%)",
    ],
)
def test_every_form_of_white_is_invisible_on_white(value: str) -> None:
    found = colours.parse(value)
    assert found is not None, value
    assert colours.invisible_on(found, WHITE), value


@pytest.mark.parametrize(
    ("text", "background", "invisible"),
    [
        ("green", "hsl(120, 100%, 25%)", True),  # (127.5 and 128: no eye tells them apart)
        ("rebeccapurple", "#639", True),
        ("rgba(0,0,0,.5)", "black", True),  # (half black over black is black)
        ("rgba(0,0,0,.5)", "white", False),
        ("#fff", "#eee", False),
        ("#fff", "rgba(255,255,255,.5)", False),  # (the background behind it shows through)
        ("white", "transparent", False),
    ],
)
def test_a_text_colour_on_a_background(text: str, background: str, invisible: bool) -> None:
    t, b = colours.parse(text), colours.parse(background)
    assert t is not None and b is not None
    assert colours.invisible_on(t, b) is invisible


@pytest.mark.parametrize(
    "value", ["currentcolor", "inherit", "var(--white)", "#ggg", "#12345", "rgb(1, 2)", "hsl(1foo 0% 0%)", "url(x)"]
)
def test_a_value_that_names_no_colour_known_here(value: str) -> None:
    assert colours.parse(value) is None
