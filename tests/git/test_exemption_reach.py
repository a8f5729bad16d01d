"""Other ways an exemption could cover more than it names, each driven through real git: a
baseline entry whose words name another finding than its fingerprint, an entry applied to a
renamed file, an entry the change itself brings to the server."""

from __future__ import annotations

import json
from pathlib import Path

from ..gitutil import Repo, pushed, server_hook

BASELINE = ".rehearsal-hook-baseline.json"
LINE = "the PRODUCTION_PASS we reviewed\n"


def _entries(repo: Repo) -> list[dict[str, object]]:
    return list(json.loads((repo.path / BASELINE).read_text())["entries"])


def _relabelled(tmp_path: Path) -> tuple[Repo, Repo]:
    """(work tree with hooks, server): main holds a baseline whose one entry's fingerprint is
    that of LINE in src/deploy.md, while its words name a glossary file and another token -- as
    a reviewer of that baseline would read it.  src/deploy.md itself is not committed."""
    repo, bare = pushed(tmp_path, {"README.md": "hello\n"})
    repo.write("src/deploy.md", LINE)
    repo.git("add", "src/deploy.md")  # (the baseline reads tracked files)
    assert repo.cli("baseline").code == 0
    repo.git("rm", "-q", "-f", "--", "src/deploy.md")
    doc = json.loads((repo.path / BASELINE).read_text())
    [entry] = doc["entries"]
    entry.update(path="docs/glossary.md", token="CUTOVER_P\u2026")
    (repo.path / BASELINE).write_text(json.dumps(doc, indent=2) + "\n")
    repo.commit("baseline for the glossary", BASELINE)
    repo.git("push", "-q", "--no-verify", "origin", "main")
    assert repo.cli("install").code == 0
    server_hook(bare)
    return repo, bare


def test_an_entry_covers_only_the_finding_its_words_name(tmp_path: Path) -> None:
    repo, _ = _relabelled(tmp_path)
    repo.write("src/deploy.md", LINE)
    repo.git("add", "src/deploy.md")
    for args in (("check", "src/deploy.md"), ("check", "--all-files")):
        result = repo.cli(*args)
        assert result.code == 1 and "src/deploy.md:1:5: seal-token" in result.out, result.out
        assert "excused" not in result.out.split("\n")[0], result.out
    result = repo.commit("deploy notes", "src/deploy.md", verify=True)
    assert result.blocked and "src/deploy.md:1:5:" in result.out, result.out
    repo.commit("deploy notes", "src/deploy.md")
    for args in (("origin", "main"), ("--no-verify", "origin", "main")):  # pre-push, then the server
        result = repo.push(*args)
        assert result.blocked and "src/deploy.md:1:5:" in result.out, result.out
    # The entry as the tool writes it (its words naming the finding) still covers it.
    assert repo.cli("baseline", "--update").code == 0
    assert [(e["path"], e["token"]) for e in _entries(repo)] == [("src/deploy.md", "PRODUCTION_P\u2026")]
    assert repo.cli("check", "--all-files").code == 0


def test_an_entry_does_not_follow_a_renamed_file(tmp_path: Path) -> None:
    """An entry names a path: the same line in a file renamed or copied elsewhere is a new
    finding (the range reads a renamed file as a new file), while a line moved inside its file
    keeps its entry."""
    repo, bare = pushed(tmp_path, {"docs/old.md": LINE})
    assert repo.cli("baseline").code == 0
    repo.commit("baseline", BASELINE)
    repo.git("push", "-q", "--no-verify", "origin", "main")
    assert repo.cli("install").code == 0
    server_hook(bare)
    repo.write("docs/old.md", "moved down\n" + LINE)
    assert repo.cli("check", "--all-files").code == 0
    repo.git("checkout", "-q", "--", "docs/old.md")
    repo.git("mv", "docs/old.md", "docs/new.md")
    result = repo.cli("check", "--all-files")
    assert result.code == 1 and "docs/new.md:1:5: seal-token" in result.out, result.out
    result = repo.git("commit", "-q", "-m", "rename", ok=False)
    assert result.blocked and "docs/new.md:1:5:" in result.out, result.out
    repo.git("commit", "-q", "--no-verify", "-m", "rename")
    result = repo.push("--no-verify", "origin", "main")
    assert result.blocked and "docs/new.md:1:5:" in result.out, result.out


