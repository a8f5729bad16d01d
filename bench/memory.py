"""Peak RSS and CPU of `rehearsal-hook check FILE` on adversarial files (issue 12's bounded
memory; bench/README.md, session 24): each shape written at each size (MiB), checked under
`/usr/bin/time -f "%M %U"`, niced, then removed.  64 MiB is read whole, larger files streamed.

    python bench/memory.py 64,128                    # every shape at 64 and 128 MiB
    python bench/memory.py 64 mdoc-line token-lines  # these shapes

The tool is the `rehearsal-hook` beside this interpreter (a venv's), or `--tool PATH`.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1 << 20
MDOC = b".Ar A_ Ns PASS Ns b "  # an mdoc line whose words join: no place to cut
TEX_IF = b"\\ifx\\a\\b A_PASSb "  # a TeX conditional never closed


def _lines_of_limit(unit: bytes) -> bytes:
    """Lines of just under 1 Mi characters (cuts.LONGEST_PIECE), blank lines between: each
    read as one piece at the limit."""
    return unit * (MIB // len(unit) - 1) + b"\n\n"


# name: the unit repeated to the size (one line unless it holds line ends)
SHAPES = {
    "mdoc-line": MDOC,
    "mdoc-lines-at-limit": _lines_of_limit(MDOC),
    "tex-if-line": TEX_IF,
    "tex-if-lines-at-limit": _lines_of_limit(TEX_IF),
    "html-comments-unclosed": b"<!--A_PASSb ",
    "css-colour-spans": b'<span style="color:#fff;background:white">A_PASSb ',
    "asciidoc-anchors": b"[[A_PASSb ",
    "img-alt-unclosed": b'<img alt="A_PASSb ',
    "roff-nested-if": b".if n .if t .ie n A_\\fB",
    "token-lines": b"A_PASS\n",
    "token-line": b"A_PASS ",
    "near-miss-lines": b"a_PASS\n",
    "near-miss-line": b"a_PASS ",
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (1800, 1800))
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", help="comma-separated sizes in MiB")
    ap.add_argument("shapes", nargs="*", help=f"of: {', '.join(SHAPES)} (default: all)")
    ap.add_argument("--tool", default=str(Path(sys.executable).with_name("rehearsal-hook")))
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        for name in a.shapes or list(SHAPES):
            unit = SHAPES[name]
            for size in (int(s) * MIB for s in a.sizes.split(",")):
                path = os.path.join(work, f"{name}-{size // MIB}M")
                with open(path, "wb") as fh:
                    fh.write(unit * (size // len(unit)))
                t0 = time.time()
                p = subprocess.run(
                    ["/usr/bin/time", "-f", "%M %U", "nice", "-n", "10", a.tool, "check", path],
                    capture_output=True,
                    text=True,
                    preexec_fn=_limits,
                    check=False,
                )
                os.unlink(path)
                rss, user = (p.stderr.strip().splitlines() or ["? ?"])[-1].split()[:2]
                verdict = (p.stdout.strip().splitlines() or [""])[-1][:90]
                peak = f"{int(rss) / 1024:7.1f} MiB" if rss.isdigit() else "?"
                print(
                    f"{name:24} {size // MIB:4} MiB  rc={p.returncode} peak {peak}  user {user} s"
                    f"  wall {time.time() - t0:6.1f} s  {verdict}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
