"""Hostile repositories: the tool runs inside repositories it does not trust (a server, CI).
A repository's own git config -- directly, through an included file outside the repository,
through hooks or attributes -- must neither run code nor change what the tool reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..gitutil import Repo, init, install

# Every hook git knows: a core.hooksPath full of them proves none runs.
HOOK_NAMES = (
    "applypatch-msg",
    "pre-applypatch",
    "post-applypatch",
    "pre-commit",
    "pre-merge-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "pre-rebase",
    "post-checkout",
    "post-merge",
    "pre-push",
    "pre-receive",
    "update",
    "proc-receive",
    "post-receive",
    "post-update",
    "reference-transaction",
    "push-to-checkout",
    "pre-auto-gc",
    "post-rewrite",
    "sendemail-validate",
    "fsmonitor-watchman",
    "p4-changelist",
    "p4-prepare-changelist",
    "p4-post-changelist",
    "p4-pre-submit",
    "post-index-change",
)


def _evil_script(folder: Path, marker: Path) -> Path:
    """A program that records that it ran (and prints what a driver might, to be believed)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\ncat >/dev/null 2>&1\nexit 0\n')
    script.chmod(0o755)
    return script


def _hostile_settings(evil: Path, hooks: Path) -> list[tuple[str, str]]:
    run = f"{evil}"
    return [
        ("core.fsmonitor", run),
        ("core.hooksPath", str(hooks)),
        ("core.pager", run),
        ("pager.log", run),
        ("pager.diff", run),
        ("diff.external", run),
        ("diff.evil.command", run),
        ("diff.evil.textconv", run),
        ("diff.evil.binary", "false"),
        ("filter.evil.clean", run),
        ("filter.evil.smudge", run),
        ("filter.evil.process", run),
        ("gpg.program", run),
        ("gpg.ssh.program", run),
        ("log.showSignature", "true"),
        ("core.alternateRefsCommand", run),
        ("core.sshCommand", run),
        ("credential.helper", f"!{run}"),
        ("sequence.editor", run),
        ("core.editor", run),
        # Settings that would change what a patch looks like (and so what is read).
        ("diff.noprefix", "true"),
        ("diff.mnemonicPrefix", "true"),
        ("diff.relative", "true"),
        ("diff.interHunkContext", "20"),
        ("diff.suppressBlankEmpty", "true"),
        ("diff.context", "5"),
        ("color.ui", "always"),
        ("core.quotePath", "true"),
        ("log.showRoot", "false"),
        ("log.abbrevCommit", "true"),
        ("core.abbrev", "7"),
        ("format.pretty", "oneline"),
        ("i18n.logOutputEncoding", "ISO-8859-1"),
    ]


