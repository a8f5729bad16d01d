"""The console: colour only on a terminal without NO_COLOR; the progress line's rendering."""

from __future__ import annotations

import sys

import pytest

from rehearsal_hook.output.console import Console, ProgressLine


def test_console_colour_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Tty())
    assert Console().color is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert Console().color is False


@pytest.mark.parametrize(
    ("columns", "done", "total", "expected"),
    [
        (80, 5, 20, "rehearsal-hook: [##########..............................] 5/20 files  25%"),
        (80, 25, 20, "rehearsal-hook: [########################################] 20/20 files 100%"),
        (30, 1234, 5000, "rehearsal-hook: 1,234/5,000 files  24%"),
        (80, 1234, None, "rehearsal-hook: 1,234 files checked (3 s)"),
    ],
)
def test_render(columns: int, done: int, total: int | None, expected: str) -> None:
    line = ProgressLine(Console(), "files")
    line._columns = columns
    assert line.render(done, total, 3.2) == expected


def test_off_the_terminal_the_scan_gets_no_callback(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pipe:
        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stderr", Pipe())
    with Console().progress("files") as progress:
        assert progress is None
    with Console().progress("files", enabled=False) as progress:
        assert progress is None
