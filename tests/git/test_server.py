"""A bare server repository with the project's pre-receive hook: it cannot be skipped with
--no-verify, and a push cannot loosen its own rules."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..gitutil import Repo, git_env, install, served_pair, server_hook


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Repo, Repo]:
    """(work tree without hooks, bare server with pre-receive), main pushed."""
    return served_pair(tmp_path, {".rehearsal-hook.toml": 'permitted-contexts = ["docs/**"]\n', "README.md": "hello\n"})


def test_no_verify_push_is_rejected_by_the_server(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    repo.write("a.md", "x\nCUTOVER_PASS\n")
    repo.commit("a", "a.md")
    repo.write("a.md", "x\n")
    repo.commit("b", "a.md")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "pre-receive hook declined" in result.out
    assert "a.md:2:1: seal-token" in result.out and "CUTOVER_PASS" not in result.out
    assert server.out("rev-parse", "main") != repo.head()


def test_config_comes_from_the_old_tip_not_the_push(pair: tuple[Repo, Repo]) -> None:
    repo, _ = pair
    # The old tip permits docs/**: a token there passes...
    repo.write("docs/a.md", "SEAL_AUTHORIZED\n")
    repo.commit("docs", "docs/a.md")
    assert not repo.push("origin", "main", verify=False).blocked
    # ...but a push that widens the permitted contexts itself is judged by the old rules.
    repo.write(".rehearsal-hook.toml", 'permitted-contexts = ["**"]\n')
    repo.write("src.md", "PERMIT_PASS\n")
    repo.commit("loosen", ".rehearsal-hook.toml", "src.md")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "src.md:1:1" in result.out


def test_new_branch_tag_deletion_and_two_refs(pair: tuple[Repo, Repo]) -> None:
    repo, _ = pair
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("f.md", "fine\n")
    repo.commit("f", "f.md")
    assert not repo.push("origin", "feature", verify=False).blocked
    assert not repo.push("origin", "--delete", "feature", verify=False).blocked
    repo.git("tag", "-a", "v1", "-m", "CUTOVER_PASS")
    repo.git("checkout", "-q", "-b", "other")
    repo.write("o.md", "fine\n")
    repo.commit("o", "o.md")
    result = repo.push("origin", "other", "v1", verify=False)
    assert result.blocked and "(message of tag v1)" in result.out
    assert "[remote rejected] other" in result.out  # the whole push is refused


def test_explicit_server_config(pair: tuple[Repo, Repo], tmp_path: Path) -> None:
    repo, server = pair
    config = tmp_path / "server.toml"
    config.write_text('forbidden-tokens = ["ACME_SECRET"]\n')
    server_hook(server, f"--config {config}")
    repo.write("docs/a.md", "ACME_SECRET\n")  # docs/** is no longer permitted either
    repo.commit("a", "docs/a.md")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "docs/a.md:1:1" in result.out and "ACME_SECRET" not in result.out


def test_repository_config_runs_no_code_on_the_server(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    marker = server.path / "ran"
    for key, value in [
        ("core.fsmonitor", f"sh -c 'touch {marker}'"),
        ("diff.external", f"sh -c 'touch {marker}'"),
        ("diff.conv.textconv", f"sh -c 'touch {marker}'"),
        ("gpg.program", f"sh -c 'touch {marker}'"),
        ("log.showSignature", "true"),
    ]:
        server.git("config", key, value)
    repo.write(".gitattributes", "*.md diff=conv\n")
    repo.write("a.md", "QT001_PASS\n")
    repo.commit("a", ".gitattributes", "a.md")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "a.md:1:1" in result.out
    assert not marker.exists()


def test_pre_receive_reads_quarantined_objects_only_through_git(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    # Objects of a push live in a quarantine directory until the hook accepts them: a rejected
    # push must leave none of them in the repository.
    repo.write("a.md", "GO_GRANTED\n")
    repo.commit("a", "a.md")
    blob = repo.out("rev-parse", "HEAD:a.md")
    assert repo.push("origin", "main", verify=False).blocked
    assert server.git("cat-file", "-e", blob, ok=False).blocked


ODD_NAMES = ["with space.md", "ünïcødé.md", "new\nline.md", "--leading-dash.md", "-h"]


def test_odd_file_names_on_the_server(pair: tuple[Repo, Repo]) -> None:
    repo, _ = pair
    for name in ODD_NAMES:
        repo.write(name, "a\nb CUTOVER_PASS\n")
    repo.commit("odd", *ODD_NAMES)
    result = repo.push("origin", "main", verify=False)
    assert result.blocked
    for name in ODD_NAMES:
        assert f"{name.replace(chr(10), chr(92) + 'n')}:2:3: seal-token" in result.out, result.out


def _commit(repo: Repo, name: str, text: str, message: str) -> str:
    repo.write(name, text)
    repo.commit(message, name)
    return repo.head()


def _request_and_stand_in(repo: Repo) -> tuple[str, str]:
    """An allowed request committed and pushed to main, and a production one stored beside it:
    (the pushed blob's id, the production blob's id) for a replace ref to join."""
    good = '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_apply"}\n'
    _commit(repo, "rehearsal/requests/x.json", good, "request")
    assert not repo.push("origin", "main", verify=False).blocked
    stored = repo.out("rev-parse", "HEAD:rehearsal/requests/x.json")
    production = repo.git("hash-object", "-w", "--stdin", stdin=b'{"target": "prod_db", "action": "cutover"}\n')
    return stored, production.out.strip()


def test_a_replace_ref_cannot_stand_in_for_a_pushed_commit(pair: tuple[Repo, Repo]) -> None:
    # Found in review: git reads through refs/replace/*.  With a replace ref for the bad commit
    # on the server first (a push can no longer make one: below), the server checked the
    # stand-in's diff and stored the real commit.
    repo, server = pair
    base = repo.head()
    bad = _commit(repo, "a.txt", "x\nPRODUCTION_PASS\n", "bad")
    repo.git("reset", "-q", "--hard", base)
    clean = _commit(repo, "a.txt", "x\n", "clean")
    assert not repo.push("origin", f"{clean}:refs/heads/clean", verify=False).blocked
    server.git("update-ref", f"refs/replace/{bad}", clean)
    result = repo.push("origin", f"{bad}:refs/heads/main", verify=False)
    assert result.blocked and "a.txt:2:1: seal-token" in result.out
    assert server.out("rev-parse", "main") == base


def test_a_pushed_replace_ref_is_refused(pair: tuple[Repo, Repo], tmp_path: Path) -> None:
    """Attacking main: a replace ref pushed for the blob of an allowed request, pointing at a
    production one, was accepted (a blob a ref names is only scanned for tokens), and every
    reader that honours replace refs -- git archive on the server, a mirror clone, a client
    that fetches refs/replace/* -- then got the production request at main's path.  A replace
    ref changes what readers get for an object judged as stored: pushing one is refused (by
    pre-push too); deleting one is not."""
    repo, server = pair
    stored, production = _request_and_stand_in(repo)
    repo.git("replace", stored, production)
    install(repo, "--hook-type", "pre-push")
    for verify in (True, False):  # pre-push, then pre-receive
        result = repo.push("origin", f"refs/replace/{stored}", verify=verify)
        assert result.blocked and "a replace ref is refused" in result.out, result.out
    assert server.git("rev-parse", "--verify", "-q", f"refs/replace/{stored}", ok=False).blocked
    archive = subprocess.run(
        ["git", "archive", "main", "rehearsal/requests/x.json"], cwd=server.path, capture_output=True, env=git_env()
    ).stdout
    assert b"local_clone" in archive
    made = server.git("hash-object", "-w", "--stdin", stdin=b'{"target": "prod_db", "action": "cutover"}\n')
    server.git("update-ref", f"refs/replace/{stored}", made.out.strip())  # one made on the server
    assert (
        b"prod_db"
        in subprocess.run(
            ["git", "archive", "main", "rehearsal/requests/x.json"], cwd=server.path, capture_output=True, env=git_env()
        ).stdout
    )  # what it does to readers
    assert not repo.push("origin", f":refs/replace/{stored}", verify=False).blocked  # deleting it


def test_a_ref_named_in_another_case_is_judged_as_a_server_ignoring_case_stores_it(
    pair: tuple[Repo, Repo],
) -> None:
    """Attacking main (session 27): on a server whose file system ignores case (macOS,
    Windows), ``refs/REPLACE/<id>`` is stored as a replace ref, and a loose ``refs/heads/MAIN``
    is main's file (it overrides a packed main).  Here (Linux) git keeps them apart and both
    pushes were accepted: each is refused as what it is there (pre-push too, for the first)."""
    repo, server = pair
    stored, production = _request_and_stand_in(repo)
    repo.git("update-ref", f"refs/REPLACE/{stored}", production)
    install(repo, "--hook-type", "pre-push")
    for verify in (True, False):  # pre-push, then pre-receive
        result = repo.push("origin", f"refs/REPLACE/{stored}", verify=verify)
        assert result.blocked and "a replace ref is refused" in result.out, result.out
    assert server.git("rev-parse", "--verify", "-q", f"refs/REPLACE/{stored}", ok=False).blocked
    # A branch MAIN beside main, holding what main's rules would judge:
    repo.git("checkout", "-q", "-b", "MAIN")
    _commit(repo, "a.md", "note\n", "a note")
    result = repo.push("origin", "MAIN", verify=False)
    assert result.blocked and "differs from the default branch refs/heads/main only in case" in result.out, result.out
    assert server.git("rev-parse", "--verify", "-q", "refs/heads/MAIN", ok=False).blocked
    assert not repo.push("origin", "MAIN:main-2", verify=False).blocked  # (another name: judged as any branch)
    # ... and names macOS folds onto main: HFS+ ignores a joiner in a name (found in session 31:
    # taken, as no case differed).
    for name in ("refs/heads/ma\u200cin", "refs/heads/MA\ufeffIN"):
        result = repo.push("origin", f"MAIN:{name}", verify=False)
        assert result.blocked and "differs from the default branch refs/heads/main only in case" in result.out, name
    repo.git("update-ref", f"refs/repla\u200cce/{stored}", production)  # refs/replace/ there
    result = repo.push("origin", f"refs/repla\u200cce/{stored}", verify=False)
    assert result.blocked and "a replace ref is refused" in result.out, result.out


def test_a_local_replace_ref_or_graft_does_not_hide_a_commit_from_a_range(pair: tuple[Repo, Repo]) -> None:
    repo, _ = pair
    base = repo.head()
    bad = _commit(repo, "a.txt", "PRODUCTION_PASS\n", "bad")
    tip = _commit(repo, "a.txt", "fine\n", "fix")
    repo.git("reset", "-q", "--hard", base)
    repo.git("replace", bad, _commit(repo, "b.txt", "clean\n", "stand-in"))
    result = repo.cli("check", "--range", f"{base}..{tip}")
    assert result.code == 1 and "a.txt:1:1: seal-token" in result.out, result.out
    repo.git("replace", "-d", bad)
    # A graft that makes the fix a child of the base hides the bad commit from a walk.
    (repo.path / ".git" / "info").mkdir(exist_ok=True)
    (repo.path / ".git" / "info" / "grafts").write_text(f"{tip} {base}\n")
    assert len(repo.out("rev-list", f"{base}..{tip}").split()) == 1  # git itself is fooled
    result = repo.cli("check", "--range", f"{base}..{tip}")
    assert result.code == 1 and "a.txt:1:1: seal-token" in result.out, result.out


def test_a_push_that_brings_no_commit_says_what_it_checked(pair: tuple[Repo, Repo]) -> None:
    """Review: a push that brings no commit -- a branch at a commit the server has, a tag, a
    deletion -- was summed up as "0 files checked", as if files had been looked for.  It says
    it holds no commit and names what was read all the same: the ref names, the annotated
    tags' messages; on the server (which always speaks) and in pre-push (which speaks when
    it blocks)."""
    repo, _ = pair
    clean = "no blocking findings (excused: none)"
    lines = {
        "feature": f"CLEAN: no commit (the push holds none), 1 ref name checked, {clean}",
        "v1": f"CLEAN: no commit (the push holds none), 1 ref name checked, {clean}",
        "v2": f"CLEAN: no commit (the push holds none), 1 ref name, 1 tag message checked, {clean}",
    }
    repo.git("branch", "feature")
    repo.git("tag", "v1")
    repo.git("tag", "-a", "v2", "-m", "release")
    for ref, line in lines.items():
        result = repo.push("origin", ref, verify=False)
        assert not result.blocked and f"rehearsal-hook: {line}" in result.out, result.out
        assert "files checked" not in result.out
    result = repo.push("origin", "--delete", "feature", verify=False)
    assert not result.blocked and "rehearsal-hook: CLEAN: the push holds no commit: nothing to check" in result.out
    install(repo)
    repo.git("tag", "-a", "v3", "-m", "CUTOVER_PASS")
    result = repo.push("origin", "v3")
    assert result.blocked and "(message of tag v3):1:1: seal-token-message" in result.out, result.out
    assert "(no commit (the push holds none), 1 ref name, 1 tag message checked;" in result.out
    assert "pre-receive" not in result.out  # pre-push refused it
    repo.git("branch", "SEAL_AUTHORIZED")
    result = repo.push("origin", "SEAL_AUTHORIZED")
    assert result.blocked and "refs/heads/SEAL_AUTHORIZED" not in result.out, result.out
    assert "seal-token-ref" in result.out and "(no commit (the push holds none), 1 ref name checked;" in result.out


def test_a_push_option_is_read_as_what_the_push_brings(pair: tuple[Repo, Repo]) -> None:
    """Push options (``git push -o``) reach the server's hooks where it advertises them
    (``receive.advertisePushOptions``), and a server acts on them and shows them -- GitLab makes
    ``merge_request.title=...`` a merge request's title.  They were never read: a token there
    passed the push.  Each is read as a message is (``(push option N)``)."""
    repo, server = pair
    server.git("config", "receive.advertisePushOptions", "true")
    base = repo.head()
    repo.write("notes.md", "fine\n")
    repo.commit("notes", "notes.md")
    title = "merge_request.title=CUTOVER" + "_PASS"
    result = repo.push("--no-verify", "-o", "ci.skip", "-o", title, "origin", "main")
    assert result.blocked and "(push option 2):1:21: seal-token-message" in result.out, result.out
    assert server.out("rev-parse", "main") == base
    assert not repo.push("--no-verify", "-o", "ci.skip", "origin", "main").blocked
