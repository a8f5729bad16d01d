"""Property: whatever the input, no output of check, gate or probes -- stdout or stderr, any
format, error messages and echoed paths included -- contains a seal-like token, disguised or
not.  The oracle is independent of the scanner: the issue's regex, on the raw output and on
its NFKC form with format characters and look-alikes undone, in every reader's view of the
output (conftest.reader_views: JSON strings, XML text and attributes, percent-decoded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import cli, examples, leaks, leaks_decoded

TOKENS = ["PRODUCTION_PASS", "CUTOVER_PASS", "SEAL_AUTHORIZED", "DEPLOY_GRANTED", "A_PASS", "QT001_PASS"]


def disguise(token: str, how: int) -> str:
    if how == 1:
        return "".join(chr(ord(c) + 0xFEE0) if c != "_" else "\uff3f" for c in token)  # full-width
    if how == 2:
        return token[:3] + "\u200b" + token[3:]
    if how == 3:
        return token.replace("P", "\u0420").replace("A", "\u0391")
    if how == 4:
        return token[:2] + "\u00ad" + token[2:]
    if how == 5:  # percent-encoded: what a URI's reader decodes
        return token.replace("_", "%5F")
    if how == 6:  # an HTML character reference
        return token.replace("_", "&#95;")
    return token


token_st = st.builds(disguise, st.sampled_from(TOKENS), st.integers(0, 6))
FORMATS = ("text", "json", "sarif", "github", "junit")
text_st = st.lists(
    st.one_of(token_st, st.text(max_size=12), st.sampled_from(['"', "{", "}", "\n", "\r\n", ":"])), max_size=12
).map("".join)
name_st = (
    st.lists(
        st.one_of(
            token_st, st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), max_size=8)
        ),
        min_size=1,
        max_size=3,
    )
    .map("".join)
    .filter(lambda n: n not in (".", "..") and len(n.encode()) < 200)
)
encoding_st = st.sampled_from(["utf-8", "utf-16", "utf-8-sig"])


def _check_outputs(*runs: object) -> None:
    for run in runs:
        for stream in (run.out, run.err):  # type: ignore[attr-defined]
            assert leaks_decoded(stream) == [], stream


@pytest.mark.slow
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=text_st,
    name=name_st,
    encoding=encoding_st,
    kind=st.sampled_from(["", ".rehearsal.json", "rehearsal-x.json"]),
)
def test_check_and_gate_never_print_a_token(repo: Path, content: str, name: str, encoding: str, kind: str) -> None:
    filename = (name + kind) if kind != "rehearsal-x.json" else ("rehearsal-" + name + ".json")
    path = repo / filename
    try:
        path.write_bytes(content.encode(encoding, "surrogatepass"))
    except OSError:
        return  # a name this file system refuses
    try:
        runs = [cli(["check", "--format", fmt, "--", filename]) for fmt in ("text", "json")]
        runs += [cli(["gate", "--format", fmt, "--", filename]) for fmt in ("text", "json")]
        _check_outputs(*runs, *(cli(["check", "--format", fmt, "--", filename]) for fmt in FORMATS[2:]))
        # check: text and JSON agree, and the JSON verdict says what the exit code says;
        # gate: no generated content is a valid request, so every gate run blocks.
        check_text, check_json, gate_text, gate_json = runs
        assert check_text.code == check_json.code and check_json.code in (0, 1), runs
        assert json.loads(check_json.out)["verdict"] == ("BLOCKED" if check_json.code else "CLEAN")
        assert gate_text.code == gate_json.code == 1, runs
        assert [r["verdict"] for r in json.loads(gate_json.out)["results"]] == ["BLOCK_FAIL_CLOSED"]
    finally:
        path.unlink()


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    request=st.dictionaries(
        st.one_of(st.sampled_from(["target", "action", "required_grants", "emit_pass"]), token_st),
        st.one_of(token_st, st.lists(token_st, max_size=3), st.booleans(), st.none()),
        max_size=5,
    )
)
def test_gate_reasons_never_echo_a_token(repo: Path, request: dict[str, object]) -> None:
    data = json.dumps(request, ensure_ascii=False).encode()
    runs = [cli(["gate", "--format", fmt, "-"], stdin=data) for fmt in ("text", "json")]
    _check_outputs(*runs)
    assert [r.code for r in runs] == [1, 1], runs


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=token_st)
def test_config_errors_never_echo_a_token(repo: Path, value: str) -> None:
    for body in (
        f'allowed-actions = ["{value}", "cutover"]\n',
        f'"{value}" = 1\n',
        f'forbidden-tokens = ["{value} x"]\n',
        f"x = [{value}\n",
    ):
        (repo / ".rehearsal-hook.toml").write_text(body, encoding="utf-8")
        runs = [cli(["check", "."]), cli(["gate", "-"], stdin=b"{}"), cli(["probes"])]
        _check_outputs(*runs)
        assert all(r.code == 2 for r in runs)


def test_a_config_error_beside_a_forbidden_token_that_is_no_word(repo: Path) -> None:
    """Found by test_config_errors_never_echo_a_token (session 27): a failed config's
    forbidden tokens redact its error message, and one that is no word (``é``) made that
    redaction fail -- a traceback quoting the message, ``CUTOVER&#95;P...`` in it, exit 1."""
    for listed in ('"\u00e9"', '"\uff30\uff32\uff2f\uff24_PASS x"', '"a b"'):
        (repo / ".rehearsal-hook.toml").write_text(
            f'forbidden-tokens = [{listed}]\n"CUTOVER&#95;PASS" = 1\n', encoding="utf-8"
        )
        runs = [cli(["check", "."]), cli(["gate", "-"], stdin=b"{}"), cli(["probes"])]
        _check_outputs(*runs)
        assert all(r.code == 2 and "unknown key" in r.err for r in runs), runs


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_probes_output_never_prints_a_token(repo: Path, fmt: str) -> None:
    run = cli(["probes", "--format", fmt])
    _check_outputs(run)
    assert run.code == 0, run


