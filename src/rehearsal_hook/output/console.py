"""The one place output is written.  Every byte the tool prints passes through ``redact_text``
here, so no seal-like token -- from a path, a message or an error -- ever reaches a terminal,
a log or a JSON consumer."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import BinaryIO, TextIO

from rehearsal_hook.errors import OutputError, remember_tokens
from rehearsal_hook.output.formats import inert
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher, redact_text

DEFAULT_MATCHER = TokenMatcher(SEED_FORBIDDEN_TOKENS)


def safe_text(text: str, matcher: TokenMatcher = DEFAULT_MATCHER) -> bytes:
    """``text`` as the bytes to print: every token ``matcher`` finds (disguised or not)
    redacted, encoded as UTF-8.  Raises nothing."""
    # backslashreplace: file names that are not UTF-8 arrive as surrogate escapes.
    return redact_text(matcher, text).encode("utf-8", "backslashreplace")


def _write(stream: BinaryIO, data: bytes) -> None:
    try:
        stream.flush()
        try:
            fd = stream.fileno()
        except (OSError, ValueError):  # not a real file (a test's BytesIO)
            stream.write(data)
            stream.flush()
            return
        # os.write in a loop, not BufferedWriter.write: when the reader goes away in the
        # middle of a large write, the buffered writer reports a short write and drops the
        # rest without an error; the next os.write raises EPIPE instead.
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        # The reader went away (``| head -1``).  Point stdout at /dev/null so the
        # interpreter's own flush at exit does not fail a second time, then report it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        raise OutputError("output closed early (broken pipe)") from None
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror}") from None


def write_stdout(data: bytes) -> None:
    """Bytes for standard output that the caller has already redacted (``--output -``)."""
    _write(sys.stdout.buffer, data)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


class Console:
    """Where a run's output goes: ``out`` to standard output, ``err`` to standard error, each
    redacted with ``matcher`` (whose configured tokens every later error message is redacted
    with too); ``progress`` for a long scan.  Writing raises OutputError (exit 3) when the
    stream is closed early or cannot be written."""

    def __init__(self, matcher: TokenMatcher = DEFAULT_MATCHER) -> None:
        self.matcher = matcher
        remember_tokens(matcher.extra_tokens)  # for the error messages main prints

    @property
    def color(self) -> bool:
        """Colour only on a terminal that can show it: never when NO_COLOR is set to a
        non-empty value (https://no-color.org: an empty one does not count), nor when TERM is
        ``dumb`` (a terminal that understands no escape sequences, e.g. Emacs' shell)."""
        if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
            return False
        return _isatty(sys.stdout)

    @contextlib.contextmanager
    def progress(self, unit: str, *, enabled: bool = True) -> Iterator[Callable[[int, int | None], None] | None]:
        """A progress callback for a long scan, or None -- so the scan pays nothing -- when
        standard error is not a terminal (a pipe, a CI log), the caller is a hook mode
        (``enabled=False``), or the pre-commit framework runs us: it sets PRE_COMMIT=1 and,
        for colour, hands its hooks a pseudo-terminal whose output it captures and replays.
        The line is erased when the scan ends, before any result is written."""
        if not enabled or os.environ.get("PRE_COMMIT") or not _isatty(sys.stderr):
            yield None
            return
        bar = ProgressLine(self, unit)
        try:
            yield bar.update
        finally:
            bar.close()

    def out(self, text: str, fmt: str = "text") -> None:
        """``text``, a document in format ``fmt``, on standard output (made ``inert``)."""
        _write(sys.stdout.buffer, safe_text(inert(text, fmt), self.matcher))

    def err(self, text: str) -> None:
        _write(sys.stderr.buffer, safe_text(inert(text), self.matcher))


class ProgressLine:
    """One line on standard error, redrawn in place: counts only, never a file name (nothing
    to redact, nothing to escape).  It appears only once a scan has taken DELAY seconds, so a
    quick scan prints nothing, and is redrawn at most every INTERVAL seconds: between draws
    an update costs a clock read (no system call on Linux: the vDSO answers it)."""

    DELAY = 0.5
    INTERVAL = 0.1

    def __init__(self, console: Console, unit: str) -> None:
        self._console = console
        self._unit = unit
        self._start = time.monotonic()
        self._next = self._start + self.DELAY
        self._shown = 0  # characters on the line now, to blank them out
        try:
            columns = os.get_terminal_size(sys.stderr.fileno()).columns
        except (OSError, ValueError):
            columns = 0
        self._columns = columns or 80  # a pseudo-terminal nobody sized says 0

    def update(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self.INTERVAL
        self._draw(self.render(done, total, now - self._start))

    def render(self, done: int, total: int | None, elapsed: float) -> str:
        head = f"rehearsal-hook: {done:,}"
        if not total:
            return f"{head} {self._unit} checked ({elapsed:.0f} s)"
        done = min(done, total)
        counts = f"{done:,}/{total:,} {self._unit} {100 * done // total:3d}%"
        # The bar takes whatever room the text leaves, up to 40 columns.
        room = min(40, self._columns - 1 - len("rehearsal-hook: [] ") - len(counts))
        if room < 10:
            return f"rehearsal-hook: {counts}"
        filled = room * done // total
        return f"rehearsal-hook: [{'#' * filled}{'.' * (room - filled)}] {counts}"

    def _draw(self, text: str) -> None:
        text = text[: max(self._columns - 1, 0)]
        # Pad with spaces rather than erase with an escape sequence: works on any terminal.
        self._console.err("\r" + text.ljust(self._shown))
        self._shown = len(text)

    def close(self) -> None:
        if self._shown:
            self._console.err("\r" + " " * self._shown + "\r")
            self._shown = 0
