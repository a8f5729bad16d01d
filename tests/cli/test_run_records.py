"""What a run reports about itself: what it checked (in every mode and format), SARIF
fingerprints per occurrence, a document for a run that could not finish, colour rules, and
why a range's revision is missing."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.output.formats import summary_line
from rehearsal_hook.output.sarif import check_sarif

from ..conftest import PROJECT, cli
from ..gitutil import Repo, git_env, init

SCHEMA = json.loads((PROJECT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture
def history(tmp_path: Path) -> Repo:
    """Three commits of plain files (no line worth scanning) and one that adds a token."""
    repo = init(tmp_path / "r", "-b", "main")
    repo.write("a.md", "one\n")
    repo.commit("first", "a.md")
    for n in range(2):
        repo.write(f"f{n}.md", "plain\n")
        repo.write("a.md", f"edit {n}\n")
        repo.commit(f"c{n}", f"f{n}.md", "a.md")
    repo.write("t.md", "CUTOVER_PASS\n")
    repo.commit("token", "t.md")
    return repo


def test_a_range_counts_its_commits_files_and_messages(history: Repo) -> None:
    run = history.cli("check", "--range", "HEAD~3..HEAD")
    assert run.code == 1
    assert "(3 commits (5 files, 3 messages) checked;" in run.out
    doc = json.loads(history.cli("check", "--range", "HEAD~3..HEAD", "--format", "json").out)
    assert {k: doc["summary"][k] for k in ("files", "commits", "messages")} == {"files": 5, "commits": 3, "messages": 3}
    clean = history.cli("check", "--range", "HEAD~3..HEAD~1", "--format", "junit")
    assert clean.code == 0
    [case] = ET.fromstring(clean.out.split("\n", 1)[1]).iter("testcase")
    assert case.get("name") == "2 commits (4 files, 2 messages) checked"
    sarif = json.loads(history.cli("check", "--range", "HEAD~3..HEAD", "--format", "sarif").out)
    assert sarif["runs"][0]["properties"]["commits"] == 3


def test_commit_msg_counts_a_message_not_a_file(history: Repo, tmp_path: Path) -> None:
    msg = tmp_path / "MSG"
    msg.write_text("a plain message\n")
    run = history.tool("commit-msg", "--format", "json", str(msg))
    assert run.code == 0
    summary = json.loads(run.out)["summary"]
    assert (summary["files"], summary["messages"]) == (0, 1)
    assert summary_line(CheckResult(messages=1)).startswith("rehearsal-hook: CLEAN: 1 message checked")


def test_sarif_fingerprints_are_per_occurrence_and_survive_moved_lines() -> None:
    def fps(lines: list[int]) -> list[str]:
        findings = [Finding("a.md", ln, 1, "seal-token", "seal-like token CUTOVER_P…", "CUTOVER_P…") for ln in lines]
        findings.append(Finding("b.md", 1, 1, "seal-token", "seal-like token CUTOVER_P…", "CUTOVER_P…"))
        doc = json.loads(check_sarif(CheckResult(findings, files=2)))
        jsonschema.Draft4Validator(SCHEMA).validate(doc)
        return [r["partialFingerprints"]["rehearsalHook/v2"] for r in doc["runs"][0]["results"]]

    before = fps([2, 9])
    assert len(set(before)) == 3, "two copies in one file and one elsewhere: three alerts"
    assert fps([5, 30]) == before, "lines added above moved the findings: the same alerts"


def test_sarif_names_no_placeholder_address() -> None:
    doc = check_sarif(CheckResult([Finding("a.md", 1, 1, "seal-token", "m", "X")], files=1))
    assert "your-org" not in doc and "helpUri" not in doc and "informationUri" not in doc


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_a_run_that_cannot_finish_still_writes_its_document(repo: Path, fmt: str) -> None:
    (repo / ".rehearsal-hook.toml").write_text("no-such-key = 1\n")
    (repo / "a.md").write_text("fine\n")
    subprocess.run(["git", "add", "a.md"], cwd=repo, check=True, env=git_env())
    config_error = cli(["check", "--all-files", "--format", fmt])
    (repo / ".rehearsal-hook.toml").unlink()
    missing_base = cli(["check", "--range", "nosuch..HEAD", "--format", fmt])
    for run, code in ((config_error, 2), (missing_base, 1)):
        assert run.code == code and "error:" in run.err
        assert run.out, "never an empty document"
        if fmt == "json":
            doc = json.loads(run.out)
            assert doc["verdict"] == "ERROR" and doc["error"]["exit_code"] == code and doc["error"]["message"]
        elif fmt == "sarif":
            doc = json.loads(run.out)
            jsonschema.Draft4Validator(SCHEMA).validate(doc)
            [invocation] = doc["runs"][0]["invocations"]
            assert invocation["executionSuccessful"] is False and invocation["exitCode"] == code
            assert invocation["toolExecutionNotifications"][0]["message"]["text"]
        elif fmt == "junit":
            suite = ET.fromstring(run.out.split("\n", 1)[1])
            assert suite.get("errors") == "1" and next(suite.iter("error")).get("message")
        else:
            assert run.out.startswith("::error title=rehearsal-hook::")
    if fmt == "json":
        assert json.loads(missing_base.out)["error"]["code"] == "missing-base"


def test_a_successful_sarif_run_records_success(repo: Path) -> None:
    (repo / "a.md").write_text("fine\n")
    doc = json.loads(cli(["check", "--format", "sarif", "a.md"]).out)
    assert doc["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_text_errors_print_nothing_on_stdout(repo: Path) -> None:
    run = cli(["check", "--range", "nosuch..HEAD"])
    assert run.code == 1 and run.out == ""


def test_colour_needs_a_terminal_that_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from rehearsal_hook.output.console import Console

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Tty())
    monkeypatch.setenv("TERM", "xterm-256color")
    assert Console().color is True
    monkeypatch.setenv("NO_COLOR", "")
    assert Console().color is True, "an empty NO_COLOR does not count (no-color.org)"
    monkeypatch.setenv("TERM", "dumb")
    assert Console().color is False


def test_history_reads_from_a_commit_named_by_its_message(history: Repo) -> None:
    # ``:/TEXT`` names the youngest commit whose message matches; read with a peel after it,
    # the peel became part of the pattern and the audit refused it ("names no branch").
    before = history.cli("check", "--history", ":/c0")
    assert before.code == 0 and "2 commits" in before.out, before.out
    token = history.cli("check", "--history", ":/token")
    assert token.code == 1 and "t.md:1:1" in token.out, token.out


def test_a_missing_revision_is_told_apart(history: Repo, tmp_path: Path) -> None:
    typo = history.cli("check", "--range", "nosuch..HEAD")
    assert typo.code == 1 and "names no branch, tag or commit" in typo.out and "fetch more history" not in typo.out
    past = history.cli("check", "--range", "HEAD~9..HEAD")
    assert past.code == 1 and "past the first commit" in past.out
    unknown_id = history.cli("check", "--range", "0123456789abcdef0123..HEAD")
    assert unknown_id.code == 1 and "fetch more history" in unknown_id.out
    head = history.cli("check", "--range", "HEAD..nosuch")
    assert head.code == 1 and "range head 'nosuch' names no branch" in head.out
    # A tree or a blob is named as what it is (HEAD^{tree} "reached past the first commit").
    for rev, kind in (
        ("HEAD^{tree}", "tree"),
        (f"HEAD:{history.out('ls-tree', '--name-only', 'HEAD').split()[0]}", "blob"),
    ):
        named = history.cli("check", "--history", rev)
        assert named.code == 1 and f"revision '{rev}' names a {kind}, not a commit" in named.out, named.out
    # A range where a revision is wanted (HEAD^{tree}..HEAD "reached past the first commit of
    # 'HEAD'"), and a message search that finds nothing ("names no branch ... git fetch origin :/x").
    ranged = history.cli("check", "--history", "HEAD^{tree}..HEAD")
    assert ranged.code == 1 and "'HEAD^{tree}..HEAD' is a range, not a revision" in ranged.out, ranged.out
    unfound = history.cli("check", "--history", ":/no such message")
    assert unfound.code == 1 and "no commit reachable from a ref has a message that matches" in unfound.out
    # A line feed in a revision, or only blanks: no line of git's request can hold it (it was
    # GitError, exit 3); --history's revision and --range's ends alike, one line, exit 1.
    for args in (("--range", "HEAD..HEAD\n"), ("--range", "HEAD\nx..HEAD"), ("--history", " "), ("--history", "a\nb")):
        fed = history.cli("check", *args)
        assert fed.code == 1 and "is no revision: it holds a line feed, or nothing but blanks" in fed.out, fed.out
        assert len(fed.out.strip().splitlines()) == 1, fed.out
    shallow = tmp_path / "shallow"
    history.git("clone", "-q", "--depth", "1", f"file://{history.path}", str(shallow))
    cut = Repo(shallow).cli("check", "--range", "HEAD~2..HEAD")
    assert cut.code == 1 and "shallow clone: fetch more history (git fetch --unshallow" in cut.out
    never_fetched = Repo(shallow).cli("check", "--range", "origin/nosuch..HEAD")
    assert never_fetched.code == 1 and "this clone is shallow" in never_fetched.out
