#!/usr/bin/env python3
"""Growth hunt (issue 12, "linear cost for every input"): adversarial shapes of every construct
the scanner, the gate and the report checks read, each timed in process at S, 2S and 4S bytes
(CPU time, the fastest of a few runs), the growth per doubling printed and any over 2.6x
flagged.  Where the timers of bench/run.py measure whole commands against a reference, this
hunts for the members of the quadratic class the attackers brought: it times the pure
functions only, so start-up and noise do not hide a curve.

    .venv/bin/python bench/growth.py                      # every shape, S = 64 KiB
    .venv/bin/python bench/growth.py --only roff,tex      # the shapes whose name holds a word
    .venv/bin/python bench/growth.py --size 64 --list     # the names only
    .venv/bin/python bench/growth.py --targets stream     # the streamed scan (small chunks)
    .venv/bin/python bench/growth.py --memory --size 256  # instead: peak memory at S and 4S

``--memory`` measures each shape's peak of traced memory (tracemalloc, after a run at S/16
has compiled what the readings compile) at S and 4S bytes and flags a peak over ``MEM_FLAG``
times the input's size at 4S, or one that grew more than 6x from S to 4S: a Python object
kept per character, per NUL or per construct (an 8.4 MB UTF-16 file once took 371 MB).  A
reading that edits a piece of a line keeps an index per character of the piece (about 40
bytes each, ``indexed.Indexed``), bounded by the piece's 1 Mi characters: below S = 1024 KiB
those shapes are flagged too, and only a peak that goes on growing past that is unbounded.

Each construct (an opener, a closer and a filler holding the needle ``_PASS`` in no token)
is made into the shapes that broke a reading before: an opener never closed, many openers
then one closer, open and close alternating, nesting, a long run without a cut, many short
lines, CR-only lines.  Besides them: encodings and binary text, the gate's JSON (deep, wide,
long strings, many keys, duplicate keys), report files, file names and commit messages.

A shape whose run passes ``--cap`` seconds of CPU is stopped (SIGPROF) and flagged.  A shape
that blocks (CannotVerify) is timed to the block: blocking past a limit is the documented
answer to a large input, and the time to reach it must be linear too.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from rehearsal_hook.checks.engine import check_blob, check_path_name
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.config import Config
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes
from rehearsal_hook.sources.objects import object_message_findings, recorded_message_findings

POLICY = Policy(Config())
M = POLICY.matcher
FLAG = 2.6
# (--memory: the whole text is held and read, as a str and its readings' copies: about
# 4-5 times its bytes; a list of ints per character is 30 or more)
MEM_FLAG = 10
# A needle in a word that is no token.  (Not ``A_PASSb``: since 67a191d a needle followed by a
# letter or digit is no place where a reading can show a token -- it cannot end one --, so
# such a filler took the fast path and the hunt read nothing; an underscore may begin what
# vanishes, so ``A_PASS_b`` is a place, as a decoy an attacker writes around a token is.)
NEEDLE = "A_PASS_b "

Make = Callable[[int], bytes]


@dataclass(frozen=True)
class Shape:
    name: str
    target: str  # scan, stream, gate, report, name, message, header
    make: Make


def fill(unit: str | bytes, n: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    """``unit`` repeated to about ``n`` bytes between ``head`` and ``tail``."""
    u = unit.encode() if isinstance(unit, str) else unit
    return head + u * max(1, (n - len(head) - len(tail)) // max(1, len(u))) + tail


def _b(s: str | bytes) -> bytes:
    return s.encode() if isinstance(s, str) else s


def family(
    name: str, opener: str | bytes, closer: str | bytes, filler: str | bytes = NEEDLE, head: bytes = b""
) -> list[Shape]:
    """The adversarial shapes of one construct (``head`` starts the file: a signature that makes
    a reading apply, an RTF header, a mail header)."""
    o, c, f = _b(opener), _b(closer), _b(filler)

    def nested(n: int) -> bytes:
        k = max(1, (n - len(head)) // (2 * (len(o) + len(c)) or 1))
        return head + o * k + f + c * k

    return [
        Shape(f"{name}: opener never closed", "scan", lambda n: fill(o + f, n, head)),
        Shape(f"{name}: openers then one closer", "scan", lambda n: fill(o + b"x" + f, n, head, c)),
        Shape(f"{name}: alternating", "scan", lambda n: fill(o + f + c + b" ", n, head)),
        Shape(f"{name}: nested", "scan", nested),
        Shape(f"{name}: a run without a cut", "scan", lambda n: fill(b"x", n, head + o, c)),
        Shape(f"{name}: many short lines", "scan", lambda n: fill(o + f + b"\n", n, head, c)),
        Shape(f"{name}: CR-only lines", "scan", lambda n: fill(o + f + b"\r", n, head, c)),
        Shape(f"{name}: closers only", "scan", lambda n: fill(c + f, n, head)),
    ]


RTF = "{\\rtf1\\ansi "
QP = "Content-Transfer-Encoding: quoted-printable\n\n"
MAIL = "From: a@b\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n"

# Each reading's constructs: (name, opener, closer[, filler[, head]]) -- the modules of
# README "How the code is laid out", scan/, one by one.
CONSTRUCTS: list[tuple[str, ...]] = [
    # constructs.py, tags.py, styles.py, readings.py (the rendered reading)
    ("html comment", "<!--", "-->"),
    ("html tag", "<b ", ">"),
    ("html end tag", "</b ", ">"),
    ("html quoted attribute", '<a title="', '">'),
    ("html single-quoted attribute", "<a title='", "'>"),
    ("html hidden element", '<span style="display:none">', "</span>"),
    ("html may-hide style", '<span style="font-size:0">', "</span>"),
    ("html hidden attribute", "<div hidden>", "</div>"),
    ("html script", "<script>", "</script>"),
    ("html cdata", "<![CDATA[", "]]>"),
    ("html instruction", "<?x ", "?>"),
    ("html declaration", "<!x ", ">"),
    ("character reference", "&#", ";", "95"),
    ("character reference hex", "&#x", ";", "5f"),
    ("named reference", "&lowbar", ";", ""),
    ("percent byte", "%5", "F", "x"),
    ("string escape", "\\u00", "5f", ""),
    ("string escape braces", "\\u{", "}", "5f"),
    ("escaped line break", "x\\", "\n"),
    # terminal: constructs.py, carriage.py, cursor.py, screen.py
    ("CSI", "\x1b[", "m", "0"),
    ("CSI cursor back", "\x1b[", "D", "2"),
    ("CSI delete", "\x1b[", "P"),
    ("OSC", "\x1b]0;", "\x07"),
    ("OSC with ST", "\x1b]8;;", "\x1b\\"),
    ("8-bit CSI", "\u009b", "m"),
    ("8-bit OSC", "\u009d", "\u009c"),
    ("DCS", "\x1bP", "\x1b\\"),
    ("backspace", "x\b", "_"),
    ("carriage return", "\r", "x"),
    ("save restore", "\x1b7", "\x1b8"),
    ("tab", "\t", "x"),
    # bidi*.py, rtl_lines.py
    ("bidi override", "\u202e", "\u202c"),
    ("bidi isolate", "\u2067", "\u2069"),
    ("bidi embed", "\u202b", "\u202c"),
    ("bidi marks", "\u200f", "\u200e"),
    ("hebrew letters", "\u05e9\u05dc", "\u05dd ", "1X_PA"),
    ("arabic digits", "\u0627", "\u0661", "X_PA"),
    # normalize.py, compose.py, _unicode_table.py, indexed.py
    ("full-width", "\uff21_\uff30", "\uff33 "),
    ("combining marks", "A\u0301", "\u0332"),
    ("zero-width", "A_\u200b", "PASS "),
    ("variation selectors", "A\ufe0f", "\U000e0101"),
    ("soft hyphen", "A_\u00ad", "PASS "),
    ("keycap", "1\ufe0f\u20e3", "_"),
    # markdown.py, emphasis.py, mdlinks.py, paragraphs.py
    ("md emphasis star", "*", "*"),
    ("md emphasis underscore", "_", "_", "a_PASS b"),
    ("md strong", "**", "**"),
    ("md strike", "~~", "~~"),
    ("md code span", "`", "`"),
    ("md code span long", "```", "``"),
    ("md link", "[", "](x)"),
    ("md link destination", "[a](", ")"),
    ("md link title", '[a](x "', '")'),
    ("md angle destination", "[a](<", ">)"),
    ("md image", "![", "]"),
    ("md reference", "[", "][r]"),
    ("md autolink", "<http://", ">"),
    ("md html inline", "<span>", "</span>"),
    ("md star underscore mix", "*_", "_*"),
    ("md backslash escape", "\\*", "\\_"),
    ("md list items", "- ", "\n1. "),
    ("md fence", "```\n", "\n```\n"),
    ("md heading", "# ", "\n"),
    ("md quote", "> ", "\n"),
    # rst.py
    ("rst literal", "``", "``"),
    ("rst interpreted", "`", "`_"),
    ("rst role", ":r:`", "`"),
    ("rst substitution", "|", "|"),
    ("rst escaped blank", "A\\ ", "_PASS "),
    ("rst hyperlink", "`x <", ">`_"),
    ("rst footnote", "[#", "]_"),
    # asciidoc.py
    ("asciidoc passthrough", "+++", "+++"),
    ("asciidoc pass macro", "pass:[", "]"),
    ("asciidoc attribute", "{", "}"),
    ("asciidoc link", "link:x[", "]"),
    ("asciidoc highlight", "#", "#"),
    ("asciidoc double plus", "++", "++"),
    ("asciidoc constrained", "[.x]#", "#"),
    # pod.py
    ("pod code", "B<", ">"),
    ("pod double", "B<< ", " >>"),
    ("pod entity", "E<", ">", "95"),
    ("pod empty", "Z<", ">"),
    ("pod link", "L<", ">", "a|A_PASS_b"),
    # wiki.py
    ("mediawiki bold", "'''", "'''"),
    ("mediawiki italic", "''", "''"),
    ("creole italics", "//", "//"),
    ("creole bold", "**", "**", "A~_PASS "),
    ("creole tilde", "~", "~"),
    # org.py
    ("org link", "[[", "][a]]"),
    ("org entity", "\\", "{}", "under"),
    ("org snippet", "@@html:", "@@"),
    ("org macro", "{{{", "}}}"),
    ("org target", "<<", ">>"),
    ("org superscript", "^{", "}"),
    ("org subscript", "_{", "}"),
    ("org emphasis", "/", "/"),
    # textile.py
    ("textile bracket", "[", "]"),
    ("textile notextile", "==", "=="),
    ("textile citation", "??", "??"),
    ("textile span", "%{", "}"),
    ("textile link", '"', '":http://x'),
    ("textile acronym", "ABC(", ")"),
    ("textile deleted", "[-", "-]"),
    # rdoc.py
    ("rdoc plus", "+", "+"),
    ("rdoc label link", "{", "}[rdoc-ref:x]"),
    ("rdoc word link", "w[", "]"),
    ("rdoc tt", "<tt>", "</tt>"),
    # roff.py, joins.py
    ("roff font", "\\f[", "]"),
    ("roff font short", "\\fB", "\\fR"),
    ("roff string", "\\*[", "]"),
    ("roff special", "\\(", "ul"),
    ("roff named", "\\[", "]", "u005F"),
    ("roff join", "\\c", "\n"),
    ("roff comment join", '\\c\\"', "\n"),
    ("roff hash comment", "\\#", "\n"),
    ("roff conditional", ".if n ", "\n"),
    ("roff ie el", ".ie n ", "\n.el x\n"),
    ("roff macro", ".BR ", "\n"),
    ("roff quoted escape", "\\X'", "'"),
    ("roff C escape", "\\C'", "'", "ul"),
    ("roff nop", ".nop ", "\n"),
    ("roff zero-width", "\\&", "\\&"),
    ("roff dot lines", "x\\c\n.", "\n"),
    # roffstate.py: requests that change how the rest of a page reads
    ("roff translation", ".tr Q_\n", "Q", "A_PASS_b "),
    ("roff char", ".char \\[x] _\n", "\\[x]", "A"),
    ("roff escape char", ".ec !\n", "!fB", "A_PASS_b "),
    ("roff defined string", ".ds x _\n", "\\*x", "A"),
    ("roff control char", ".cc #\n", "#B ", "A_PASS_b "),
    # roffnames.py: a request called by another name (session 23's shapes)
    ("roff alias", ".als TR tr\n.TR Q_\n", "Q", "A_PASS_b "),
    ("roff rename", ".rn tr TR\n.TR Q_\n", "Q", "A_PASS_b "),
    ("roff request by string", ".ds x tr\n.\\*x Q_\n", "Q", "A_PASS_b "),
    ("roff alias chain", ".als T1 tr\n.als T2 T1\n.T2 Q_\n", "Q", "A_PASS_b "),
    ("roff state in a conditional", ".if n .tr Q_\n", "Q", "A_PASS_b "),
    # roff.py, joins.py: nested conditionals, motions, zero-width characters
    ("roff nested conditionals", ".if n .if t .ie n A_", "PASS_b\n", "\\fB"),
    ("roff conditional block", ".if n \\{A_", "\\}PASS_b\n", "\\fB"),
    ("roff conditional block lines", ".ie n \\{\\\n", "\n.\\}\n.el x\n"),
    ("roff motion h", "A_\\h'", "'PASS_b ", "0"),
    ("roff motion v", "A_\\v'", "'PASS_b ", "0"),
    ("roff motion in a word", "A_\\h'0", "'PASS "),
    ("roff zero-width z", "A_\\z", "xPASS "),
    # mdoc.py
    ("mdoc Ns", ".Ar A_ Ns ", "\n", "PASS Ns b "),
    ("mdoc Ns in a line", "Ar A_ Ns ", " ", "PASS Ns b", ".Sy "),
    ("mdoc Pf", ".Pf A_ ", "\n", "Ar PASS Ns b "),
    ("mdoc quoted", '.Sy "A_" Ns "', '"\n', 'PASS" Ns "b'),
    ("mdoc quote never closed", '.Sy "A_" Ns "', "\n", 'PA""SS Ns b '),
    ("mdoc Ns run", ".Ar A_", "\n", " Ns PASS Ns b"),
    ("mdoc Ap", ".Ar A_ Ap ", "\n", "PASS Ap b "),
    # texif.py: conditionals of unknown truth, \if and \ifx
    ("tex if", "\\if aa ", "\\fi "),
    ("tex ifx", "\\ifx\\a\\b ", "\\else x\\fi "),
    ("tex ifdefined", "\\ifdefined\\x ", "\\fi "),
    ("tex ifcsname", "\\ifcsname x", "\\endcsname\\fi "),
    ("tex ifcase", "\\ifcase1 ", "\\or x\\else y\\fi "),
    ("tex ifnum unknown", "\\ifnum\\x>0 ", "\\else x\\fi "),
    ("tex else only", "\\else ", "\\fi "),
    ("tex fi only", "A_", "\\fi ", "PASS"),
    # styles.py, colours.py, tags.py: colours, styles written obscurely, an image's alt text
    ("css colour equal", '<span style="color:#fff;background:white">', "</span>"),
    ("css colour rgb", '<span style="color:rgb(1 2 3 / 50%);background-color:rgba(1,2,3,.5)">', "</span>"),
    ("css colour hsl", '<span style="color:hsl(120deg 100% 50%);background:lime">', "</span>"),
    ("css colour currentcolor", '<span style="background-color:currentcolor">', "</span>"),
    ("css style escaped", '<span style="dis\\70 lay:none">', "</span>"),
    ("css style comment", '<span style="display:/**/none">', "</span>"),
    ("css style reference", '<span style="display&#58;none">', "</span>"),
    ("css zero font", '<span style="font:0/0 a">', "</span>"),
    ("img alt", '<img alt="', '">'),
    ("img alt unquoted", "<img alt=", ">"),
    ("img alt references", '<img alt="A&#95;', '">', "PASS_b"),
    # asciidoc.py: anchors, index terms, kbd and btn macros
    ("asciidoc anchor", "[[", "]]", "A_PASS_b"),
    ("asciidoc anchor text", "[[x,", "]]"),
    ("asciidoc anchor macro", "anchor:x[", "]"),
    ("asciidoc index term", "A_((", "))", "PASS_b "),
    ("asciidoc concealed index term", "A_(((", ")))PASS_b ", "x"),
    ("asciidoc indexterm macro", "indexterm:[", "]"),
    ("asciidoc kbd", "kbd:[", "]"),
    ("asciidoc btn", "btn:[", "]"),
    ("asciidoc setter", "A_{set:x:", "}PASS_b ", "y"),
    ("asciidoc superscript", "A_^", "^PASS_b ", "x"),
    # pod.py: E<> in decimal with a leading zero, hex
    ("pod entity decimal zero", "E<0", ">", "95"),
    ("pod entity hex", "E<0x", ">", "5f"),
    ("pod entity in a word", "A", "PASS ", "E<095>"),
    # syntax_hints.py, removal_lines.py: a removal inside a maker's head
    ("asciidoc removal in a reference", "&{empty}#", "95;", "A"),
    ("org removal in a reference", "&^{}#", "95;", "A"),
    ("textile removal in a reference", "&==#==", "95;", "A"),
    # tex.py, texif.py
    ("tex group", "{", "}"),
    ("tex iffalse", "\\iffalse ", "\\fi "),
    ("tex iftrue", "\\iftrue ", "\\else x\\fi "),
    ("tex ifnum", "\\ifnum1<2 ", "\\else x\\fi "),
    ("tex verb", "\\verb|", "|"),
    ("tex comment", "%", "\n"),
    ("tex textbf", "\\textbf{", "}"),
    ("tex hat", "^^", "5f"),
    ("tex url", "\\url{", "}"),
    ("tex char", "\\char", "95 "),
    ("tex uppercase", "\\uppercase{", "}"),
    ("tex control word line end", "\\relax", "\n"),
    # css.py
    ("css escape", "\\5f", " "),
    ("css content", '<style>a::after{content:"', '"}</style>'),
    ("css comment", "/*", "*/"),
    # shortcodes.py, gitformat.py, arrays.py, jqrows.py
    ("emoji shortcode", ":", ":", "parking"),
    ("emoji shortcode partial", ":o", ":"),
    ("export-subst", "$Format:", "$", "%x5f%-"),
    ("export-subst delete", "$Format:%-", "$"),
    ("json array", '["', '"]'),
    ("json array strings", '["A_", "', '"]', "PASS"),
    ("json escaped ESC", '["\\u001b[1A', '"]'),
    ("json object", '{"a":"', '"}'),
    # rtf.py
    ("rtf group", "{", "}", NEEDLE, RTF),
    ("rtf hex", "\\'", "5f", "", RTF),
    ("rtf unicode", "\\u95", "?", "", RTF),
    ("rtf hidden", "{\\v ", "}", NEEDLE, RTF),
    ("rtf bin", "\\bin5 ", "", "", RTF),
    ("rtf destination", "{\\*\\x ", "}", NEEDLE, RTF),
    # quoted.py
    ("qp byte", "=5", "F", "x", QP),
    ("qp soft break", "A_=", "\n", "PA", QP),
    ("qp blanks soft break", "A=  ", "\n", "", QP),
    ("mail encoded word", "=?utf-8?q?", "?=", "A=5F", MAIL),
    ("mail encoded word base64", "=?utf-8?b?", "?=", "QV9QQVNT", MAIL),
    ("mail encoded word open", "=?utf-8?q?", " ", "x", MAIL),
    ("mail multibyte charset", "=?shift_jis?q?", "?=", "=82=60", MAIL),
    # near.py, words.py, dense.py: needles beside what can vanish
    ("needle before syntax", "A_PA*", "SS "),
    ("needle storm", "FOO_PASS", "WORD "),
    ("needle spaced", "A _ P A S S", " "),
    ("needle and NUL", "A_PA\x00", "SS "),
    # sessions 24-28's readings: elements.py (MathML), shadow.py, mermaid.py, escaped.py
    # (control escapes), charsets.py, cursor.py (modes), embedded.py, css.py over lines,
    # yamlrows.py, textruns.py (interlinear annotations)
    ("mathml token", "<math><mi>", "</mi></math>"),
    ("mathml semantics", "<math><semantics><mi>", "</mi></semantics></math>"),
    ("mathml maction", "<math><maction><mi>", "</mi></maction></math>"),
    ("mathml phantom", "<math><mphantom>", "</mphantom></math>"),
    ("mathml blanks", "<math><mi>A_</mi> <mi>", "</mi></math>"),
    ("shadow root", '<span><template shadowrootmode="open">', "</template></span>"),
    ("shadow slot", '<template shadowrootmode="open"><slot>', "</slot></template>"),
    ("mermaid code", "#", ";", "95", "```mermaid\ngraph TD\n"),
    ("perl code point", "\\N{U+", "}", "5F"),
    ("control escape", "\\c", "H"),
    ("ruby control escape", "\\C-", "h"),
    ("bash escape E", "\\E[", "2D"),
    ("echo octal", "\\0", "137", ""),
    ("xterm charset", "\x1b(0", "\x1b(B"),
    ("xterm shift out", "\x1b)0\x0e", "\x0f"),
    ("autowrap off", "\x1b[?7l", "\x1b[?7h"),
    ("origin mode", "\x1b[?6h", "\x1b[?6l"),
    ("interlinear annotation", "\ufff9", "\ufffb"),
    ("iframe srcdoc", '<iframe srcdoc="', '"></iframe>'),
    ("data url", '<iframe src="data:text/html,', '"></iframe>'),
    ("css content lines", '<style>a::after{content:"', '"}</style>', "A_PASS_b \\\n"),
    ("yaml escaped scalar", '- "\\e[1A', '"\n', "A_PASS_b"),
    ("yaml flow over lines", "- [", "]\n", '"\\e[1A",\n'),
    ("yaml complex key", "- ? ", '\n  : "\\e[1A"\n', "k"),
    # (session 30's readings)
    ("c long hex escape", '"A\\x000', '5F"', "A_PASS_b \\x0005F"),
    ("details closed", "<details><summary>", "</summary>x</details>"),
    ("details open summary", "<details>A_<summary>", "</details>"),
    ("tex small caps", "{\\scshape ", "}"),
    ("java unicode escape uu", "\\uuuu005", "F"),
    # (session 30's readings the hunt lacked, added in session 31: Ruby's lists of code points,
    # SVG's and CSS's hiding, AsciiDoc's macros in a word, small capitals in a style, XML's
    # entities, a UTF-32 BOM's row 1)
    ("ruby code point list", "\\u{", "}", "5f 50 41 "),
    ("ruby code point list never closed", "A_\\u{", "PASS_b ", "8 8 8 "),
    ("svg text length", '<tspan textLength="0.1" lengthAdjust="spacingAndGlyphs">', "</tspan>"),
    ("svg sized away", '<svg width="0" height="0"><text y="20">', "</text></svg>"),
    ("css position off screen", '<span style="position:absolute;left:-9999px">', "</span>"),
    ("css float", '<span style="float:right">', "</span>"),
    ("css small caps", '<span style="font-variant:small-caps">', "</span>"),
    ("tex small caps sc", "{\\sc ", "}"),
    ("asciidoc xref in a word", "A_xref:id[", "]", "PASS_b "),
    ("asciidoc link in a word", "A_link:u[", "]", "PASS_b "),
    ("asciidoc footnote", "A_PASS_bfootnote:[", "] "),
    ("asciidoc icon and image", "A_PASS_bicon:x[] image:x.png[", "] "),
    ("asciidoc menu", "A_menu:", "[] ", "PASS_b"),
    ("xml entity reference", "A&u;", "PASS_b ", "x", '<!DOCTYPE x [<!ENTITY u "_">]>\n'),
    ("xml entity declarations", '<!ENTITY u "', '">', "A&v;_", "<!DOCTYPE x [<!ENTITY v '_'>\n"),
    ("xml entity nested", "&a;", "&b;", "A_PASS_b ", '<!DOCTYPE x [<!ENTITY a "&b;"><!ENTITY b "_">]>\n'),
]


def construct_shapes() -> list[Shape]:
    out: list[Shape] = []
    for entry in CONSTRUCTS:
        name, opener, closer = entry[:3]
        filler = entry[3] if len(entry) > 3 else NEEDLE
        head = entry[4].encode() if len(entry) > 4 else b""
        out += family(name, opener, closer, filler, head)
    return out


# Two constructs of readings that may meet (one reading's syntax inside another's, or two
# readings of one text), mixed (mixed_shapes).
PAIRS = [
    ("html comment", "md code span"),
    ("html tag", "md emphasis star"),
    ("md link", "html comment"),
    ("md code span", "md emphasis underscore"),
    ("html quoted attribute", "html comment"),
    ("html hidden element", "css colour equal"),
    ("img alt", "html comment"),
    ("roff font", "roff join"),
    ("roff conditional", "roff string"),
    ("roff translation", "roff font"),
    ("roff alias", "roff nested conditionals"),
    ("mdoc Ns", "roff font"),
    ("tex group", "tex iffalse"),
    ("tex verb", "tex comment"),
    ("tex if", "tex group"),
    ("tex ifx", "tex iftrue"),
    ("asciidoc passthrough", "asciidoc attribute"),
    ("asciidoc anchor", "asciidoc highlight"),
    ("asciidoc index term", "asciidoc kbd"),
    ("org link", "org emphasis"),
    ("pod code", "pod entity decimal zero"),
    ("rst literal", "rst interpreted"),
    ("CSI", "bidi override"),
    ("bidi isolate", "html tag"),
    ("character reference", "percent byte"),
    ("string escape", "md backslash escape"),
    ("css comment", "html comment"),
    ("mediawiki bold", "html tag"),
    ("textile bracket", "textile span"),
    ("rdoc plus", "md code span"),
    ("json array strings", "html comment"),
    # (session 31: the readings of session 30 with the constructs they may meet)
    ("ruby code point list", "java unicode escape uu"),
    ("c long hex escape", "string escape"),
    ("details closed", "html comment"),
    ("details open summary", "html hidden element"),
    ("svg text length", "html tag"),
    ("svg sized away", "mathml token"),
    ("css position off screen", "css style comment"),
    ("tex small caps", "tex iffalse"),
    ("asciidoc xref in a word", "asciidoc kbd"),
    ("asciidoc footnote", "asciidoc passthrough"),
    ("asciidoc menu", "asciidoc attribute"),
]


def mixed_shapes() -> list[Shape]:
    """Each pair of PAIRS mixed four ways: their openers interleaved and never closed, their
    constructs crossed (``<a <b </a </b``), alternating as lines, nested in each other."""
    by_name = {e[0]: (_b(e[1]), _b(e[2]), _b(e[3] if len(e) > 3 else NEEDLE)) for e in CONSTRUCTS if len(e) <= 4}
    out: list[Shape] = []
    for a, b in PAIRS:
        (o1, c1, f1), (o2, c2, f2) = by_name[a], by_name[b]

        def nested(n: int, o1: bytes = o1, c1: bytes = c1, o2: bytes = o2, c2: bytes = c2, f: bytes = f1) -> bytes:
            k = max(1, n // (2 * (len(o1) + len(c1) + len(o2) + len(c2))))
            return (o1 + o2) * k + f + (c2 + c1) * k

        name = f"{a} + {b}"
        out += [
            Shape(f"{name}: openers interleaved", "scan", lambda n, u=o1 + f1 + o2 + f2: fill(u, n)),
            Shape(f"{name}: crossed", "scan", lambda n, u=o1 + f1 + o2 + f2 + c1 + f1 + c2 + b" ": fill(u, n)),
            Shape(
                f"{name}: alternating lines",
                "scan",
                lambda n, u=o1 + f1 + c1 + b"\n" + o2 + f2 + c2 + b"\n": fill(u, n),
            ),
            Shape(f"{name}: nested in each other", "scan", nested),
        ]
    return out


def encoding_shapes() -> list[Shape]:
    """decode.py, textruns.py, stream_text.py: other encodings and binary text."""
    he = "\u05e9\u05dc\u05d5\u05dd \u05d0" + "1X_PASS_x "
    return [
        Shape("utf-16 text", "scan", lambda n: fill("A_PASS_b <b>x</b> ", n // 2).decode().encode("utf-16")),
        Shape("utf-16 one line no BOM", "scan", lambda n: fill("A_PASS_b ", n // 2).decode().encode("utf-16-le")),
        Shape("utf-32 text", "scan", lambda n: fill("A_PASS_b \u00e9 ", n // 4).decode().encode("utf-32")),
        Shape("windows-1255 paragraph", "scan", lambda n: (he * (n // len(he))).encode("cp1255")),
        Shape("windows-1255 lines", "scan", lambda n: ((he + "\n") * (n // len(he))).encode("cp1255")),
        # (N0's changes kept sorted: a closer with many marks after it, then pairs inside it)
        Shape(
            "right-to-left brackets and marks",
            "scan",
            lambda n: ("\u05d0 (" + "(\u05d1)" * (n // 12) + ")" + "\u0300" * (n // 12)).encode(),
        ),
        Shape("windows-1256 paragraph", "scan", lambda n: ("\u0627\u0644 1X_PASS_x " * (n // 12)).encode("cp1256")),
        Shape("latin-1 openers", "scan", lambda n: fill(b"word\x9b" + b"\x9b" * 50, n)),
        Shape("latin-1 text", "scan", lambda n: fill(b"caf\xe9 A_PASS_b ", n)),
        Shape("shift_jis text", "scan", lambda n: fill("\u3042A_PASS_b ".encode("shift_jis"), n)),
        Shape("iso-2022-jp", "scan", lambda n: fill(b'\x1b$B$"\x1b(BA_PASS_b ', n)),
        Shape("binary with NUL", "scan", lambda n: fill(b"\x00\xff\xfeA_PASS_b \x01", n)),
        Shape("binary with utf-8 runs", "scan", lambda n: fill(b"\x00\xff" + "\u00e9A_PASS_b ".encode(), n)),
        Shape("binary one utf-8 run", "scan", lambda n: fill("\u00e9A_PASS_b ".encode(), n, b"\x00\xff")),
        Shape("ascii with NULs", "scan", lambda n: fill(b"A\x00_PASS_b\x00 <b>", n)),
        Shape("utf-8 BOM text", "scan", lambda n: fill("A_PASS_b \u00e9 ", n, b"\xef\xbb\xbf")),
        Shape("one long plain line", "scan", lambda n: fill(b"x", n)),
        Shape("one long word of needles", "scan", lambda n: fill(b"AB_PASSC", n)),
        Shape("many empty lines", "scan", lambda n: fill(b"\n", n)),
        Shape("many CRs", "scan", lambda n: fill(b"\r", n)),
        Shape("CR LF lines of needles", "scan", lambda n: fill(b"A_PASS_b\r\n", n)),
        # (session 30: a BOM file's row 1 as a terminal shows it, bomrow.py; UTF-16 of Latin
        # letters read as its bytes' text runs, textruns.py)
        Shape(
            "utf-16 BOM row 1 of CRs", "scan", lambda n: fill("A\r\x1b[8C_PASS_b ", n // 2).decode().encode("utf-16")
        ),
        Shape("utf-16 latin text runs", "scan", lambda n: fill("A_PASS_b \u00e9 ", n // 2).decode().encode("utf-16")),
        Shape(
            "utf-32 BOM row 1 of CRs", "scan", lambda n: fill("A\r\x1b[8C_PASS_b ", n // 4).decode().encode("utf-32")
        ),
        Shape("utf-16 BOM row 1 of backspaces", "scan", lambda n: fill("A_\bPASS_b", n // 2).decode().encode("utf-16")),
    ]


def _json(doc: object) -> bytes:
    return json.dumps(doc).encode()


def _request(**extra: object) -> dict[str, object]:
    req: dict[str, object] = {
        "id": "r1",
        "target": "local_clone",
        "action": "rehearse",
        "required_grants": ["PRODUCTION_REHEARSAL_ONLY_CLONE"],
    }
    req.update(extra)
    return req


def gate_shapes() -> list[Shape]:
    """strictjson.py, gate.py: requests (a request path), report_files.py: reports."""
    deep = lambda o, c: lambda n: fill(o, n // 2) + fill(c, n // 2)  # noqa: E731
    shapes = [
        Shape("json deep arrays", "gate", deep("[", "]")),
        Shape("json deep objects", "gate", lambda n: fill('{"a":', n // 2) + b"1" + fill(b"}", n // 2)),
        Shape("json wide array", "gate", lambda n: _json([_request(note=list(range(n // 8)))])),
        Shape("json array of requests", "gate", lambda n: _json([_request() for _ in range(n // 140)])),
        Shape("json long string", "gate", lambda n: _json(_request(id="x" * n))),
        Shape("json long escaped string", "gate", lambda n: _json(_request(id='\u00e9"\\' * (n // 12)))),
        Shape("json string of escapes", "gate", lambda n: b'{"id":"' + b"\\u005f" * (n // 6) + b'"}'),
        Shape("json many keys", "gate", lambda n: _json(_request(**{f"k{i}": i for i in range(n // 10)}))),
        Shape(
            "json many unknown similar keys",
            "gate",
            lambda n: _json(_request(**{f"Tar_get{i}": 1 for i in range(n // 14)})),
        ),
        Shape(
            "json duplicate keys",
            "gate",
            lambda n: b'{"id":"a",' + b'"target":"local_clone",' * (n // 23) + b'"action":"x"}',
        ),
        Shape("json many grants", "gate", lambda n: _json(_request(required_grants=[f"G{i}" for i in range(n // 8)]))),
        Shape("json numbers", "gate", lambda n: b"[" + b",".join([b"1e5"] * (n // 4)) + b"]"),
        Shape("json unclosed string", "gate", lambda n: b'{"id":"' + b"x" * n),
        Shape("json many lines", "gate", lambda n: b"[\n" + b"1,\n" * (n // 3) + b"1]"),
        Shape("json whitespace", "gate", lambda n: b"{" + b" " * n + b"}"),
        Shape("json needles in values", "gate", lambda n: _json(_request(notes=["A_PASS_b"] * (n // 10)))),
    ]
    results = lambda k: [  # noqa: E731
        {
            "id": f"p{i}",
            "verdict": "FAIL_CLOSED",
            "allow": False,
            "fail_open": False,
            "token_leaked": False,
            "reasons": ["x"],
        }
        for i in range(k)
    ]
    report = lambda k: {  # noqa: E731
        "doc": "d",
        "date": "2026-12-05",
        "harness_scope": "s",
        "probe_count": k,
        "fail_closed_count": k,
        "any_fail_open": False,
        "forbidden_token_leaked": False,
        "control": {"id": "c", "allowed": True, "controls_pass": True},
        "results": results(k),
        "verdict": "ALL_FAIL_CLOSED",
        "production_mutation": False,
    }
    shapes += [
        Shape("report many results", "report", lambda n: _json(report(n // 120))),
        Shape("report deep reasons", "report", lambda n: _json({"results": [{"reasons": [[[["x"]]]]}] * (n // 30)})),
        Shape("report verdict strings", "report", lambda n: _json({"verdicts": ["verdict"] * (n // 11)})),
        Shape(
            "report nested verdict keys", "report", lambda n: fill('{"verdict":', n // 2) + b"1" + fill(b"}", n // 2)
        ),
    ]
    return shapes


def name_and_message_shapes() -> list[Shape]:
    """A file name (check_path_name) and a commit message (recorded_message_findings with the
    comment prefix ``#``, object_message_findings of a raw commit)."""
    raw_head = b"tree " + b"0" * 40 + b"\nauthor a <a> 1 +0000\ncommitter a <a> 1 +0000\nencoding shift_jis\n\n"
    return [
        Shape("name of needles", "name", lambda n: fill(b"A_PASS_b/", n)),
        Shape("name of constructs", "name", lambda n: fill(b"A_<b>PA&#x5f;\\u005f%5F/", n)),
        Shape("name not utf-8", "name", lambda n: fill(b"A_\xe9PASS_b\x9b/", n)),
        Shape("message of comment lines", "message", lambda n: fill(b"# A_PASS_b\n*y\n", n)),
        Shape("message one long line", "message", lambda n: fill(b"A_*PASS_b ", n)),
        Shape("message of paragraphs", "message", lambda n: fill(b"*y\n# c\nA*_PASS_b\n\n", n)),
        Shape(
            "raw commit, encoded message",
            "header",
            lambda n: raw_head + fill("\u3042A_PASS_b\n".encode("shift_jis"), n),
        ),
        Shape("raw commit, many headers", "header", lambda n: fill(b"x-h A_PASS_b\n", n, b"tree 0\n") + b"\nmsg\n"),
    ]


def random_shapes(count: int, seed: int) -> list[Shape]:
    """``count`` units of two to four pieces drawn from the constructs' openers, closers and
    fillers (and the needle), each repeated on one line and as lines: combinations the
    families above do not make (``--random``)."""
    import random

    r = random.Random(seed)
    pieces = sorted({p for entry in CONSTRUCTS for p in entry[1:4]} | {NEEDLE, " ", "\n", "\r"})
    out: list[Shape] = []
    for _ in range(count):
        unit = "".join(r.choice(pieces) for _ in range(r.randint(2, 4)))
        u = unit.encode("utf-8", "surrogatepass")
        out.append(Shape(f"random {unit!r}: one line", "scan", lambda n, u=u: fill(u.replace(b"\n", b" "), n)))
        out.append(Shape(f"random {unit!r}: lines", "scan", lambda n, u=u: fill(u + b"\n", n)))
    return out


def all_shapes(targets: set[str]) -> list[Shape]:
    shapes = construct_shapes() + mixed_shapes() + encoding_shapes()
    out = [s for s in shapes if "scan" in targets]
    if "stream" in targets:
        out += [Shape(s.name, "stream", s.make) for s in shapes]
    out += [s for s in gate_shapes() + name_and_message_shapes() if s.target in targets]
    return out


def _paragraph(k: int) -> bytes:
    """A Markdown paragraph of ``k`` characters (its last line end not counted) whose first
    and last lines pair: ``*y``, lines ``b``, ``A*_PASS`` shows the token."""
    head = b"*y\n" if k % 2 == 0 else b"*yy\n"
    return head + b"b\n" * ((k - len(head) - 7) // 2) + b"A*_PASS\n"


def limit_shapes() -> list[tuple[str, str, Callable[[int], bytes], int]]:
    """Each documented limit of an input's size or depth (README: ``unverifiable-reading``,
    ``request-too-large``): (name, target, make(k), the limit) -- ``make`` builds the input
    with k units, timed at the limit and one unit past it (``--limits``)."""
    from rehearsal_hook.checks import strictjson
    from rehearsal_hook.scan import bidi, bidi_explicit, cursor, paragraphs, roffnames, roffstate, xmlents

    he = "\u05d0\u05d1 1X_PASS_x "
    return [
        # (gate: a request nested k deep)
        ("json nested arrays", "gate", lambda k: b"[" * k + b"]" * k, strictjson.MAX_DEPTH),
        ("json nested objects", "gate", lambda k: b'{"a":' * k + b"1" + b"}" * k, strictjson.MAX_DEPTH),
        ("json bytes", "gate", lambda k: b'{"id":"' + b"x" * (k - 9) + b'"}', strictjson.MAX_BYTES),
        # (a Markdown paragraph of k characters whose lines pair: ``*y`` ... ``A*_PASS``)
        ("md paragraph that may pair", "scan", _paragraph, paragraphs.LONGEST),
        # (a right-to-left paragraph of k characters with no place to cut)
        ("rtl paragraph", "scan", lambda k: (he * (k // len(he) + 1))[:k].encode(), bidi.LONGEST),
        # (bidi embeddings k deep: past the depth they overflow, as UAX #9 says; no block)
        (
            "bidi embeddings",
            "scan",
            lambda k: ("\u202b" * k + "A_PASS_b" + "\u202c" * k).encode(),
            bidi_explicit.MAX_DEPTH,
        ),
        # (a terminal edit on a row of k columns)
        ("terminal row", "scan", lambda k: b"x" * k + b"\x1b[P\n", cursor.MAX_COLUMNS),
        # (roff: k characters written by a definition; k defined as other than one character;
        # an alias's name of k characters)
        # (k runs of the shown text: the request's line, each Q, the last line end)
        ("roff characters written", "scan", lambda k: b".char Q AB\n" + b"Q" * (k - 2) + b"\n", roffstate.LIMIT),
        (
            "roff characters defined",
            "scan",
            lambda k: "".join(f".char {chr(0x100 + i)} ab\n{chr(0x100 + i)}\n" for i in range(k)).encode(),
            roffstate.OTHERS,
        ),
        ("roff alias name", "scan", lambda k: b".als " + b"A" * k + b" tr\nx\n", roffnames.NAME),
        # (XML: an entity of k characters referenced once; references nested k deep)
        (
            "xml entity characters",
            "scan",
            lambda k: b'<!DOCTYPE x [<!ENTITY e "' + b"x" * k + b'">]>\n<t>A_&e;</t>\n',
            xmlents.LIMIT,
        ),
        ("xml entity depth", "scan", _entity_chain, xmlents.DEPTH),
    ]


def _entity_chain(k: int) -> bytes:
    """An XML document whose reference is replaced through ``k`` entities, each naming the
    next, the last ``_``: ``A&ek;PASS`` shows a token."""
    decl = b"".join(b'<!ENTITY e%d "&e%d;">' % (i, i - 1) for i in range(1, k + 1))
    return b'<!DOCTYPE x [<!ENTITY e0 "_">' + decl + b"]>\n<t>CUTOVER&e%d;PASS</t>\n" % k


def run_limits(cap: float, only: list[str]) -> int:
    """Each limit at its value and one unit past it: the CPU time and the outcome (a crash --
    any exception but CannotVerify -- is flagged)."""
    crashed = 0
    print(f"{'limit':34} {'units':>9} {'CPU s':>7} outcome")
    for name, target, make, limit in limit_shapes():
        if only and not any(w in name.lower() for w in only):
            continue
        for k in (limit, limit + 1):
            data = make(k)
            try:
                dt, outcome = timed(target, data, cap)
            except Exception as exc:  # (a crash is what this looks for)
                dt, outcome = 0.0, f"CRASH {type(exc).__name__}: {exc}"
                crashed += 1
            print(f"{name:34} {k:9} {dt:7.3f} {outcome}", flush=True)
    return 1 if crashed else 0


def run(target: str, data: bytes) -> object:
    if target == "scan":
        return scan_bytes(M, data)
    if target == "stream":
        return scan_file_chunks(M, lambda: (data[i : i + STREAM_CHUNK] for i in range(0, len(data), STREAM_CHUNK)))
    if target == "gate":
        return check_blob(POLICY, "x.rehearsal.json", data)
    if target == "report":
        return check_blob(POLICY, "rehearsal-x.json", data)
    if target == "name":
        return check_path_name(POLICY, data.decode("utf-8", "surrogateescape"))
    if target == "message":
        return recorded_message_findings(POLICY, data, [b"#"], "commit message")
    if target == "header":
        from rehearsal_hook.sources.objects import header_findings

        return header_findings(POLICY, data, "commit", "0" * 40) + object_message_findings(
            POLICY, data, "commit", "0" * 40
        )
    raise ValueError(target)


# The streamed scan with small stream chunks (segments.CHUNK_SIZE), so that S bytes are many
# segments and each cut's searches are exercised.
STREAM_CHUNK = 1 << 14


class Capped(Exception):
    pass


@contextmanager
def cpu_cap(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Capped

    old = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def timed(target: str, data: bytes, cap: float) -> tuple[float, str]:
    """The fastest CPU time of a few runs (more for short ones), and the outcome."""
    best, spent, outcome = float("inf"), 0.0, "ok"
    for _ in range(3):
        t0 = time.process_time()
        try:
            with cpu_cap(cap):
                result = run(target, data)
            outcome = f"{len(result)} found" if isinstance(result, list) else "ok"  # type: ignore[arg-type]
            rules = sorted({str(f.rule) for f in result if hasattr(f, "rule")}) if isinstance(result, list) else []
            outcome += f" ({', '.join(rules)})" if rules else ""
        except CannotVerify as exc:
            outcome = f"blocks: {exc.code}"
        except Capped:
            return time.process_time() - t0, "CAPPED"
        dt = time.process_time() - t0
        best, spent = min(best, dt), spent + dt
        if spent > 0.15 or dt > 0.05:
            break
    return best, outcome


def peak_memory(target: str, data: bytes, cap: float) -> tuple[int, str]:
    """The peak of memory traced while one run reads ``data``, and the outcome."""
    tracemalloc.start()
    try:
        with cpu_cap(cap):
            result = run(target, data)
        outcome = f"{len(result)} found" if isinstance(result, list) else "ok"  # type: ignore[arg-type]
    except CannotVerify as exc:
        outcome = f"blocks: {exc.code}"
    except Capped:
        outcome = "CAPPED"
    finally:
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return used, outcome


def run_memory(shapes: list[Shape], size: int, cap: float) -> list[str]:
    """``--memory``: each shape's peak at S and 4S; the flagged ones' names."""
    flagged: list[str] = []
    print(f"{'target':8} {'shape':58} {'peak MB at S, 4S':18} {'x size at 4S':12} outcome")
    for s in shapes:
        try:
            with cpu_cap(cap):
                run(s.target, s.make(max(size // 16, 1024)))
        except (CannotVerify, Capped):
            pass
        small, _ = peak_memory(s.target, s.make(size), cap)
        data = s.make(4 * size)
        big, outcome = peak_memory(s.target, data, cap)
        times = big / max(len(data), 1)
        bad = times > MEM_FLAG or (small > (1 << 20) and big > 6 * small)
        mark = "  <-- MEMORY" if bad else ""
        print(
            f"{s.target:8} {s.name[:58]:58} {small / 1e6:7.1f} {big / 1e6:9.1f}  {times:10.1f}x  {outcome}{mark}",
            flush=True,
        )
        if bad:
            flagged.append(f"{s.target}: {s.name}")
    print(
        f"\n{len(shapes)} shapes, S = {size >> 10} KiB; flagged (> {MEM_FLAG}x the input,"
        f" or > 6x from S to 4S): {len(flagged)}"
    )
    for f in flagged:
        print(f"  {f}")
    return flagged


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # (4S = 256 KiB stays within one piece of a line, readings.PIECE: crossing it is a step in
    # the cost, not a curve -- the doubling past 4S tells them apart)
    ap.add_argument("--size", type=int, default=64, help="S in KiB (default 64)")
    ap.add_argument("--part", default="1/1", help="K/N: every Nth shape from the Kth (to share the work)")
    ap.add_argument("--only", default="", help="comma-separated words: shapes whose name holds one")
    ap.add_argument("--targets", default="scan,gate,report,name,message,header", help="also: stream")
    ap.add_argument("--cap", type=float, default=10.0, help="CPU seconds a run may take before it is stopped")
    ap.add_argument("--list", action="store_true", help="list the shapes and stop")
    ap.add_argument("--random", type=int, default=0, help="instead: this many random units of constructs")
    ap.add_argument("--seed", type=int, default=1, help="the random units' seed")
    ap.add_argument("--resume", help="skip the shapes an earlier run's output (this file) already shows")
    ap.add_argument("--json", help="write the results to this file")
    ap.add_argument("--limits", action="store_true", help="instead: each documented limit, at it and one past it")
    ap.add_argument("--memory", action="store_true", help="instead: each shape's peak memory at S and 4S")
    a = ap.parse_args(argv)
    if "stream" in a.targets:
        # (the carry's limit shrunk with the chunks, as 16 to 8 MiB: a cut that waits for the
        # limit reads the carry again at each chunk, a bounded number of times -- with 16 KiB
        # chunks under a 16 MiB limit, a thousand: a curve of this bench, not of the tool)
        segments.CHUNK_SIZE = STREAM_CHUNK  # type: ignore[misc]
        segments.MAX_CARRY = 2 * STREAM_CHUNK  # type: ignore[misc]
    words = [w.strip().lower() for w in a.only.split(",") if w.strip()]
    if a.limits:
        return run_limits(a.cap, words)
    pool = random_shapes(a.random, a.seed) if a.random else all_shapes(set(a.targets.split(",")))
    shapes = [s for s in pool if not words or any(w in f"{s.target} {s.name}".lower() for w in words)]
    if a.resume:
        with open(a.resume) as fh:
            done = {line[:67].rstrip() for line in fh}
        shapes = [s for s in shapes if f"{s.target:8} {s.name[:58]}" not in done]
    k0, n0 = (int(x) for x in a.part.split("/"))
    shapes = shapes[k0 - 1 :: n0]
    if a.list:
        for s in shapes:
            print(f"{s.target:8} {s.name}")
        return 0
    size = a.size << 10
    if a.memory:
        return 1 if run_memory(shapes, size, a.cap) else 0
    flagged: list[str] = []
    results: list[dict[str, object]] = []
    print(f"{'target':8} {'shape':58} {'CPU s at S, 2S, 4S...':34} x {'per doubling':24} outcome")
    for s in shapes:
        times: list[float] = []
        outcome, k = "", 1
        # S, 2S, 4S; and on while the last doubling grew more than FLAG, up to 32S: a step
        # (a limit crossed once, such as a piece's length) is told from a curve that goes on.
        while True:
            dt, outcome = timed(s.target, s.make(k * size), a.cap)
            times.append(dt)
            grew = len(times) > 1 and times[-2] > 0 and dt / times[-2] > FLAG and dt > 0.02
            if outcome == "CAPPED" or (k >= 4 and not grew) or k >= 32:
                break
            k *= 2
        ratios = [times[i + 1] / times[i] if times[i] > 0 else 0.0 for i in range(len(times) - 1)]
        # (a ratio of runs under 20 ms says little on a shared machine: not counted)
        steep = [r > FLAG and times[i + 1] > 0.02 for i, r in enumerate(ratios)]
        bad = outcome == "CAPPED" or (bool(steep) and steep[-1])
        cells = " ".join(f"{t:.3f}" for t in times)
        rs = " ".join(f"{r:.2f}" for r in ratios)
        mark = "  <-- SUPERLINEAR" if bad else ("  (a step)" if any(steep) else "")
        print(f"{s.target:8} {s.name[:58]:58} {cells:34} x {rs:24} {outcome}{mark}", flush=True)
        if bad:
            flagged.append(f"{s.target}: {s.name}")
        results.append({"target": s.target, "shape": s.name, "times": times, "ratios": ratios, "outcome": outcome})
    print(f"\n{len(shapes)} shapes, S = {a.size} KiB; flagged (> {FLAG}x per doubling): {len(flagged)}")
    for f in flagged:
        print(f"  {f}")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"size": size, "results": results, "flagged": flagged}, fh, indent=1)
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
