"""Parse the patch stream of ``git log`` (``git.log_args``) into what each commit adds.  Pure.

For every file a commit touches: its path, the new blob id, whether git showed it as binary,
and the lines it adds with their line numbers in the new file (from the hunk headers).  Merges
come as dense combined diffs (``--cc``): a line is in the merge result when no parent column
says ``-``, and the merge adds it when some column says ``+``.  Anything that does not parse
raises ``CannotVerify``: a line we cannot read is a line we did not check.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.git.queries import COMMIT_MARKER


class FileChange:
    """One file a commit touches.  ``added``: (line number in the new file, the line's bytes
    without the diff prefix and the newline).  A plain class: a dataclass costs start-up."""

    __slots__ = ("added", "binary", "commit", "created", "deleted", "new_blob", "new_mode", "path")

    def __init__(
        self,
        commit: str,
        path: str,
        new_blob: str | None = None,
        new_mode: str | None = None,
        *,
        created: bool = False,
        deleted: bool = False,
        binary: bool = False,
    ) -> None:
        self.commit, self.path, self.new_blob, self.new_mode = commit, path, new_blob, new_mode
        self.created, self.deleted, self.binary = created, deleted, binary
        self.added: list[tuple[int, bytes]] = []

    def _key(self) -> tuple[object, ...]:
        return (
            self.commit,
            self.path,
            self.new_blob,
            self.new_mode,
            self.created,
            self.deleted,
            self.binary,
            self.added,
        )

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, FileChange) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        names = ("commit", "path", "new_blob", "new_mode", "created", "deleted", "binary", "added")
        return "FileChange(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, self._key(), strict=True)) + ")"


_C_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


def _unquote(text: bytes, start: int) -> tuple[bytes, int]:
    """A C-style quoted name starting at ``text[start] == '"'``: (its bytes, index after it)."""
    out = bytearray()
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == 0x22:  # closing quote
            return bytes(out), i + 1
        if c == 0x5C:
            nxt = text[i + 1 : i + 2]
            if nxt and nxt[0] in _C_ESCAPES:
                out.append(_C_ESCAPES[nxt[0]])
                i += 2
                continue
            octal = text[i + 1 : i + 4]
            if len(octal) == 3 and all(0x30 <= b <= 0x37 for b in octal):
                out.append(int(octal, 8))
                i += 4
                continue
            raise _bad(text)
        out.append(c)
        i += 1
    raise _bad(text)


def _bad(line: bytes) -> CannotVerify:
    shown = line[:80].decode("utf-8", "replace").rstrip("\n")
    return CannotVerify("unparsable-diff", f"cannot parse git's patch output: {shown!r}")


def _strip_prefix(name: bytes, prefix: bytes, line: bytes) -> str:
    if not name.startswith(prefix):
        raise _bad(line)
    return os.fsdecode(name[len(prefix) :])


def _git_header_path(line: bytes) -> str:
    """The path of ``diff --git a/P b/P``.  Without renames both sides are the same path, so an
    unquoted header splits exactly in the middle, whatever spaces the path holds."""
    rest = line[len(b"diff --git ") :].rstrip(b"\n")
    if rest.startswith(b'"'):
        _, end = _unquote(rest, 0)
        if rest[end : end + 2] != b' "':
            raise _bad(line)
        new, _ = _unquote(rest, end + 1)
        return _strip_prefix(new, b"b/", line)
    half = (len(rest) - 5) // 2
    old, new = rest[: half + 2], rest[half + 3 :]
    if rest[half + 2 : half + 3] != b" " or old[2:] != new[2:] or not old.startswith(b"a/"):
        raise _bad(line)
    return _strip_prefix(new, b"b/", line)


def _combined_header_path(line: bytes, head: bytes) -> str:
    rest = line[len(head) :].rstrip(b"\n")
    if rest.startswith(b'"'):
        name, _ = _unquote(rest, 0)
        return os.fsdecode(name)
    return os.fsdecode(rest)


def _hunk_start(line: bytes) -> tuple[int, int]:
    """(number of parent columns, first new-file line) of ``@@ -a,b +c,d @@`` or of a combined
    header ``@@@ -a,b -c,d +e,f @@@``."""
    ats = len(line) - len(line.lstrip(b"@"))
    end = line.find(b"@" * ats, ats)
    if ats < 2 or end < 0:
        raise _bad(line)
    ranges = line[ats:end].split()
    if len(ranges) != ats or not ranges[-1].startswith(b"+"):
        raise _bad(line)
    first = ranges[-1][1:].split(b",")[0]
    if not first.isdigit():
        raise _bad(line)
    return ats - 1, int(first)


_BOUNDARY = re.compile(rb"\n(?=diff |\0commit )")
# A boundary whose marker is cut by the end of the data read so far starts at most this many
# bytes before that end: the newline and 7 of the 8 bytes of "\0commit ".
_CUT_MARKER = len(COMMIT_MARKER)


class PatchParser:
    """The parser fed as the stream arrives (several streams can be read at once): ``feed``
    each piece, then ``close``; each returns the events of the records it completed -- a
    commit id as its patch starts, then each of its file changes.

    ``needles``: the byte strings every token contains.  A file's hunks that are ASCII and hold
    none of them cannot add a token, so their lines are not taken apart (most of a large push).
    Records are cut where a commit or a file's diff starts: no hunk line can start with
    ``diff `` or NUL (each has its ``+``/``-``/space prefix).
    """

    def __init__(self, needles: tuple[bytes, ...] | None = None) -> None:
        self._needles = needles
        self._buf = bytearray()
        self._commit = ""

    def feed(self, chunk: bytes) -> list[str | FileChange]:
        buf = self._buf
        # Only a boundary whose marker the last read cut can lie in what was already searched.
        searched = max(0, len(buf) - _CUT_MARKER)
        buf += chunk
        events: list[str | FileChange] = []
        last = 0
        for m in _BOUNDARY.finditer(buf, searched):
            if m.end() > last:
                self._record(bytes(buf[last : m.end()]), events)
                last = m.end()
        del buf[:last]
        return events

    def close(self) -> list[str | FileChange]:
        events: list[str | FileChange] = []
        if self._buf:
            self._record(bytes(self._buf), events)
            self._buf.clear()
        return events

    def _record(self, rec: bytes, events: list[str | FileChange]) -> None:
        if rec.startswith(COMMIT_MARKER):
            line, _, rest = rec.partition(b"\n")
            if rest.strip():
                raise _bad(rest)
            self._commit = _word(line[len(COMMIT_MARKER) :].strip(), _COMMIT_ID, line)
            events.append(self._commit)
        elif rec.startswith(b"diff "):
            if not self._commit:
                raise _bad(rec)
            events.append(_file_change(self._commit, rec, self._needles))
        elif rec.strip():
            raise _bad(rec)


def parse_log(chunks: Iterable[bytes], needles: tuple[bytes, ...] | None = None) -> Iterator[str | FileChange]:
    """``PatchParser`` over a whole stream given in pieces."""
    parser = PatchParser(needles)
    for chunk in chunks:
        yield from parser.feed(chunk)
    yield from parser.close()


def _file_change(commit: str, rec: bytes, needles: tuple[bytes, ...] | None) -> FileChange:
    at = rec.find(b"\n@@")
    head, body = (rec, b"") if at < 0 else (rec[: at + 1], rec[at + 1 :])
    fc = plain_head(commit, head) or careful_head(commit, head)
    # A file's hunks that are ASCII, without NUL and without a needle cannot add a token.
    if body and not (
        needles is not None and body.isascii() and b"\0" not in body and not any(n in body for n in needles)
    ):
        _hunks(fc, body)
    return fc


# The header of almost every file in a patch, matched in one go: an unquoted path, an optional
# "new file"/"deleted file" line, the index line, the ---/+++ lines.  Anything else (quoted
# names, binary files, mode changes, combined diffs) goes through careful_head; the property
# test in tests/test_logpatch.py holds the two to the same answer wherever this one answers.
_PLAIN_HEAD = re.compile(
    rb"diff --git a/([^\n\"]*) b/\1\n"
    rb"(?:(new|deleted) file mode ([0-7]+)\n)?"
    rb"index [0-9a-f]+\.\.([0-9a-f]+)(?: ([0-7]+))?\n"
    rb"(?:--- [^\n]*\n\+\+\+ [^\n]*\n)?"
)


def plain_head(commit: str, head: bytes) -> FileChange | None:
    """The fast path: the FileChange of a common header, or None for any other."""
    m = _PLAIN_HEAD.fullmatch(head)
    if m is None:
        return None
    path, kind, file_mode, blob, index_mode = m.groups()
    created = kind == b"new"
    mode = index_mode if index_mode is not None else (file_mode if created else None)
    return FileChange(
        commit,
        os.fsdecode(path),
        blob.decode("ascii"),
        mode.decode("ascii") if mode is not None else None,
        created=created,
        deleted=kind == b"deleted",
    )


def careful_head(commit: str, head: bytes) -> FileChange:
    """Any file header git prints, line by line."""
    first, *headers = head.split(b"\n")
    if first.startswith(b"diff --git "):
        path = _git_header_path(first)
    elif first.startswith(b"diff --cc "):
        path = _combined_header_path(first, b"diff --cc ")
    elif first.startswith(b"diff --combined "):
        path = _combined_header_path(first, b"diff --combined ")
    else:
        raise _bad(first)
    fc = FileChange(commit, path)
    for line in headers:
        _header(fc, line)
    return fc


def _hunks(fc: FileChange, body: bytes) -> None:
    columns = 0  # parent columns of the current hunk
    lineno = 0
    added = fc.added
    lines = body.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()  # the record's last newline
    for line in lines:
        c = line[:1]
        if c == b"@":
            columns, lineno = _hunk_start(line)
        elif not columns:
            if line:
                raise _bad(line)
        elif not line:
            # A blank context line as git prints it under diff.suppressBlankEmpty: it still
            # counts, or every later line number (and the baselined line it is matched to)
            # would be off.
            lineno += 1
        elif columns == 1:
            if c == b"+":
                added.append((lineno, line[1:]))
                lineno += 1
            elif c == b" ":
                lineno += 1
            elif c != b"-" and c != b"\\":
                raise _bad(line)
        elif c == b"\\":
            continue  # "\ No newline at end of file"
        else:
            marks = line[:columns]
            if marks.strip(b" +-"):
                raise _bad(line)
            if b"-" in marks:
                continue  # not in the merge result
            if b"+" in marks:
                added.append((lineno, line[columns:]))
            lineno += 1


_COMMIT_ID = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")
_OBJECT_ID = re.compile(rb"[0-9a-f]+")
_MODE = re.compile(rb"[0-7]+")


def _word(value: bytes, pattern: re.Pattern[bytes], line: bytes) -> str:
    """An id or a mode, as git prints it; anything else is output we do not understand (found
    by fuzzing: a stray byte there raised UnicodeDecodeError instead of CannotVerify)."""
    if not pattern.fullmatch(value):
        raise _bad(line)
    return value.decode("ascii")


def _header(fc: FileChange, line: bytes) -> None:
    if line.startswith(b"index "):
        # "index OLD..NEW[ MODE]", or combined "index A,B..NEW[ MODE]"
        words = line.split()
        if len(words) not in (2, 3):
            raise _bad(line)
        new = words[1].partition(b"..")[2]
        fc.new_blob = _word(new, _OBJECT_ID, line) if new else None
        if len(words) > 2:
            fc.new_mode = _word(words[2], _MODE, line)
    elif line.startswith(b"new file mode "):
        fc.created = True
        fc.new_mode = _word(line.split()[-1], _MODE, line)
    elif line.startswith(b"deleted file mode "):
        fc.deleted = True
    elif line.startswith((b"new mode ", b"mode ")):
        # "new mode M", or combined "mode A,B..M"
        fc.new_mode = _word(line.split()[-1].rpartition(b"..")[2], _MODE, line)
    elif line.startswith(b"Binary files "):
        fc.binary = True
    elif line and not line.startswith((b"--- ", b"+++ ", b"old mode ")):
        raise _bad(line)
