"""The one place output is written.  Every byte the tool prints passes through ``redact_text``
here, so no seal-like token -- from a path, a message or an error -- ever reaches a terminal,
a log or a JSON consumer."""

from __future__ import annotations

import os
import sys
from typing import BinaryIO

from rehearsal_hook.errors import OutputError
from rehearsal_hook.scanner import SEED_FORBIDDEN_TOKENS, TokenMatcher, redact_text

DEFAULT_MATCHER = TokenMatcher(SEED_FORBIDDEN_TOKENS)


def safe_text(text: str, matcher: TokenMatcher = DEFAULT_MATCHER) -> bytes:
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


class Console:
    def __init__(self, matcher: TokenMatcher = DEFAULT_MATCHER) -> None:
        self.matcher = matcher

    @property
    def color(self) -> bool:
        """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
        if os.environ.get("NO_COLOR"):
            return False
        try:
            return sys.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    def out(self, text: str) -> None:
        _write(sys.stdout.buffer, safe_text(text, self.matcher))

    def err(self, text: str) -> None:
        _write(sys.stderr.buffer, safe_text(text, self.matcher))
