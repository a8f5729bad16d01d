"""A line of mdoc's macros (BSD manual pages, ``groff -mdoc`` and mandoc) as it shows, for
roff.py: the macro names vanish, and what joins words with no space between them does.

A line is ``.Xx`` (a macro of mdoc's, HEAD) and its arguments, split at spaces (a tab is part
of a word; a quoted one, ``""`` a quote in it, to its closing quote; an escape part of its
word).  An argument that is a callable macro's name calls it: the name shows nothing, and
the words around it keep their space -- but ``Ns``, which removes the space before what
follows, and ``Pf`` (and a line's head ``.Pf``), whose next argument is a prefix shown with
no space after it; ``Ap`` shows an apostrophe with no space around it.  So ``.Ar CUTOVER Ns
_PASS``, ``.Pf CUTOVER_ Ar PASS`` and ``.Sy "CUTOVER" Ns "_PASS"`` show one word (groff
1.22.4 ``-mdoc -Tutf8`` and mandoc 1.14.6 both).  ``\\&Ns`` is a word, not a call.
(Limits: ``.Ns`` alone on its line, ``.Xo``/``.Xc`` and ``.Sm off`` join words across lines
and are not read; the delimiters mdoc sets with no space, ``(`` and ``)``, join no word
characters.)
"""

from __future__ import annotations

import re

from rehearsal_hook.scan.indexed import Edit

# mdoc's callable macros (a word that calls one shows nothing of its name), and the others
# that head a line.
_CALLABLE = (
    "Ac|Ad|An|Ao|Ap|Aq|Ar|At|Bc|Bo|Bq|Brc|Bro|Brq|Bsx|Bx|Cd|Cm|Dc|Do|Dq|Dv|Dx|Ec|Em|En|Eo|Er|Es|Ev|"
    "Fa|Fc|Fl|Fn|Fo|Fr|Ft|Fx|Ic|Li|Lk|Ms|Mt|Nm|No|Ns|Nx|Oc|Oo|Op|Ot|Ox|Pa|Pc|Pf|Po|Pq|Qc|Ql|Qo|Qq|"
    "Sc|So|Sq|St|Sx|Sy|Ta|Tn|Ux|Va|Vt|Xc|Xo|Xr"
)
HEAD = r"(?:" + _CALLABLE + r"|Nd|It|Sh|Ss|D1|Dl|Em|%[A-Z])"
_CALLS = frozenset(_CALLABLE.split("|"))
# A word of the arguments: quoted (to its closing quote, ``""`` a quote in it; an unclosed
# one to the line's end), or up to a space (an escape part of it).
_WORD = re.compile(r'"(?:[^"\r\n]|"")*+"?|(?:\\[^\r\n]|[^ \r\n\\])++|\\')
_SPACES = re.compile(" *+")


def edits(line: str, head_end: int, pf: bool, escapes: dict[int, int]) -> tuple[list[Edit], int]:
    """The edits of an mdoc line's arguments from ``head_end`` (after its macro's name and
    spaces; ``pf``: the head is ``.Pf``) -- a call's name gone, ``Ns`` and ``Pf``'s prefix
    joined, quotes gone -- and where they end.  ``escapes``: each escape's end by its start
    (an escape is part of a word)."""
    out: list[Edit] = []
    joined = pf  # (the next word is a prefix: the spaces after it vanish)
    pos = head_end
    while pos < len(line) and line[pos] not in "\r\n":
        m = _WORD.match(line, pos)
        if m is None:  # (spaces)
            pos = _SPACES.match(line, pos).end()  # type: ignore[union-attr]
            continue
        end = m.end()
        # (an escape that runs past the word, \\c's join: the arguments end)
        if any(escapes.get(k, k) > end for k in range(m.start(), end) if line[k] == "\\"):
            return out, pos
        after = _SPACES.match(line, end).end()  # type: ignore[union-attr]
        word = m.group()
        if word in _CALLS:
            if word in ("Ns", "Ap"):
                before = pos  # (back over the spaces before it: a slice of the line was quadratic)
                while before > head_end and line[before - 1] == " ":
                    before -= 1
                out.append((before, after, "'" if word == "Ap" else ""))
            else:
                out.append((m.start(), after, ""))
            joined = word == "Pf"
        else:
            if word.startswith('"'):
                out.append((m.start(), m.start() + 1, ""))
                out += [(k, k + 1, "") for k in range(m.start() + 1, end - 1) if line[k : k + 2] == '""']
                if end - m.start() > 1 and word.endswith('"'):
                    out.append((end - 1, end, ""))
            if joined and after > end:
                out.append((end, after, ""))
            joined = False
        pos = after
    return sorted(set(out)), pos
