"""A forked child's outcome reaches the parent as one process would have met it: its result,
or the error it raised, of the same type (so the same exit code), never a silent nothing."""

from __future__ import annotations

import os

import pytest

from rehearsal_hook.errors import EXIT_BLOCKED, EXIT_INTERNAL, CannotVerify, GitError, RehearsalHookError
from rehearsal_hook.forked import fork_child, replies

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _raise(exc: BaseException) -> object:
    raise exc


def _die() -> object:
    os._exit(9)  # leaves without a word, as a killed child does


def test_results_come_back_in_order() -> None:
    children = [fork_child(lambda n=n: {"share": n, "hits": list(range(n))}) for n in range(3)]
    assert replies(children) == [{"share": n, "hits": list(range(n))} for n in range(3)]


def test_a_cannot_verify_keeps_its_code_and_message_and_blocks() -> None:
    with pytest.raises(CannotVerify) as caught:
        replies([fork_child(lambda: _raise(CannotVerify("too-large", "blob abc is too large")))])
    assert (caught.value.code, caught.value.message) == ("too-large", "blob abc is too large")
    assert caught.value.exit_code == EXIT_BLOCKED


def test_a_git_error_stays_a_git_error() -> None:
    with pytest.raises(GitError, match=r"^git cat-file failed$") as caught:
        replies([fork_child(lambda: _raise(GitError("git cat-file failed")))])
    assert caught.value.exit_code == EXIT_INTERNAL


@pytest.mark.parametrize(
    ("work", "message"),
    [
        (lambda: _raise(ValueError("bad value")), "internal error in a worker: ValueError: bad value"),
        (_die, "internal error in a worker: a worker process died"),
        (lambda: lambda: None, "internal error in a worker: "),  # a result that cannot be pickled
    ],
)
def test_anything_else_is_an_internal_error(work: object, message: str) -> None:
    with pytest.raises(RehearsalHookError) as caught:
        replies([fork_child(work)])  # type: ignore[arg-type]
    assert type(caught.value) is RehearsalHookError
    assert str(caught.value).startswith(message)
    assert caught.value.exit_code == EXIT_INTERNAL


def test_every_child_is_reaped_before_the_first_failure_is_raised() -> None:
    children = [
        fork_child(lambda: _raise(CannotVerify("first", "the first failure"))),
        fork_child(lambda: _raise(GitError("the second failure"))),
        fork_child(lambda: "fine"),
    ]
    with pytest.raises(CannotVerify, match="the first failure"):
        replies(children)
    for pid, _ in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)  # already reaped: no zombie left behind
