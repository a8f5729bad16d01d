"""The names a roff request is called by (roffstate.py): its own, an alias ``.als NEW OLD``, a
new name ``.rn OLD NEW`` (the old one then calls nothing), and a string interpolated where a
control line's name is (``.ds x tr`` then ``.\\*x Q_``; the string may hold the arguments too)
-- groff 1.22.4 ``-man -Tutf8`` runs each as the request (``.als TR tr`` then ``.TR Q_`` then
``CUTOVERQPASS`` shows the token).  (Limits: a name built of two strings, or of a string and a
register or a macro's argument, is not read.)"""

from __future__ import annotations

import re

from rehearsal_hook.errors import CannotVerify

# The requests that name requests: read here.
TRACKED = ("als", "rn")
# A string interpolated in a control line's name, with its escape character (checked against
# the state's): ``\\*x``, ``\\*(xx``, ``\\*[name]`` (up to 64 characters: bounded).
STRING = r"(?P<esc>[^\n])\*(?:\[(?P<long>[^\]\n]{0,64})\]|\((?P<two>[^\n]{2})|(?P<one>[^\n(\[]))"
_WORD = re.compile(r"[ \t]*+([^ \t\r\n]*+)")
# A name is looked up up to this many characters (a longer one calls nothing: an alias or a
# new name that long blocks), so that a string of one long word costs no more a line.
NAME = 64


class Names:
    """The requests by each name a document calls them (``own``: the request a name calls);
    ``aliased`` once a request has a name not written as its own (the control lines to look at
    are then all of them)."""

    def __init__(self, requests: tuple[str, ...]) -> None:
        self.own = {name: name for name in (*requests, *TRACKED)}
        self.aliased = False
        # (a string's first word and where it ends, by the string's name, for the value it
        # was read from: a string called on many lines is read once)
        self.heads: dict[str, tuple[str, str, int]] = {}

    def called(
        self, m: re.Match[str], rest: str, escape: str | None, strings: dict[str, str]
    ) -> tuple[str, str, int] | None:
        """The request a control line calls -- its own name --, its arguments and how many
        characters of a string they took, if it is one of the requests (not TRACKED, read
        here): ``m`` its name or string (STRING), ``rest`` what follows on its line,
        ``strings`` the page's."""
        name, held = m.group("name"), ""
        if name is None:  # (a string's value, then the line's rest, read as the name and arguments)
            if m.group("esc") != escape:
                return None
            key = m.group("long") or m.group("two") or m.group("one")
            value = strings.get(key, "")
            head = self.heads.get(key)
            if head is None or head[0] is not value:
                word = _WORD.match(value)
                assert word is not None  # (it matches any text)
                head = self.heads[key] = (value, word.group(1), word.end())
            name, end = head[1], head[2]
            if len(name) > NAME:  # (no name that long calls a request: a line costs no more)
                return None
            word = _WORD.match(rest)
            assert word is not None
            if end < len(value):  # (the value holds arguments)
                held = value[end:]
            elif not name or word.start(1) == 0:  # (the name runs on into the line)
                name, rest = name + word.group(1), rest[word.end() :]
        own = self.own.get(name) if len(name) <= NAME else None
        if own is None or own not in TRACKED:
            return None if own is None else (own, held + rest, len(held))
        words = rest.split()
        if len(words) > 1 and max(len(words[0]), len(words[1])) > NAME:
            raise CannotVerify(
                "unverifiable-reading",
                f"a manual page names a request by a name over {NAME} characters: its document state is "
                "read for names up to that length only",
            )
        if own == "als" and len(words) > 1 and words[1] in self.own:
            self.own[words[0]], self.aliased = self.own[words[1]], True
        elif own == "rn" and len(words) > 1 and words[0] in self.own:
            self.own[words[1]], self.aliased = self.own.pop(words[0]), True
        return None
