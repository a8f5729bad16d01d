"""Help texts and messages a newcomer meets: examples, no markup, suggestions for typos,
'-' for stdin, outside a repository, advice that fits where it is given."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rehearsal_hook.cli.group import COMMANDS
from rehearsal_hook.output.rulebook import RULES, explain

from ..conftest import cli, git
from ..gitutil import init


def test_install_and_uninstall_help_say_what_they_do_with_examples() -> None:
    install, uninstall = cli(["install", "--help"]).out, cli(["uninstall", "--help"]).out
    assert "Hook to install" in install and "Examples:" in install and "pre-commit framework" in install
    assert "Hook to remove" in uninstall and "Hook to install" not in uninstall and "Examples:" in uninstall


def test_no_help_shows_markup() -> None:
    for name in COMMANDS:
        text = cli([name, "--help"]).out
        assert "``" not in text and ":func:" not in text, name


def test_a_mistyped_command_or_rule_code_gets_a_suggestion() -> None:
    run = cli(["chek"])
    assert run.code == 2 and "Did you mean 'check'?" in run.err
    assert "Did you mean" not in cli(["zzzz"]).err
    run = cli(["explain", "seal-tokn"])
    assert run.code == 2 and "did you mean 'seal-token'" in run.err
    # (the start of a code names the codes it starts, which a spelling distance does not reach)
    run = cli(["explain", "seal"])
    assert run.code == 2 and "did you mean 'seal-token' or 'seal-token-path' or" in run.err
    run = cli(["explain", "ROLLBACK"])
    assert run.code == 2 and "did you mean 'rollback-unproven' or 'rollback-fabricated'?" in run.err


def test_check_dash_is_a_file_never_stdin(repo: Path) -> None:
    run = cli(["check", "-"], stdin=b"we saw CUTOVER_PASS\n")
    assert run.code == 2 and "does not read standard input" in run.err
    (repo / "-").write_text("PERMIT_PASS\n")  # a file named '-' (as the framework passes it) is checked
    for args in (["check", "-"], ["check", "--", "-"], ["check", "./-"]):
        run = cli(args, stdin=b"")
        assert run.code == 1 and "seal-token" in run.out, args


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    run = cli(["check", "--all-files"])
    assert run.code == 3 and "not in a git repository" in run.err and "exit 128" not in run.err
    run = cli(["init"])
    assert run.code == 0 and "not in a git repository" in run.out
    assert (tmp_path / ".rehearsal-hook.toml").is_file()


def test_init_snippet_says_what_repo_and_rev_are(repo: Path) -> None:
    run = cli(["init"])
    assert run.code == 0 and "your-org" not in run.out
    snippet = run.out[run.out.index("# .pre-commit-config.yaml") :]
    assert "a tag of that repository or a full commit id" in snippet and "autoupdate --freeze" in snippet
    [entry] = yaml.safe_load(snippet)["repos"]
    # This copy was installed from a checkout: the snippet names it and its commit.
    assert re.fullmatch(r"[0-9a-f]{40}", entry["rev"]), entry
    assert Path(entry["repo"]).is_dir() or "://" in entry["repo"] or "@" in entry["repo"]


def test_explain_speaks_for_itself() -> None:
    for code in RULES:
        text = explain(code) or ""
        assert not re.search(r"\bRule \d|\bseed\b|original harness", text), code
    assert "cutover" in (explain("forbidden-action") or ""), "the actions are named, not alluded to"
    message = explain("seal-token-message") or ""
    assert "COMMIT_EDITMSG" in message and "commit-msg hook the commit was not made" in message
    token = explain("seal-token") or ""
    assert "does not help" in token and "rebase -i" in token and "--amend" in token and "baseline" in token


def test_a_token_in_a_commit_says_a_later_commit_does_not_help(tmp_path: Path) -> None:
    repo = init(tmp_path / "r", "-b", "main")
    repo.write("a.md", "one\n")
    repo.commit("first", "a.md")
    repo.write("a.md", "CUTOVER_PASS\n")
    repo.commit("token", "a.md")
    repo.write("a.md", "gone\n")
    repo.commit("removed", "a.md")
    for fmt in ("text", "github"):
        run = repo.cli("check", "--range", "HEAD~2..HEAD", "--format", fmt)
        assert run.code == 1 and "stays in the history even when a later commit removes it" in run.out
        assert "git rebase -i" in run.out
    run = repo.cli("check", "a.md")  # no commit, no history advice
    assert "stays in the history" not in run.out


def test_stale_entry_is_singular(repo: Path) -> None:
    (repo / "a.md").write_text("CUTOVER_PASS\n")
    git(repo, "add", "a.md")
    assert cli(["baseline"]).code == 0
    (repo / "a.md").write_text("fine\n")
    run = cli(["check", "--all-files"])
    assert run.code == 0 and "1 stale baseline entry;" in run.err and "drops it" in run.err
