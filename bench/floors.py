#!/usr/bin/env python3
"""What any full scan written in Python pays before it reads a single construct (bench/run.py
``floors``): the runtime dependencies' import, listing the work tree's files with git, reading
each one whole -- the tool's own way, ``os.open`` / ``os.read`` of its size -- and then one of

    --find    the needles (``_PASS``, ``_AUTHORIZED``, ``_GRANTED``) searched with ``in``:
              the least work that can tell a file holds no token (memchr speed);
    --regex   the issue's token pattern run by Python's regular expression engine (``re``),
              every match: the regex engine's speed on the rule itself, no reading at all.

spread over ``--jobs`` forked processes as ``check --all-files`` spreads its files (each takes
every jobs-th one).  Run from inside a work tree.  And for a history's range:

    blobs LIST   the blobs whose ids LIST holds (a range's new versions), each read whole from
              ``git cat-file --batch`` through a pipe, then the needles searched with ``in``:
              the least a scan of each new version pays (the tool reads them so).

It prints nothing: the benchmark times it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from pathlib import Path

import click  # noqa: F401  (the tool's runtime dependencies: every command imports them)
import pathspec  # noqa: F401

REGEX = rb"\b[A-Z][A-Z0-9_]*_(PASS|AUTHORIZED|GRANTED)\b"
NEEDLES = (b"_PASS", b"_AUTHORIZED", b"_GRANTED")


def read(path: bytes) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, os.fstat(fd).st_size + 1)
    finally:
        os.close(fd)


def work(paths: list[bytes], how: str) -> int:
    found = 0
    if how == "find":
        for p in paths:
            data = read(p)
            found += any(n in data for n in NEEDLES)
    else:
        token = re.compile(REGEX)
        for p in paths:
            found += len(token.findall(read(p)))
    return found


def blobs(ids: Path) -> int:
    found = 0
    with ids.open("rb") as fin:
        proc = subprocess.Popen(["git", "cat-file", "--batch"], stdin=fin, stdout=subprocess.PIPE)
        assert proc.stdout is not None
        while header := proc.stdout.readline():
            size = int(header.split()[2])
            data = proc.stdout.read(size + 1)  # (and the line feed after it)
            found += any(n in data for n in NEEDLES)
    return proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("how", choices=("find", "regex", "blobs"))
    ap.add_argument("ids", nargs="?", type=Path, help="blobs: a file of blob ids, one a line")
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()
    if a.how == "blobs":
        return blobs(a.ids)
    listed = subprocess.run(["git", "ls-files", "-z"], capture_output=True, check=True).stdout
    paths = [p for p in listed.split(b"\0") if p and os.path.isfile(p) and not os.path.islink(p)]
    children = []
    for k in range(1, a.jobs):
        pid = os.fork()
        if pid == 0:
            work(paths[k :: a.jobs], a.how)
            os._exit(0)
        children.append(pid)
    work(paths[:: a.jobs], a.how)
    return max((os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children), default=0)


if __name__ == "__main__":
    raise SystemExit(main())
