"""Gated files as a pushed tip holds them when no commit of the range put them there (found
attacking main): the range engine gated the files the range's commits touched, at the tips,
and asked every one for its attributes only when a commit changed a ``.gitattributes``.  Two
ways give a tip a gated file, or an attribute over one, that no listed change shows:

* **A ref parked on judged history**: a request added and removed again on ``main`` (each
  commit judged for its tokens, the request never a tip's), then a new ref pushed at the
  commit that holds it -- its range is empty, or touches another file only.  The server then
  had a branch whose checkout is a production request.
* **A merge that puts together what its parents held apart**: a ``.gitattributes`` from one
  parent, a request from the other, both already judged.  The combined listing (``diff-tree
  -c``) shows only the paths that differ from every parent: neither.  ``git archive`` of the
  tip then expands the request's ``$Format:...$`` into a production one.

Each blocked by ``pre-receive``, ``pre-push`` and ``check --range``, through real pushes."""

from __future__ import annotations

import subprocess

import pytest

from ..gitutil import Repo, git_env, server_hook

PRODUCTION = '{"target": "prod_db", "action": "cutover"}\n'
REQUEST = "rehearsal/requests/x.json"
# A request the gate allows whose git archive (export-subst) holds a second, production target.
SUBST = (
    '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_apply",'
    ' "description": "$Format:%x22, %x22target%x22: %x22prod_db$"}\n'
)


def _has(out: str, code: str) -> bool:
    return any(
        line.removeprefix("remote: ").startswith(REQUEST + ":") and f" {code} " in line for line in out.splitlines()
    )


def _commit_tree(repo: Repo, tree: str, *parents: str) -> str:
    args = [a for p in parents for a in ("-p", p)]
    return repo.out("commit-tree", *args, "-m", "m", tree)


def test_a_ref_parked_on_a_request_main_removed_again_blocks(client: Repo, origin: Repo) -> None:
    server_hook(origin)
    client.write(REQUEST, PRODUCTION)
    client.commit("add", REQUEST)
    parked = client.head()
    client.git("rm", "-q", "--", REQUEST)
    client.commit("remove")
    assert not client.push("--no-verify", "origin", "main").blocked  # no tip holds it
    client.git("checkout", "-q", "-b", "later", parked)
    client.write("README.md", "more\n")
    client.commit("touch another file", "README.md")
    runs = {
        "check --range": client.cli("check", "--range", "main..later"),
        "pre-push": client.push("origin", f"{parked}:refs/heads/parked"),
        "pre-receive": client.push("--no-verify", "origin", f"{parked}:refs/heads/parked"),
        "pre-receive, one more commit": client.push("--no-verify", "origin", "later"),
    }
    for mode, result in runs.items():
        assert result.blocked and _has(result.out, "production-target"), f"{mode}: {result.out}"
    assert origin.git("rev-parse", "--verify", "-q", "refs/heads/parked", ok=False).blocked


def test_a_merge_that_joins_attributes_and_a_request_blocks(client: Repo, origin: Repo) -> None:
    server_hook(origin)
    root = client.head()
    client.git("checkout", "-q", "-b", "attributes")
    client.write(".gitattributes", "*.json export-subst\n")
    client.commit("attributes", ".gitattributes")
    attributes = client.head()
    client.git("checkout", "-q", "-b", "request", root)
    client.write(REQUEST, SUBST)
    client.commit("request", REQUEST)
    request = client.head()
    # main merges both but keeps the attributes out: each is judged, no tip holds both.
    joined = _commit_tree(client, client.out("rev-parse", "request^{tree}"), attributes, request)
    client.git("checkout", "-q", "main")
    client.git("reset", "-q", "--hard", joined)
    assert not client.push("--no-verify", "origin", "main").blocked
    client.git("checkout", "-q", attributes, "--", ".gitattributes")
    merge = _commit_tree(client, client.out("write-tree"), joined, attributes)
    client.git("reset", "-q", "--hard", merge)
    assert client.out("diff-tree", "-c", "-r", "--no-commit-id", merge) == ""  # the listing shows nothing
    runs = {
        "check --range": client.cli("check", "--range", f"{joined}..{merge}"),
        "pre-push": client.push("origin", "main"),
        "pre-receive": client.push("--no-verify", "origin", "main"),
    }
    for mode, result in runs.items():
        assert result.blocked and _has(result.out, "gated-attribute"), f"{mode}: {result.out}"
    assert origin.out("rev-parse", "main") == joined


