"""The baseline: adopting the tool in a repository that already has tokens."""

from __future__ import annotations

import json

import pytest

from ..gitutil import Repo

OLD = "intro\n  we had CUTOVER_PASS here\nend\n"


@pytest.fixture
def adopted(client: Repo) -> Repo:
    """A repository whose history has a token, baselined and committed."""
    client.write("docs/old.md", OLD)
    client.write("SEAL_AUTHORIZED.txt", "name only\n")
    client.commit("old", "docs/old.md", "SEAL_AUTHORIZED.txt")
    client.git("push", "-q", "--no-verify", "origin", "main")
    result = client.cli("baseline")
    assert result.code == 0, result.out
    client.commit("baseline", ".rehearsal-hook-baseline.json", verify=True)
    return client


def test_baseline_file_is_stable_and_holds_no_token(adopted: Repo) -> None:
    data = (adopted.path / ".rehearsal-hook-baseline.json").read_text()
    doc = json.loads(data)
    assert [(e["path"], e["rule"], e["count"]) for e in doc["entries"]] == [
        ("SEAL_A….txt", "seal-token-path", 1),
        ("docs/old.md", "seal-token", 1),
    ]
    assert "CUTOVER_PASS" not in data and "SEAL_AUTHORIZED" not in data and '"line"' not in data
    assert adopted.cli("baseline").code == 2  # exists: --update to refresh
    assert adopted.cli("baseline", "--update").code == 0
    assert (adopted.path / ".rehearsal-hook-baseline.json").read_text() == data  # byte-stable


def test_old_findings_are_excused_new_ones_block(adopted: Repo) -> None:
    result = adopted.cli("check", "--all-files")
    assert result.code == 0, result.out
    assert "[excused: baseline]" in result.out and "excused: 2 by baseline" in result.out
    adopted.write("docs/old.md", "moved down\n" + OLD.replace("  we", "we"))  # moved, re-indented
    assert adopted.cli("check", "--all-files").code == 0
    adopted.write("docs/old.md", OLD + "we had CUTOVER_PASS here\n")  # one more than the baseline
    result = adopted.cli("check", "--all-files")
    assert result.code == 1 and "BLOCKED: 1 finding" in result.out and "excused: 2 by baseline" in result.out
    adopted.write("docs/new.md", "PERMIT_PASS\n")
    assert adopted.cli("check", "docs/new.md").code == 1


def test_baseline_in_the_hooks(adopted: Repo) -> None:
    adopted.write("docs/old.md", "new first line\n" + OLD)
    assert not adopted.commit("edit", "docs/old.md", verify=True).blocked
    assert not adopted.push("origin", "main").blocked  # the token line moved, nothing new
    adopted.write("docs/old.md", "new first line\n" + OLD + "  we had CUTOVER_PASS here\n")
    adopted.commit("dup", "docs/old.md")
    result = adopted.push("origin", "main")
    assert result.blocked and "docs/old.md:5:" in result.out, result.out
    adopted.git("reset", "-q", "--soft", "HEAD~1")
    result = adopted.commit("dup", "docs/old.md", verify=True)  # the index: whole files
    assert result.blocked and "BLOCKED: 1 finding" in result.out and "excused: 1 by baseline" in result.out


def test_stale_entries_are_reported_never_fatal(adopted: Repo) -> None:
    adopted.write("docs/old.md", "clean now\n")
    result = adopted.cli("check", "--all-files")
    assert result.code == 0
    assert "stale baseline entry: docs/old.md seal-token CUTOVER_P… (baseline 1, found 0)" in result.out
    result = adopted.cli("baseline", "--update")
    assert result.code == 0 and "1 stale baseline entry;" in result.out


def test_baseline_never_excuses_a_blocked_request(client: Repo) -> None:
    client.write("a.rehearsal.json", '{"target": "production", "action": "rehearsal_apply"}')
    client.commit("req", "a.rehearsal.json")
    result = client.cli("baseline")
    assert result.code == 1 and "a.rehearsal.json" in result.out
    assert json.loads((client.path / ".rehearsal-hook-baseline.json").read_text())["entries"] == []
    assert client.cli("check", "--all-files").code == 1


def test_unstaged_baseline_blocks_the_commit(adopted: Repo) -> None:
    (adopted.path / ".rehearsal-hook-baseline.json").write_text('{"version": 1, "entries": []}\n')
    adopted.write("a.md", "fine\n")
    result = adopted.commit("a", "a.md", verify=True)
    assert result.blocked and "git add -- .rehearsal-hook-baseline.json" in result.out


@pytest.mark.parametrize("name", ["with space.md", "ünïcødé.md", "new\nline.md", "--leading-dash.md", "-h"])
def test_odd_file_names_in_the_baseline(client: Repo, name: str) -> None:
    client.write(name, "x QT001_PASS\n")
    client.commit("odd", name)
    assert client.cli("check", "--all-files").code == 1
    assert client.cli("baseline").code == 0
    assert client.cli("check", "--all-files").code == 0
    client.git("add", ".rehearsal-hook-baseline.json")
    client.write(name, "moved\nx QT001_PASS\n")
    assert not client.commit("moved", name, verify=True).blocked
    assert not client.push("origin", "main").blocked
