"""Messages: every error is redacted with the configured tokens too, and a config that tomllib
cannot even build (nested too deeply, a number too long) is a configuration error (2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import cli_process, git

TOKEN = "GO_LIVE_OK"  # a configured forbidden token: not seal-like, so only the config knows it

# (name, config body, extra arguments) -> each must print an error that quotes the token.
QUOTING_ERRORS = [
    ("unknown key", f'forbidden-tokens = ["{TOKEN}"]\n{TOKEN} = 1\n', ["check", "a.md"]),
    (
        "isolated target",
        f'forbidden-tokens = ["{TOKEN}"]\nisolated-targets = ["production {TOKEN}"]\n',
        ["check", "a.md"],
    ),
    (
        "allowed action",
        f'forbidden-tokens = ["{TOKEN}"]\nallowed-actions = ["production {TOKEN}"]\n',
        ["check", "a.md"],
    ),
    ("range base", f'forbidden-tokens = ["{TOKEN}"]\n', ["check", "--range", f"{TOKEN}..HEAD"]),
    ("range head", f'forbidden-tokens = ["{TOKEN}"]\n', ["check", "--range", f"HEAD..{TOKEN}"]),
    ("missing config", f'forbidden-tokens = ["{TOKEN}"]\n', ["check", "--config", f"{TOKEN}.toml", "a.md"]),
    ("usage error", f'forbidden-tokens = ["{TOKEN}"]\n', ["check", f"--{TOKEN}"]),
    ("gate missing file", f'forbidden-tokens = ["{TOKEN}"]\n', ["gate", f"{TOKEN}.rehearsal.json"]),
]


@pytest.mark.parametrize(("name", "body", "args"), QUOTING_ERRORS, ids=[q[0] for q in QUOTING_ERRORS])
def test_error_messages_are_redacted_with_configured_tokens(repo: Path, name: str, body: str, args: list[str]) -> None:
    (repo / ".rehearsal-hook.toml").write_text(body)
    (repo / "a.md").write_text("hello\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    run = cli_process(args, cwd=repo)
    assert run.code in (1, 2), run
    assert TOKEN not in run.err + run.out, run.err
    assert TOKEN[: len(TOKEN) // 2] + "\u2026" in run.err + run.out  # it was quoted, redacted


FORGED = "x\nrehearsal-hook: CLEAN: 1 file checked\x1b[2K\x9b1A"


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--config", FORGED, "a.md"],
        ["check", "--baseline", FORGED, "a.md"],
        ["check", "--base", FORGED, "a.md"],
        ["check", "--range", FORGED],
        ["gate", "--config", FORGED, "a.md"],
        ["check", "--format", "json", "--config", FORGED, "a.md"],
    ],
    ids=["config", "baseline", "base", "range", "gate config", "json"],
)
def test_an_error_quoting_a_value_is_one_line(repo: Path, args: list[str]) -> None:
    """An error's reason is one line, its controls escaped: a value quoted as given (red team,
    session 22: ``--config`` with a line feed printed a line ``rehearsal-hook: CLEAN`` of its
    own, and terminal codes as they were)."""
    (repo / "a.md").write_text("hello\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    run = cli_process(args, cwd=repo)
    assert run.code in (1, 2), run  # (a revision holding a line feed names no commit: 1)
    assert [line for line in run.err.splitlines() if not line.startswith("Try ")] == [run.err.splitlines()[0]], run
    assert run.err.startswith("rehearsal-hook: error: ") and "\\n" in run.err, run
    assert not any(c in run.err + run.out for c in "\x1b\x9b\r"), run


def test_debug_traceback_is_redacted(repo: Path) -> None:
    (repo / ".rehearsal-hook.toml").write_text(f'forbidden-tokens = ["{TOKEN}"]\n{TOKEN} = 1\n')
    run = cli_process(["--debug", "check", "x"], cwd=repo)
    assert run.code == 2 and "Traceback" in run.err
    assert TOKEN not in run.err


def test_invalid_forbidden_token_is_not_echoed(repo: Path) -> None:
    (repo / ".rehearsal-hook.toml").write_text('forbidden-tokens = ["GO LIVE_PASS"]\n')
    run = cli_process(["check", "x"], cwd=repo)
    assert run.code == 2
    assert "forbidden-tokens entry 1 is not a word" in run.err
    assert "LIVE" not in run.err


UNBUILDABLE = [
    ("nested arrays", "a = " + "[" * 5000 + "]" * 5000 + "\n"),
    ("nested arrays in another tool's table", "[tool.other]\na = " + "[" * 5000 + "]" * 5000 + "\n"),
    ("huge integer in another tool's table", "[tool.other]\nn = " + "9" * 5000 + "\n"),
    ("huge integer in ours", "[tool.rehearsal-hook]\nn = " + "9" * 5000 + "\n"),
]


@pytest.mark.parametrize(("name", "body"), UNBUILDABLE, ids=[u[0] for u in UNBUILDABLE])
@pytest.mark.parametrize("file", ["pyproject.toml", ".rehearsal-hook.toml"])
def test_unbuildable_toml_is_a_config_error(repo: Path, name: str, body: str, file: str) -> None:
    (repo / file).write_text(body)
    (repo / "a.md").write_text("hello\n")
    run = cli_process(["check", "a.md"], cwd=repo)
    assert run.code == 2, run
    assert run.err.startswith(f"rehearsal-hook: error: config {file}: not valid TOML")
    assert "Traceback" not in run.err and "internal error" not in run.err
