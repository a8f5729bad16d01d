"""Where ``git commit`` cuts a message: the settings that decide it, and the streamed cut; the
comment lines it strips after the commit-msg hook ran, streamed too, and the tokens they hide."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.config import Config
from rehearsal_hook.sources.objects import (
    CUT_LINE,
    comment_prefixes,
    cut_at_scissors,
    recorded_message_findings,
    scissors_line,
    without_comments,
)

from ..conftest import examples

HASH = b"# " + CUT_LINE

# (git config, editor used) -> the cut line, or None: git keeps the whole message.
SETTINGS = [
    ({}, False, None),  # commit -m / -F: git keeps it all
    ({}, True, HASH),  # an editor: the cut line is git's (-v, --cleanup=scissors)
    ({"commit.verbose": "true"}, False, HASH),  # verbose cuts even with -m
    ({"commit.verbose": None}, False, HASH),  # [commit] verbose
    ({"commit.verbose": "2"}, False, HASH),
    ({"commit.verbose": "off"}, False, None),
    ({"commit.verbose": "0"}, False, None),
    ({"commit.verbose": "maybe"}, False, None),  # not a boolean: git would refuse anyway
    ({"commit.cleanup": "scissors"}, False, None),  # scissors without an editor is whitespace
    ({"core.commentchar": ";"}, True, b"; " + CUT_LINE),
    ({"core.commentstring": "//"}, True, b"// " + CUT_LINE),
    ({"core.commentchar": "auto"}, True, None),  # git picks it per message: unknown here
    ({"core.commentchar": ";", "core.commentstring": "%"}, True, None),  # which one wins: unknown
    ({"core.commentchar": None}, True, None),
]


@pytest.mark.parametrize(("config", "editor", "line"), SETTINGS)
def test_scissors_line(config: dict[str, str | None], editor: bool, line: bytes | None) -> None:
    assert scissors_line(config, editor=editor) == line


def _git_cut(message: bytes, line: bytes) -> bytes:
    """git's wt_status_locate_end: the line at the start, or after a newline."""
    if message.startswith(line):
        return b""
    at = message.find(b"\n" + line)
    return message if at < 0 else message[: at + 1]


CASES = [
    b"subject\n" + HASH + b"diff\n",
    HASH + b"all of it\n",
    b"subject\n" + HASH[:-1],  # no newline after the dashes: no cut
    b"subject\n" + HASH[:-1] + b"\r\nx\n",  # CRLF: no cut
    b"subject\n #" + HASH[1:] + b"x\n",  # indented: no cut
    b"subject" + HASH + b"x\n",  # not at a line start
    b"a\n" + HASH + b"b\n" + HASH + b"c\n",  # the first one
    b"",
    b"no line at all",
]


@pytest.mark.parametrize("message", CASES)
def test_cut_matches_git_in_every_chunking(message: bytes) -> None:
    for size in range(1, len(message) + 2):
        chunks = [message[i : i + size] for i in range(0, len(message), size)]
        assert b"".join(cut_at_scissors(chunks, HASH)) == _git_cut(message, HASH)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b"\n", b"#", b" ", HASH, HASH[:-1], b"-" * 24, b" >8 "]), max_size=12),
    st.integers(min_value=1, max_value=80),
)
def test_streamed_cut_equals_git_cut(parts: list[bytes], size: int) -> None:
    message = b"".join(parts)
    chunks = [message[i : i + size] for i in range(0, len(message), size)]
    assert b"".join(cut_at_scissors(chunks, HASH)) == _git_cut(message, HASH)


# (git config) -> the comment strings whose lines git may strip
PREFIXES = [
    ({}, [b"#"]),
    ({"core.commentchar": ";"}, [b";"]),
    ({"core.commentstring": "//"}, [b"//"]),
    ({"core.commentchar": ";", "core.commentstring": "%"}, [b"%", b";"]),  # which one wins: both
    ({"core.commentchar": "auto"}, sorted(bytes([c]) for c in b"#;@!$%^&|:")),  # git picks one
    ({"core.commentchar": None}, [b"#"]),
]


@pytest.mark.parametrize(("config", "prefixes"), PREFIXES)
def test_comment_prefixes(config: dict[str, str | None], prefixes: list[bytes]) -> None:
    assert comment_prefixes(config) == prefixes


def _git_strip(message: bytes, prefix: bytes) -> bytes:
    """git's strbuf_stripspace, as far as comments go: a line starting with the prefix goes."""
    return b"".join(line for line in re.findall(rb"[^\n]*\n|[^\n]+", message) if not line.startswith(prefix))


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b"\n", b"#", b"/", b"//", b" ", b"*y", b"A*_PASS"]), max_size=14),
    st.integers(min_value=1, max_value=20),
    st.sampled_from([b"#", b"//"]),
)
def test_streamed_strip_equals_git_strip(parts: list[bytes], size: int, prefix: bytes) -> None:
    message = b"".join(parts)
    chunks = [message[i : i + size] for i in range(0, len(message), size)]
    assert b"".join(without_comments(chunks, prefix)) == _git_strip(message, prefix)


@pytest.mark.parametrize("streamed", [False, True])
def test_a_token_a_stripped_comment_line_joins_is_found_once(streamed: bool) -> None:
    """``*y``, a comment line, ``A*_PASS``: one Markdown paragraph once git strips the comment
    (the message as it is shows no token); a token shown either way is reported once."""
    policy = Policy(Config())
    message = b"subject CUTOVER_PASS\n\n*y\n# c\nA*_PASS\n"
    content = (lambda: iter([message[:9], message[9:]])) if streamed else message
    got = [(f.line, f.column) for f in recorded_message_findings(policy, content, [b"#"], "(commit message)")]
    assert got == [(1, 9), (4, 1)]  # (the second at its line in the message git records)
    plain = b"subject CUTOVER_PASS\n# c\n"
    assert len(recorded_message_findings(policy, plain, [b"#"], "(commit message)")) == 1
