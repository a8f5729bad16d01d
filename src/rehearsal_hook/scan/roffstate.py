"""roff's document state: the requests that change how the REST of a manual page reads, as
groff 1.22.4 ``-man -Tutf8`` shows it (README, the scanner's reading 12).

* a translation, ``.tr``, ``.trnt``, ``.trin``: its argument's characters in pairs, from the
  next line on the first shown as the second (``.tr Q_``; a last one alone as a blank) -- a
  character is a plain one or a special character (``\\(ul``, ``\\[ul]``, ``\\_``: its glyph;
  ``\\[u005F]``, ``\\&``... as written, which the roff reading of the shown text reads); a
  translation applies only to what follows it, and a character translated twice shows the
  last (``.tr QP`` then ``.tr P_`` shows ``Q`` as ``P``: no chain);
* a character defined, ``.char``, ``.fchar``, ``.schar``, ``.fschar``: shown as its string
  (removed by ``.rchar``);
* the escape character, ``.ec X`` (``X`` then escapes, ``.ec`` alone ``\\`` again), ``.eo``
  (no escape: its escapes are read all the same, which can only add), ``.ecs``/``.ecr``;
* the control characters, ``.cc X`` and ``.c2 X``;
* a string, ``.ds name value`` (``.ds1``; ``.as``, ``.as1`` append), its value read in copy
  mode (``\\\\`` one backslash, a use interpolated), shown where ``\\*x``, ``\\*(xx`` or
  ``\\*[name]`` uses it (all from the use's backslash);

each also behind ``.do`` and in a conditional a terminal shows (joins.ROFF_CONDITIONAL).

The shown text is the stored text with each such request's line blanked (a request shows
nothing) and every later line as the state shows it: the escape character written ``\\``,
translated characters and defined ones replaced outside escapes and macro names, a special
character translated replaced whole, a control line's control character written ``.`` or
``'``.  It is read as any text is (text.scan_bytes, scan_str: shown.py), so every reading of
the roff source (escapes, font macros, ``\\c`` joins) applies to what the state makes.  Most
of it keeps one stored character a character; what a translation or definition writes in
place of one character is mapped to that character (shown.Builder).  Linear: one search for such a
request (may_change; most text holds none), then one regex pass per stretch between two.
(Limits: a stream does not read it -- StreamGate blocks; past LIMIT characters written for
others, or as many places where the lengths differ, it blocks; a request renamed or aliased
(``.rn``, ``.als``) or called through a macro or a string is read where it is written.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan.roffnames import STRING, Names
from rehearsal_hook.scan.shown import Builder

# The requests that change the state (``f?s?char``: char, fchar, schar, fschar).
_STATE = r"tr(?:nt|in)?|f?s?char|rchar|ec[sr]?|eo|cc|c2|[da]s1?"
REQUESTS = ("tr", "trnt", "trin", "char", "fchar", "schar", "fschar", "rchar", "ec", "ecs", "ecr", "eo", "cc", "c2")
_END = r"(?![^ \t\r\n])"
# Such a request with the default control characters (the first one always has them), from
# its line's start, also after any conditional (``{if}``, below, is the one a terminal shows:
# the gate takes more, which shown() reads exactly, and needs no joins.py on a hook's path).
# (And an alias or a new name of one of them, roffnames.py: a string holding one's name is
# defined by one of them, ``.ds``.)
GATE = (
    r"[.'][ \t]*+(?:i[fe][ \t][^\n]*?[.'][ \t]*+|el[ \t][^\n]*?[.'][ \t]*+)?(?:do[ \t]++)?(?:(?:"
    + _STATE
    + ")"
    + _END
    + r"|(?:als|rn)[ \t][^\n]*?(?<![^ \t])(?:"
    + _STATE
    + "|als|rn)"
    + _END
    + ")"
)
# Such a request with any control character (checked against the state's: a pattern per
# control character would be compiled per ``.cc``).
# (``{name}``: theirs and roffnames.TRACKED's, any once one is aliased; or a string's value.)
_REQUEST = r"(?:^|(?<=\n))(?P<cc>[^\n])[ \t]*+(?:{if}(?P<inner>[^\n])[ \t]*+)?(?:do[ \t]++)?(?:" + STRING + "|{name})"
_OWN = r"(?P<name>" + _STATE + "|als|rn)" + _END
_ANY = r"(?P<name>[^ \t\r\n]++)"
# A special character named between delimiters, ``\\C'ul'``, and one numbered, ``\\N'95'``
# (names up to 64 characters: bounded, linear).
_DELIMITED = r"C(?P<cd>[^\n])(?P<quoted>(?:(?!(?P=cd))[^\n]){0,64})(?P=cd)|N(?P<nd>[^\n])[0-9]{1,7}(?P=nd)"
# A character of a request's argument: a special character (``\\(xx``, ``\\[name]``,
# ``\\C'name'``, ``\\_``, ``\\N'95'``), another escape, or a plain character.
_CHARACTER = (
    r"\\(?:\((?P<two>[^\n]{2})|\[(?P<named>[^\]\n]{0,64})\]|" + _DELIMITED + r"|(?P<ul>_)"
    r"|[fFkmMVYgn*$s](?:\([^\n]{2}|\[[^\]\n]{0,64}\]|[^\n(\[])|[^\n])|[^\n]"
)
_PLAIN = r"[^\n]"
# A string's use, ``\\*x``, ``\\*(xx``, ``\\*[name]`` (``\\*[name args]``: the name), after its ``\\``.
_STRING = r"\*(?:\((?P<s2>[^\n]{2})|\[(?P<sn>[^\]\n \t]{0,64}+)(?:[ \t][^\]\n]{0,64}+)?\]|(?P<s1>[^\n(\[]))"
# A value in copy mode: a use interpolated, ``\\\\`` one backslash.
_COPY = r"\\(?:" + _STRING + r"|(?P<backslash>\\))"
# What a text line keeps as written: an escape (a special character's name in it, a font's,
# a string's..., a comment to its line's end) and a control line's control character and name.  Names within ``[...]``
# up to 64 characters (a longer one is read from its ``[`` on as text: bounded, linear).
_ESCAPE = (
    r"(?P<escape>\\(?:[\"#][^\n]*+|(?P<ul>_)|" + _STRING + "|"
    r"\((?P<two>[^\n]{2})|\[(?P<named>[^\]\n]{0,64})\]|" + _DELIMITED + r"|"
    r"[fFkmMVYgn*$](?:\([^\n]{2}|\[[^\]\n]{0,64}\]|[^\n(\[])|s[-+]?(?:\([^\n]{2}|\[[^\]\n]{0,64}\]|[0-9]{1,2})|[^\n]))"
)
_HEAD = r"(?P<head>(?:^|(?<=\n))(?P<c>{c})(?P<macro>[ \t]*+[^ \t\r\n\\]*+))"

# Past this many characters written in place of others, or places where the shown text's
# length differs from the stored, the reading blocks (bounded memory: a defined character
# used a million times); past OTHERS characters defined as more or less than one character
# (each change compiles the pattern that finds them again: bounded, linear).
LIMIT = 1 << 20
OTHERS = 256


def may_change(text: str) -> bool:
    """Whether ``text`` holds a request that changes how the rest of it reads."""
    at_start, after_lf = _gates_s()
    return at_start.match(text) is not None or after_lf.search(text) is not None


def may_change_b(data: bytes) -> bool:
    """may_change for bytes.  (The search visits every line feed: 0.17 s CPU over bench's
    corpus, 266 MiB and 5.7 million lines; ``b"\\n." in data`` first cost 0.28 s.)"""
    at_start, after_lf = _gates_b()
    return at_start.match(data) is not None or after_lf.search(data) is not None


@functools.cache
def _gates_s() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The gate at a text's start and after a line feed.  (After a line feed: a pattern that
    starts with one is searched for at C speed, where ``(?:^|\\n)`` tried every place, 3x
    slower.  Compiled on first use, as every pattern here: a hook's start-up pays for none.)"""
    return re.compile(GATE), re.compile("\n" + GATE)


