#!/usr/bin/env python3
"""Coverage-guided fuzzing (atheris, libFuzzer) of everything that reads untrusted bytes.

    .venv/bin/python fuzz/fuzz.py -max_total_time=60          # any libFuzzer option works

The first byte of an input picks a target, the rest is its input.  Each target checks
invariants, not just "no crash":

* gate: ``gate_document`` never raises; a result is allowed exactly when it has no reason;
  whatever it allows also passes an independent, deliberately simple oracle of the rules
  (strict JSON, allowlists, booleans, hashes, grants); the engine blocks a request file
  exactly when the gate blocks one of its requests or a token is in it.
* report: ``check_report_file`` never raises; a report it accepts that says ALL_FAIL_CLOSED has
  figures that say so.
* scanner: the streamed scan (tiny chunks, cut anywhere) finds the same tokens at the same
  lines and columns as the in-memory one (or blocks as it does: a terminal code that moves the
  cursor to another row), with the same pragma on every line shorter than a
  chunk (a longer line's pragma can be missed, which blocks: the stated limit); any text
  the tool could print, once through the console's redaction, holds no seal-like token by the
  independent oracle of the output tests (plain, NFKC, format characters, look-alikes); a
  token that oracle sees in a decoded file is found by the scanner (a miss is a fail-open).
* config, baseline, push lines, git's change listing: only the documented error (ConfigError,
  CannotVerify) ever comes out.

It always adds seeds built here (the tokens are assembled at run time, so this file passes the
project's own hook), in a folder under $TMPDIR that also keeps what a run without a corpus
folder of its own finds.  A crash, a hang or a broken invariant stops the run with the input
saved as ``crash-*``; each one found becomes a regression test (tests/test_fuzz.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from typing import Any

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(os.path.dirname(HERE), "src"), os.path.dirname(HERE)]

with atheris.instrument_imports():
    from rehearsal_hook.checks.engine import check_blob
    from rehearsal_hook.checks.gate import BOOL_FIELDS, HASH_FIELDS, KNOWN_FIELDS, gate_document
    from rehearsal_hook.checks.policy import Policy
    from rehearsal_hook.checks.report_files import ALL_FAIL_CLOSED, check_report_file
    from rehearsal_hook.config import Config, parse_config
    from rehearsal_hook.errors import CannotVerify, ConfigError
    from rehearsal_hook.exemptions.baseline import parse_baseline
    from rehearsal_hook.findings import CheckResult
    from rehearsal_hook.lane import FORBIDDEN_ACTIONS
    from rehearsal_hook.output.console import safe_text
    from rehearsal_hook.output.formats import CHECK_FORMATS, render
    from rehearsal_hook.scan import segments, states
    from rehearsal_hook.scan.decode import decode_text
    from rehearsal_hook.scan.matcher import redact_text
    from rehearsal_hook.scan.stream import scan_file_chunks
    from rehearsal_hook.scan.text import is_utf8, scan_bytes
    from rehearsal_hook.sources.pushes import parse_ref_updates
    from rehearsal_hook.sources.rawdiff import RawParser

# The output tests' oracle, independent of the scanner (imported after the package, which must
# be imported inside the instrumented block to guide the fuzzer).
from tests.conftest import leaks, leaks_decoded  # noqa: E402

CONFIG = Config()
POLICY = Policy(CONFIG)
MATCHER = POLICY.matcher

# ---------------------------------------------------------------------------------------------
# Independent oracles (kept simple on purpose: they may be weaker than the tool, never wrong)


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({k for k, _ in pairs}) != len(pairs):
        raise _Duplicate
    return dict(pairs)


def _reject_constant(_name: str) -> Any:
    raise ValueError


def oracle_json(data: bytes) -> Any:
    """The document, if it is unambiguous JSON text; raises otherwise."""
    text = data.decode("utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-8-sig")
    if "\x00" in text:
        raise ValueError
    doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)

    def finite(value: Any) -> None:
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            raise ValueError
        for child in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
            finite(child)

    finite(doc)
    return doc


def _squash(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", value).casefold() if c.isalnum())


def oracle_may_allow(req: Any) -> str | None:
    """Why the rules forbid allowing ``req`` (None: nothing the oracle knows of)."""
    if not isinstance(req, dict):
        return "not an object"
    for key, value in req.items():
        if key not in KNOWN_FIELDS and key not in CONFIG.informational_fields:
            return f"unknown field {key!r}"
        if value is None:
            return f"{key} is null"
    target, action = req.get("target"), req.get("action")
    if not isinstance(target, str) or not isinstance(action, str):
        return "target/action not strings"
    if target not in CONFIG.isolated_targets or req.get("isolated_clone_proven") is not True:
        return "not a proven isolated target"
    if action not in CONFIG.allowed_actions:
        return "action not allowed"
    if "production" in _squash(target) or "production" in _squash(action):
        return "production"
    if _squash(action) in {a.replace("_", "") for a in FORBIDDEN_ACTIONS}:
        return "forbidden action"
    for key in BOOL_FIELDS:
        if key in req and type(req[key]) is not bool:
            return f"{key} not a boolean"
    hashes = {}
    for key in HASH_FIELDS:
        if key in req:
            value = req[key]
            if not isinstance(value, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", value):
                return f"{key} not a hash"
            hashes[key] = value.lower()
    if len(hashes) == 2 and len(set(hashes.values())) == 1:
        return "fabricated rollback"
    if req.get("claims_rollback_proven") is True and (
        req.get("rollback_evidence_present") is not True or len(hashes) != 2
    ):
        return "unproven rollback"
    grants = req.get("required_grants", [])
    if not isinstance(grants, list) or not all(isinstance(g, str) for g in grants):
        return "grants not a list of strings"
    if set(grants) - set(CONFIG.lane_grants):
        return "missing grant"
    return None


# ---------------------------------------------------------------------------------------------
# Targets


def fuzz_gate(data: bytes) -> None:
    results = gate_document(CONFIG, data)
    assert results, "no verdict at all"
    for r in results:
        assert r.allow == (not r.reasons)
        assert r.verdict == ("ALLOW_REHEARSAL_CLONE" if r.allow else "BLOCK_FAIL_CLOSED")
    allowed = [r for r in results if r.allow]
    if allowed:
        try:
            doc = oracle_json(data)
        except Exception as exc:  # any refusal of the oracle means the gate had to block
            raise AssertionError(f"gate allowed what is not unambiguous JSON: {exc!r}") from None
        items = doc if isinstance(doc, list) else [doc]
        for r in allowed:
            why = oracle_may_allow(items[r.index or 0])
            assert why is None, f"gate allowed request {r.index}: {why}"
    try:
        findings = check_blob(POLICY, "fuzz.rehearsal.json", data)
    except CannotVerify as exc:
        # (a content no reading can verify -- a terminal code that moves the cursor to another
        # row -- blocks the file, exit 1 through the CLI: the scanner alone says the same)
        try:
            scan_bytes(MATCHER, data)
        except CannotVerify as again:
            if again.code != exc.code:
                raise AssertionError(f"check_blob blocks with {exc.code}, the scanner with {again.code}") from exc
            return
        raise AssertionError(f"check_blob raised {exc.code} where the scanner does not") from exc
    blocked = any(f.blocking for f in findings)
    assert blocked == (len(allowed) != len(results) or bool(scan_bytes(MATCHER, data))), findings


def fuzz_report(data: bytes) -> None:
    reasons = check_report_file(data)
    if reasons:
        return
    doc = oracle_json(data)  # accepted: it must be unambiguous JSON
    if not (isinstance(doc, dict) and "verdict" in doc and "results" in doc):
        return
    if doc["verdict"] == ALL_FAIL_CLOSED:
        results = doc["results"]
        assert results, "ALL_FAIL_CLOSED with no results"
        for r in results:
            assert (r["allow"], r["fail_open"], r["token_leaked"]) == (False, False, False), r
        flags = (doc["any_fail_open"], doc["forbidden_token_leaked"], doc["production_mutation"])
        assert flags == (False, False, False), flags
        assert doc["control"]["allowed"] is True
        assert doc["probe_count"] == doc["fail_closed_count"] == len(results)


STREAM_CHUNK = 48


def _chunked(data: bytes, size: int) -> Any:
    return lambda: (data[i : i + size] for i in range(0, len(data), size))


def _streamed(body: bytes, size: int) -> list[Any]:
    old = segments.CHUNK_SIZE, segments.MAX_CARRY
    segments.CHUNK_SIZE, segments.MAX_CARRY = STREAM_CHUNK, 1 << 20  # cut often, never force a cut
    try:
        return scan_file_chunks(MATCHER, _chunked(body, size))
    finally:
        segments.CHUNK_SIZE, segments.MAX_CARRY = old


def fuzz_scanner(data: bytes) -> None:
    if not data:
        return
    size, body = data[0] % 17 + 1, data[1:]
    try:
        hits = scan_bytes(MATCHER, body)
    except CannotVerify as exc:
        # (a terminal code that moves the cursor to another row blocks: streamed, the same)
        blocked = exc.code
        try:
            _streamed(body, size)
        except CannotVerify as again:
            blocked = "" if again.code == blocked else f"{again.code}, in memory {blocked}"
        else:
            blocked = f"nothing, in memory {blocked}"
        if blocked:
            raise AssertionError(f"streamed blocks with {blocked}") from exc
        return
    try:
        streamed = _streamed(body, size)
    except CannotVerify:
        # (a stream reads each segment as it reads on its own until it knows the whole file's
        # reading: a segment of a file that is not text, read as text, can block where the file
        # read whole as bytes does not -- the documented limit, the safe way; and a stream
        # holding what sets a document's state -- roff's requests, a style sheet's rules... --
        # blocks: that state is read in memory only, roffstream.py)
        if (b"\x00" in body and not is_utf8(body)) or states.may_set(body):
            return
        raise
    text = decode_text(body)
    want = [(h.line, h.column, h.token) for h in hits]
    got = [(h.line, h.column, h.token) for h in streamed]
    assert got == want, f"streamed {got} != in memory {want}"
    # The pragma is judged on the whole line: exact for every line shorter than a chunk.  (A
    # hit of another reading counts that reading's lines: a file with a UTF-32 BOM is read as
    # UTF-16 and as bytes too, where CR NUL NUL NUL LF is two line breaks.)
    lines = re.split(r"\r\n|\r|\n", text) if text is not None else re.split(rb"\r\n|\r|\n", body)
    for a, b in zip(hits, streamed, strict=True):
        if a.line <= len(lines) and len(lines[a.line - 1]) * 2 < STREAM_CHUNK:
            assert a.pragma == b.pragma, f"pragma of line {a.line}: streamed {b.pragma}, in memory {a.pragma}"
    if text is not None and leaks(text):
        assert want, f"scanner missed {leaks(text)!r}"
    # Whatever the tool prints passes the console's redaction: no token may survive it.
    shown = text if text is not None else body.decode("utf-8", "surrogateescape")
    assert not leaks(safe_text(redact_text(MATCHER, shown)).decode("utf-8", "replace")), "token survived redaction"
    name = shown[:60].replace("/", "_") or "x"
    report = CheckResult(check_blob(POLICY, name, body), files=1)
    for fmt in CHECK_FORMATS:
        out = safe_text(render(report, fmt)).decode("utf-8", "replace")
        assert not leaks_decoded(out), f"token in {fmt} output (as its reader decodes it)"


def fuzz_config(data: bytes) -> None:
    for source in (".rehearsal-hook.toml", "pyproject.toml"):
        with contextlib.suppress(ConfigError):
            parse_config(data, source=source)


def fuzz_baseline(data: bytes) -> None:
    with contextlib.suppress(ConfigError):
        parse_baseline(data, source=".rehearsal-hook-baseline.json")


def fuzz_push_lines(data: bytes) -> None:
    for server in (False, True):
        with contextlib.suppress(CannotVerify):
            parse_ref_updates(data, server=server)


def _parse_outcome(pieces: list[bytes]) -> list[Any] | str:
    parser = RawParser()
    try:
        return [event for piece in pieces for event in parser.feed(piece)] + parser.close()
    except CannotVerify as exc:
        return exc.code


def fuzz_listing(data: bytes) -> None:
    whole = _parse_outcome([data])
    # The stream arrives in pieces of any size (several pipes are read at once): cut anywhere,
    # it must parse to the same events, or fail the same way.
    cuts = {data[0] * len(data) // 256} if data else {0}
    at = data.find(b"\0")  # above all next to a record's end
    if at >= 0:
        cuts.update({at, at + 1})
    for cut in sorted(cuts):
        assert _parse_outcome([data[:cut], data[cut:]]) == whole, cut


TARGETS = (fuzz_gate, fuzz_report, fuzz_scanner, fuzz_config, fuzz_baseline, fuzz_push_lines, fuzz_listing)


def test_one_input(data: bytes) -> None:
    if data:
        TARGETS[data[0] % len(TARGETS)](data[1:])


# ---------------------------------------------------------------------------------------------
# Seeds


def seeds() -> list[bytes]:
    token = "CUTOVER" + "_PASS"
    ok = {"target": "local_clone", "action": "rehearsal_apply", "isolated_clone_proven": True}
    report = {
        "doc": "d",
        "date": "2026-01-01",
        "harness_scope": "s",
        "probe_count": 1,
        "fail_closed_count": 1,
        "any_fail_open": False,
        "forbidden_token_leaked": False,
        "control": {"id": "c", "allowed": True, "controls_pass": True},
        "verdict": ALL_FAIL_CLOSED,
        "production_mutation": False,
        "results": [
            {
                "id": "p",
                "verdict": "BLOCK_FAIL_CLOSED",
                "allow": False,
                "fail_open": False,
                "token_leaked": False,
                "reasons": ["r"],
            }
        ],
    }
    hashed = {
        **ok,
        "claims_rollback_proven": True,
        "rollback_evidence_present": True,
        "before_hash": "a" * 64,
        "after_apply_hash": "b" * 64,
        "required_grants": list(CONFIG.lane_grants),
    }
    zero = "0" * 40
    listing = (
        b"a" * 40
        + b"\0:100644 100644 "
        + b"1" * 40
        + b" "
        + b"2" * 40
        + b" M\0x\0::100644 100644 100644 "
        + b" ".join([b"3" * 40, b"4" * 40, b"5" * 40])
        + b" MM\0dir/y\0"
    )
    texts = [
        token,
        f"a {token} # rehearsal-hook: allow",
        "ＣＵＴＯＶＥＲ＿ＰＡＳＳ",  # rehearsal-hook: allow (the disguise the fuzzer starts from)
        "CUT\u200bOVER_PASS",  # rehearsal-hook: allow (the escape reads as a zero-width space)
        "С" + token[1:],
        "FOO_PASSWORD X_PASS_RATE",
        "\r\n".join([token] * 3),
        # the rendered readings (issue 12), spelt at run time like the rest
        token.replace("_", "\\u005f"),
        token.replace("_", "&#95;") + " " + token.replace("_", "&lowbar;"),
        token.replace("_", "%5F") + " " + token.replace("_", "<b></b>_"),
        token.replace("_", "\x1b[1m_") + " " + token + "X\x08",
        "\u202e" + token[::-1] + "\u202c " + token.replace("_", "_\\\n  "),
        token.replace("C", "\u04c0", 1) + " " + token.replace("_", "\u2017"),
        # a letter that composes with a mark after a token (read composed, it ends the token)
        token + "W\u0302 " + token + "e\u0301",
        # a lone CR's overwrite counted in a terminal's cells: codes, controls, wide characters,
        # marks, backspaces and tabs take none, two or move the cursor
        "\x1b[0mxxxxxxx" + token[7:] + "\r" + token[:7] + "\n\t\x08" + token[7:] + "\r" + token[:7],
        "\u4e00\u4e00\u4e00x" + token[7:] + "\rCUT\x07OVER\nx\u0301xxxxxx" + token[7:] + "\r\x9b" + token[:7],
        # Markdown: an image's description parsed apart, brackets no reference can name
        token[:7] + "![*" + token[7:] + "**](u) " + token + "[]" + token[7:] + " " + token[:8] + "[][r]PASS",
        # a backspace in a line that reorders (display order keeps controls)
        token[:7] + "\x08" + token[7:] + " \\u202e " + token[:7] + "\\\n\x07" + token[7:],
        # cursor movements and row edits (screen.py), stored and decoded; a move up blocks
        token[:8] + "XXXX\x1b[4D" + token[8:] + " " + token + "WORD\x1b[4D\x1b[K \\u001b[2P\x9b2@\x1b7x\x1b8",
        token[:8] + "XXXX\n\x1b[1A\x1b[9G" + token[8:],
        # a style sheet's rules (sheets.py), a tag that sets its element apart (linebreaks.py),
        # Lua's and Haskell's decimal escapes (langescapes.py)
        "<style>p{text-transform:uppercase}.h{display:none}</style><p>"
        + token.lower()
        + "</p>"
        + token[:-2]
        + "<i class=h>x</i>"
        + token[-2:],
        token[:-2] + "<b>" + token[-2:] + "</b><br>WORD " + token.replace("_", "\\95"),
    ]
    out = [
        bytes([0]) + json.dumps(ok).encode(),
        bytes([0]) + json.dumps([ok, hashed]).encode(),
        bytes([0]) + json.dumps({**ok, "action": "cut-over"}).encode(),
        bytes([1]) + json.dumps(report).encode(),
        bytes([1]) + json.dumps({"verdict": "DEFECT"}).encode(),
    ]
    for text in texts:
        for encoding in ("utf-8", "utf-16", "utf-8-sig", "utf-32"):
            out.append(bytes([2, 3]) + text.encode(encoding))
        out.append(bytes([2, 3]) + b"\xff " + text.encode())  # one byte that is not UTF-8
    out += [
        bytes([3]) + b'permitted-contexts = ["docs/**"]\nallow-inline-pragma = false\n',
        bytes([3]) + b'[tool.rehearsal-hook]\nforbidden-tokens = ["GO_LIVE_OK"]\n',
        bytes([4]) + b'{"version": 1, "entries": [{"path": "a", "rule": "seal-token", "token": "X", '
        b'"fingerprint": "' + b"0" * 64 + b'", "count": 1}]}',
        bytes([5]) + f"refs/heads/a {'a' * 40} refs/heads/a {zero}\n{zero} {'b' * 40} refs/heads/b\n".encode(),
        bytes([6]) + listing,
    ]
    return out


def main(argv: list[str]) -> None:
    """Run libFuzzer.  The seeds always come along, as a last corpus folder (libFuzzer writes
    new inputs to the first one given, if any); a single file argument is run once, as
    libFuzzer does to reproduce a crash."""
    if not any(os.path.isfile(a) for a in argv[1:]):
        argv = [*argv, seed_folder()]
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def seed_folder() -> str:
    """A folder of the seeds for this run alone, named by its process: one fixed folder, emptied
    by each run, was emptied by a second run on the machine while the first's libFuzzer read
    it.  A new one (a run given no corpus folder has libFuzzer write its new inputs there, and
    those must not become a later run's inputs: a find left by a hand run failed the suite's
    found-inputs test; finds are kept in tests/test_fuzz.py instead).  libFuzzer exits without
    running atexit handlers, so a run cannot remove its own: the folders of runs that are gone
    are removed first."""
    base = os.path.join(tempfile.gettempdir(), f"rehearsal-hook-fuzz-seeds-{os.getuid()}-")
    for name in os.listdir(os.path.dirname(base)):
        pid = name[len(os.path.basename(base)) :]
        if name.startswith(os.path.basename(base)) and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(base + pid, ignore_errors=True)
    folder = f"{base}{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)  # (a run that is gone and had this process id)
    os.makedirs(folder)
    for i, seed in enumerate(seeds()):
        with open(os.path.join(folder, f"seed-{i:03}"), "wb") as fh:
            fh.write(seed)
    return folder


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # (another user's: not ours to remove)
    return True


if __name__ == "__main__":
    main(sys.argv)
