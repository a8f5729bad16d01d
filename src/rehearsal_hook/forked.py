"""Work done in a forked child process, its outcome sent back through a pipe.

A child is forked after the parent has built what the work needs, so it inherits it (closures
and open state, which could not be pickled) and sends back only its result.  What fails in a
child reaches the parent as the error it would have raised in one process: CannotVerify with
its code and message (it blocks, exit 1), GitError with its message (exit 3); anything else,
or a child that died without a word, is an internal error (exit 3).

``pickle`` is imported where it is used: a short run forks nothing, and a hook's start-up counts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from rehearsal_hook.errors import CannotVerify, GitError, RehearsalHookError

# A child's failure as it crosses the pipe: (error type, rule code, message).
_Failure = tuple[str, str, str]


def fork_child(work: Callable[[], object]) -> tuple[int, int]:
    """Fork a child that runs ``work`` and sends back its result (or its failure), then leaves
    with ``os._exit`` -- never returning into the parent's code, never running its clean-ups,
    never flushing the output buffers it inherited (the parent writes what they hold; a child
    writes nothing of its own).
    Returns, in the parent, the child's process id and the pipe end to read its reply from
    (with ``replies``)."""
    import pickle

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the outcome, never return
        os.close(r)
        code = 0
        try:
            payload = pickle.dumps(("ok", work()))
        except BaseException as exc:
            code = 1
            payload = pickle.dumps(("error", _failure(exc)))
        try:
            with os.fdopen(w, "wb") as fh:
                fh.write(payload)
        finally:
            os._exit(code)
    os.close(w)
    return pid, r


def replies(children: Sequence[tuple[int, int]]) -> list[object]:
    """Each child's result, in order, from ``fork_child``'s (process id, pipe end): every pipe
    read and closed and every child reaped before the first failure is raised, as the error
    the child met (see the module's docstring)."""
    import pickle

    results: list[object] = []
    failure: RehearsalHookError | None = None
    for pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        try:
            status, value = pickle.loads(data)  # noqa: S301 - written by our own forked child
        except Exception:
            status, value = "error", ("", "", "a worker process died")
        if status == "ok":
            results.append(value)
        elif failure is None:
            failure = _rebuilt(*value)
    if failure is not None:
        raise failure
    return results


def _failure(exc: BaseException) -> _Failure:
    """What a child sends of its failure: only plain strings, so any error crosses the pipe."""
    if isinstance(exc, CannotVerify):
        return ("CannotVerify", exc.code, exc.message)
    if isinstance(exc, GitError):
        return ("GitError", "", str(exc))
    return ("", "", f"{type(exc).__name__}: {exc}")


def _rebuilt(kind: str, code: str, message: str) -> RehearsalHookError:
    """A child's failure as the parent raises it: the same type, so the same exit code."""
    if kind == "CannotVerify":
        return CannotVerify(code, message)
    if kind == "GitError":
        return GitError(message)
    return RehearsalHookError(f"internal error in a worker: {message}")
