"""A change checked against its base (issue 11, "CI ranges"): under protect-exemptions at the
base, ``check --range BASE..HEAD`` and ``check --base BASE`` judge the change by the base's
rules, so a pull request cannot loosen the rules that judge it -- un-gate its own request
(``request-files = []``), make it a "probe" that must be blocked anyway (``probe-files``),
un-gate a forged report (``report-files = []``), or drop a forbidden token."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import probe_report
from ..gitutil import Repo, pushed, server_hook

CONFIG = ".rehearsal-hook.toml"
PROTECT = "protect-exemptions = true\n"
FORBID = 'forbidden-tokens = ["ACME_SECRET"]\n'
REQUEST = "rehearsal/requests/r.json"
PRODUCTION = '{"target": "production", "action": "rehearsal_apply"}\n'


def _forged_report() -> str:
    return json.dumps(probe_report(probe_count=11)) + "\n"  # ten results: the claim does not follow


@dataclass
class Loosening:
    """A change that loosens the head's rules (``config``) so that ``files`` pass them; the
    base's rules find ``rule`` in ``path``.  ``loosens``: False for one that no longer loosens
    even its own rules (a probe file that is also a request is held to both since 5b9b332)."""

    config: str
    files: dict[str, str]
    path: str
    rule: str
    loosens: bool = True


LOOSENINGS = {
    "request-files emptied": Loosening(
        PROTECT + FORBID + "request-files = []\n", {REQUEST: PRODUCTION}, REQUEST, "production-target"
    ),
    "request-files narrowed": Loosening(
        PROTECT + FORBID + 'request-files = ["*.rehearsal.json"]\n', {REQUEST: PRODUCTION}, REQUEST, "production-target"
    ),
    "probe-files over the request": Loosening(
        PROTECT + FORBID + 'probe-files = ["rehearsal/**"]\n',
        {REQUEST: PRODUCTION},
        REQUEST,
        "production-target",
        loosens=False,
    ),
    "report-files emptied": Loosening(
        PROTECT + FORBID + "report-files = []\n",
        {"rehearsal-run.json": _forged_report()},
        "rehearsal-run.json",
        "report-inconsistent",
    ),
    "forbidden token dropped": Loosening(PROTECT, {"t.md": "ACME_SECRET\n"}, "t.md", "seal-token"),
}

MODES = ["range", "base-all-files", "base-paths", "staged-base"]


def _setup(tmp_path: Path, loosening: Loosening, *, base_config: str = PROTECT + FORBID) -> tuple[Repo, str]:
    repo, _ = pushed(tmp_path, {CONFIG: base_config, "README.md": "hello\n"})
    base = repo.head()
    for name, text in {CONFIG: loosening.config, **loosening.files}.items():
        repo.write(name, text)
    repo.git("add", "--", CONFIG, *loosening.files)
    return repo, base


def _run(repo: Repo, base: str, mode: str, loosening: Loosening) -> tuple[int, str]:
    if mode == "range":
        repo.commit("loosen and use it")
        result = repo.cli("check", "--range", f"{base}..HEAD", "--format", "json")
    elif mode == "base-all-files":
        result = repo.cli("check", "--all-files", "--base", base, "--format", "json")
    elif mode == "base-paths":
        result = repo.cli("check", "--base", base, "--format", "json", "--", *loosening.files)
    else:
        result = repo.cli("check", "--staged", "--base", base, "--format", "json")
    return result.code, result.out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(LOOSENINGS))
def test_a_change_cannot_loosen_the_rules_that_judge_it(tmp_path: Path, name: str, mode: str) -> None:
    loosening = LOOSENINGS[name]
    repo, base = _setup(tmp_path, loosening)
    # The change's own rules let it through (what CI judged before) ...
    assert repo.cli("check", "--", *loosening.files).code == (0 if loosening.loosens else 1)
    # ... the base's do not.
    _judged_by_the_base(repo, base, mode, loosening, "(protect-exemptions there")


def _judged_by_the_base(repo: Repo, base: str, mode: str, loosening: Loosening, why: str) -> None:
    """The change blocks on what the base's rules find, and the output names the base."""
    code, out = _run(repo, base, mode, loosening)
    assert code == 1, out
    doc = json.loads(out)
    assert [f["rule"] for f in doc["findings"] if f["path"] == loosening.path and f["blocking"]][:1] == [loosening.rule]
    assert doc["summary"]["rules"].startswith(f"the base {base[:12]} {why}"), doc["summary"]
    assert "ACME_SECRET" not in out