@functools.cache
def _gates_b() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    return re.compile(GATE.encode()), re.compile(b"\n" + GATE.encode())


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_pattern(pattern))


def _pattern(pattern: str) -> str:
    """``pattern`` with its conditional (joins.ROFF_CONDITIONAL: imported here, as the roff
    reading is, where a text first needs it -- not at a hook's start)."""
    from rehearsal_hook.scan.joins import ROFF_CONDITIONAL

    return pattern.replace("{if}", "(?:" + ROFF_CONDITIONAL + ")")


@functools.cache
def _kept(any_control: bool, escapes: bool) -> re.Pattern[str]:
    """What a text line keeps (_ESCAPE, _HEAD): a control line headed by ``.`` or ``'`` (or,
    ``any_control``, any character, the state's checked), escapes unless ``.eo``."""
    head = _HEAD.replace("{c}", r"[^\n\\]" if any_control else "[.']")
    return re.compile(head + "|" + _ESCAPE if escapes else head)


def _too_many() -> CannotVerify:
    return CannotVerify(
        "unverifiable-reading",
        f"a manual page whose translated or defined characters write over {LIMIT} characters or change "
        "its length in as many places: its document state is read up to that limit only",
    )


class _State:
    """What the requests read so far set: the control and escape characters, and what a
    character (``plain``, ``other``) and a special character by name (``special``) show, as
    roff source with ``\\`` its escape character."""

    def __init__(self) -> None:
        self.cc, self.c2 = ".", "'"
        self.escape: str | None = "\\"
        self.saved = "\\"
        # (what a character shows: one character for one, or another length -- found in a
        # text by a pattern of those characters, compiled again only when they change)
        self.plain: dict[int, str] = {}
        self.other: dict[int, str] = {}
        self.others: re.Pattern[str] | None = None
        self.special: dict[str, str] = {}
        self.strings: dict[str, str] = {}  # (what ``.ds`` defines: roff source)
        self.held = 0
        self.names = Names((*REQUESTS, "ds", "ds1", "as", "as1"))

    def run(self, name: str, args: str) -> None:
        """Read the request ``name`` with the rest of its line ``args`` (blanks first)."""
        args = args.rstrip("\r")
        if name in ("ec", "eo", "ecs", "ecr", "cc", "c2"):
            arg = args.lstrip(" \t")[:1]
            if name == "ec":
                self.escape = arg or "\\"
            elif name == "eo":
                self.escape = None
            elif name == "ecs":
                self.saved = self.escape or "\\"
            elif name == "ecr":
                self.escape = self.saved
            elif name == "cc":
                self.cc = arg or "."
            else:
                self.c2 = arg or "'"
            return
        args = self.written(args).lstrip(" \t")
        comment = args.find('\\"') if self.escape is not None else -1
        args = args if comment < 0 else args[:comment]
        if name in ("ds", "ds1", "as", "as1"):  # (a string, its value in copy mode)
            # (the name ends at a blank; the spaces after it are skipped, a tab is the value's)
            key = re.match(r"[^ \t]*+", args).group()  # type: ignore[union-attr]
            value = args[len(key) :].lstrip(" ")
            copied = _compiled(_COPY).sub(
                lambda u: "\\" if u.group("backslash") else self.strings.get(_string(u) or "", ""),
                value[1:] if value.startswith('"') else value,
            )
            value = (self.strings.get(key, "") if name[0] == "a" else "") + copied
            self.held += len(value)  # (each value made, an append's whole: the copies are bounded)
            if self.held > LIMIT:
                raise _too_many()
            self.strings[key] = value
        elif name.startswith("tr"):
            chars = list(self.characters().finditer(args))
            for i in range(0, len(chars), 2):
                self.define(chars[i], _shows(chars[i + 1]) if i + 1 < len(chars) else " ")
        elif name == "rchar":
            for each in self.characters().finditer(args):
                self.define(each, None)
        else:
            if name == "fschar":  # (a font first)
                args = re.sub(r"^[^ \t]*+[ \t]*+", "", args)
            first = self.characters().match(args)
            if first is not None:
                value = args[first.end() :].lstrip(" \t")
                self.define(first, value[1:] if value.startswith('"') else value)

    def define(self, m: re.Match[str], shows: str | None) -> None:
        """``m`` (a character of an argument) shows ``shows`` from now on (None: as written)."""
        name = _special(m)
        if name is None and len(m.group()) == 1 and m.group() != " ":  # (a blank is no character)
            key = ord(m.group())
            self.plain.pop(key, None)
            if self.other.pop(key, None) is not None:
                self.others = None
            if shows is not None and len(shows) == 1 and shows != m.group():
                self.plain[key] = shows
            elif shows is not None and len(shows) != 1:
                if len(self.other) == OTHERS:
                    raise CannotVerify(
                        "unverifiable-reading",
                        f"a manual page that defines over {OTHERS} characters as more or less than one: its "
                        "document state is read up to that limit only",
                    )
                self.other[key], self.others = shows, None
        elif name is not None:
            if shows is None:
                self.special.pop(name, None)
            else:
                self.special[name] = shows

    def characters(self) -> re.Pattern[str]:
        """The characters of a request's argument: each one alone after ``.eo``."""
        return _compiled(_CHARACTER if self.escape is not None else _PLAIN)

    def written(self, text: str) -> str:
        """``text`` with the escape character written ``\\`` (one character for one)."""
        if self.escape is None or self.escape == "\\":
            return text
        return text.translate({ord(self.escape): "\\"})

    def show(self, text: str, start: int, end: int, out: Builder) -> None:
        """Add to ``out`` the lines ``text[start:end]`` (``start`` a line's start or its line
        feed) as the state shows them."""
        stored = text[start:end]
        stretch = self.written(stored)
        plain, other = self.plain, self.other
        if (
            not (plain or other or self.special or self.strings)
            and (self.cc, self.c2) == (".", "'")
            and stretch is stored
        ):
            out.add(stored, start)
            return
        if other and self.others is None:
            self.others = re.compile("[" + "".join(re.escape(chr(k)) for k in other) + "]")
        written = self.others if other else None

        def translated(piece: str, at: int) -> None:  # (outside escapes and macro names)
            pos = 0
            for m in written.finditer(piece) if written is not None else ():
                out.add(piece[pos : m.start()].translate(plain), at + pos)
                out.add(other[ord(m.group())], at + m.start(), 0)
                pos = m.end()
            out.add(piece[pos:].translate(plain), at + pos)

        pos = 0
        for m in _kept((self.cc, self.c2) != (".", "'"), self.escape is not None).finditer(stretch):
            translated(stretch[pos : m.start()], start + pos)
            pos = m.end()
            if m.group("head") is None:  # an escape: a special character translated, a string, replaced
                name = _string(m)
                value = self.special.get(_special(m) or "") if name is None else self.strings.get(name)
                out.add(m.group() if value is None else value, start + m.start(), 1 if value is None else 0)
            elif m.group("c") in (self.cc, self.c2):  # a control line: its name kept, as ``.`` or ``'``
                out.add("." if m.group("c") == self.cc else "'", start + m.start())
                out.add(m.group("macro"), start + m.start("macro"))
            else:  # a text line that starts with what no longer is a control character
                translated(" " if m.group("c") in ".'" else m.group("c"), start + m.start())
                translated(m.group("macro"), start + m.start("macro"))
        translated(stretch[pos:], start + pos)


