"""The server's rules (issue 11, "server laundering"; issue 14, "the first push"): one trusted
rule set judges every ref of a push -- --config/--baseline, else the default branch's before
the push, the built-in defaults only for the first push to an empty repository -- and every
commit a ref is to reach that neither it nor the default branch reaches now is judged again.

Each route below got a token past pre-receive before: loosen the rules on a side branch and
fast-forward main onto it, park a ref on a blob, rely on an unborn HEAD, lean on a ref the
same push moves.  Real bare servers, real pushes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ..gitutil import Repo, Result, git_env, init, pushed, server_hook

CONFIG = ".rehearsal-hook.toml"
STRICT = 'forbidden-tokens = ["ACME_SECRET"]\n'  # not seal-like: only these rules catch it
LOOSE = "allow-inline-pragma = true\n"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Repo, Repo]:
    """(work tree, bare server with pre-receive) with main holding the strict rules."""
    repo, server = pushed(tmp_path, {CONFIG: STRICT, "README.md": "hello\n"}, remote="server.git")
    server_hook(server)
    return repo, server


def _commit(repo: Repo, files: dict[str, str], message: str = "c") -> str:
    for name, text in files.items():
        repo.write(name, text)
    repo.commit(message, *files)
    return repo.head()


def _blocked_for_the_token(result: object, name: str = "t.md") -> None:
    out = result.out  # type: ignore[attr-defined]
    assert result.blocked and f"{name}:1:1: seal-token" in out, out  # type: ignore[attr-defined]
    assert "ACME_SECRET" not in out  # a configured token is redacted too


def test_a_side_branch_that_loosens_its_rules_is_judged_by_main(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    main = repo.head()
    repo.git("checkout", "-q", "-b", "side")
    _commit(repo, {CONFIG: LOOSE}, "loosen")
    assert not repo.push("origin", "side", verify=False).blocked  # a rules change alone is clean
    _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    # Before: judged by side's own (loosened) rules, accepted; main then fast-forwarded onto
    # side without a scan, since the server already had those commits.
    _blocked_for_the_token(repo.push("origin", "side", verify=False))
    _blocked_for_the_token(repo.push("origin", "side:main", verify=False))
    assert server.out("rev-parse", "main") == main


def test_commits_another_ref_brought_in_are_judged_again_on_main(tmp_path: Path) -> None:
    """side was accepted under main's looser rules of the time; main has tightened since: a
    merge that brings side onto main is judged by main's current rules."""
    repo, server = pushed(tmp_path, {"README.md": "hello\n"}, remote="server.git")
    server_hook(server)
    repo.git("checkout", "-q", "-b", "side")
    _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    assert not repo.push("origin", "side", verify=False).blocked  # no rule forbade it then
    repo.git("checkout", "-q", "main")
    _commit(repo, {CONFIG: STRICT}, "tighten")
    assert not repo.push("origin", "main", verify=False).blocked
    repo.git("merge", "-q", "--no-edit", "side")
    _blocked_for_the_token(repo.push("origin", "main", verify=False))
    # So is a new ref onto side's commits (side itself already holds them: nothing new there).
    _blocked_for_the_token(repo.push("origin", "side:refs/heads/release", verify=False))
    _commit(repo, {"other.md": "x\n"}, "more")
    assert not repo.push("origin", "HEAD:refs/heads/side", verify=False).blocked


