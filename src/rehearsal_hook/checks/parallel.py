"""Checking many files on several cores.

Workers are forked after the item list is built, so they inherit it (items hold closures,
which cannot be pickled) and only send their findings back.  Items are dealt in runs as the
workers ask for them (_Runs), so a worker slowed by large files or a busy core takes fewer,
and the findings are put back in item order so the output does not depend on the number of
jobs or on who took what.
"""

from __future__ import annotations

import os
import select
from collections.abc import Sequence
from functools import partial
from typing import cast

from rehearsal_hook.checks.engine import Item, Progress, check_item, run_check
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.errors import RehearsalHookError
from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.forked import fork_child, replies
from rehearsal_hook.scan import import_readings

# Below this many items a second process costs more than it saves.
MIN_ITEMS_PER_JOB = 2000


def available_cores() -> int:
    """The cores this process may run on: its CPU affinity where the OS has one (a container
    or ``taskset`` limits it), else every core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_jobs(n_items: int) -> int:
    """How many processes check ``n_items`` files: one per available core, but at least
    ``MIN_ITEMS_PER_JOB`` files each (below that a fork costs more than it saves)."""
    return max(1, min(available_cores(), n_items // MIN_ITEMS_PER_JOB))


def run_check_jobs(policy: Policy, items: Sequence[Item], jobs: int, progress: Progress | None = None) -> CheckResult:
    """``run_check`` spread over ``jobs`` forked processes (each takes every ``jobs``-th item);
    the result is the same as one process's, findings in item order.  Falls back to one process
    where there is no fork, nothing to share or no pipe that took the runs (``_Runs.dealt``)."""
    runs = _Runs.dealt(len(items)) if jobs > 1 and hasattr(os, "fork") and len(items) >= 2 else None
    if runs is None:
        return run_check(policy, items, progress)
    # For the progress line: each process counts its items in its own slot of memory shared
    # across the fork, and only the parent draws -- no messages, no system calls.
    # (mmap imported here: ``check FILE`` forks nothing, and a hook's start-up counts)
    import mmap

    counts = memoryview(mmap.mmap(-1, 8 * jobs)).cast("Q") if progress is not None else None
    # (here, once: not again in each worker -- about 50 ms of CPU a worker, views and its imports)
    import_readings()
    # Each worker checks the runs it takes and sends its findings back; k=0 is this process.
    children = [fork_child(partial(_indexed, policy, items, runs, k, counts)) for k in range(1, jobs)]
    own = _indexed(policy, items, runs, 0, counts, progress)
    if counts is not None and progress is not None:
        _await_workers([r for _, r in children], counts, progress, len(items))
    results = [own, *cast("list[tuple[int, list[tuple[int, list[Finding]]]]]", replies(children))]
    checked = sum(done for done, _ in results)
    if checked != len(items):  # (fail closed: every item checked, once)
        raise RehearsalHookError(f"internal error: the workers checked {checked} of {len(items)} items")
    result = CheckResult()
    merged = sorted((i, n, f) for _, part in results for i, f_list in part for n, f in enumerate(f_list))
    result.findings = [f for _, _, f in merged]
    result.files = len(items)
    return result


class _Runs:
    """The runs of consecutive items, dealt to the workers as each asks for the next: their
    numbers are written to a pipe before the fork, and a worker reads one at a time (a read of
    a few bytes takes them whole, whichever process reads) until the pipe is empty.  Round-robin
    dealing gave one worker 8% more CPU time than the other over bench's corpus, and the full
    share of whichever had the busier core."""

    # At most this many runs: their numbers are written in one piece before any is read, so
    # they must fit the empty pipe.  POSIX makes a write of up to PIPE_BUF bytes whole or not
    # at all, so an empty pipe has room for that many (Linux 4,096; POSIX's least, 512).
    MOST = getattr(select, "PIPE_BUF", 512) // 4

    def __init__(self, n_items: int, read_fd: int) -> None:
        self.size = max(1, -(-n_items // self.MOST))
        self.n_items = n_items
        self.read_fd = read_fd

    @classmethod
    def dealt(cls, n_items: int) -> _Runs | None:
        """The runs of ``n_items``, their numbers in a new pipe; None where the pipe did not
        take them whole (never seen: then one process checks every item, rather than hang)."""
        read_fd, write_fd = os.pipe()
        runs = cls(n_items, read_fd)
        try:
            numbers = b"".join(k.to_bytes(4, "little") for k in range(-(-n_items // runs.size)))
            took = put_whole(write_fd, numbers)
        finally:
            os.close(write_fd)  # (so that the pipe, once empty, reads as its end)
        if not took:
            os.close(read_fd)
            return None
        return runs

    def next(self) -> range | None:
        """The indexes of the next run nobody took, or None when all are taken."""
        data = os.read(self.read_fd, 4)
        if not data:
            return None
        if len(data) != 4:  # (never seen: a pipe's read takes what it holds, up to the size asked)
            raise RehearsalHookError("internal error: a run's number read in part")
        start = int.from_bytes(data, "little") * self.size
        return range(start, min(start + self.size, self.n_items))


def put_whole(fd: int, data: bytes) -> bool:
    """Write ``data`` to the pipe ``fd`` without waiting: whether it took all of it.  (A write
    that waited for a reader before any reader exists would hang.)"""
    os.set_blocking(fd, False)
    try:
        return os.write(fd, data) == len(data)
    except BlockingIOError:
        return False


def _indexed(
    policy: Policy,
    items: Sequence[Item],
    runs: _Runs,
    k: int,
    counts: memoryview | None = None,
    progress: Progress | None = None,
) -> tuple[int, list[tuple[int, list[Finding]]]]:
    """How many items this worker (``k``) checked, and their findings by item index; items
    without findings (almost all) are left out, so the result sent back stays small."""
    out = []
    n = 0
    try:
        while (run := runs.next()) is not None:
            for idx in run:
                found = check_item(policy, items[idx])
                if found:
                    out.append((idx, found))
                n += 1
                if counts is not None:
                    counts[k] = n
                    if progress is not None:
                        progress(sum(counts), len(items))
    finally:
        os.close(runs.read_fd)
    return n, out


def _await_workers(fds: list[int], counts: memoryview, progress: Progress, total: int) -> None:
    """Keep the progress line moving until every worker is done: a worker's pipe turns
    readable when it writes its result (or dies)."""
    pending = list(fds)
    while pending:
        ready, _, _ = select.select(pending, [], [], 0.1)
        pending = [fd for fd in pending if fd not in ready]
        progress(sum(counts), total)
