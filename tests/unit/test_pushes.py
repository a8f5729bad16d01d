"""Push-line parsing (sources/pushes.py ``parse_ref_updates``) as a table: every line counts,
zero ids of 40 and 64 digits, and anything that is not a hook line blocks."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.sources.pushes import RefUpdate, parse_ref_updates, push_options

A, B = "a" * 40, "b" * 40
Z40, Z64, C64 = "0" * 40, "0" * 64, "c" * 64


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        (b"", []),  # git runs pre-push with no lines for a push with nothing to send
        (f"refs/heads/main {A} refs/heads/main {B}\n".encode(), [RefUpdate("refs/heads/main", A, B)]),
        (  # every line, not only the first
            f"refs/heads/a {A} refs/heads/a {B}\nrefs/tags/v1 {B} refs/tags/v1 {Z40}\n".encode(),
            [RefUpdate("refs/heads/a", A, B), RefUpdate("refs/tags/v1", B, Z40)],
        ),
        (f"(delete) {Z64} refs/heads/gone {C64}\n".encode(), [RefUpdate("refs/heads/gone", Z64, C64)]),
        # split from the right: the local side may be any revision, spaces included
        (f"HEAD~1 with space {A} refs/heads/x {Z40}\n".encode(), [RefUpdate("refs/heads/x", A, Z40)]),
        (f"\nrefs/heads/main {A} refs/heads/main {B}\n\n".encode(), [RefUpdate("refs/heads/main", A, B)]),
    ],
)
def test_pre_push_lines(stdin: bytes, expected: list[RefUpdate]) -> None:
    assert parse_ref_updates(stdin, server=False) == expected


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        (f"{B} {A} refs/heads/main\n".encode(), [RefUpdate("refs/heads/main", A, B)]),
        (f"{Z40} {A} refs/heads/new\n".encode(), [RefUpdate("refs/heads/new", A, Z40)]),
        (f"{C64} {Z64} refs/heads/gone\n".encode(), [RefUpdate("refs/heads/gone", Z64, C64)]),
        (f"{B} {A} refs/heads/with space\n".encode(), [RefUpdate("refs/heads/with space", A, B)]),
    ],
)
def test_pre_receive_lines(stdin: bytes, expected: list[RefUpdate]) -> None:
    assert parse_ref_updates(stdin, server=True) == expected


@pytest.mark.parametrize(
    ("stdin", "server"),
    [
        (f"refs/heads/main {A} refs/heads/main\n".encode(), False),  # three fields
        (f"refs/heads/main {A[:39]} refs/heads/main {B}\n".encode(), False),  # short id
        (f"refs/heads/main {A.upper()} refs/heads/main {B}\n".encode(), False),  # not lower hex
        (f"refs/heads/main {A} refs/heads/main {'0' * 50}\n".encode(), False),  # neither 40 nor 64
        (f"{B} {A}\n".encode(), True),  # no ref
        (b"", True),  # git runs pre-receive only with lines
        (b"\n\n", True),
        (b"garbage\n", True),
    ],
)
def test_what_is_not_a_hook_line_blocks(stdin: bytes, server: bool) -> None:
    with pytest.raises(CannotVerify) as raised:
        parse_ref_updates(stdin, server=server)
    assert raised.value.code == "bad-push-line"


def test_push_options_are_read_whole_or_refused() -> None:
    assert push_options({}) == []
    assert push_options({"GIT_PUSH_OPTION_COUNT": "2", "GIT_PUSH_OPTION_0": "a", "GIT_PUSH_OPTION_1": "b=c"}) == [
        b"a",
        b"b=c",
    ]
    for env in ({"GIT_PUSH_OPTION_COUNT": "x"}, {"GIT_PUSH_OPTION_COUNT": "2", "GIT_PUSH_OPTION_0": "a"}):
        with pytest.raises(CannotVerify):
            push_options(env)
