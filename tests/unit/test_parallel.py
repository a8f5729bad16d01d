"""checks.parallel: the runs of items dealt to the workers as they ask."""

from __future__ import annotations

import os
import select

import pytest

from rehearsal_hook.checks.parallel import _Runs, put_whole


@pytest.mark.parametrize("n_items", [2, 5, 1023, 1024, 1025, 20_000, 3_000_001])
def test_the_runs_cover_every_item_once(n_items: int) -> None:
    runs = _Runs.dealt(n_items)
    assert runs is not None
    taken: list[int] = []
    try:
        while (run := runs.next()) is not None:
            assert 0 < len(run) <= runs.size
            taken.extend(run)
    finally:
        os.close(runs.read_fd)
    assert taken == list(range(n_items))
    assert -(-n_items // runs.size) <= _Runs.MOST
    assert _Runs.MOST * 4 <= select.PIPE_BUF  # (what POSIX says an empty pipe takes whole)


def test_two_processes_take_the_runs_between_them() -> None:
    """A forked reader and this process each take runs until none is left: every run once."""
    runs = _Runs.dealt(20_000)
    assert runs is not None
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # (the child: the starts of the runs it took, to the parent)
        os.close(r)
        starts = []
        while (run := runs.next()) is not None:
            starts.append(run.start)
        os.write(w, b"".join(s.to_bytes(4, "little") for s in starts))
        os._exit(0)
    os.close(w)
    mine = []
    while (run := runs.next()) is not None:
        mine.append(run.start)
    os.close(runs.read_fd)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    theirs = [int.from_bytes(data[i : i + 4], "little") for i in range(0, len(data), 4)]
    assert sorted(mine + theirs) == list(range(0, 20_000, runs.size))


def test_a_pipe_without_room_is_told_not_waited_on() -> None:
    """The runs' numbers are written before any worker reads them: a write that waited for
    room there would wait for ever (review: 4,096 bytes filled a pipe before the fork).  A
    pipe already full stands for one with less room than that: the write says so at once."""
    r, w = os.pipe()
    try:
        os.set_blocking(w, False)
        while put_whole(w, b"x" * 4096):
            pass
        with pytest.raises(BlockingIOError):
            os.write(w, b"x")
        assert not put_whole(w, b"\0" * 4)
        assert os.read(r, 1 << 20)  # (room again)
        assert put_whole(w, b"\0" * 4)
    finally:
        os.close(r)
        os.close(w)
