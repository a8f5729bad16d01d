"""A wide-encoded file as other readers get it (eol.py, text._scan_bom): as a checkout that
converts line endings writes it -- the CR put before an LF byte inside a UTF-16 character
shifts every code unit after it -- and, behind a BOM, its bytes as a terminal shows them.
Each found attacking main; each in memory and streamed."""

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
# misaligned (U+35FF ...); no ASCII letter is among its bytes.  Checked out, U+0A0D then the
# token.  With a BOM (an editor's pick) and without (UTF-16 guessed for a text with NULs or
# that is not UTF-8).
SHIFTED = [
    pytest.param(b"\xff\xfe\r\n" + FULL_WIDTH.encode("utf-16-le") + b"\r\nmore", id="bom"),
    pytest.param(b"\r\n" + FULL_WIDTH.encode("utf-16-le") + b"\r\n" + "more".encode("utf-16-le"), id="no-bom"),
    pytest.param(
        b"\xfe\xff\r\n" + FULL_WIDTH.encode("utf-16-be") + b"\r\n" + "more".encode("utf-16-be"), id="big-endian"
    ),
]


@pytest.mark.parametrize("written", SHIFTED)
@pytest.mark.parametrize("size", [3, 64, 1 << 12])
def test_a_token_a_crlf_checkout_shows_is_found(written: bytes, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    stored = _stored(written)
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
]


@pytest.mark.parametrize(("data", "want"), NEAR)
def test_near_misses_stay_clean(data: bytes, want: list[tuple[int, int, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    assert found(data) == want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert streamed(data, 5) == want


def test_a_bom_files_bytes_as_a_terminal_shows_them() -> None:
    """``FF FE`` then CJK letters whose code units are pairs of ASCII letters: an editor shows
    the CJK letters, ``cat`` and grep the token (found attacking main: every hook passed it)."""
    letters = TOKEN.encode("ascii").decode("utf-16-le")
    data = b"\xff\xfe" + letters.encode("utf-16-le")
    assert TOKEN not in letters
    assert [t for _, _, t in found(data)] == [TOKEN]
    assert streamed(data, 4) == found(data)


def _stored_and_written(tmp_path: Path, data: bytes) -> tuple[bytes, bytes]:
    """``data`` added to git's index under ``text eol=crlf`` (the blob git stores: its CR LF
    pairs made LF) and checked out again, by git itself."""
    repo = init(tmp_path, "-b", "main")
    (tmp_path / ".gitattributes").write_text("f text eol=crlf\n")
    (tmp_path / "f").write_bytes(data)
    repo.git("add", "--", ".gitattributes", "f")
    run = {"cwd": tmp_path, "env": git_env(), "check": True, "capture_output": True}
    stored = subprocess.run(["git", "cat-file", "blob", ":f"], **run).stdout  # type: ignore[call-overload]
    (tmp_path / "f").unlink()
    subprocess.run(["git", "checkout-index", "-f", "--", "f"], **run)  # type: ignore[call-overload]
    return stored, (tmp_path / "f").read_bytes()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([b"\r", b"\n", b"\r\n", b"a", b"\x00", b"\xff"]), max_size=12))
def test_crlf_written_is_what_git_writes(tmp_path_factory: pytest.TempPathFactory, parts: list[bytes]) -> None:
    """eol.crlf_written, whole and over chunks, against git's own checkout of the same bytes
    (convert.c: a CR before each LF that has none)."""
    stored, written = _stored_and_written(tmp_path_factory.mktemp("eol"), b"".join(parts))
    assert (eol.crlf_written(stored) or stored) == written
    for cut in range(len(stored) + 1):
        assert b"".join(eol.crlf_written_chunks([stored[:cut], stored[cut:]])) == written
        assert eol.has_lone_lf([stored[:cut], stored[cut:]]) == (written != stored)
