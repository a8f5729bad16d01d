"""Print the table of groff's special character names that scan/roff.py carries
(_GLYPH_TABLE): every two-character name rendered once by the installed groff (-Tutf8), each
with the code points it shows in hex.  A name groff does not define shows nothing and is left
out.  Run: python tools/gen_roff_glyphs.py (groff 1.22.4 made the table in the source)."""

from __future__ import annotations

import re
import subprocess


def main() -> None:
    chars = [chr(c) for c in range(33, 127) if chr(c) not in "\\]"]
    names = [a + b for a in chars for b in chars]
    source = ".nf\n.ll 1000\n" + "".join(f"@{k}@\\[{n}]@\n" for k, n in enumerate(names))
    out = subprocess.run(["groff", "-Tutf8", "-P-cbuo"], input=source.encode(), capture_output=True, check=True)
    table = {names[int(m.group(1))]: m.group(2) for m in re.finditer(r"@(\d+)@(.*?)@", out.stdout.decode())}
    line = ""
    for name, shown in sorted((k, v) for k, v in table.items() if v):
        part = f"{name} {'+'.join(f'{ord(c):X}' for c in shown)} "
        if len(line) + len(part) > 84:
            print(f"    {line!r}")
            line = ""
        line += part
    print(f"    {line!r}")


if __name__ == "__main__":
    main()
