"""Fuzzing (issue 5): the coverage-guided target in fuzz/ runs for a bounded time, and every
input it ever broke the tool with is a regression test here, with a plain test of the bug."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes
from rehearsal_hook.sources.rawdiff import RawParser

from .conftest import PROJECT, cli

FUZZ = PROJECT / "fuzz" / "fuzz.py"
needs_atheris = pytest.mark.skipif(not importlib.util.find_spec("atheris"), reason="atheris is not installed")
# A fixed number of inputs, not a time: with a fixed seed the suite's run is then the same
# on every machine (a time budget ran 400 inputs on a loaded machine and 1,500 on an idle one,
# and a count checked against a speed made the test flaky).  The count includes the seeds
# (fuzz.seeds(), 111 now, each run once first): 250 is the seeds and about 140 mutations of them.
# The whole suite's longest test (500 took 160 s CPU, the seeds alone 56 s: about 0.3-0.5 s an
# input, instrumented); the search for new bugs is REHEARSAL_HOOK_FUZZ_RUNS=100000 (or the
# README command), by hand.
RUNS = int(os.environ.get("REHEARSAL_HOOK_FUZZ_RUNS", "250"))

# Inputs the fuzzer found (first byte: the target; see fuzz/fuzz.py), base64 so that this file
# does not spell their tokens out.
FOUND = {
    # a file that is not text (NUL, 0xFF) with a move up on its second line: read whole as bytes
    # it passes, a stream reads that line as text and blocks (the documented limit)
    "stream-binary-cursor-up": "AgP/IENVVE9WRQEAAABYWAobWzJBG1tBR1M5UFM=",
    # streamed scan cut inside a line and lost the pragma of the token before the cut
    "stream-pragma": "AgNhIENVVE9WRVJfUEFTUyAjIHJlaGVhcnNhbC1ob29rOiBhbGxvdw==",
    # SARIF: a path that is not UTF-8 made quote() raise (check --format sarif exited 3)
    "sarif-surrogates": "AgNhIENVVE9WRVJfUEFTUyAjIHJlaGVhcnNhbC28vLxob29rOiBhbGxvdw==",
    # a BOM, then bytes that are not UTF-8: streamed columns lost the BOM's bytes
    "stream-bom-binary": "AgPvu79D77u/gItPVkVSX1BBU1M=",
    # a file name with CR LF between tokens: JSON output escaped it as \r\n, and its reader
    # saw tokens the redaction had not (the escape glued "n" to the next word: issue 12)
    "json-escaped-line-break": "AgNDVVRPVkVSX1BBU1MNCkNVVE9WRVJfUEFTUw0KQ1VUT1ZFUl9QQVNT",
    # a backspace after an escaped line break: the terminal reading joined the lines and the
    # only reading that decoded the escape hid the token from redaction (issue 12)
    "backspace-hid-a-decoded-token": "AgP/IENVVE9WRVJfUEFTUw0CA/8g4gpDVVRPVkVSX1BBU1MNCENVVICuT1ZTU0FQX1JFVgogIFBBU0VTUl9QQVNT",
    # (the same input, later: a lone CR's overwrite read as a token starting inside a stored
    # one was reported streamed only -- the in-memory scan had read that line through the view
    # for a backspace further on, and merged it away: STREAM_CASES "cr-overwrite-inside-a-token")
    # GitHub's %3A before a full-width token: the rendered reading was not built (its hint
    # wanted an ASCII letter after the escape) and the name went out unredacted (issue 12)
    "escape-before-full-width": "AgP/IO+8AAAAAAAAAACj77y177y077yvOu+8tu+8pe+8su+8v++8sO+8oe+8s++8sw==",
    # GitHub's %0A before NULs and a token (UTF-16 without its BOM in a name): the hint did
    # not look past the NULs, which vanish (issue 12)
    "escape-nul-token": "AgP//kMAVQBUAE8AVgBFAFIAXwBQAEEAUwBTAA0ACgBDAFUAVABPAFYARQBSAF8AUABBAFMAUwANAAoAQwBVAFQATwBW"
    "AEVWAEUAUgBfAFAAAFJib29sZWFuAF8AUABBAFMAUwA=",
    # %5F next to a NUL the text output shows as \x00: decoding both at once joined the words
    # (issue 12)
    "percent-beside-escaped-nul": "AgP/IENVVE9WRVIlNUZQQVNTAEFTU7sBAAAAT68APlAAAF8AAAAAABBfUEFTUw==",
    # a JSON-escaped control character before a percent-encoded token: JSON's reader, then
    # the URL's, sees it (issue 12)
    "json-then-percent": "AgP/IENVVE9WHx8fHx8fHx9FUiU1RlBBU1Mg///////////////////////3/////////////////////////////////"
    "/////////////////////////9QQVNTIP//////////////////////9////////////////////////////////////////////"
    "///////////////O////////////////////////////1RPVkVSPGI+PC9iPl9QQVNT",
    # a double low line before a token: read as "_" it hid the token that a reader who sees a
    # mark apart (NFKC: a space and a combining mark) reads (issue 12)
    "double-low-line-apart": "AgP/INNQ//8QAAAAAABBU1MgQ1UYAgP/IO+8o++8te+8tO+8r++8c2Usa28gt+9PVlJFsry8pe/igJdQQVNT77y/77yw77yh"
    "77yz77yz",
    # a decoded ESC before a token's first letter: as a terminal shows it the two vanish, and
    # the reading that decoded the ESC then hid the token the JSON reader's text holds
    "decoded-escape-hid-a-token": "AgP/IGEbQ1VUT1ZFUl9QQVNTICMgcmVoZWFyc2FsLWhvb2s6IGFsbG93",
    # NUL padding between an escaped line break's backslash and its line feed: streamed, the
    # lines were cut apart there (STREAM_CASES' nul-padded-escaped-line-break)
    "nul-padded-escaped-line-break": "AgP//gAAQwAAAFUAAABUAAAAAFMAAABTAAAAIAAAAFwAAAB1AAAAMgAAADAAAAAyAAAAZQAAACAAAABDAAAAVQAA"
    "AFQAAABPAAAAVgAAAEUAAABSAAAAXAAAAAoAAAAHAAAAXwAAAFAAAABBAAAAUwAAAFMAAAA=",
    # a name in UTF-16 without a BOM holding CR LF: GitHub's %0D%0A between NULs was never
    # rendered for redaction (NULs vanish for its reader), and a token went out
    "github-escapes-between-nuls": "AgBFAFIAXwBQAEEAUwBTAA0ACgBDAFUAVABPAFYARQBSAF8AUABBAFMAUwA=",
    # U+FEFF at the start of a stream segment was taken for a BOM
    # a combining mark on the letter after a token (UTF-16 "...X_PASSW" + U+0302): composed,
    # the letter is not ASCII and ends the word, as the precomposed one does; the scanner's
    # per-code-point view never composed (tests/unit/test_compositions.py)
    "utf16-oracle-sees-a-token": "AgP//kYATwBPAF8AUABBAFMAUwBXAAID0KFVVE9WRVJfUEFTCgBSAEQAIACnWABfAFAAQQBTAFJTAF8AAEEAVABFAA==",
    # a UTF-32 file with CR LF (a seed): read as UTF-16 and as bytes too, a hit counts lines
    # as that reading does, past the last line of the UTF-32 text (the target indexed them)
    "utf32-lines-of-another-reading": "AgP//gAAQwAAAFUAAABUAAAATwAAAFYAAABFAAAAUgAAAF8AAABQAAAAQQAAAFMAAABTAAAADQAAAAoAAABDAAAAVQAAAFQAAABP"
    "AAAAVgAAAEUAAABSAAAAXwAAAFAAAABBAAAAUwAAAFMAAAANAAAACgAAAEMAAABVAAAAVAAAAE8AAABWAAAARQAAAFIAAABfAAAA"
    "UAAAAEEAAABTAAAAUwAAAA==",
    # an ESC left open before a run of "&": ISO-2022-JP's incremental decoder raised
    # UnicodeError("pending buffer overflow"), not UnicodeDecodeError, and the stream crashed
    # (found by the suite's fixed fuzz run in CI; tests/unit/test_stream_codecs.py)
    "iso2022-pending-overflow": "Asb6u0m8VVRMdUVSGyYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJi"
    "YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJlswbV9QQVNTUEFTU1gI",
    # a request file whose text no reading verifies (ESC D moves to the next row, ESC 8 restores
    # a cursor saved on another): it blocks (CannotVerify, exit 1) -- the gate target took that
    # for a crash (found by the suite's fixed fuzz run, session 21)
    "gate-unverifiable-text": "AAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACA0NVVE9WckVSX1hYBwAA"
    "AAAAAABYWFsbRDRQQXgbOA==",
    "stream-inner-bom": "AgNhIENVVE9WRVJfUEFTUyAjIHJlaGVhAgPvu79DVVRPVkVSX1BBU1VUTwID77u/Q1VUT1ZFUl9QQVNTDVBPRVJfUEFWRVJf"
    "UEFTUyAjIHJlaFRPVkVSX1BBU1VUTwIDA2EgQ1VUTwID77u/Q1VUT1ZFUl9QQVNVVE8CA++7v0NVVE8AAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGxsb3c=",
}


def _fuzz(tmp_path: Path, *args: str, timeout: int) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, str(FUZZ), *args, f"-artifact_prefix={tmp_path}/"],
        cwd=tmp_path,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", "replace")


@pytest.mark.slow
@needs_atheris
def test_found_inputs_pass_the_fuzz_target(tmp_path: Path) -> None:
    found = tmp_path / "found"
    found.mkdir()
    for name, data in FOUND.items():
        (found / name).write_bytes(base64.b64decode(data))
    # Files, not a corpus folder: libFuzzer runs each once, and fuzz.py adds no seeds (the
    # fixed run below runs those).  Given a folder, this test ran the seeds too, five times the
    # work: seeds and found inputs 51 s CPU, the found inputs alone 10.4 s.
    code, out = _fuzz(tmp_path, *sorted(str(p) for p in found.iterdir()), "-runs=0", timeout=1500)
    assert code == 0, out[-3000:]
    assert out.count("\nExecuted ") == len(FOUND), out[-3000:]


@pytest.mark.slow
@needs_atheris
def test_fuzz_for_a_fixed_number_of_inputs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    code, out = _fuzz(
        tmp_path,
        str(corpus),
        f"-runs={RUNS}",
        # A fixed seed: the suite's run is the same every time, so CI cannot fail on a new
        # random find; a longer, unseeded run (fuzz/fuzz.py by hand) is how new bugs are found.
        f"-seed={os.environ.get('REHEARSAL_HOOK_FUZZ_SEED', '1')}",
        "-timeout=120",  # per input, instrumented: one slow input took 13 s on a loaded machine
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        timeout=1800,  # a hang guard only: 250 inputs took 93 s CPU here
    )
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert code == 0 and not crashes, f"{crashes}\n{out[-4000:]}"
    runs = int(re.search(r"stat::number_of_executed_units:\s*(\d+)", out).group(1))  # type: ignore[union-attr]
    assert runs == RUNS, out[-2000:]


@needs_atheris
def test_each_fuzz_run_has_its_own_seed_folder(tmp_path: Path) -> None:
    """Two runs on one machine: each writes its seeds to a folder of its own and removes only
    the folders of runs that are gone (one shared folder, emptied by each run, raced)."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    prefix = tmp_path / f"rehearsal-hook-fuzz-seeds-{os.getuid()}-"
    stale, running = Path(f"{prefix}{int(gone.stdout)}"), Path(f"{prefix}{os.getpid()}")
    for folder in (stale, running):
        folder.mkdir()
        (folder / "seed-000").write_bytes(b"kept?")
    load = (
        "import importlib.util, sys; spec = importlib.util.spec_from_file_location('fuzz', sys.argv[1]); "
        "fuzz = importlib.util.module_from_spec(spec); spec.loader.exec_module(fuzz); print(fuzz.seed_folder())"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    made = subprocess.run(
        [sys.executable, "-c", load, str(FUZZ)], capture_output=True, env=env, check=True, timeout=600
    )
    folder = Path(made.stdout.decode().strip().splitlines()[-1])
    assert folder.parent == tmp_path and folder not in (stale, running)
    assert not stale.exists() and (running / "seed-000").read_bytes() == b"kept?"
    assert len(list(folder.iterdir())) > 10


# ---------------------------------------------------------------------------------------------
# The bugs, as plain tests

M = TokenMatcher()
STREAM_CASES = {
    # a valid UTF-8 first chunk of a file that is not text: only the bytes reading sees this
    # token (a look-alike C glued to digits in the text reading); the stream missed it
    "binary-file-valid-first-chunk": b"2222\xd0\xa1UT2O\x00V\x00E\x00R\x00_\x00P\x00A\x00S\x00S\x00\n"
    + b"filler line\n" * 10
    + b"\xff\n",
    "inner-bom-at-a-cut": b"x\n" * 23 + "\ufeffCUTOVER_PASS\n".encode(),
    "bom-then-not-utf8": b"\xef\xbb\xbfab \x80 CUTOVER_PASS\n",
    "pragma-after-the-old-cut": b"z" * 33 + b"\nCUTOVER_PASS # rehearsal-hook: allow\n",
    "utf16-pragma": "z\nCUTOVER_PASS # rehearsal-hook: allow\n".encode("utf-16"),
    # a lone CR's overwrite shows a token that starts inside a stored one; in memory the line was
    # read through the view (for the backspace two lines on) and the overwrite merged into the
    # stored token, streamed it was reported apart
    "cr-overwrite-inside-a-token": b"\xff CUTOVER_PASS\r\x02\x03\xff \xe2\nCUTOVER_PASS\r\x08CUT\x80\xaeOVSSAP_REV\n  PASESR_PASS",
    # NUL padding between an escaped line break's backslash and its line feed (UTF-32 read as
    # bytes, one NUL out of step): the NUL-free reading joins the lines, and the stream cut at
    # that line feed (segments.stream_cut looked for the backslash just before it) -- found by
    # the xfails helper's fuzz run, session 21
    "nul-padded-escaped-line-break": "\ufeffCUT".encode("utf-32-le")
    + b"\x00"
    + "SS \\u202e CUTOVER\\\n\x07_PASS".encode("utf-32-le"),
}


@pytest.mark.parametrize("name", list(STREAM_CASES))
def test_streaming_equals_in_memory(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = STREAM_CASES[name]
    want = scan_bytes(M, data)
    assert want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 48)
    for size in (1, 4, 7):
        assert scan_file_chunks(M, lambda size=size: (data[i : i + size] for i in range(0, len(data), size))) == want


def test_sarif_with_a_file_name_that_is_not_utf8(repo: Path) -> None:
    name = os.fsdecode(b"bad-\xff.md")
    (repo / name).write_text("X_PASS\n")
    run = cli(["check", "--format", "sarif", "."])
    assert run.code == 1, run
    [result] = json.loads(run.out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad-%FF.md"


@pytest.mark.parametrize(
    "listing",
    [
        b":100644 100644 " + b"1" * 40 + b" " + b"2" * 40 + b" M\0x\0",  # a change before any commit
        b"a" * 40 + b"\0:100644 100644 " + b"1" * 40 + b" " + b"2" * 40 + b" M\0",  # no path
        b"a" * 40 + b"\0:10\xff644 100644 " + b"1" * 40 + b" " + b"2" * 40 + b" M\0x\0",  # a stray byte
        b"a" * 40 + b"\0::100644 100644 " + b"1" * 40 + b" " + b"2" * 40 + b" M\0x\0",  # a parent short
        b"a" * 40 + b"\0:100644 100644 " + b"1" * 39 + b" " + b"2" * 40 + b" M\0x\0",  # a short id
        b"not-an-id\0",
        b"a" * 40,  # cut short
    ],
    ids=["no-commit", "no-path", "stray-byte", "parent-missing", "short-id", "not-an-id", "cut-short"],
)
def test_listing_parser_refuses_what_git_never_prints(listing: bytes) -> None:
    def parse() -> None:
        parser = RawParser()
        parser.feed(listing)
        parser.close()

    with pytest.raises(CannotVerify) as err:
        parse()
    assert err.value.code == "unparsable-diff"


# Streamed scans that differed from the in-memory one, found by a random run of that differential
# over test_makers' alphabet (session 26, 16-byte chunks as tests/unit/scanning.everywhere cuts
# them), each a cut where the whole text reads lines as one.
STREAM_GAPS = {
    # TeX's braces (a line holding \relax) join %5{}F into _ where the paragraph is read whole
    # (an AsciiDoc line after a line holding `_`: paragraphs.others): in memory line 2 shows
    # A_P…, streamed the cut fell between the lines and it was missed (a fail-open) -- a stream
    # cuts no paragraph now whose part before holds a mark others reads one whole for
    # (paragraphs._STREAM_MARKS)
    "tex-braces-in-a-percent-escape": "\\u202eA_PASSA_\\0PASS\x07x\x07y\nA%5{}FPASS \\relax\\5f\n",
    # CSS's \5f eats the line feed after it, joining the lines: in memory A_P_ASS… at 1:1 (read
    # with its paragraph), streamed the cut fell at that line feed and the token was missed --
    # now a join (css.eats_line_end, joins.join_end) that no stream cuts
    "css-escape-eats-the-line-feed": "A_P\\5f\nASSA_PASS\\0A&{empty}#95;PASS",
    # a tag holding a data: URL over its lines, beside base64 that decodes to a needle: in
    # memory WF9QQQA_P… at 1:1, streamed the stored A_P… at 1:9 (tokens differ, both blocked):
    # the paragraph, read whole (`=` and `_` before the cut), shows what its lines apart do not
    "data-url-tag-over-lines": "WF9QQQ==A_PASS<i\n src='data:,A_PASS<i\n src='data:,A_PASSWF9QQQ==A_PASS",
}


@pytest.mark.parametrize("name", list(STREAM_GAPS))
def test_streaming_gaps_equal_in_memory(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = STREAM_GAPS[name].encode()
    want = scan_bytes(M, data)
    assert want
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert scan_file_chunks(M, lambda: (data[i : i + 5] for i in range(0, len(data), 5))) == want
