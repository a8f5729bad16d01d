"""The ``git cat-file --batch`` protocol: many objects through one process."""

from __future__ import annotations

import sys
from collections.abc import Hashable, Iterator, Sequence
from typing import IO, TypeVar

from rehearsal_hook.errors import GitError
from rehearsal_hook.git.process import BOUNDED_PACK_MEMORY, PIECE, stream_git
from rehearsal_hook.git.revisions import SHA_RE


def split_object(raw: bytes) -> tuple[dict[bytes, bytes], bytes]:
    """(first value of each header, message as stored) of a raw commit or tag object."""
    head, _, message = raw.partition(b"\n\n")
    headers: dict[bytes, bytes] = {}
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key and not line.startswith(b" "):
            headers.setdefault(key, value)
    return headers, message


def _batch_request(names: Sequence[str]) -> bytes:
    for name in names:
        if "\n" in name:
            raise GitError(f"cannot look up an object name with a newline: {name!r}")
    return "".join(n + "\n" for n in names).encode("utf-8", "surrogateescape")


def _batch_header(line: bytes) -> tuple[str, int] | None:
    """(type, size) of a ``cat-file --batch`` header line ``<oid> <type> <size>``; None for
    ``<name> missing`` or ``<name> ambiguous``, which nothing follows."""
    parts = line.rsplit(b" ", 2)
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return parts[1].decode("ascii", "replace"), int(parts[2])


def _read_batch(out: IO[bytes], count: int, limit: int) -> Iterator[tuple[str, bytes | None, int]]:
    """``count`` answers of ``cat-file --batch`` from ``out``: ``(type, content, size)``, the
    content None for a missing name and for an object larger than ``limit`` (read past in
    pieces, never held).  Then the rest of ``out`` is drained."""
    for _ in range(count):
        line = out.readline()
        if not line.endswith(b"\n"):
            raise GitError("git cat-file --batch ended early")
        header = _batch_header(line[:-1])
        if header is None:
            yield "missing", None, 0
            continue
        kind, size = header
        if size > limit:
            left = size
            while left:
                piece = out.read(min(left, PIECE))
                if not piece:
                    raise GitError("git cat-file --batch returned a short object")
                left -= len(piece)
            data = None
        else:
            data = out.read(size)  # one read of the exact size: the blob is held once
            if len(data) != size:
                raise GitError("git cat-file --batch returned a short object")
        if out.read(1) != b"\n":
            raise GitError("git cat-file --batch returned a short object")
        yield kind, data, size
    out.read()  # drain: git must see its output read to the end


class BatchReader:
    """``git cat-file --batch`` output fed as it arrives (read together with other streams):
    ``feed`` returns the ``(type, content)`` answers it completed, ``close`` checks that all
    ``count`` came.  An object larger than ``limit`` is read past as it comes, never held:
    its answer is ``(type, None)``, like a missing object's ``("missing", None)`` (the caller
    streams a large blob again with ``blob_chunks``).  So memory is bounded by a piece and
    one object of at most ``limit`` bytes."""

    def __init__(self, count: int, limit: int | None = None) -> None:
        self._buf = bytearray()
        self._left = count
        self._limit = limit
        self._header: tuple[str, int] | None = None
        self._skip = -1  # bytes of the current object still to read past; -1: it is held

    def feed(self, piece: bytes) -> list[tuple[str, bytes | None]]:
        buf = self._buf
        buf += piece
        answers: list[tuple[str, bytes | None]] = []
        pos = 0
        while True:
            if self._header is None:
                end = buf.find(b"\n", pos)
                if end < 0:
                    break
                if not self._left:
                    raise GitError("git cat-file --batch answered more than it was asked")
                self._header = _batch_header(bytes(buf[pos:end]))
                pos = end + 1
                if self._header is None:
                    answers.append(("missing", None))
                    self._left -= 1
                    continue
                size = self._header[1]
                self._skip = size if self._limit is not None and size > self._limit else -1
            kind, size = self._header
            if self._skip >= 0:
                passed = min(self._skip, len(buf) - pos)
                pos += passed
                self._skip -= passed
                if self._skip or pos == len(buf):
                    break
                size, data = 0, None
            elif len(buf) - pos < size + 1:
                break
            else:
                data = bytes(buf[pos : pos + size])
            if buf[pos + size] != 0x0A:
                raise GitError("git cat-file --batch returned a short object")
            answers.append((kind, data))
            pos += size + 1
            self._header = None
            self._skip = -1
            self._left -= 1
        del buf[:pos]  # once per piece, not once per object
        return answers

    def close(self) -> None:
        if self._left or self._buf or self._header is not None:
            raise GitError("git cat-file --batch ended early")


def cat_file(names: Sequence[str], *, cwd: str | None = None) -> Iterator[tuple[str, bytes | None]]:
    """``(type, content)`` for each object name, in order, through ONE ``git cat-file --batch``;
    ``("missing", None)`` for a name that does not resolve.  Names are object ids or
    ``REV:PATH``/``:PATH`` expressions (one line each, so no newline in them)."""
    if not names:
        return
    request = _batch_request(names)
    with stream_git(("cat-file", "--batch", "--buffer"), cwd=cwd, stdin=request) as out:
        for kind, data, _ in _read_batch(out, len(names), sys.maxsize):
            yield kind, data


def cat_file_sized(
    names: Sequence[str], limit: int, *, cwd: str | None = None
) -> Iterator[tuple[str, bytes | None, int]]:
    """``(type, content, size)`` for each object name, in order, through ONE ``git cat-file
    --batch``; the content is None for a name that does not resolve (type ``missing``) and
    for an object larger than ``limit``, which is read past in pieces and never held: the
    caller streams it again with ``blob_chunks`` if it needs it."""
    if not names:
        return
    request = _batch_request(names)
    with stream_git((*BOUNDED_PACK_MEMORY, "cat-file", "--batch", "--buffer"), cwd=cwd, stdin=request) as out:
        yield from _read_batch(out, len(names), limit)


def blob_chunks(oid: str, *, cwd: str | None = None) -> Iterator[bytes]:
    """The content of one blob in pieces, as ``git cat-file blob`` streams it: a blob too
    large to hold (``cat_file_sized``'s limit) is scanned this way, in bounded memory."""
    if not SHA_RE.fullmatch(oid):
        raise GitError(f"not an object id: {oid!r}")
    with stream_git((*BOUNDED_PACK_MEMORY, "cat-file", "blob", oid), cwd=cwd) as out:
        while piece := out.read(PIECE):
            yield piece


K = TypeVar("K", bound=Hashable)


def blobs(keys: Sequence[K], names: Sequence[str], *, cwd: str | None = None) -> dict[K, bytes]:
    """The content of each object ``names[i]`` that is a blob, under ``keys[i]``, through one
    ``cat_file``; a name that is missing or not a blob is left out (the caller decides what an
    absent file means)."""
    out: dict[K, bytes] = {}
    for key, (kind, data) in zip(keys, cat_file(names, cwd=cwd), strict=True):
        if kind == "blob" and data is not None:
            out[key] = data
    return out


def cat_file_args(names: Sequence[str]) -> tuple[tuple[str, ...], bytes]:
    """The arguments and stdin of ``cat_file`` for ``stream_many`` (read with BatchReader)."""
    return (*BOUNDED_PACK_MEMORY, "cat-file", "--batch", "--buffer"), _batch_request(names)
