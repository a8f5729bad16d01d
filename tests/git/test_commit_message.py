"""commit-msg scans what git will record: the whole message however large (streamed), cut at
the scissors line only where git cuts it (``-v``, ``commit.verbose``, an editor), never for
``git commit -m``/``-F``, which keep what follows it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from rehearsal_hook.scan import segments
from rehearsal_hook.sources import files

from ..conftest import cli
from ..gitutil import Repo, git_env

CUT = "# ------------------------ >8 ------------------------\n"


def _editor(tmp: Path, text: str) -> str:
    """An editor that puts ``text`` above what git wrote (the cut line and the diff stay)."""
    script = tmp / "editor.sh"
    body = tmp / "top.txt"
    body.write_text(text)
    script.write_text(f'#!/bin/sh\ncat "{body}" "$1" > "$1.new" && mv "$1.new" "$1"\n')
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("how", ["-m", "-F"])
def test_message_option_keeps_what_follows_a_cut_line(client: Repo, tmp_path: Path, how: str) -> None:
    message = f"subject\n\n{CUT}CUTOVER_PASS after the line\n"
    source = tmp_path / "msg.txt"
    source.write_text(message)
    before = client.head()
    result = client.git("commit", "-q", "--allow-empty", how, message if how == "-m" else str(source), ok=False)
    assert result.blocked, result.out
    assert "(commit message):4:1: seal-token-message" in result.out
    assert client.head() == before
    # git would indeed have recorded it:
    client.git("commit", "-q", "--no-verify", "--allow-empty", how, message if how == "-m" else str(source))
    assert "CUTOVER_PASS" in client.out("log", "-1", "--format=%B")


def test_commit_verbose_setting_cuts_even_with_m(client: Repo) -> None:
    message = f"subject\n\n{CUT}CUTOVER_PASS after the line\n"
    result = client.git("-c", "commit.verbose=true", "commit", "-q", "--allow-empty", "-m", message, ok=False)
    assert not result.blocked, result.out
    assert "CUTOVER_PASS" not in client.out("log", "-1", "--format=%B")


def test_editor_cut_line_drops_the_diff(client: Repo, tmp_path: Path) -> None:
    client.write("old.md", "CUTOVER_PASS\n")
    client.commit("old token", "old.md")  # planted without the hooks
    client.write("old.md", "gone\n")
    client.git("add", "old.md")
    env = git_env(GIT_EDITOR=_editor(tmp_path, "remove the old token\n"))
    # The removed line is in the diff below git's cut line.
    result = client.git("commit", "-q", "-v", env=env, ok=False)
    assert not result.blocked, result.out
    assert client.out("log", "-1", "--format=%s") == "remove the old token"


def test_editor_with_scissors_cleanup_drops_what_follows(client: Repo, tmp_path: Path) -> None:
    env = git_env(GIT_EDITOR=_editor(tmp_path, f"subject\n{CUT}CUTOVER_PASS below the line\n"))
    result = client.git("commit", "-q", "--allow-empty", "--cleanup=scissors", env=env, ok=False)
    assert not result.blocked, result.out
    assert client.out("log", "-1", "--format=%B") == "subject"


def test_editor_keeps_a_token_above_the_cut_line(client: Repo, tmp_path: Path) -> None:
    env = git_env(GIT_EDITOR=_editor(tmp_path, "subject SEAL_GRANTED\n"))
    result = client.git("commit", "-q", "-v", "--allow-empty", env=env, ok=False)
    assert result.blocked and "(commit message):1:9: seal-token-message" in result.out


def test_auto_comment_char_does_not_cut(client: Repo) -> None:
    client.git("config", "core.commentChar", "auto")
    msg = client.path / "msg"
    msg.write_text(f"fine\n{CUT}CUTOVER_PASS\n")
    assert client.tool("commit-msg", str(msg)).code == 1


def test_configured_comment_char_is_the_cut_line(client: Repo) -> None:
    client.git("config", "core.commentChar", ";")
    msg = client.path / "msg"
    msg.write_text(f"fine\n{CUT}CUTOVER_PASS\n")  # '#' is no longer git's cut line
    assert client.tool("commit-msg", str(msg)).code == 1
    msg.write_text(f"fine\n;{CUT[1:]}CUTOVER_PASS\n")
    assert client.tool("commit-msg", str(msg)).code == 0


def test_message_over_the_stream_threshold_is_read_whole(client: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    # In process, with the threshold and the chunk made small: the path a message over 64 MiB
    # takes (streamed in CHUNK_SIZE pieces), without 76 MiB scanned three times by the console
    # script (99 s of the suite on a loaded machine).  tests/cli/test_limits.py streams a file
    # over the real threshold.
    monkeypatch.setattr(files, "STREAM_THRESHOLD", 4 << 10)
    monkeypatch.setattr(segments, "CHUNK_SIZE", 1 << 10)
    monkeypatch.chdir(client.path)
    msg = client.path / "big-msg"
    filler = b"a line of an enormous commit message\n" * 2000  # 72 chunks, streamed
    with open(msg, "wb") as fh:
        fh.write(b"subject\n\n")
        fh.write(filler)
        fh.write(b"CUTOVER_PASS at the end\n")
    assert isinstance(files.read_content(str(msg)), Callable)
    monkeypatch.setenv("GIT_EDITOR", ":")  # no editor
    result = cli(["commit-msg", str(msg)])
    assert result.code == 1 and "seal-token-message" in result.out + result.err, result
    # With an editor the cut line before it is git's: what follows is dropped, streamed too.
    with open(msg, "r+b") as fh:
        fh.seek(-len(b"CUTOVER_PASS at the end\n"), os.SEEK_END)
        fh.write(CUT.encode())
        fh.write(b"CUTOVER_PASS at the end\n")
    assert cli(["commit-msg", str(msg)]).code == 1
    monkeypatch.delenv("GIT_EDITOR")
    assert cli(["commit-msg", str(msg)]).code == 0


def test_a_message_file_that_is_a_link_is_not_read_as_its_text(client: Repo) -> None:
    (client.path / "real-msg").write_text("subject CUTOVER_PASS\n")
    (client.path / "msg").symlink_to("real-msg")
    result = client.tool("commit-msg", str(client.path / "msg"))
    assert result.blocked and "the message file is a symbolic link" in result.out


@pytest.mark.parametrize("how", ["editor", "-F --cleanup=strip", "auto comment char"])
def test_a_comment_line_git_strips_joins_the_lines_around_it(client: Repo, tmp_path: Path, how: str) -> None:
    """git strips comment lines after commit-msg ran: ``*y``, ``# c``, ``A*_PASS`` is one
    Markdown paragraph in the message it records (A_PASS shown), none in the file the hook
    reads.  The hook reads the message stripped too."""
    text = "subject\n\n*y\n# c\nA*_PASS\n"
    source = tmp_path / "msg.txt"
    source.write_text(text)
    if how == "editor":
        env, args = git_env(GIT_EDITOR=_editor(tmp_path, text)), ["commit", "-q", "--allow-empty"]
    else:
        if how == "auto comment char":
            client.git("config", "core.commentChar", "auto")
        env, args = git_env(), ["commit", "-q", "--allow-empty", "-F", str(source), "--cleanup=strip"]
    result = client.git(*args, env=env, ok=False)
    assert result.blocked and "(commit message):4:1: seal-token-message" in result.out, result.out
    client.git(*args, "--no-verify", env=env)
    recorded = client.out("log", "-1", "--format=%B")
    # (what git recorded: with ``auto`` git picked ';', no line starting with it, and kept the
    # line -- which a hook cannot tell from the file: it reads the message stripped of each)
    assert ("*y\n# c\nA*_PASS" if how == "auto comment char" else "*y\nA*_PASS") in recorded
    # A comment line that joins nothing: clean.
    source.write_text("subject\n\n*y\n# c\n\nA*_PASSWORD\n")
    assert not client.tool("commit-msg", str(source)).blocked


@pytest.mark.parametrize("where", ["content", "message"])
def test_git_am_runs_the_hooks_it_runs_instead_of_pre_commit_and_commit_msg(
    client: Repo, tmp_path: Path, where: str
) -> None:
    """``git am`` runs pre-applypatch (the patch applied to the index) and applypatch-msg (its
    message), not pre-commit and commit-msg: a patch holding a token was committed by it with
    the hooks installed (red-team pass; the push blocked it).  Both block; a clean patch is
    committed."""
    client.git("checkout", "-q", "-b", "topic")
    client.write("b.md", "CUTOVER_PASS\n" if where == "content" else "fine\n")
    client.git("add", "b.md")
    client.git("commit", "-q", "--no-verify", "-m", "subject CUTOVER_PASS" if where == "message" else "subject")
    client.git("format-patch", "-q", "-1", "-o", str(tmp_path / "patches"))
    client.git("checkout", "-q", "main")
    (patch,) = (tmp_path / "patches").iterdir()
    before = client.head()
    result = client.git("am", str(patch), ok=False)
    assert result.blocked, result.out
    hook = "pre-applypatch" if where == "content" else "applypatch-msg"
    assert ("b.md:1:1: seal-token" if where == "content" else "(commit message):1:9: seal-token-message") in result.out
    assert client.head() == before, hook
    client.git("am", "--abort")
    client.write("c.md", "clean\n")
    client.git("add", "c.md")
    client.git("commit", "-q", "--no-verify", "-m", "clean")
    client.git("format-patch", "-q", "-1", "-o", str(tmp_path / "clean"))
    client.git("reset", "-q", "--hard", "HEAD~1")
    (clean,) = (tmp_path / "clean").iterdir()
    client.git("am", str(clean))
    assert client.out("log", "-1", "--format=%s") == "clean"
