"""Configuration: discovery, strict keys and types, and never widening the lane."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import cli

REQ = '{"target": "lab_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}'


def test_defaults_without_config(repo: Path) -> None:
    (repo / "a.rehearsal.json").write_text(REQ)
    run = cli(["check", "--format", "json", "a.rehearsal.json"])
    assert run.code == 1
    assert [f["rule"] for f in json.loads(run.out)["findings"]] == ["target-not-isolated"]


@pytest.mark.parametrize("where", [".rehearsal-hook.toml", "pyproject.toml", "explicit"])
def test_config_discovery(repo: Path, where: str) -> None:
    body = 'isolated-targets = ["lab_clone"]\n'
    if where == "pyproject.toml":
        (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.rehearsal-hook]\n' + body)
        args = []
    elif where == "explicit":
        (repo / "conf").mkdir()
        (repo / "conf" / "rh.toml").write_text(body)
        args = ["--config", "conf/rh.toml"]
    else:
        (repo / where).write_text(body)
        args = []
    (repo / "a.rehearsal.json").write_text(REQ)
    assert cli(["check", *args, "a.rehearsal.json"]).code == 0


def test_two_config_files_are_an_error(repo: Path) -> None:
    # The dedicated file is read, so the table would be ignored without a word: an empty
    # .rehearsal-hook.toml dropped the table's forbidden-tokens.
    (repo / "pyproject.toml").write_text('[tool.rehearsal-hook]\nforbidden-tokens = ["GO_LIVE_OK"]\n')
    (repo / ".rehearsal-hook.toml").write_text("")
    (repo / "a.md").write_text("GO_LIVE_OK\n")
    run = cli(["check", "a.md"])
    assert run.code == 2 and "both" in run.err
    # --config names the rules: pyproject.toml is not read then
    assert cli(["check", "--config", ".rehearsal-hook.toml", "a.md"]).code == 0


BAD_CONFIGS = [
    ("invalid TOML", "permitted-contexts = [", "not valid TOML"),
    ("unknown key", 'permited-contexts = ["docs/**"]\n', "unknown key"),
    ("wrong type list", 'permitted-contexts = "docs/**"\n', "must be a list of strings"),
    ("wrong type item", "forbidden-tokens = [1]\n", "must be a list of strings"),
    ("wrong type bool", 'allow-inline-pragma = "no"\n', "must be true or false"),
    ("forbidden action allowed", 'allowed-actions = ["rehearsal_apply", "Cut-Over"]\n', "allowed-actions"),
    ("production action allowed", 'allowed-actions = ["deploy_production"]\n', "allowed-actions"),
    ("production target", 'isolated-targets = ["local_clone", "Production_DB"]\n', "isolated-targets"),
    ("production grant", 'lane-grants = ["PRODUCTION_EXECUTION_OPT4"]\n', "lane-grants"),
    ("forbidden grant", 'lane-grants = ["CUTOVER"]\n', "lane-grants"),
    ("token not a word", 'forbidden-tokens = ["GO LIVE"]\n', "forbidden-tokens"),
    ("not UTF-8", b"permitted-contexts = ['\xff']\n", "not valid TOML"),
]


@pytest.mark.parametrize(("name", "body", "message"), BAD_CONFIGS, ids=[b[0] for b in BAD_CONFIGS])
@pytest.mark.parametrize("command", ["check", "gate", "probes"])
def test_bad_config_is_exit_2(repo: Path, name: str, body: str | bytes, message: str, command: str) -> None:
    path = repo / ".rehearsal-hook.toml"
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    (repo / "a.rehearsal.json").write_text(REQ)
    args = {"check": ["check", "a.rehearsal.json"], "gate": ["gate", "a.rehearsal.json"], "probes": ["probes"]}
    run = cli(args[command])
    assert run.code == 2, run
    assert message in run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert run.out == ""


def test_missing_explicit_config_is_exit_2(repo: Path) -> None:
    run = cli(["check", "--config", "nope.toml", "."])
    assert run.code == 2
    assert "cannot read" in run.err


def test_config_directory_is_exit_2(repo: Path) -> None:
    (repo / "d").mkdir()
    assert cli(["check", "--config", "d", "."]).code == 2


def test_forbidden_tokens_and_pragma_switch(repo: Path) -> None:
    (repo / ".rehearsal-hook.toml").write_text('forbidden-tokens = ["GO_LIVE_OK"]\nallow-inline-pragma = false\n')
    (repo / "notes.md").write_text("GO_LIVE_OK\nX_PASS  # rehearsal-hook: allow\n")
    run = cli(["check", "--format", "json", "notes.md", ".rehearsal-hook.toml"])
    assert run.code == 1
    findings = json.loads(run.out)["findings"]
    assert sorted((f["path"], f["line"], f["excused_by"] or "") for f in findings) == [
        (".rehearsal-hook.toml", 1, "config-file"),
        ("notes.md", 1, ""),
        ("notes.md", 2, ""),
    ]
    assert "GO_LIVE_OK" not in run.out  # configured tokens are redacted too


def test_active_config_file_is_a_permitted_context(repo: Path) -> None:
    (repo / ".rehearsal-hook.toml").write_text('forbidden-tokens = ["CUTOVER_PASS"]\n')
    run = cli(["check", "--format", "json", ".rehearsal-hook.toml"])
    assert run.code == 0
    assert [f["excused_by"] for f in json.loads(run.out)["findings"]] == ["config-file"]


# A config file under another name is read by no one: its rules (a forbidden token,
# protect-exemptions) would be dropped without a word -- and on macOS or Windows, where
# ``.rehearsal-hook.TOML`` opens as ``.rehearsal-hook.toml``, read here but not by CI or the
# server, which look the exact name up in git.
@pytest.mark.parametrize(
    "name",
    [
        "rehearsal-hook.toml",
        ".rehearsal_hook.toml",
        ".rehearsal-hooks.toml",
        ".Rehearsal-Hook.TOML",
        ".rehearsal-hook.yaml",
        ".rehearsal-hook.yml",
        "rehearsal-hook-config.toml",
        ".rehearsalhook.toml",
        # names Windows or macOS readers fold onto the config's (checked out from an archive,
        # or by a git that allows them): Windows drops trailing dots and blanks and reads
        # name:stream as a stream of name; HFS+ ignores joiners and direction marks in names
        ".rehearsal-hook.toml.",
        ".rehearsal-hook.toml ",
        ".rehearsal-hook.toml. .",
        ".rehearsal-hook.toml::$DATA",
        ".rehearsal-hook.toml:x",
        ".rehearsal-hook\u200c.toml",
        ".rehearsal-hook.toml\ufeff",
        # and pyproject.toml's: macOS reads its [tool.rehearsal-hook] where git, CI and the
        # server read none
        *("PyProject.toml", "pyproject.toml.", "pyproject.TOML"),
    ],
)
def test_a_config_file_under_another_name_is_an_error(repo: Path, name: str) -> None:
    table = "[tool.rehearsal-hook]\n" if "pyproject" in name.lower() else ""
    (repo / name).write_text(table + 'forbidden-tokens = ["GO_LIVE_OK"]\n')
    (repo / "a.md").write_text("GO_LIVE_OK\n")
    run = cli(["check", "a.md"])
    assert run.code == 2 and "is not read" in run.err, run.err


@pytest.mark.parametrize(
    "name",
    [".rehearsal-hook.toml~", "rehearsal-hook.toml.bak", "rehearsal-notes.toml", ".rehearsal-hook-baseline.json"],
)
def test_files_only_named_near_the_config_are_not_configs(repo: Path, name: str) -> None:
    (repo / name).write_text('{"version": 1, "entries": []}\n' if name.endswith(".json") else "anything\n")
    (repo / "a.md").write_text("fine\n")
    assert cli(["check", "a.md"]).code == 0