def test_the_joined_merge_ships_a_production_request(client: Repo) -> None:
    """What the merge route ships (the bypass was real): git archive's request has a second
    target, production, which a reader that keeps the last value takes."""
    client.write(".gitattributes", "*.json export-subst\n")
    client.write(REQUEST, SUBST)
    client.commit("both", ".gitattributes", REQUEST)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", REQUEST], cwd=client.path, capture_output=True, env=git_env()
    ).stdout
    assert b'"target": "prod_db"}' in archive


def test_a_request_a_judged_tip_already_held_is_not_judged_again(client: Repo, origin: Repo) -> None:
    """A request main's tip holds, on a new ref or a branch that changes another file, is what a
    judged tip held: it is not gated again, as history already merged counts as judged -- also
    where main's rules tightened under it (its action no longer allowed) before the server
    judged pushes.  Through the server, the push that tightens them is refused: its tip's
    gated files are judged by the rules it leaves main (test_server_rules)."""
    server_hook(origin)
    client.write(REQUEST, SUBST.replace("$Format:%x22, %x22target%x22: %x22prod_db$", "fine"))
    client.commit("request", REQUEST)
    assert not client.push("--no-verify", "origin", "main").blocked
    client.write(".rehearsal-hook.toml", 'allowed-actions = ["rehearsal_dry_run"]\n')
    client.commit("tighten", ".rehearsal-hook.toml")
    refused = client.push("--no-verify", "origin", "main")
    assert refused.blocked and _has(refused.out, "action-not-allowed"), refused.out
    (origin.path / "hooks" / "pre-receive").rename(origin.path / "pre-receive.off")  # installed later
    assert not client.push("--no-verify", "origin", "main").blocked
    (origin.path / "pre-receive.off").rename(origin.path / "hooks" / "pre-receive")
    assert client.cli("check", "--all-files").blocked  # the request breaks the new rules
    client.git("checkout", "-q", "-b", "side")
    client.write("README.md", "more\n")
    client.commit("another file", "README.md")
    assert not client.push("--no-verify", "origin", "side").blocked
    assert not client.push("--no-verify", "origin", "main:refs/heads/copy").blocked
    client.write(REQUEST, SUBST.replace("$Format:%x22, %x22target%x22: %x22prod_db$", "changed"))
    client.commit("request changed", REQUEST)
    result = client.push("--no-verify", "origin", "side")
    assert result.blocked and _has(result.out, "action-not-allowed"), result.out


def test_a_request_whose_bytes_a_probe_file_holds_is_gated_too(client: Repo, origin: Repo) -> None:
    """Found attacking main: a tip's gated files were read once per blob, whatever their class,
    so a production request whose bytes equal a probe file's (a probe must be blocked, and
    was) was never gated: check --range, pre-push and pre-receive passed it."""
    server_hook(origin)
    before = client.head()
    for path in ("rehearsal/probes/bad.json", "zz.rehearsal.json"):
        client.write(path, PRODUCTION)
    client.git("add", "-A")
    client.git("commit", "-q", "--no-verify", "-m", "a probe and a request, one blob")
    for result in (
        client.cli("check", "--range", f"{before}..HEAD"),
        client.push("origin", "main"),
        client.push("--no-verify", "origin", "main"),
    ):
        lines = [line.removeprefix("remote: ") for line in result.out.splitlines()]
        assert result.blocked and any(line.startswith("zz.rehearsal.json:1:") for line in lines), result.out
    assert origin.out("rev-parse", "main") == before


ALLOWED = '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_apply"}\n'


def _written(repo: Repo, *args: str, stdin: bytes) -> str:
    return repo.git(*args, stdin=stdin).out.strip()