def test_a_ref_parked_on_a_blob_gets_no_rules_of_its_own(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    blob = repo.git("hash-object", "-w", "--stdin", stdin=b"parking\n").out.strip()
    assert not repo.push("origin", f"{blob}:refs/tags/parked", verify=False).blocked
    _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    # Before: rules read "from the blob" were the built-in defaults, which know no ACME_SECRET.
    _blocked_for_the_token(repo.push("origin", "+HEAD:refs/tags/parked", verify=False))
    assert server.out("rev-parse", "refs/tags/parked") == blob


def test_an_unborn_head_is_refused_while_the_repository_has_refs(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    server.git("symbolic-ref", "HEAD", "refs/heads/master")  # points at nothing
    repo.git("checkout", "-q", "-b", "feature")
    _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    # Before: a new ref took its rules from HEAD, unborn: the built-in defaults.
    result = repo.push("origin", "feature", verify=False)
    assert result.blocked and "no rules to trust" in result.out and "git symbolic-ref HEAD" in result.out
    assert server.git("rev-parse", "--verify", "-q", "refs/heads/feature", ok=False).blocked
    # Pinned rules need no default branch.
    config = repo.path.parent / "server.toml"
    config.write_text(STRICT)
    baseline = repo.path.parent / "baseline.json"
    baseline.write_text('{"version": 1, "entries": []}\n')
    server_hook(server, f"--config {config} --baseline {baseline}")
    _blocked_for_the_token(repo.push("origin", "feature", verify=False))
    server.git("symbolic-ref", "HEAD", "refs/heads/main")
    server_hook(server)
    _blocked_for_the_token(repo.push("origin", "feature", verify=False))


def test_a_ref_the_same_push_moves_lends_it_no_rules(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    main = repo.head()
    loosened = _commit(repo, {CONFIG: LOOSE}, "loosen")
    token = _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    result = repo.push("origin", f"{loosened}:refs/heads/main", f"{token}:refs/heads/side", verify=False)
    _blocked_for_the_token(result)
    assert server.out("rev-parse", "main") == main
    # Once main's new rules are in (a change of rules alone), they are the server's rules.
    assert not repo.push("origin", f"{loosened}:refs/heads/main", verify=False).blocked
    assert not repo.push("origin", f"{token}:refs/heads/side", verify=False).blocked


def test_deleting_the_default_branch_is_refused(pair: tuple[Repo, Repo], tmp_path: Path) -> None:
    """Its rules judge every push: without it the next push had none -- or, in a repository
    left with no ref, the built-in defaults (found in review: with receive.denyDeleteCurrent
    relaxed, ':main' then a push of the token under the defaults, accepted)."""
    repo, server = pair
    main = repo.head()
    server.git("config", "receive.denyDeleteCurrent", "ignore")  # git's own guard off
    result = repo.push("origin", ":main", verify=False)
    assert result.blocked and "deleting the default branch refs/heads/main" in result.out, result.out
    assert server.out("rev-parse", "main") == main
    _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    _blocked_for_the_token(repo.push("origin", "main", verify=False))
    # Other branches may go; with pinned rules the default branch lends none, so it may too.
    assert not repo.push("origin", f"{main}:refs/heads/other", verify=False).blocked
    assert not repo.push("origin", ":other", verify=False).blocked
    config, baseline = tmp_path / "server.toml", tmp_path / "baseline.json"
    config.write_text(STRICT)
    baseline.write_text('{"version": 1, "entries": []}\n')
    server_hook(server, f"--config {config} --baseline {baseline}")
    assert not repo.push("origin", ":main", verify=False).blocked


def test_a_ref_named_like_the_default_branch_lends_no_rules(pair: tuple[Repo, Repo]) -> None:
    """The default branch is read by its full name: with HEAD unborn, git reads the name
    'HEAD' as refs/tags/HEAD or refs/heads/HEAD when one exists (found in review: a pushed
    refs/tags/HEAD with loose rules judged every later push, named as the default branch)."""
    repo, server = pair
    loose = _commit(repo, {CONFIG: LOOSE}, "loosen")
    # ... and so is refs/heads/trunk, when it does not exist, as refs/refs/heads/trunk and
    # the like (git tries refs/, refs/tags/, refs/heads/... in front of any name).
    near = ["refs/tags/HEAD", "refs/heads/HEAD", "refs/refs/heads/trunk", "refs/tags/refs/heads/trunk"]
    repo.git("push", "-q", "--no-verify", "origin", *(f"{loose}:{ref}" for ref in near))
    server.git("symbolic-ref", "HEAD", "refs/heads/trunk")  # a default branch not pushed yet
    server_hook(server)
    repo.git("checkout", "-q", "-b", "feature")
    _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    result = repo.push("origin", "feature", verify=False)
    assert result.blocked and "no rules to trust" in result.out, result.out
    server.git("symbolic-ref", "HEAD", "refs/heads/main")
    _blocked_for_the_token(repo.push("origin", "feature", verify=False))


def test_a_ref_that_already_reaches_the_commits_is_not_judged_again(pair: tuple[Repo, Repo]) -> None:
    repo, _ = pair
    _commit(repo, {"a.md": "fine\n"}, "a")
    assert not repo.push("origin", "main", verify=False).blocked
    # A new tag on main's history brings nothing new.
    repo.git("tag", "v1", "HEAD~1")
    result = repo.push("origin", "v1", verify=False)
    assert not result.blocked and "no commit (the push holds none), 1 ref name checked" in result.out, result.out


# ---------------------------------------------------------------------------------------------
# Which rules judged the push: in the output, in every format


def _receive(server: Repo, fmt: str, line: str) -> tuple[int, str]:
    result = server.tool("pre-receive", "--format", fmt, stdin=line.encode())
    return result.code, result.out


def test_every_format_names_the_rules(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    main = repo.head()
    new = _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    hook = server.path / "hooks" / "pre-receive"
    hook.rename(hook.with_name("off"))  # the objects onto the server, to run the hook by hand
    repo.git("push", "-q", "--no-verify", str(server.path), f"{new}:refs/heads/plain")
    expected = f"the default branch refs/heads/main at {main[:12]} (before this push)"
    line = f"{main} {new} refs/heads/main\n"
    code, out = _receive(server, "text", line)
    assert code == 1 and f"rehearsal-hook: rules: {expected}" in out, out
    code, out = _receive(server, "json", line)
    assert json.loads(out)["summary"]["rules"] == expected
    code, out = _receive(server, "sarif", line)
    assert json.loads(out)["runs"][0]["properties"]["rules"] == expected
    code, out = _receive(server, "junit", line)
    assert f'<property name="rules" value="{expected}"' in out
    code, out = _receive(server, "github", line)
    assert f"rehearsal-hook: rules: {expected}" in out


def test_pinned_rules_are_named(pair: tuple[Repo, Repo], tmp_path: Path) -> None:
    repo, server = pair
    config = tmp_path / "server.toml"
    config.write_text(STRICT)
    server_hook(server, f"--config {config}")
    _commit(repo, {"a.md": "fine\n"}, "a")
    result = repo.push("origin", "main", verify=False)
    assert not result.blocked
    assert f"rules: --config {config}; the default branch refs/heads/main at" in result.out, result.out


# ---------------------------------------------------------------------------------------------
# Issue 14: the first push of a repository with a committed baseline


@pytest.fixture
def baselined(tmp_path: Path) -> Repo:
    """A work tree whose committed baseline excuses an old token, not yet pushed anywhere."""
    repo = init(tmp_path / "w", "-b", "main")
    _commit(repo, {"old.md": "CUTOVER_PASS\n"}, "old")
    assert repo.cli("baseline").code == 0
    _commit(repo, {"README.md": "hi\n"}, "readme")
    repo.git("add", ".rehearsal-hook-baseline.json")
    repo.commit("baseline")
    assert repo.cli("check", "--all-files").code == 0  # the client says CLEAN
    return repo


def test_first_push_says_which_rules_judged_it_and_how_to_bootstrap(baselined: Repo, tmp_path: Path) -> None:
    server = init(tmp_path / "server.git", "--bare", "-b", "main")
    server_hook(server)
    result = baselined.push(str(server.path), "main", verify=False)
    assert result.blocked and "old.md:1:1: seal-token" in result.out
    assert (
        "rules: built-in defaults: the repository had no commits; the pushed baseline is not trusted" in result.out
    ), result.out
    assert "pin the rules for the first push" in result.out and "install this hook after the first push" in result.out
    # Bootstrap 1: pin the baseline for the first push.
    pinned = tmp_path / "first-baseline.json"
    pinned.write_bytes((baselined.path / ".rehearsal-hook-baseline.json").read_bytes())
    server_hook(server, f"--baseline {pinned}")
    result = baselined.push(str(server.path), "main", verify=False)
    assert not result.blocked, result.out
    assert f"rules: --baseline {pinned}; the default branch" not in result.out  # empty before this push
    assert f"rules: --baseline {pinned}; built-in defaults: the repository had no commits" in result.out
    # From then on the default branch's own baseline is the server's.
    server_hook(server)
    _commit(baselined, {"new.md": "fine\n"}, "new")
    result = baselined.push(str(server.path), "main", verify=False)
    assert not result.blocked, result.out


def test_first_push_bootstrap_by_installing_the_hook_after_it(baselined: Repo, tmp_path: Path) -> None:
    server = init(tmp_path / "server.git", "--bare", "-b", "main")
    baselined.git("push", "-q", str(server.path), "main")
    server_hook(server)
    _commit(baselined, {"new.md": "fine\n"}, "new")
    result = baselined.push(str(server.path), "main", verify=False)
    assert not result.blocked, result.out
    _commit(baselined, {"new.md": "CUTOVER_PASS\n"}, "new token")
    assert baselined.push(str(server.path), "main", verify=False).blocked


def test_a_first_push_without_rules_files_names_only_the_defaults(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    _commit(repo, {"a.md": "fine\n"}, "a")
    server = init(tmp_path / "server.git", "--bare", "-b", "main")
    server_hook(server)
    result = repo.push(str(server.path), "main", verify=False)
    assert not result.blocked, result.out
    assert re.search(r"rules: built-in defaults: the repository had no commits\s*\n", result.out), result.out


def test_rules_committed_as_a_symbolic_link_are_refused(tmp_path: Path) -> None:
    """A rules file committed as a symbolic link reads, from git's objects, as its target's
    name -- here one that is itself valid, looser TOML.  The client refuses the link in its
    working tree; the server and a CI range's base refuse it as committed, with the reason."""
    import os

    repo, server = pushed(tmp_path, {"README.md": "hello\n"}, remote="server.git")
    os.symlink(LOOSE.strip(), repo.path / CONFIG)
    repo.commit("rules as a link", CONFIG)
    assert repo.out("ls-files", "-s", CONFIG).startswith("120000 ")
    assert not repo.push("origin", "main", verify=False).blocked  # no hook on the server yet
    server_hook(server)
    _commit(repo, {"t.md": "ACME_SECRET  # rehearsal-hook: allow\n"}, "token")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and f"{CONFIG}: is a symbolic link (as committed at" in result.out, result.out
    ci = repo.cli("check", "--range", "HEAD~1..HEAD")
    assert ci.code == 2 and "is a symbolic link" in ci.out, ci.out


@pytest.mark.parametrize(
    "rules",
    [
        {CONFIG: 'request-files = "not a list"\n'},  # a wrong type
        {CONFIG: "[broken\n"},  # not TOML
        {".rehearsal-hook-baseline.json": "{}\n"},  # a baseline that does not parse
        {CONFIG: None},  # a symbolic link (refused as committed)
        # read by no one: the server, CI and git find no config; a client on macOS or Windows
        # opens .rehearsal-hook.TOML as the config, and every client refuses it (exit 2)
        {".rehearsal-hook.TOML": 'forbidden-tokens = ["GO_LIVE_OK"]\n'},
        {"rehearsal-hook.toml": 'forbidden-tokens = ["GO_LIVE_OK"]\n'},
        {".rehearsal-hook.toml.": 'forbidden-tokens = ["GO_LIVE_OK"]\n'},  # Windows drops the dot
    ],
    ids=[
        *("wrong type", "not TOML", "bad baseline", "symbolic link"),
        *("config in other case", "config misnamed", "config with a trailing dot"),
    ],
)
def test_a_push_that_leaves_the_default_branch_with_unreadable_rules_is_refused(
    pair: tuple[Repo, Repo], rules: dict[str, str | None]
) -> None:
    """Its rules judge every push: accepted, unreadable rules refused every later push -- the
    fix included -- until an admin pinned others (any pusher could lock the repository).  On
    another branch they judge nothing, so they may be anything there."""
    import os

    repo, server = pair
    main = repo.head()
    for name, text in rules.items():
        if text is None:
            (repo.path / name).unlink()
            os.symlink("elsewhere.toml", repo.path / name)
        else:
            repo.write(name, text)
    repo.commit("rules", *rules)
    result = repo.push("origin", "main", verify=False)
    assert result.code != 0 and "would leave the default branch refs/heads/main" in result.out, result.out
    assert server.out("rev-parse", "main") == main
    assert not repo.push("origin", "HEAD:refs/heads/side", verify=False).blocked
    # And the repository still takes pushes.
    repo.git("reset", "-q", "--hard", main)
    _commit(repo, {"other.md": "fine\n"}, "more")
    assert not repo.push("origin", "main", verify=False).blocked


def test_a_first_push_that_leaves_unreadable_rules_is_refused(tmp_path: Path) -> None:
    """The first push makes the default branch too: with rules that cannot be read it would
    have locked the new repository as well."""
    repo = init(tmp_path / "w", "-b", "main")
    _commit(repo, {CONFIG: "[broken\n", "a.md": "fine\n"}, "a")
    server = init(tmp_path / "server.git", "--bare", "-b", "main")
    server_hook(server)
    result = repo.push(str(server.path), "main", verify=False)
    assert result.code != 0 and "would leave the default branch refs/heads/main" in result.out, result.out
    assert server.git("rev-parse", "--verify", "-q", "refs/heads/main", ok=False).blocked
    # A side branch is not the default branch: it may hold anything.
    assert not repo.push(str(server.path), "main:refs/heads/side", verify=False).blocked


DEPLOY_RULES = 'request-files = ["*.rehearsal.json", "deploy/*.json"]\n'
PRODUCTION_REQUEST = '{"target": "production", "action": "cutover"}\n'


def test_rules_that_make_a_file_on_main_a_request_gate_it(tmp_path: Path) -> None:
    """Found attacking main: a push that made deploy/*.json request files was judged by the
    rules before it (as it must be), and every later push took main's deploy/x.json as judged
    -- it was, but as no request -- so main held a production request its own rules block while
    every push said CLEAN.  The tip such a push leaves the default branch is judged whole by
    the new rules too."""
    repo, server = pushed(tmp_path, {"deploy/x.json": PRODUCTION_REQUEST, "README.md": "hi\n"}, remote="server.git")
    server_hook(server)
    main = repo.head()
    _commit(repo, {CONFIG: DEPLOY_RULES}, "rules: deploy/*.json are requests")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "deploy/x.json:1:12: production-target" in result.out, result.out
    assert "the rules this push gives refs/heads/main" in result.out, result.out
    assert server.out("rev-parse", "main") == main
    # Fixed in the same push: accepted.  On another branch the rules judge nothing.
    assert not repo.push("origin", "HEAD:refs/heads/side", verify=False).blocked
    _commit(
        repo,
        {"deploy/x.json": '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}\n'},
    )
    assert not repo.push("origin", "main", verify=False).blocked


def test_rules_that_make_a_file_on_a_side_branch_a_request_gate_it_when_it_moves(tmp_path: Path) -> None:
    """Found attacking main: deploy/x.json on a side branch (no request then), made a request by
    main's rules later -- a push main accepts, its own tip holding none -- rode along every
    push of that branch: its old tip held it the same, and counted as judged, by rules of
    before (CI's check --push starts such a push at the default branch)."""
    repo, server = pushed(tmp_path, {"README.md": "hi\n"}, remote="server.git")
    server_hook(server)
    repo.git("checkout", "-q", "-b", "side")
    _commit(repo, {"deploy/x.json": PRODUCTION_REQUEST}, "no request under these rules")
    assert not repo.push("origin", "side", verify=False).blocked
    repo.git("checkout", "-q", "main")
    _commit(repo, {CONFIG: DEPLOY_RULES}, "rules: deploy/*.json are requests")
    assert not repo.push("origin", "main", verify=False).blocked  # main holds none
    repo.git("checkout", "-q", "side")
    before = _commit(repo, {"README.md": "another file\n"}, "touch another file")
    result = repo.push("origin", "side", verify=False)
    assert result.blocked and "deploy/x.json:1:12: production-target" in result.out, result.out
    assert server.out("rev-parse", "side") != before


def test_a_first_push_is_judged_by_the_rules_it_brings_too(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    _commit(repo, {CONFIG: DEPLOY_RULES, "deploy/x.json": PRODUCTION_REQUEST}, "a")
    server = init(tmp_path / "server.git", "--bare", "-b", "main")
    server_hook(server)
    result = repo.push(str(server.path), "main", verify=False)
    assert result.blocked and "deploy/x.json:1:12: production-target" in result.out, result.out
    assert server.git("rev-parse", "--verify", "-q", "refs/heads/main", ok=False).blocked


def test_a_request_both_rules_block_is_named_once(tmp_path: Path) -> None:
    repo, server = pushed(tmp_path, {"README.md": "hi\n"}, remote="server.git")
    server_hook(server)
    _commit(repo, {CONFIG: DEPLOY_RULES, "x.rehearsal.json": PRODUCTION_REQUEST}, "both")
    result = repo.push("origin", "main", verify=False)
    assert result.out.count("x.rehearsal.json:1:12: production-target") == 1, result.out


def _push_in(repo: Repo, namespace: str, *refspecs: str) -> Result:
    """A push into a namespace of the server (GIT_NAMESPACE, as git-http-backend or an ssh
    command sets it for receive-pack, which its hooks inherit): its refs live under
    refs/namespaces/<namespace>/, and its clients see them as a repository of their own."""
    return repo.git("push", "--no-verify", "origin", *refspecs, ok=False, env=git_env(GIT_NAMESPACE=namespace))


def test_a_push_into_a_namespace_is_judged_by_the_namespace_s_default_branch(tmp_path: Path) -> None:
    """Found attacking main: the hook read the repository's own HEAD and refs/heads/main, which
    in a namespace are another repository's -- a side branch of namespace team holding a token
    team's main forbids was judged by the root's looser rules: CLEAN."""
    repo, server = pushed(tmp_path, {CONFIG: LOOSE, "README.md": "hello\n"}, remote="server.git")
    repo.git("checkout", "-q", "-b", "team")
    _commit(repo, {CONFIG: STRICT}, "strict")
    assert not _push_in(repo, "team", "team:refs/heads/main").blocked
    server.git("symbolic-ref", "refs/namespaces/team/HEAD", "refs/namespaces/team/refs/heads/main")
    server_hook(server)
    repo.git("checkout", "-q", "-b", "side")
    _commit(repo, {"t.md": "ACME_SECRET\n"}, "token")
    result = _push_in(repo, "team", "side:refs/heads/side")
    _blocked_for_the_token(result)
    assert "rules: the default branch refs/namespaces/team/refs/heads/main at" in result.out
    assert server.git("rev-parse", "--verify", "-q", "refs/namespaces/team/refs/heads/side", ok=False).blocked
    # The root's own pushes are judged by the root's rules, as before (LOOSE: no token).
    assert not repo.push("origin", "side:refs/heads/side", verify=False).blocked


def test_a_namespace_without_a_head_has_no_rules_to_trust(tmp_path: Path) -> None:
    """git makes no HEAD in a namespace a push creates: which branch's rules count is the
    admin's to say (the root's HEAD names another repository's branch)."""
    repo, server = pushed(tmp_path, {CONFIG: STRICT, "README.md": "hello\n"}, remote="server.git")
    server_hook(server)
    assert not _push_in(repo, "team", "main").blocked  # its first push
    repo.git("checkout", "-q", "-b", "side")
    _commit(repo, {"t.md": "hello\n"}, "clean")
    result = _push_in(repo, "team", "side")
    assert result.blocked and "no rules to trust" in result.out, result.out
    assert "git symbolic-ref refs/namespaces/team/HEAD refs/namespaces/team/refs/heads/NAME" in result.out
    # A namespace's HEAD that names a branch outside it (the root's) names none of its own.
    server.git("symbolic-ref", "refs/namespaces/team/HEAD", "refs/heads/main")
    result = _push_in(repo, "team", "side")
    assert result.blocked and "outside its namespace" in result.out, result.out


def test_a_push_to_an_alias_of_the_default_branch_is_a_push_to_it(pair: tuple[Repo, Repo]) -> None:
    """A symbolic ref an admin made (refs/heads/master -> refs/heads/main, kept after a rename)
    is moved, and deleted, through: receive-pack applies a push to it to main.  Found attacking
    main: the hook took it for a side branch, so deleting master deleted main past
    default-branch-deleted (the next push was judged by the built-in defaults), and moving it
    left main rules that cannot be read past require_readable_rules."""
    repo, server = pair
    main = repo.head()
    server.git("symbolic-ref", "refs/heads/master", "refs/heads/main")
    result = repo.push("origin", ":refs/heads/master", verify=False)
    assert result.blocked and "deleting the default branch refs/heads/main is refused" in result.out, result.out
    assert server.out("rev-parse", "refs/heads/main") == main
    _commit(repo, {CONFIG: "[broken\n"}, "rules no one can read")
    result = repo.push("origin", "HEAD:refs/heads/master", verify=False)
    assert result.blocked and "would leave the default branch refs/heads/main" in result.out, result.out
    assert server.out("rev-parse", "refs/heads/main") == main


def test_rules_committed_as_a_submodule_are_refused(pair: tuple[Repo, Repo]) -> None:
    """A config replaced by a submodule whose commit the server lacks read as no file there
    (cat-file finds nothing under the name): found in session 31, such a push to main was
    taken and the built-in defaults judged every later push, a token main's rules forbid
    included, while each fresh clone refuses the folder git leaves under the config's name."""
    repo, server = pair
    main = repo.head()
    repo.git("rm", "-q", "--cached", CONFIG)
    (repo.path / CONFIG).unlink()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{'1234567890' * 4},{CONFIG}")
    repo.git("commit", "-q", "--no-verify", "-m", "config as a submodule")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and f"{CONFIG}: is a submodule (as committed at" in result.out, result.out
    assert "would leave the default branch refs/heads/main" in result.out
    assert server.out("rev-parse", "main") == main
