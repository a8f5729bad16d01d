"""A text read in UTF-16 or UTF-32 as a checkout that converts line endings writes it
(eol.py, text.written_hits): where a reader's ``core.autocrlf`` asks, git puts a CR before
each LF byte, one inside a UTF-16 character too, which shifts every code unit after it.
Found attacking main; in memory and streamed; git's own checkout is the reference."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.scan import eol, segments

from ..gitutil import git_env, init
from .scanning import found, streamed

TOKEN = "CUTOVER" + "_PASS"
FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in TOKEN)


def _stored(written: bytes) -> bytes:
    """What git stores of a file a CRLF checkout writes as ``written``."""
    return written.replace(b"\r\n", b"\n")


# A full-width token whose checkout, not its stored bytes, shows it: stored, the LF byte and
# the first letter's low byte make one character (U+230A), and every unit after it is
# misaligned (U+35FF ...); no ASCII letter is among its bytes, and no NUL (git converts a file
# with a NUL, which it calls binary, only where an attribute asks).  Checked out, U+0A0D then
# the token.  With a BOM (an editor's pick) and without (UTF-16 guessed for a text that is not
# UTF-8).
SHIFTED = [
    pytest.param(b"\xff\xfe\r\n" + FULL_WIDTH.encode("utf-16-le") + b"\r\n\xa1\xa2", id="bom"),
    pytest.param(b"\r\n" + FULL_WIDTH.encode("utf-16-le") + b"\r\n\xa1\xa2", id="no-bom"),
    pytest.param(b"\xfe\xff\r\n" + FULL_WIDTH.encode("utf-16-be") + b"\r\n\xa1\xa2", id="big-endian"),
]


@pytest.mark.parametrize("written", SHIFTED)
@pytest.mark.parametrize("size", [3, 64, 1 << 12])
def test_a_token_a_crlf_checkout_shows_is_found(written: bytes, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    stored = _stored(written)
    assert eol.auto_converts(stored) and eol.written(stored) == written
    assert TOKEN not in stored.decode("utf-16-le", "replace") + stored.decode("latin-1")  # (not as stored)
    assert TOKEN in [t for _, _, t in found(stored)]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert streamed(stored, size) == found(stored)


# Near misses: what a checkout writes shows no token (a near miss, a token once, an LF in
# the right place), so the reading adds nothing -- a token stored and shown again is one
# finding.
NEAR = [
    pytest.param(("hello\nFOO_PASSWORD\n" + TOKEN[:-1] + "\n").encode("utf-16"), [], id="near-misses"),
    pytest.param(("a\n" + TOKEN + "\nb\n").encode("utf-16"), [(2, 1, TOKEN)], id="token-once"),
    # (without a BOM, its bytes reading's column, as before)
    pytest.param(("a\n" + TOKEN + "\nb\n").encode("utf-16-le"), [(2, 2, TOKEN)], id="token-once-no-bom"),
    pytest.param(b"\xff\xfe" + "x\u0a43y".encode("utf-16-le"), [], id="lf-byte-no-token"),
    # (a NUL: git converts it only where an attribute asks -- README, "Not guaranteed")
    pytest.param(b"\xff\xfe\n" + FULL_WIDTH.encode("utf-16-le") + b"\x00\n", [], id="binary-to-git"),
]


@pytest.mark.parametrize(("data", "want"), NEAR)
def test_near_misses_stay_clean(data: bytes, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    assert found(data) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert streamed(data, 5) == want


def _checked_out(tmp_path: Path, data: bytes) -> tuple[bytes, bytes]:
    """``data`` committed with no attribute and checked out again by git with
    ``core.autocrlf=true`` (a Windows reader's default): (the blob git stores, what it writes)."""
    repo = init(tmp_path, "-b", "main")
    (tmp_path / "f").write_bytes(data)
    repo.git("add", "--", "f")
    run = {"cwd": tmp_path, "env": git_env(), "check": True, "capture_output": True}
    stored = subprocess.run(["git", "cat-file", "blob", ":f"], **run).stdout  # type: ignore[call-overload]
    (tmp_path / "f").unlink()
    checkout = ["git", "-c", "core.autocrlf=true", "checkout-index", "-f", "--", "f"]
    subprocess.run(checkout, **run)  # type: ignore[call-overload]
    return stored, (tmp_path / "f").read_bytes()


BYTES = [b"\n", b"\r", b"\x00", b"\x01", b"\x1a", b"\x7f", b"\t", b"a", b"\xff"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(BYTES), max_size=10), st.integers(0, 300))
def test_auto_converts_as_git_does(tmp_path_factory: pytest.TempPathFactory, parts: list[bytes], pad: int) -> None:
    """eol.auto_converts and eol.written, whole and over chunks, against git's own checkout
    of the same blob (convert.c: gather_stats, convert_is_binary, crlf_to_worktree); ``pad``
    printable bytes move the binary test's 1-in-128 boundary."""
    stored, written = _checked_out(tmp_path_factory.mktemp("eol"), b"x" * pad + b"".join(parts))
    assert eol.auto_converts(stored) == (written != stored)
    assert (eol.written(stored) if eol.auto_converts(stored) else stored) == written
    for cut in (0, len(stored) // 2, len(stored)):
        assert eol.auto_converts_chunks([stored[:cut], stored[cut:]]) == eol.auto_converts(stored)


# Each attribute as a .gitattributes line may give it: absent, set, unset, or a value.
TEXT_WORDS = ["", "text", "-text", "!text", "text=auto", "text=input", "text=x"]
EOL_WORDS = ["", "eol=crlf", "eol=lf", "-eol", "eol=x"]
CRLF_WORDS = ["", "crlf", "-crlf", "crlf=input"]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(TEXT_WORDS),
    st.sampled_from(EOL_WORDS),
    st.sampled_from(CRLF_WORDS),
    st.lists(st.sampled_from([b"\n", b"\r", b"\r\n", b"\x00", b"a"]), min_size=1, max_size=6),
)
def test_converts_line_endings_as_git_does(
    tmp_path_factory: pytest.TempPathFactory, text: str, eol_word: str, crlf: str, parts: list[bytes]
) -> None:
    """checks.entries.converts_line_endings (what sources/checkouts.py reads as written) and
    eol.written against git's own checkout of a file git calls binary (a NUL: only an
    attribute converts it), for the readers that ask most (core.eol=crlf, core.autocrlf=true)."""
    from rehearsal_hook.checks.entries import LINE_ENDING_ATTRIBUTES, converts_line_endings
    from rehearsal_hook.git.repository import check_attributes

    path = tmp_path_factory.mktemp("attr")
    repo = init(path, "-b", "main")
    stored = b"\x00\n" + b"".join(parts)
    (path / ".gitattributes").write_text(f"f {text} {eol_word} {crlf}\n")
    run = {"cwd": path, "env": git_env(), "check": True, "capture_output": True}
    blob = subprocess.run(["git", "hash-object", "-w", "--no-filters", "--stdin"], input=stored, **run).stdout  # type: ignore[call-overload]
    repo.git("update-index", "--add", "--cacheinfo", f"100644,{blob.decode().strip()},f")
    written = set()
    for reader in ("core.eol=crlf", "core.autocrlf=true"):
        subprocess.run(["git", "-c", reader, "checkout-index", "-f", "--", "f"], **run)  # type: ignore[call-overload]
        written.add((path / "f").read_bytes())
    answer = check_attributes(["f"], LINE_ENDING_ATTRIBUTES, cwd=str(path))["f"]
    assert written == {eol.written(stored) if converts_line_endings(answer) else stored}, answer
