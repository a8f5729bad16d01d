"""Every git call, behind one process wrapper: argument tuples, ``-z`` listings, ``--`` before
paths, never a shell.  Nothing else in the package starts a process."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence

from rehearsal_hook.errors import GitError

# Settings that would let a repository's own config run code or change what we read.
SAFE_CONFIG: tuple[str, ...] = (
    "-c", "core.fsmonitor=false",
    "-c", "core.untrackedCache=false",
    "-c", "core.quotePath=false",
    "-c", "diff.external=",
    "-c", "core.hooksPath=/dev/null",
)  # fmt: skip


def run_git(
    args: Sequence[str],
    *,
    cwd: str | None = None,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> bytes:
    """Run ``git SAFE_CONFIG *args`` and return stdout; any other exit code is a GitError that
    names the command, its exit code and the first line of its stderr."""
    cmd = ("git", *SAFE_CONFIG, *args)
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=dict(env) if env is not None else None,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if proc.returncode not in ok_codes:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        first = err[0] if err else "(no message)"
        shown = " ".join(args[:3])
        raise GitError(f"git {shown} failed (exit {proc.returncode}): {first}")
    return proc.stdout


def split_z(out: bytes) -> list[str]:
    return [os.fsdecode(p) for p in out.split(b"\0") if p]


def toplevel(cwd: str | None = None) -> str | None:
    """The work tree's root, or None outside a git work tree (and when git is missing)."""
    try:
        out = run_git(("rev-parse", "--show-toplevel"), cwd=cwd)
    except GitError:
        return None
    return os.fsdecode(out.rstrip(b"\n")) or None


def ls_files(root: str) -> list[tuple[str, str]]:
    """(mode, path) of every tracked path in the index, from the root."""
    out = run_git(("ls-files", "-z", "--stage", "--full-name", "--"), cwd=root)
    entries = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        entries.append((meta.split(b" ", 1)[0].decode(), os.fsdecode(path)))
    return entries