def _special(m: re.Match[str]) -> str | None:
    """The name of the special character ``m`` (_CHARACTER, _ESCAPE) is, if it is one."""
    groups = m.groupdict()
    return "ul" if groups.get("ul") else groups.get("two") or groups.get("named") or groups.get("quoted")


def _string(m: re.Match[str]) -> str | None:
    """The name of the string ``m`` (_STRING) uses, if it is a use."""
    return m.group("s1") or m.group("s2") or m.group("sn")


def _shows(m: re.Match[str]) -> str:
    """What the character ``m`` of a request's argument shows: a plain one itself, a special
    character its glyph if it is one character (one written for one), else as written."""
    from rehearsal_hook.scan.roff import glyphs

    name = _special(m)
    glyph = glyphs().get(name) if name is not None else None
    return glyph if glyph is not None and len(glyph) == 1 else m.group()


def shown(text: str) -> list[tuple[str, Callable[[list[int]], list[int]]]]:
    """``text`` as it shows with the document state its requests set (may_change: none, no
    reading), and the stored index of each of ascending shown indexes."""
    state = _State()
    out = Builder(len(text), LIMIT, _too_many)
    pos = search = 0
    while m := _compiled(_REQUEST.replace("{name}", _ANY if state.names.aliased else _OWN)).search(text, search):
        search = m.end()
        if m.group("cc") not in (state.cc, state.c2) or m.group("inner") not in (None, state.cc, state.c2):
            continue
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        called = state.names.called(m, text[m.end() : end], state.escape, state.strings)
        if called is None:  # (no request of these: a line ``show`` shows, or ``.als``/``.rn``)
            continue
        state.held += called[2]  # (a string's arguments: read again at each call, bounded)
        if state.held > LIMIT:
            raise _too_many()
        state.show(text, pos, m.start(), out)
        state.run(*called[:2])
        out.add(" " * (end - m.start()), m.start())  # (a request shows nothing)
        pos = search = end
    if pos == 0:
        return []
    state.show(text, pos, len(text), out)
    return [("".join(out.parts), out.stored)]