def test_help_texts_print_no_token() -> None:
    for args in (["--help"], ["check", "--help"], ["gate", "--help"], ["probes", "--help"], ["--version"]):
        _check_outputs(cli(args))


def test_oracle_sees_disguises() -> None:
    for how in range(5):
        assert leaks(disguise("CUTOVER_PASS", how)), how
    # ... and decodes each format as its reader does
    assert leaks_decoded('{"uri": "CUTOVER%5FPASS.md"}')
    assert leaks_decoded('{"p": "\\uff23UTOVER_PASS"}')
    assert leaks_decoded('<a name="CUTOVER&#95;PASS"/>')
    assert leaks_decoded("::error file=CUTOVER%5FPASS::x")


@pytest.mark.parametrize("how", range(7))
def test_a_disguised_file_name_is_redacted_in_every_format(repo: Path, how: int) -> None:
    """A SARIF URI is percent-encoded: a disguised name once came back as one that decodes to
    the token (issue 12)."""
    name = disguise("CUTOVER_PASS", how) + ".md"
    (repo / name).write_text("clean\n", encoding="utf-8")
    for fmt in FORMATS:
        run = cli(["check", "--format", fmt, "--", name])
        assert run.code == 1, run  # the name is a finding in every reading
        _check_outputs(run)


# A name whose token shows only once a format's reader has decoded it: a JSON string's reader
# (jq -r) hands a terminal the escape sequence ``\u001b[0m``; an XML reader hands on ``&#95;``
# as text, GitHub's ``%25`` comes back as ``%``.  Each value is what a reader of the field
# sees, so it is read like a file (scan_str: every reading) after the format is decoded.
DECODED_NAMES = [
    "CUTOVER_PA\x1b[0mSS",  # a terminal code
    "CUTOVER_PAX\x08SS",  # a backspace overstrikes the X
    "CUTOVER&#95;PASS",  # a character reference
    "CUTOVER%5FPASS",  # percent-encoding
    "CUTOVER\\u005fPASS",  # a string escape
    "CUTOVER_PA<b>SS",  # inline markup
]


@pytest.mark.parametrize("name", DECODED_NAMES)
def test_no_format_hands_its_reader_a_token(repo: Path, name: str) -> None:
    from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher
    from rehearsal_hook.scan.text import scan_str

    from ..conftest import reader_views

    matcher = TokenMatcher(SEED_FORBIDDEN_TOKENS)
    (repo / name).write_text("clean\n", encoding="utf-8")
    for fmt in FORMATS:
        run = cli(["check", "--format", fmt, "--", name])
        assert run.code == 1, run  # the name holds a token in some reading
        for stream in (run.out, run.err):
            for view in reader_views(stream):
                assert scan_str(matcher, view) == [], (fmt, view)


# A name a terminal shows as the token only once it acts on what is printed: the cursor moves
# back over ``xx`` (CUB, 7-bit and 8-bit) or a saved cursor is restored: what follows
# overwrites on the row.  An error message quotes such a name as given (red
# team, session 22: ``check --config NAME`` printed it raw and unredacted, since redaction did
# not read the terminal's row as the scanner reads a file's).  The oracle is pyte, a terminal
# emulator independent of the scanner, fed what was printed.
MOVED_NAMES = [
    "CUTOVER_PAxx\x1b[2DSS",
    "CUTOVER_PA\x1b7xx\x1b8SS",
    "CUTOVER_PAxx\x9b2DSS",
    "xxxxxxx_PASS\x1b[12DCUTOVER\x1b[9C",
]


def _terminal_shows(text: str) -> list[str]:
    import pyte

    screen = pyte.Screen(400, 60)
    pyte.Stream(screen).feed(text.replace("\n", "\r\n"))
    return [t for row in screen.display for t in leaks(row)]


def test_the_oracle_terminal_shows_the_moved_names() -> None:
    for name in MOVED_NAMES:
        assert _terminal_shows(f"error: {name}: x\n"), repr(name)


@pytest.mark.parametrize("name", MOVED_NAMES)
def test_an_echoed_name_a_terminal_shows_as_a_token_is_redacted(repo: Path, name: str) -> None:
    runs = [
        cli(["check", "--config", name, "x"]),
        cli(["check", "--baseline", name, "x"]),
        cli(["gate", "--config", name, "x"]),
        *(cli(["check", "--format", fmt, "--", name]) for fmt in FORMATS),
    ]
    for run in runs:
        assert run.code in (1, 2), run
        for stream in (run.out, run.err):
            assert _terminal_shows(stream) == [], (run, stream)