def _config_text(settings: list[tuple[str, str]]) -> str:
    """git config file syntax: ``a.b`` in ``[a]``, ``a.x.b`` in ``[a "x"]``."""
    lines = []
    for key, value in settings:
        section, _, name = key.rpartition(".")
        head, _, sub = section.partition(".")
        lines.append(f'[{head} "{sub}"]' if sub else f"[{head}]")
        lines.append(f"\t{name} = {value}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Repo, str, Path]:
    """A work tree with history; the hostile settings come from a config file OUTSIDE the
    repository that its own .git/config includes.  Returns (repo, base commit, marker)."""
    marker = tmp_path / "ran.log"
    evil = _evil_script(tmp_path / "outside", marker)
    hooks = tmp_path / "outside" / "hooks"
    hooks.mkdir()
    for name in HOOK_NAMES:
        (hooks / name).symlink_to(evil)
    outside = tmp_path / "outside" / "evil.gitconfig"
    outside.write_text(_config_text(_hostile_settings(evil, hooks)))
    repo = init(tmp_path / "w", "-b", "main")
    repo.write(".gitattributes", "*.md diff=evil filter=evil\n")
    repo.write("notes.md", "a\n\nb\n")
    repo.commit("base", ".gitattributes", "notes.md")
    base = repo.head()
    repo.write("notes.md", "a\nADD\n\nb\nCUTOVER_PASS here\n")
    repo.write("new file.md", "DEPLOY_GRANTED\n")
    repo.commit("change", "notes.md", "new file.md")
    repo.write("staged.md", "x\n\ny\nSEAL_AUTHORIZED\n")
    repo.git("add", "staged.md")
    # Only now: git's own add/commit above would have run the filters.
    repo.git("config", "include.path", str(outside))
    # The include is in force: plain git runs the planted programs.
    repo.git("-c", "filter.evil.process=", "log", "-p", "-1", "--ext-diff", stdin=b"")  # (a process filter would hang)
    assert marker.exists()
    marker.unlink()
    return repo, base, marker


def test_included_outside_config_runs_no_code_and_changes_nothing(
    hostile: tuple[Repo, str, Path], tmp_path: Path
) -> None:
    repo, base, marker = hostile
    msg = tmp_path / "MSG"
    msg.write_text("QT001_PASS in a message\n")
    runs = {
        "staged": repo.tool("check", "--staged"),
        "pre-commit": repo.tool("pre-commit"),
        "commit-msg": repo.tool("commit-msg", str(msg)),
        "all-files": repo.tool("check", "--all-files"),
        "range": repo.tool("check", "--range", f"{base}..HEAD"),
        "pre-push": repo.tool(
            "pre-push", "origin", "url", stdin=f"refs/heads/main {repo.head()} refs/heads/main {base}\n".encode()
        ),
    }
    assert not marker.exists(), marker.read_text()
    for mode, result in runs.items():
        assert result.code == 1, (mode, result.out)
        assert "CUTOVER_PASS" not in result.out and "Traceback" not in result.out
    # What is read is what git stores, at the right lines, whatever the config says.
    assert "staged.md:4:1: seal-token" in runs["staged"].out
    assert "(commit message):1:1: seal-token-message" in runs["commit-msg"].out
    for mode in ("range", "pre-push"):
        assert "notes.md:5:1: seal-token" in runs[mode].out, runs[mode].out
        assert "new file.md:1:1: seal-token" in runs[mode].out, runs[mode].out


def test_server_repository_config_from_an_included_file_runs_no_code(tmp_path: Path) -> None:
    from ..gitutil import pushed, server_hook

    marker = tmp_path / "ran.log"
    evil = _evil_script(tmp_path / "outside", marker)
    repo, server = pushed(tmp_path, {"README.md": "hello\n"}, remote="server.git")
    server_hook(server)
    outside = tmp_path / "outside" / "server.gitconfig"
    outside.write_text(
        f"[core]\n\tfsmonitor = {evil}\n[diff]\n\texternal = {evil}\n\tinterHunkContext = 20\n"
        f'\tsuppressBlankEmpty = true\n[diff "evil"]\n\ttextconv = {evil}\n[log]\n\tshowSignature = true\n'
        f"[gpg]\n\tprogram = {evil}\n"
    )
    server.git("config", "include.path", str(outside))
    repo.write(".gitattributes", "*.md diff=evil\n")
    repo.write("a.md", "x\n\ny\nQT001_PASS\n")
    repo.commit("a", ".gitattributes", "a.md")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "a.md:4:1: seal-token" in result.out, result.out
    assert not marker.exists()


def test_diff_config_cannot_move_a_new_token_onto_a_baselined_line(tmp_path: Path) -> None:
    """Found by this issue: diff.interHunkContext + diff.suppressBlankEmpty printed a blank
    context line as an empty line, the patch parser did not count it, a new token was
    reported one line up -- on a baselined line with the same token -- and was excused."""
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("c.md", "q\n\nX_PASS old\n")
    repo.commit("c0", "c.md")
    assert repo.tool("baseline").code == 0
    repo.commit("baseline", ".rehearsal-hook-baseline.json")
    base = repo.head()
    repo.write("c.md", "q\nADD\n\nX_PASS old\nX_PASS NEW\n")
    repo.commit("c1", "c.md")
    repo.git("config", "diff.interHunkContext", "10")
    repo.git("config", "diff.suppressBlankEmpty", "true")
    result = repo.tool("check", "--range", f"{base}..HEAD")
    assert result.code == 1, result.out
    assert "c.md:5:1: seal-token" in result.out and "[excused" not in result.out


def test_hooks_path_hooks_never_run_from_the_tool(tmp_path: Path) -> None:
    """core.hooksPath pointing at a folder of hooks (or at the repository's own tree): none of
    the tool's git calls runs a hook."""
    marker = tmp_path / "ran.log"
    repo = init(tmp_path / "w", "-b", "main")
    evil = _evil_script(repo.path / "githooks", marker)
    for name in HOOK_NAMES:
        (repo.path / "githooks" / name).symlink_to(evil)
    repo.git("config", "core.hooksPath", "githooks")
    repo.write("a.md", "fine\n")
    repo.commit("a", "a.md", verify=True)
    assert marker.exists()  # git itself runs them
    base = repo.head()
    repo.write("b.md", "X_PASS\n")
    repo.commit("b", "b.md")
    repo.write("c.md", "Y_PASS\n")
    repo.git("add", "c.md")
    marker.unlink(missing_ok=True)
    assert repo.tool("check", "--staged").code == 1
    assert repo.tool("check", "--range", f"{base}..HEAD").code == 1
    stdin = f"refs/heads/main {repo.head()} refs/heads/main {base}\n".encode()
    assert repo.tool("pre-push", "origin", "url", stdin=stdin).code == 1
    assert repo.tool("check", "--all-files").code == 1
    assert not marker.exists(), marker.read_text()


@pytest.mark.parametrize("name", [".rehearsal-hook.toml", "pyproject.toml", ".rehearsal-hook-baseline.json"])
def test_rules_file_linked_outside_the_repository_is_never_followed(tmp_path: Path, name: str) -> None:
    """A checkout whose config (or baseline) is a symbolic link to a file outside it -- one that
    would permit everything -- is a configuration error, not a way to choose its own rules."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "wide.toml").write_text('permitted-contexts = ["**"]\nallow-inline-pragma = true\n')
    (outside / "wide-pyproject.toml").write_text('[tool.rehearsal-hook]\npermitted-contexts = ["**"]\n')
    (outside / "baseline.json").write_text('{"version": 1, "entries": []}\n')
    target = {".rehearsal-hook.toml": "wide.toml", "pyproject.toml": "wide-pyproject.toml"}.get(name, "baseline.json")
    repo = init(tmp_path / "w", "-b", "main")
    (repo.path / name).symlink_to(outside / target)
    repo.write("a.md", "CUTOVER_PASS\n")
    repo.git("add", "a.md", name)
    for args in (["check", "a.md"], ["check", "--staged"], ["pre-commit"]):
        result = repo.tool(*args)
        assert result.code == 2, (args, result.out)
        assert "[excused" not in result.out and "Traceback" not in result.out


def test_a_package_named_like_the_tool_in_the_work_tree_is_not_what_the_hooks_run(tmp_path: Path) -> None:
    """The installed hooks ran ``$INSTALL_PYTHON -m rehearsal_hook`` from the work tree's
    root, and ``-m`` puts the current folder first on ``sys.path``: a ``rehearsal_hook/``
    folder in the repository (a cloned one, or the change being committed) was imported in
    place of the tool -- its code ran, and a commit and a push holding a token passed.  The
    hooks run Python with ``-P`` (no unsafe path first)."""
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("README.md", "hello\n")
    repo.commit("initial", "README.md")
    bare = init(tmp_path / "origin.git", "--bare", "-b", "main")
    repo.git("remote", "add", "origin", str(bare.path))
    repo.git("push", "-q", "origin", "main")
    install(repo)
    marker = tmp_path / "ran"
    repo.write("rehearsal_hook/__init__.py", "")
    repo.write("rehearsal_hook/__main__.py", f"open({str(marker)!r}, 'a').write('ran')\nraise SystemExit(0)\n")
    repo.write("notes.md", "x CUTOVER_PASS\n")
    result = repo.commit("token", "rehearsal_hook/__init__.py", "rehearsal_hook/__main__.py", "notes.md", verify=True)
    assert result.blocked and "notes.md:1:3: seal-token" in result.out, result.out
    repo.commit("planted", "notes.md")  # (past the commit hook)
    pushed = repo.push("origin", "main")
    assert pushed.blocked and "seal-token" in pushed.out, pushed.out
    assert not marker.exists()


def test_a_work_tree_gitattributes_linked_to_a_device_is_not_read(tmp_path: Path) -> None:
    """The work tree's .gitattributes is read for lines git ignores (attributes.py) as git reads
    it: a regular file, never through a link.  A link to /dev/zero there made check of a
    request hang, reading without end (found in review of 2db0825).  git reads no linked one
    (a warning; the index's is used), and neither does the check.  (A FIFO there hangs git's
    own check-attr: open.)"""
    repo = init(tmp_path / "r")
    repo.write(
        "x.rehearsal.json", '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_apply"}\n'
    )
    (repo.path / ".gitattributes").symlink_to("/dev/zero")
    result = repo.tool("check", "x.rehearsal.json")
    assert result.code == 0, result.out