def test_the_text_output_names_the_base_rules(tmp_path: Path) -> None:
    loosening = LOOSENINGS["request-files emptied"]
    repo, base = _setup(tmp_path, loosening)
    repo.commit("loosen")
    result = repo.cli("check", "--range", f"{base}..HEAD")
    assert result.code == 1 and f"rehearsal-hook: rules: the base {base[:12]}" in result.out, result.out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(LOOSENINGS))
def test_without_protection_at_the_base_its_rules_still_judge(tmp_path: Path, name: str, mode: str) -> None:
    """A change never chooses the rules that judge it, protect-exemptions or not: without it
    at the base, the base's rules (gated files, tokens, the lane) judge all the same -- a pull
    request that emptied request-files passed CI before.  Only exemptions follow the switch."""
    loosening = LOOSENINGS[name]
    repo, base = _setup(tmp_path, loosening, base_config=FORBID)
    _judged_by_the_base(repo, base, mode, loosening, "(a change does not choose")


def test_without_protection_at_the_base_the_change_s_exemptions_excuse(tmp_path: Path) -> None:
    """Issue 5's default: an exemption a change brings (here a permitted context) excuses, listed
    as the change's own, while the base's rules say what is checked."""
    repo, _ = pushed(tmp_path, {CONFIG: FORBID, "README.md": "hello\n"})
    base = repo.head()
    repo.write(CONFIG, FORBID + 'permitted-contexts = ["t.md"]\n')
    repo.write("t.md", "ACME_SECRET\n")
    repo.commit("a token and its exemption", CONFIG, "t.md")
    result = repo.cli("check", "--range", f"{base}..HEAD", "--format", "json")
    assert result.code == 0, result.out
    doc = json.loads(result.out)
    assert [(f["path"], f["excused_by"], f["same_change"]) for f in doc["findings"]] == [
        ("t.md", "permitted-context", True)
    ], result.out
    assert doc["summary"]["rules"] is None, doc["summary"]  # (the rules it judges by are the base's)


def test_an_exemption_that_contradicts_the_base_s_rules_names_the_base(tmp_path: Path) -> None:
    """Found in session 30's review: a change that moves a token the base forbids to its own
    allowed-tokens is valid alone, as is the base's config; the two together (what judges the
    change) are not, and the message said only 'allowed-tokens entry 1 is also in
    forbidden-tokens', of a config that forbids nothing.  It names the base now (exit 2)."""
    repo, _ = pushed(tmp_path, {CONFIG: 'forbidden-tokens = ["ACME_PASS"]\n', "README.md": "hello\n"})
    base = repo.head()
    repo.write(CONFIG, 'allowed-tokens = ["ACME_PASS"]\n')
    repo.commit("allow it", CONFIG)
    assert repo.cli("check", "--all-files").code == 0
    result = repo.cli("check", "--range", f"{base}..HEAD")
    assert result.code == 2, result.out
    assert "is also in forbidden-tokens" in result.out and f"the base {base[:12]}'s config" in result.out, result.out


def test_a_change_that_leaves_the_rules_alone_is_judged_as_ever(tmp_path: Path) -> None:
    repo, _ = pushed(tmp_path, {CONFIG: FORBID, "README.md": "hello\n"})
    base = repo.head()
    repo.write("t.md", "ACME_SECRET\n")
    repo.commit("token", "t.md")
    result = repo.cli("check", "--range", f"{base}..HEAD", "--format", "json")
    assert result.code == 1 and json.loads(result.out)["summary"]["rules"] is None, result.out


def test_tightening_in_the_change_applies_once_merged(tmp_path: Path) -> None:
    """The base's rules judge the change that tightens them; its next change is judged by the
    tighter ones."""
    repo, _ = pushed(tmp_path, {CONFIG: PROTECT, "README.md": "hello\n"})
    base = repo.head()
    repo.write(CONFIG, PROTECT + FORBID)
    repo.commit("tighten", CONFIG)
    assert repo.cli("check", "--range", f"{base}..HEAD").code == 0
    tightened = repo.head()
    repo.write("t.md", "ACME_SECRET\n")
    repo.commit("token", "t.md")
    assert repo.cli("check", "--range", f"{base}..HEAD").code == 0  # the base never forbade it
    result = repo.cli("check", "--range", f"{tightened}..HEAD")
    assert result.code == 1 and "t.md:1:1: seal-token" in result.out, result.out


def test_a_base_whose_rules_cannot_be_read_is_a_config_error(tmp_path: Path) -> None:
    repo, _ = pushed(tmp_path, {CONFIG: "protect-exemptions = [\n", "README.md": "hello\n"})
    base = repo.head()
    repo.write(CONFIG, PROTECT)
    repo.commit("fix", CONFIG)
    result = repo.cli("check", "--range", f"{base}..HEAD")
    assert result.code == 2 and "not valid TOML" in result.out and base[:12] in result.out, result.out


