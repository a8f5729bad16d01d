"""A stream holding a request that changes how the rest of a manual page reads blocks
(roffstate.py, reading 12): a stream reads each segment on its own, and the shown text would be
cut where the stored one may not be -- the state is read in memory only."""

from __future__ import annotations

import functools
import re

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan.roffstate import may_change


class StreamGate:
    """Blocks a stream holding such a request.  Fed each segment in order (bytes as Latin-1:
    the requests are ASCII); the start of the line a cut falls in is kept while it can still
    become one."""

    def __init__(self) -> None:
        self.head = ""  # (the stream's start: a line's start)

    def feed(self, seg: str) -> None:
        probe = self.head + seg
        if may_change(probe):
            raise CannotVerify(
                "unverifiable-reading",
                "a manual page too large to read whole holds a request that changes how the rest of it reads "
                "(.tr, .char, .ec...): its document state is read in memory only (the limit of a streamed reading)",
            )
        line = _BLANKS.sub(" ", probe[probe.rfind("\n") + 1 :])
        if line and _open().match(line) is None:
            self.head = "x"  # (no line's start: ``^`` then finds no request)
        elif len(line) > 1024:
            raise CannotVerify(
                "unverifiable-reading",
                "a control line of a manual page too large to read whole runs on past 1024 characters before "
                "its request: its document state is read in memory only (the limit of a streamed reading)",
            )
        else:
            self.head = line


_BLANKS = re.compile(r"[ \t]++")


@functools.cache
def _open() -> re.Pattern[str]:
    """A line's start, its blanks one, that a cut may have split a request's head in: the
    control character, a conditional (its condition may run on), ``do``, a name's first
    letters; or an alias's or a new name's line so far (roffnames: its words name the request).
    (joins imported here: a stream's reading, not a hook's start.)"""
    from rehearsal_hook.scan.joins import ROFF_CONDITIONAL

    return re.compile(
        r"[.'] ?(?:(?:" + ROFF_CONDITIONAL + r")(?:[.'] ?)?)?(?:do ?)?[a-z0-9]{0,5}\Z"
        r"|[.'] ?i[fe] (?:[^ \n]*+|'[^'\n]*+(?:'[^'\n]*+)?)\Z"
        r"|[.'] ?(?:do )?(?:als|rn) [^\n]*+\Z"
    )