def test_a_tree_that_holds_a_request_twice_blocks(client: Repo, origin: Repo) -> None:
    """Found attacking main: a tree may hold an entry twice (git fsck refuses it; a server takes
    it unless receive.fsckObjects is set), and readers differ on which they get -- git show and
    cat-file the first, a checkout and git archive's extraction the last.  The tip's gated files
    were listed by path and the last one judged: a production request before an allowed one
    passed check --range, pre-push and pre-receive."""
    server_hook(origin)
    before = client.head()
    blob = {
        text: _written(client, "hash-object", "-w", "--stdin", stdin=text.encode()) for text in (ALLOWED, PRODUCTION)
    }
    for first, second in ((PRODUCTION, ALLOWED), (ALLOWED, PRODUCTION)):
        raw = b"".join(b"100644 x.json\0" + bytes.fromhex(blob[text]) for text in (first, second))
        requests = _written(client, "hash-object", "-t", "tree", "-w", "--literally", "--stdin", stdin=raw)
        rehearsal = _written(client, "mktree", stdin=f"040000 tree {requests}\trequests\n".encode())
        listing = client.git("ls-tree", before).out + f"040000 tree {rehearsal}\trehearsal\n"
        commit = _commit_tree(client, _written(client, "mktree", stdin=listing.encode()), before)
        assert client.out("show", f"{commit}:{REQUEST}") + "\n" == first  # (git show: the first)
        runs = {
            "check --range": client.cli("check", "--range", f"{before}..{commit}"),
            "pre-push": client.push("origin", f"{commit}:refs/heads/twice"),
            "pre-receive": client.push("--no-verify", "origin", f"{commit}:refs/heads/twice"),
        }
        for mode, result in runs.items():
            assert result.blocked and f"holds '{REQUEST}' twice" in result.out, f"{mode}: {result.out}"
        assert origin.git("rev-parse", "--verify", "-q", "refs/heads/twice", ok=False).blocked


@pytest.mark.parametrize("odd", ["..", "."])
def test_a_tree_entry_named_dot_or_dot_dot_blocks(client: Repo, origin: Repo, odd: str) -> None:
    """Found in session 30: a tree may hold an entry named '..' or '.' (git fsck refuses it:
    hasDotdot, hasDot; a server takes it unless receive.fsckObjects is set).  x/../rehearsal/
    requests/x.json is in no class as written, while a reader that resolves the name -- Python's
    tarfile on git archive's tar, a tool reading the tree with its own path join -- gets
    rehearsal/requests/x.json: a production request passed every range mode, CLEAN."""
    server_hook(origin)
    before = client.head()
    blob = _written(client, "hash-object", "-w", "--stdin", stdin=PRODUCTION.encode())
    requests = _written(client, "mktree", stdin=f"100644 blob {blob}\tx.json\n".encode())
    rehearsal = _written(client, "mktree", stdin=f"040000 tree {requests}\trequests\n".encode())
    top = _written(client, "mktree", stdin=f"040000 tree {rehearsal}\trehearsal\n".encode())
    raw = f"40000 {odd}\0".encode() + bytes.fromhex(top)
    dots = _written(client, "hash-object", "-t", "tree", "-w", "--literally", "--stdin", stdin=raw)
    listing = client.git("ls-tree", before).out + f"040000 tree {dots}\tx\n"
    commit = _commit_tree(client, _written(client, "mktree", stdin=listing.encode()), before)
    assert f"x/{odd}/{REQUEST}" in client.out("ls-tree", "-r", "--name-only", commit)
    runs = {
        "check --range": client.cli("check", "--range", f"{before}..{commit}"),
        "check --history": client.cli("check", "--history", commit),
        "pre-push": client.push("origin", f"{commit}:refs/heads/dots"),
        "pre-receive": client.push("--no-verify", "origin", f"{commit}:refs/heads/dots"),
    }
    for mode, result in runs.items():
        assert result.blocked and "a name git fsck refuses" in result.out, f"{mode}: {result.out}"
    assert origin.git("rev-parse", "--verify", "-q", "refs/heads/dots", ok=False).blocked