def test_pinned_config_still_wins(tmp_path: Path) -> None:
    loosening = LOOSENINGS["forbidden token dropped"]
    repo, base = _setup(tmp_path, loosening)
    repo.commit("drop")
    pinned = tmp_path / "pinned.toml"
    pinned.write_text(PROTECT)  # forbids nothing extra
    result = repo.cli("check", "--range", f"{base}..HEAD", "--config", str(pinned), "--format", "json")
    assert result.code == 0, result.out
    assert json.loads(result.out)["summary"]["rules"].startswith(f"--config {pinned}; the base")


@pytest.mark.parametrize("name", list(LOOSENINGS))
def test_the_server_is_not_loosened_by_the_push_either(tmp_path: Path, name: str) -> None:
    """pre-receive: the default branch's rules before the push (tests/git/test_server_rules.py)."""
    loosening = LOOSENINGS[name]
    repo, bare = pushed(tmp_path, {CONFIG: PROTECT + FORBID, "README.md": "hello\n"})
    server_hook(bare)
    for file, text in {CONFIG: loosening.config, **loosening.files}.items():
        repo.write(file, text)
    repo.commit("loosen and use it", CONFIG, *loosening.files)
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and f"{loosening.path}:" in result.out and f" {loosening.rule} " in result.out, result.out
    assert "ACME_SECRET" not in result.out


def test_an_empty_range_says_so_and_passes(tmp_path: Path) -> None:
    """Review: ``check --range HEAD..HEAD`` said "0 files checked", as if files had been looked
    for.  A range that holds no commit says so, and passes (0), as gitleaks does over an empty
    --log-opts range: it brings nothing (a branch pushed where the default branch stands).  A
    head behind its base still has its gated files judged there, and says where."""
    repo, _ = pushed(tmp_path, {"README.md": "hello\n"})
    for fmt in ("text", "github"):
        result = repo.cli("check", "--range", "HEAD..HEAD", "--format", fmt)
        assert result.code == 0, result.out
        assert result.out.strip() == "rehearsal-hook: CLEAN: the range HEAD..HEAD holds no commit: nothing to check"
    result = repo.cli("check", "--range", "HEAD..HEAD", "--format", "json")
    assert result.code == 0 and json.loads(result.out)["summary"]["commits"] == 0, result.out
    repo.write(REQUEST, PRODUCTION)
    repo.commit("a request that targets production", REQUEST)
    repo.write(REQUEST, "{}\n")
    repo.commit("rewritten", REQUEST)
    result = repo.cli("check", "--range", "HEAD..HEAD~1")
    assert result.code == 1 and "production-target" in result.out, result.out
    assert "(no commit (the range HEAD..HEAD~1 holds none), 1 file at its head checked;" in result.out


def test_check_push_decides_where_a_push_starts(tmp_path: Path) -> None:
    """Review: the three CI recipes each chose a push's start in shell.  ``check --push OLD``
    takes the push as CI gives it and decides once: the default branch from its old tip, any
    other branch or tag from the default branch as the clone has it (whatever OLD says), and
    a start the clone lacks blocks with one line; the pushed ref's name is checked too."""
    repo, _ = pushed(tmp_path, {"README.md": "hello\n"})
    pushed_tip = repo.head()
    repo.write("t.md", "CUTOVER_PASS\n")
    repo.commit("token", "t.md")
    added = repo.head()
    repo.write("t.md", "fine\n")
    repo.commit("removed", "t.md")

    def push(before: str, ref: str, *more: str) -> tuple[int, str]:
        result = repo.cli("check", *more, "--push", before, "--ref", ref, "--default-branch", "main")
        return result.code, result.out

    assert push(pushed_tip, "refs/heads/main")[0] == 1  # from the old tip: the token's commit
    assert push(added, "refs/heads/main")[0] == 0  # the removal only
    for before in (added, "0" * 40, "1" * 40, ""):  # another ref: from origin/main, whatever OLD is
        code, out = push(before, "refs/heads/feature")
        assert code == 1 and "t.md:1:1: seal-token" in out, (before, out)
        assert push(before, "refs/tags/v1")[0] == 1
    code, out = push(added, "refs/heads/QT001_PASS")
    assert code == 1 and "refs/heads/QT001_P…:0:12: seal-token-ref" in out, out
    code, out = push(repo.head(), "refs/heads/main")
    # (nothing to scan but the pushed ref's name, and it says so)
    assert code == 0 and f"no commit (the range {repo.head()[:12]}..HEAD holds none), 1 ref name checked" in out, out
    for before, reason in [("0" * 40, "has no old tip"), ("", "has no old tip"), ("1" * 40, "is not in the clone")]:
        code, out = push(before, "refs/heads/main")
        assert code == 1 and reason in out and len(out.strip().splitlines()) == 1, (before, out)
    assert push(added, "refs/heads/main", "--all-files")[0] == 0  # the start as the tree's --base
    assert push(added, "main")[0] == 2  # (a bare name: the default branch could not be told)
    assert repo.cli("check", "--push", added).code == 2
    assert (
        repo.cli("check", "--push", added, "--base", added, "--ref", "refs/heads/x", "--default-branch", "m").code == 2
    )
    repo.git("update-ref", "-d", "refs/remotes/origin/main")
    code, out = push(added, "refs/heads/feature")
    assert code == 1 and "the default branch origin/main is not in the clone" in out, out


