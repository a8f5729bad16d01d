"""allowed-tokens: exact seal-like words that claim nothing (an API's PERMISSION_GRANTED, a
DB_PASS variable).  Not findings -- only counted -- everywhere a token is found; never one of
the six literal tokens nor a forbidden-tokens word; and an exemption like any other: a change
that adds one is marked, and under protect-exemptions refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal_hook.config import Config, parse_config
from rehearsal_hook.errors import ConfigError

from ..conftest import cli
from ..gitutil import Repo, init, install

ALLOWED = 'allowed-tokens = ["PERMISSION_GRANTED", "DB_PASS"]\n'


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"allowed-tokens": ["CUTOVER_PASS"]}, "always forbidden"),
        ({"allowed-tokens": ["PERMIT_PASS"]}, "always forbidden"),
        # digits a reader takes for the letters (found in review: each was allowed)
        ({"allowed-tokens": ["CUT0VER_PASS"]}, "always forbidden"),
        ({"allowed-tokens": ["PR0DUCTI0N_PASS"]}, "always forbidden"),
        ({"allowed-tokens": ["QTOO1_PASS"]}, "always forbidden"),
        ({"allowed-tokens": ["PERM1T_PASS"]}, "always forbidden"),
        ({"allowed-tokens": ["REA1_RUN_PASS"]}, "always forbidden"),
        # a word that ends in one reads as that claim (found in session 29: each was allowed,
        # and only counted, never listed)
        ({"allowed-tokens": ["PRE_CUTOVER_PASS"]}, "ends in one of the six"),
        ({"allowed-tokens": ["NOT_PRODUCTION_PASS"]}, "ends in one of the six"),
        ({"allowed-tokens": ["X_SEAL_AUTHORIZED"]}, "ends in one of the six"),
        ({"allowed-tokens": ["CUTOVER__PASS"]}, "ends in one of the six"),
        ({"allowed-tokens": ["A_QTOO1_PASS"]}, "ends in one of the six"),
        ({"allowed-tokens": ["db_pass"]}, "not a seal-like word"),
        ({"allowed-tokens": ["GO_LIVE_OK"], "forbidden-tokens": ["GO_LIVE_OK"]}, "not a seal-like word"),
        ({"allowed-tokens": ["DB_PASS"], "forbidden-tokens": ["DB_PASS"]}, "also in forbidden-tokens"),
        ({"allowed-tokens": ["PERMISSION_GRANTED "]}, "not a seal-like word"),
    ],
)
def test_what_cannot_be_allowed(table: dict[str, list[str]], problem: str) -> None:
    text = "".join(f"{k} = {json.dumps(v)}\n" for k, v in table.items())
    with pytest.raises(ConfigError, match=problem):
        parse_config(text.encode(), source=".rehearsal-hook.toml")


def test_allowed_words_are_counted_not_listed(repo: Path) -> None:
    (repo / ".rehearsal-hook.toml").write_text(ALLOWED)
    (repo / "App.java").write_text(
        "if (p == PackageManager.PERMISSION_GRANTED) {}\n"
        "String DB_PASS = env();\n"
        "// PERMISSION_GRАNTED with a Cyrillic A reads the same: allowed too\n"
        "we reached CUTOVER_PASS\n"
        "XPERMISSION_GRANTED is another word\n"
    )
    run = cli(["check", "App.java", ".rehearsal-hook.toml"])
    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        "App.java:4:12: seal-token seal-like token CUTOVER_P…",
        "App.java:5:1: seal-token seal-like token XPERMISSION_G…",
    ]
    assert "excused: 5 by allowed-token" in run.out, "three in the file, two in the config's own line"
    doc = json.loads(cli(["check", "--format", "json", "App.java"]).out)
    assert [f["line"] for f in doc["findings"]] == [4, 5] and doc["summary"]["excused"] == {"allowed-token": 3}
    (repo / "App.java").write_text("PERMISSION_GRANTED\n")
    assert cli(["check", "App.java"]).code == 0
    assert Config(allowed_tokens=("PERMISSION_GRANTED",)).allowed_tokens == ("PERMISSION_GRANTED",)


def test_a_reading_that_joins_an_allowed_word_to_the_one_before_shows_another_token(repo: Path) -> None:
    """Found by a random run of the stream's differential (session 26): in ASCII text the fast
    path (near.near_b) read a needle stored whole only where syntax or an underscore at its
    word's edge could join it -- not a word right after what AsciiDoc (``{empty}``) or roff
    (``\\|``, ``\\s+2``) removes, which joins it to the word before: the allowed word passed,
    the reader sees another token."""
    (repo / ".rehearsal-hook.toml").write_text(ALLOWED)
    (repo / "a.adoc").write_text("X{empty}DB_PASS\n")
    (repo / "b.1").write_text("set B\\|DB_PASS and A\\s+2PERMISSION_GRANTED\n")
    (repo / "c.adoc").write_text("x{empty}DB_PASS is no other word\n")  # (``xDB_P...``: no token)
    run = cli(["check", "a.adoc", "b.1", "c.adoc"])
    assert run.code == 1
    assert run.out.splitlines()[:3] == [
        "a.adoc:1:1: seal-token seal-like token XDB_P…",
        "b.1:1:5: seal-token seal-like token BDB_P…",
        "b.1:1:20: seal-token seal-like token APERMISSION_G…",
    ], run.out
    assert "excused: 1 by allowed-token" in run.out


def test_init_and_explain_show_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli(["init"]).code == 0
    written = (tmp_path / ".rehearsal-hook.toml").read_text()
    assert "allowed-tokens = []" in written
    assert cli(["check", ".rehearsal-hook.toml"]).code == 0, "the commented config passes its own check"
    assert "allowed-tokens" in cli(["explain", "seal-token"]).out


def _repo(tmp_path: Path, config: str) -> Repo:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write(".rehearsal-hook.toml", config)
    repo.write("a.md", "fine\n")
    repo.commit("base", ".rehearsal-hook.toml", "a.md")
    install(repo)
    return repo


def test_allowed_in_the_base_the_hooks_stay_quiet(tmp_path: Path) -> None:
    repo = _repo(tmp_path, ALLOWED)
    repo.write("a.md", "DB_PASS is read from the vault\n")
    result = repo.commit("use it", "a.md", verify=True)
    assert result.code == 0, result.out
    assert "DB_P" not in result.out and "excused: 1 by allowed-token" in result.out
    before = repo.head()
    message = repo.git("commit", "-q", "--allow-empty", "-m", "rotate DB_PASS", ok=False)  # commit-msg hook
    assert message.code == 0 and repo.head() != before, message.out
    refused = repo.git("commit", "-q", "--allow-empty", "-m", "rotate CUTOVER_PASS", ok=False)
    assert refused.code != 0 and "seal-token-message" in refused.out


def test_a_change_that_allows_its_own_token(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "protect-exemptions = false\n")
    repo.write(".rehearsal-hook.toml", "protect-exemptions = false\n" + ALLOWED)
    repo.write("a.md", "DB_PASS\n")
    result = repo.commit("allow and use", ".rehearsal-hook.toml", "a.md", verify=True)
    assert result.code == 0, result.out
    assert "a.md:1:1: seal-token seal-like token DB_P… [excused: allowed-token, same change]" in result.out


def test_protect_exemptions_refuses_a_change_that_allows_its_own_token(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "protect-exemptions = true\n")
    base = repo.head()
    repo.write(".rehearsal-hook.toml", "protect-exemptions = true\n" + ALLOWED)
    repo.write("a.md", "DB_PASS\n")
    result = repo.commit("allow and use", ".rehearsal-hook.toml", "a.md", verify=True)
    assert result.code != 0
    assert "a.md:1:1: seal-token seal-like token DB_P… [not excused: allowed-token arrived in this change" in result.out
    repo.commit("allow and use", ".rehearsal-hook.toml", "a.md")  # past the hook
    ranged = repo.cli("check", "--range", f"{base}..HEAD")
    assert ranged.code == 1 and "a.md:1:1: seal-token" in ranged.out
    # Once merged, the allowance is old: the next change may use the word.
    repo.write("b.md", "DB_PASS again\n")
    result = repo.commit("use it", "b.md", verify=True)
    assert result.code == 0, result.out
