"""Print the table of CSS's named colours that scan/colours.py carries (_NAMED): each name and
its hex value, from webcolors' CSS3 list (the dev extra's oracle) and CSS Color 4's one
addition, ``rebeccapurple``.  Run: python tools/gen_css_colours.py (webcolors 25.10 made the
table in the source; tests/unit/test_colours.py checks it against webcolors)."""

from __future__ import annotations

import webcolors


def table() -> dict[str, str]:
    out = {name: webcolors.name_to_hex(name, spec="css3")[1:] for name in webcolors.names("css3")}
    out["rebeccapurple"] = "663399"  # (CSS Color 4)
    return dict(sorted(out.items()))


def main() -> None:
    line = ""
    for name, value in table().items():
        part = f"{name} {value} "
        if len(line) + len(part) > 84:
            print(f"    {line!r}")
            line = ""
        line += part
    print(f"    {line!r}")


if __name__ == "__main__":
    main()