def test_check_push_reads_a_pushed_tags_message(tmp_path: Path) -> None:
    """Review: ``check --push`` of a tag read the commits from the default branch and the tag's
    name, not the tag -- an annotated tag whose message holds a token (what a forge's release
    page shows) passed CI, where pre-push and pre-receive block it.  Now the clone's copy of the
    pushed tag is read as a push reads it; a tag the clone lacks blocks with one line."""
    repo, _ = pushed(tmp_path, {"README.md": "hello\n"})
    repo.git("tag", "-a", "v1", "-m", "release CUTOVER_PASS")
    repo.git("tag", "-a", "v2", "-m", "release 2")
    repo.git("tag", "v3")

    def push(ref: str) -> tuple[int, str]:
        result = repo.cli("check", "--push", "0" * 40, "--ref", ref, "--default-branch", "main")
        return result.code, result.out

    code, out = push("refs/tags/v1")
    assert code == 1 and "(message of tag v1):1:9: seal-token-message" in out, out
    assert push("refs/tags/v2")[0] == 0  # an annotated tag with a plain message
    assert push("refs/tags/v3")[0] == 0  # a lightweight tag: its name only
    code, out = push("refs/tags/v4")
    assert code == 1 and "the pushed tag refs/tags/v4 is not in the clone" in out, out
    assert len(out.strip().splitlines()) == 1, out
    assert push("refs/heads/v4")[0] == 0  # (a branch: only its name travels)


def test_a_base_named_like_a_ref_of_another_kind_blocks(tmp_path: Path) -> None:
    """Found attacking main: git reads ``origin/main`` as refs/tags/origin/main before
    refs/remotes/origin/main (gitrevisions: tags first), and a clone fetches every tag -- a tag
    of that name at a commit of the pusher's choosing (here the change itself, its rules
    loosened) made ``check --range origin/main..HEAD`` an empty range and ``--all-files --base
    origin/main`` judge by that commit's rules: both CLEAN.  A name that refs of several kinds
    give different commits is refused; the full name, or a tag at the same commit, is not."""
    upstream, _ = pushed(tmp_path, {CONFIG: PROTECT + FORBID}, work="up")
    upstream.git("checkout", "-q", "-b", "change")
    upstream.write(CONFIG, PROTECT)
    upstream.write("notes.md", "ACME_SECRET\n")
    upstream.commit("loosen and add", CONFIG, "notes.md")
    upstream.git("tag", "origin/main")  # pushed beside the branch: the clone fetches it
    upstream.git("push", "-q", "--no-verify", "origin", "change", "refs/tags/origin/main")
    ci = Repo(tmp_path / "ci")
    upstream.git("clone", "-q", "-b", "change", str(tmp_path / "origin.git"), str(ci.path))
    for args in (("--range", "origin/main..HEAD"), ("--all-files", "--base", "origin/main")):
        result = ci.cli("check", *args)
        assert result.code == 1 and "'origin/main' is ambiguous: refs/tags/origin/main" in result.out, result.out
        assert "give the full name (refs/remotes/origin/main)" in result.out
    full = ci.cli("check", "--range", "refs/remotes/origin/main..HEAD")
    assert full.blocked and "notes.md:1:1" in full.out, full.out
    # A name git reads as a ref before the commit it spells (a short id), and one that is not
    # ambiguous: a tag at the very commit the branch names.
    short = ci.out("rev-parse", "--short=8", "refs/remotes/origin/main")
    ci.git("tag", short, "HEAD")
    assert f"'{short}' is ambiguous" in ci.cli("check", "--range", f"{short}..HEAD").out
    ci.git("tag", "-d", short, "origin/main")
    ci.git("tag", "-a", "-m", "same", "main", "refs/remotes/origin/main")
    ci.git("branch", "-q", "-f", "main", "refs/remotes/origin/main")
    same = ci.cli("check", "--range", "main..HEAD")
    assert same.blocked and "notes.md:1:1" in same.out, same.out
