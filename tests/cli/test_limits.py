"""The scanner's documented limits (README "Scanner limits"), through the console script at
their real sizes: past each, the file blocks with a one-line reason naming the limit (exit 1),
and no output holds a token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal_hook.scan import bidi

from ..conftest import cli_process

T = "CUTOVER" + "_PASS"


@pytest.mark.slow
def test_a_right_to_left_paragraph_past_the_layout_limit_blocks(repo: Path) -> None:
    """A Hebrew line of over 1 Mi characters (bidi.LONGEST), right to left from its start: no
    place to cut its display order, so it is not laid out -- it blocks at its line, one line of
    reason, instead of holding 200 bytes a character."""
    unit = "שלום עולם א1X_PA" + "SS "
    n = bidi.LONGEST + 100
    (repo / "long.txt").write_bytes(b"plain\n" + (unit * (n // len(unit) + 1))[:n].encode() + b"\n")
    run = cli_process(["check", "--format", "json", "long.txt"], cwd=repo)
    assert run.code == 1, run
    [finding] = json.loads(run.out)["findings"]
    assert (finding["rule"], finding["line"]) == ("unverifiable-reading", 2), finding
    assert "display order" in finding["message"] and "\n" not in finding["message"], finding
    assert T not in run.out + run.err


@pytest.mark.slow
def test_a_streamed_log_paragraph_past_16_mib_is_read_and_a_pairing_across_its_cut_blocks(repo: Path) -> None:
    """A file over 64 MiB is streamed, and a Markdown paragraph over 16 MiB whose part before a
    cut holds a character that may open inline markup is cut all the same
    (segments.ParagraphCuts): a log of ``[INFO]`` lines with no blank line is read (it blocked
    whole, "the 16 MiB paragraph limit": issue 12's false block).  A line of such a paragraph
    that may show a token blocks at its line, naming the limit: here its closer pairs with the
    opener on the first line, 66 MiB before."""
    line = b"2026-12-05 10:00:01 [INFO] worker 7 started job *12*\n"
    n = (66 << 20) // len(line) + 1
    (repo / "big.log").write_bytes(line * n)
    run = cli_process(["check", "--format", "json", "big.log"], cwd=repo)
    assert run.code == 0, run
    (repo / "big.log").write_bytes(b"*y\n" + line * n + T.replace("_", "*_", 1).encode() + b"\n")
    run = cli_process(["check", "--format", "json", "big.log"], cwd=repo)
    assert run.code == 1, run
    [finding] = json.loads(run.out)["findings"]
    assert (finding["rule"], finding["line"]) == ("unverifiable-reading", n + 2), finding
    assert "paragraph limit of a streamed reading" in finding["message"], finding
    assert "\n" not in finding["message"]
    assert T not in run.out + run.err