def test_the_server_does_not_take_a_baseline_entry_from_the_push(tmp_path: Path) -> None:
    """Rules a change brings do not judge it: pre-receive reads the default branch's baseline
    as it was before the push, so an entry the push adds for its own token excuses nothing --
    on the default branch and on any other ref -- while the entries already there still do."""
    repo, bare = pushed(tmp_path, {"docs/old.md": LINE})
    assert repo.cli("baseline").code == 0
    repo.commit("baseline", BASELINE)
    repo.git("push", "-q", "--no-verify", "origin", "main")
    server_hook(bare)
    repo.write("docs/new.md", "SEAL_AUTHORIZED by us\n")
    repo.git("add", "docs/new.md")
    assert repo.cli("baseline", "--update").code == 0
    assert len(_entries(repo)) == 2
    repo.commit("new token and its entry", "docs/new.md", BASELINE)
    assert repo.cli("check", "--all-files").code == 0  # the client's own rules excuse it
    for ref in ("main", "HEAD:refs/heads/side"):
        result = repo.push("--no-verify", "origin", ref)
        assert result.blocked and "docs/new.md:1:1: seal-token" in result.out, result.out
        assert "docs/old.md" not in result.out.split("rehearsal-hook: rules:")[0], result.out
        assert "rules: the default branch refs/heads/main" in result.out, result.out


def test_an_entry_stays_in_its_repository(tmp_path: Path) -> None:
    """Each path is judged under the baseline of the repository it is in: an outer
    repository's entry does not cover the same line at the same path in a repository nested in
    it or beside it, checked from the outer one."""
    repo, _ = pushed(tmp_path, {"a.md": LINE})
    assert repo.cli("baseline").code == 0
    repo.commit("baseline", BASELINE)
    assert repo.cli("check", "a.md").code == 0
    for other in (repo.path / "inner", tmp_path / "beside"):
        other.mkdir()
        inner = Repo(other)
        inner.git("init", "-q")
        inner.write("a.md", LINE)
        inner.git("add", "a.md")
        result = repo.cli("check", str(other / "a.md"))
        assert (
            result.code == 1 and "a.md:1:5: seal-token" in result.out and "excused" not in result.out.split("\n")[0]
        ), result.out


def test_an_exemption_of_a_files_content_does_not_cover_its_name(tmp_path: Path) -> None:
    """A file's name is judged apart from its content (seal-token-path): neither a pragma on
    the content's line nor a baseline entry for the content excuses the same token in the
    name."""
    name = "docs/SEAL_AUTHORIZED.md"
    repo, _ = pushed(tmp_path, {"README.md": "hello\n"})
    repo.write(name, "SEAL_AUTHORIZED # rehearsal-hook: allow\n")
    repo.git("add", name)
    result = repo.cli("check", name)
    assert result.code == 1 and "seal-token-path" in result.out and "[excused: pragma]" in result.out, result.out
    repo.write(name, "SEAL_AUTHORIZED\n")
    assert repo.cli("baseline").code == 0
    doc = json.loads((repo.path / BASELINE).read_text())
    assert sorted(e["rule"] for e in doc["entries"]) == ["seal-token", "seal-token-path"]
    doc["entries"] = [e for e in doc["entries"] if e["rule"] == "seal-token"]
    (repo.path / BASELINE).write_text(json.dumps(doc, indent=2) + "\n")
    result = repo.cli("check", name)
    assert result.code == 1 and "seal-token-path" in result.out and "[excused: baseline]" in result.out, result.out
