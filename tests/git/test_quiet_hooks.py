"""The hooks run on every commit and push: they say nothing when nothing blocks, and excused
findings already in force are counted, not listed again each time (`check` lists them)."""

from __future__ import annotations

from pathlib import Path

from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.output.formats import render

from ..gitutil import Repo, init, install


def _repo(tmp_path: Path) -> Repo:
    repo = init(tmp_path / "w", "-b", "main")
    install(repo)
    return repo


def test_a_clean_commit_and_push_print_nothing(tmp_path: Path) -> None:
    remote = init(tmp_path / "remote.git", "--bare", "-b", "main")
    repo = _repo(tmp_path)
    repo.git("remote", "add", "origin", str(remote.path))
    repo.write("a.md", "fine\n")
    result = repo.commit("a clean commit", "a.md", verify=True)
    assert result.code == 0 and "rehearsal-hook" not in result.out, result.out
    pushed = repo.push("origin", "main")
    assert pushed.code == 0 and "rehearsal-hook" not in pushed.out, pushed.out


def test_baselined_findings_are_counted_not_listed_by_the_hooks(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("old.md", "we had CUTOVER_PASS\n")
    repo.commit("old", "old.md")
    assert repo.cli("baseline").code == 0
    repo.commit("baseline", ".rehearsal-hook-baseline.json")
    repo.write("old.md", "we had CUTOVER_PASS\nand one more line\n")  # staged again: its old token is excused
    result = repo.commit("more", "old.md", verify=True)
    assert result.code == 0, result.out
    assert "old.md" not in result.out and "excused: 1 by baseline" in result.out
    assert result.out.count("rehearsal-hook:") == 1, "one summary line, from pre-commit only"
    listed = repo.cli("check", "--all-files")
    assert listed.code == 0 and "old.md:1:8: seal-token" in listed.out and "[excused: baseline]" in listed.out


def test_a_blocked_commit_lists_what_blocks_and_counts_the_rest(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("old.md", "we had CUTOVER_PASS\n")
    repo.commit("old", "old.md")
    assert repo.cli("baseline").code == 0
    repo.commit("baseline", ".rehearsal-hook-baseline.json")
    repo.write("old.md", "we had CUTOVER_PASS\nand PERMIT_PASS\n")
    result = repo.commit("new", "old.md", verify=True)
    assert result.code != 0 and "old.md:2:5: seal-token" in result.out
    assert "old.md:1:" not in result.out and "excused: 1 by baseline" in result.out


def test_quiet_text_keeps_exemptions_that_arrive_in_the_change() -> None:
    report = CheckResult(
        [
            Finding("a.md", 1, 1, "seal-token", "m", "X", excused_by="pragma", same_change=True),
            Finding("b.md", 1, 1, "seal-token", "m", "Y", excused_by="baseline"),
        ],
        files=2,
    )
    text = render(report, "text", quiet=True)
    assert "a.md:1:1" in text and "b.md" not in text and "excused: 1 by baseline, 1 by pragma" in text
    assert render(CheckResult(files=3), "text", quiet=True) == ""
    assert render(CheckResult(files=3), "json", quiet=True).startswith("{"), "machine formats stay complete"
