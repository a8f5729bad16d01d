"""`gate -` reads standard input only up to just past the size limit: an endless stream is a
request too large (exit 1), never a MemoryError (exit 3)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from rehearsal_hook.checks.strictjson import MAX_BYTES

from ..conftest import cli

EXE = str(Path(sys.executable).with_name("rehearsal-hook"))


def test_endless_stdin_blocks_as_too_large(repo: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [EXE, "gate", "--format", "json", "-"], stdin=zero, capture_output=True, timeout=120, check=False
        )
    assert proc.returncode == 1, proc.stderr
    [result] = json.loads(proc.stdout)["results"]
    assert [r["code"] for r in result["reasons"]] == ["request-too-large"]


def test_endless_json_stream_blocks(repo: Path) -> None:
    # A stream that never ends, written as fast as the gate reads: it stops reading past the
    # limit, so the writer sees a closed pipe, and the verdict is the limit's.
    # unbuffered, so closing the pipe flushes nothing into the closed end
    proc = subprocess.Popen([EXE, "gate", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    stdin, stdout = proc.stdin, proc.stdout
    assert stdin is not None and stdout is not None

    def feed() -> None:
        try:
            stdin.write(b'{"target": "local_clone", "ticket": "')
            while True:
                stdin.write(b"x" * 65536)
        except OSError:  # the gate stopped reading and exited: the pipe is closed
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out = stdout.read()
    assert proc.wait(timeout=120) == 1
    writer.join(timeout=60)
    stdin.close()
    stdout.close()
    assert b"request-too-large" in out


def test_stdin_at_the_limit_is_gated_past_it_blocks(repo: Path) -> None:
    body = b'{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_apply", "ticket": "'
    fill = MAX_BYTES - len(body) - 2
    at_limit = body + b"x" * fill + b'"}'
    assert len(at_limit) == MAX_BYTES
    assert cli(["gate", "-"], stdin=at_limit).code == 0
    run = cli(["gate", "-"], stdin=at_limit + b" ")
    assert run.code == 1
    assert "request-too-large" in run.out
