"""``--config``/``--baseline`` naming a file inside the repository pin nothing: the change can
edit that file, so it is the repository's rules file at that path -- read at the base under
protect-exemptions there, and what the change adds to it is an exemption of the change (found
in session 29: with the baseline at ci/b.json, ``check --range main..HEAD --baseline
ci/b.json`` took a pull request's own new entry, under protect-exemptions, and passed its
token without even saying "same change"; ``--config ci/rh.toml`` let it drop a forbidden token).
A file outside the repository is still pinned, as on a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..gitutil import Repo, init, pushed

pytestmark = pytest.mark.slow

TOKEN = "CUTOVER_" + "PASS"
WORD = "GO" + "_LIVE_OK"
EMPTY = '{"version": 1, "entries": []}\n'


def _pr_with_own_entry(tmp_path: Path, config: str) -> tuple[Repo, str]:
    """main: the config and an empty ci/b.json; then a commit that adds a token and the
    baseline entry for it to ci/b.json."""
    repo, _ = pushed(tmp_path, {".rehearsal-hook.toml": config, "ci/b.json": EMPTY, "README.md": "hi\n"})
    base = repo.head()
    repo.write("t.md", f"x {TOKEN}\n")
    repo.git("add", "t.md")
    assert repo.cli("baseline", "--update", "--baseline", "ci/b.json").code == 0
    assert json.loads((repo.path / "ci" / "b.json").read_text())["entries"]
    repo.commit("token and its entry", "ci/b.json", "t.md")
    return repo, base


def _findings(out: str) -> list[dict[str, object]]:
    return [f for f in json.loads(out)["findings"] if f["path"] == "t.md"]


@pytest.mark.parametrize("mode", ["range", "base"])
def test_an_entry_the_change_adds_to_an_in_repository_baseline_is_refused(tmp_path: Path, mode: str) -> None:
    repo, base = _pr_with_own_entry(tmp_path, "protect-exemptions = true\n")
    args = ["--range", f"{base}..HEAD"] if mode == "range" else ["--all-files", "--base", base]
    result = repo.cli("check", *args, "--baseline", "ci/b.json", "--format", "json")
    assert result.code == 1, result.out
    (finding,) = _findings(result.out)
    assert finding["blocking"]  # (the base's baseline judges: the change's entry is not there)


def test_without_protection_the_entry_is_the_changes_own(tmp_path: Path) -> None:
    repo, base = _pr_with_own_entry(tmp_path, "")
    result = repo.cli("check", "--range", f"{base}..HEAD", "--baseline", "ci/b.json", "--format", "json")
    assert result.code == 0, result.out
    (finding,) = _findings(result.out)
    assert finding["excused_by"] == "baseline" and finding["same_change"] is True


def test_the_entry_is_old_once_merged(tmp_path: Path) -> None:
    repo, _ = _pr_with_own_entry(tmp_path, "protect-exemptions = true\n")
    repo.write("u.md", "more\n")
    repo.commit("later", "u.md")
    repo.write("t.md", f"moved down\nx {TOKEN}\n")  # the reviewed line, moved: no new finding
    repo.commit("move it", "t.md")
    result = repo.cli("check", "--range", "HEAD~2..HEAD", "--baseline", "ci/b.json", "--format", "json")
    assert result.code == 0, result.out


def test_an_in_repository_config_the_change_loosens_does_not_judge_it(tmp_path: Path) -> None:
    strict = f'protect-exemptions = true\nforbidden-tokens = ["{WORD}"]\n'
    repo, _ = pushed(tmp_path, {"ci/rh.toml": strict, "README.md": "hi\n"})
    base = repo.head()
    repo.write("ci/rh.toml", "protect-exemptions = true\n")
    repo.write("t.md", f"we are {WORD}\n")
    repo.commit("drop the word and use it", "ci/rh.toml", "t.md")
    result = repo.cli("check", "--range", f"{base}..HEAD", "--config", "ci/rh.toml")
    assert result.code == 1 and "GO_LI…" in result.out, result.out


def test_a_baseline_outside_the_repository_is_still_pinned(tmp_path: Path) -> None:
    repo, base = _pr_with_own_entry(tmp_path, "protect-exemptions = true\n")
    outside = tmp_path / "pinned-baseline.json"
    outside.write_bytes((repo.path / "ci" / "b.json").read_bytes())
    result = repo.cli("check", "--range", f"{base}..HEAD", "--baseline", str(outside), "--format", "json")
    assert result.code == 0, result.out
    (finding,) = _findings(result.out)
    assert finding["excused_by"] == "baseline" and finding["same_change"] is False


def test_the_push_hook_refuses_the_entry_too(tmp_path: Path) -> None:
    repo, base = _pr_with_own_entry(tmp_path, "protect-exemptions = true\n")
    line = f"refs/heads/main {repo.head()} refs/heads/main {base}\n"
    result = repo.tool("pre-push", "--baseline", "ci/b.json", "origin", "unused", stdin=line.encode())
    assert result.code == 1 and "not excused: baseline arrived in this change" in result.out, result.out


def test_an_untracked_baseline_in_the_work_tree_is_pinned(tmp_path: Path) -> None:
    # (CI may put the rules there from elsewhere: no commit holds it, so no change moves it)
    repo, base = _pr_with_own_entry(tmp_path, "protect-exemptions = true\n")
    (repo.path / "ci-rules").mkdir()
    (repo.path / "ci-rules" / "b.json").write_bytes((repo.path / "ci" / "b.json").read_bytes())
    result = repo.cli("check", "--range", f"{base}..HEAD", "--baseline", "ci-rules/b.json", "--format", "json")
    assert result.code == 0, result.out
    (finding,) = _findings(result.out)
    assert finding["excused_by"] == "baseline" and finding["same_change"] is False


def test_the_commit_hook_reads_an_in_repository_baseline_as_staged(tmp_path: Path) -> None:
    # What is checked is what is committed: an entry added to ci/b.json but not staged excused
    # the staged token (the file given by --baseline was not compared with the index).
    repo, _ = pushed(tmp_path, {"ci/b.json": EMPTY, "README.md": "hi\n"})
    repo.write("t.md", f"x {TOKEN}\n")
    repo.git("add", "t.md")
    assert repo.cli("baseline", "--update", "--baseline", "ci/b.json").code == 0  # not staged
    result = repo.cli("pre-commit", "--baseline", "ci/b.json")
    assert result.code == 1 and "ci/b.json: unstaged changes to the rules" in result.out, result.out
    repo.git("add", "ci/b.json")
    assert repo.cli("pre-commit", "--baseline", "ci/b.json").code == 0


@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_a_change_that_makes_the_folder_of_an_in_repository_rules_file_a_link_is_refused(
    tmp_path: Path, option: str
) -> None:
    """Found in session 31: a pull request that replaced ci/ by a link to a folder of its own
    (ci -> evil) made --config ci/rh.toml name evil/rh.toml, which the base lacks: the
    defaults judged it (CLEAN), where a change that only emptied ci/rh.toml is judged by the
    base's.  Where a link the repository tracks points is the change's choice: exit 2."""
    strict = f'forbidden-tokens = ["{WORD}"]\n'
    repo, _ = pushed(tmp_path, {"ci/rh.toml": strict, "ci/b.json": EMPTY, "README.md": "hi\n"})
    base = repo.head()
    repo.git("rm", "-q", "-r", "ci")
    repo.write("evil/rh.toml", "\n")
    repo.write("evil/b.json", EMPTY)
    (repo.path / "ci").symlink_to("evil")
    repo.write("t.md", f"we are {WORD}\n")
    repo.commit("ci is ours now", "ci", "evil/rh.toml", "evil/b.json", "t.md")
    file = "ci/rh.toml" if option == "--config" else "ci/b.json"
    for args in (["--range", f"{base}..HEAD"], ["--all-files", "--base", base]):
        result = repo.cli("check", *args, option, file)
        assert result.code == 2 and "a symbolic link the repository tracks" in result.out, result.out


def test_a_rules_file_in_a_submodule_is_refused(tmp_path: Path) -> None:
    """Found in session 31: --config shared/rh.toml, shared a submodule (an organisation's rules
    repository), was pinned -- git tracks no file of it -- while the change chooses the
    submodule's commit: a pull request moved it to one whose rh.toml forbids nothing, CLEAN."""
    repo, _ = pushed(tmp_path, {"README.md": "hi\n"})
    shared = init(repo.path / "shared", "-b", "main")
    shared.write("rh.toml", f'forbidden-tokens = ["{WORD}"]\n')
    shared.commit("strict", "rh.toml")
    repo.commit("the rules as a submodule", "shared")
    base = repo.head()
    shared.write("rh.toml", "\n")
    shared.commit("loose", "rh.toml")
    repo.write("t.md", f"we are {WORD}\n")
    repo.commit("its rules moved", "shared", "t.md")
    for args in (["--range", f"{base}..HEAD"], ["--all-files", "--base", base]):
        result = repo.cli("check", *args, "--config", "shared/rh.toml")
        assert result.code == 2 and "in a submodule the repository tracks" in result.out, result.out


def test_a_config_the_change_adds_where_ci_writes_its_rules_is_refused(tmp_path: Path) -> None:
    """Found in session 31: CI writes the organisation's rules to ci-rules.toml in the work tree
    (untracked: pinned) and runs --config ci-rules.toml; a pull request committing a file of
    that name made it the repository's, read at the base, which lacks it: the defaults judged
    (CLEAN, 'rules: --config ci-rules.toml; the base ...')."""
    repo, _ = pushed(tmp_path, {"README.md": "hi\n"})
    base = repo.head()
    repo.write("ci-rules.toml", "\n")
    repo.write("t.md", f"we are {WORD}\n")
    repo.commit("a rules file where CI writes its own", "ci-rules.toml", "t.md")
    repo.write("ci-rules.toml", f'forbidden-tokens = ["{WORD}"]\n')  # (CI's, written over it)
    for args in (["--range", f"{base}..HEAD"], ["--all-files", "--base", base]):
        result = repo.cli("check", *args, "--config", "ci-rules.toml")
        assert result.code == 2 and "names a file this change adds" in result.out, result.out
