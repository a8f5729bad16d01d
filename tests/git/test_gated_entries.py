"""Gated files that are not what readers get: a request, report or probe file that is a
symbolic link or a submodule, one carrying an attribute that rewrites its content, and the
case variants of gated paths -- each blocked in every mode: check PATH, --all-files,
--staged, the pre-commit hook, pre-push and pre-receive.  And a submodule named after a token
is a name like any other."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..gitutil import Repo, Result, server_hook

ALLOWED = '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}\n'
PRODUCTION = '{"target": "production", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}\n'


@dataclass
class Case:
    name: str
    path: str  # the entry that blocks
    code: str  # the rule that blocks it
    stage: Callable[[Repo], None]  # writes and stages it
    on_disk: bool = True  # check PATH can read it from the work tree
    shown: str = ""  # how the output names the path, when redacted


def _link(path: str, target: str, content: str = ALLOWED) -> Callable[[Repo], None]:
    def stage(repo: Repo) -> None:
        repo.write("real/target.json", content)
        if "/" not in target:  # a target beside the link (not staged): no dangling link
            repo.write(str(Path(path).parent / target), content)
        link = repo.path / path
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
        repo.git("add", "--", "real/target.json", path)

    return stage


def _gitlink(path: str) -> Callable[[Repo], None]:
    def stage(repo: Repo) -> None:
        repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.head()},{path}")

    return stage


def _file(path: str, content: str, attributes: str = "") -> Callable[[Repo], None]:
    def stage(repo: Repo) -> None:
        names = [path]
        if attributes:
            repo.write(".gitattributes", attributes)
            names.append(".gitattributes")
        repo.write(path, content)
        repo.git("add", "--", *names)

    return stage


CASES = [
    # Symbolic links: the gate would read the link text; readers get the target.
    Case("linked request", "a.rehearsal.json", "gated-link", _link("a.rehearsal.json", "real/target.json")),
    Case(
        "linked probe",
        "rehearsal/probes/p.json",
        "gated-link",
        _link("rehearsal/probes/p.json", "../../real/target.json"),
    ),
    Case("linked report", "rehearsal-run.json", "gated-link", _link("rehearsal-run.json", "real/target.json")),
    # A link whose text is itself a request the gate would allow.
    Case("link text is a request", "b.rehearsal.json", "gated-link", _link("b.rehearsal.json", ALLOWED.strip())),
    # Submodules.
    Case("submodule request", "s.rehearsal.json", "gated-link", _gitlink("s.rehearsal.json"), on_disk=False),
    Case(
        "submodule named a token",
        "CUTOVER_PASS",
        "seal-token-path",
        _gitlink("CUTOVER_PASS"),
        on_disk=False,
        shown="CUTOVER_P\u2026",
    ),
    # Attributes that rewrite what a checkout or git archive ships.
    Case(
        "export-subst",
        "c.rehearsal.json",
        "gated-attribute",
        _file("c.rehearsal.json", ALLOWED, "*.json export-subst\n"),
    ),
    Case(
        "ident",
        "rehearsal/requests/d.json",
        "gated-attribute",
        _file("rehearsal/requests/d.json", ALLOWED, "*.json ident\n"),
    ),
    Case("filter", "e.rehearsal.json", "gated-attribute", _file("e.rehearsal.json", ALLOWED, "e.* filter=lfs\n")),
    Case(
        "working-tree-encoding",
        "f.rehearsal.json",
        "gated-attribute",
        _file("f.rehearsal.json", ALLOWED, "*.json working-tree-encoding=ISO-8859-1\n"),
    ),
    # An attribute line in another case: git applies it on macOS and Windows
    # (core.ignorecase), so a checkout there rewrites the file.
    Case(
        "attribute in another case",
        "h.rehearsal.json",
        "gated-attribute",
        _file("h.rehearsal.json", ALLOWED, "*.JSON export-subst\nH.* filter=lfs\n"),
    ),
    # An attribute line git here ignores for its length (2.39.1 on: 2048 bytes, with a
    # warning) while an older git, libgit2 or JGit applies it: check-attr says nothing.
    Case(
        "attribute line too long for git here",
        "rehearsal/requests/g.json",
        "gated-attribute",
        _file("rehearsal/requests/g.json", ALLOWED, "*.json export-subst" + " " * 3000 + "\n"),
    ),
    # ... and one past a NUL: git reads a blob's lines up to it (check-attr --cached, a checkout,
    # git archive), libgit2 and JGit read them all.
    Case(
        "attribute line past a NUL",
        "rehearsal/requests/n.json",
        "gated-attribute",
        _file("rehearsal/requests/n.json", ALLOWED, "*.md text\n\0\n*.json export-subst\n"),
    ),
    # Case variants are the same files on macOS and Windows.
    Case(
        "Rehearsal/Requests",
        "Rehearsal/Requests/x.json",
        "production-target",
        _file("Rehearsal/Requests/x.json", PRODUCTION),
    ),
    Case(".Rehearsal.json", "x.Rehearsal.json", "production-target", _file("x.Rehearsal.json", PRODUCTION)),
    Case(".rehearsal.JSON", "x.rehearsal.JSON", "production-target", _file("x.rehearsal.JSON", PRODUCTION)),
    Case(
        "Rehearsal-probes.json",
        "Rehearsal-probes.json",
        "report-invalid",
        _file("Rehearsal-probes.json", '{"verdict": "ALL_FAIL_CLOSED"}\n'),
    ),
    Case("Rehearsal/Probes", "REHEARSAL/PROBES/p.json", "probe-not-blocked", _file("REHEARSAL/PROBES/p.json", ALLOWED)),
    # HFS+ leaves U+200C out of names: this is x.rehearsal.json on such a volume.
    Case("HFS+ ignorable", "x.rehearsal\u200c.json", "production-target", _file("x.rehearsal\u200c.json", PRODUCTION)),
    # One name to git, folders on Windows: an archive of it extracts into rehearsal/requests/.
    Case(
        "backslashes",
        "rehearsal\\requests\\x.json",
        "production-target",
        _file("rehearsal\\requests\\x.json", PRODUCTION),
    ),
    # ... and '..' between them takes the folder before it back there (tarfile's normpath).
    Case(
        "'..' between backslashes",
        "x\\..\\rehearsal\\requests\\x.json",
        "production-target",
        _file("x\\..\\rehearsal\\requests\\x.json", PRODUCTION),
    ),
    # Windows drops the dots and blanks that end a name: an archive extracted there holds x.json.
    Case(
        "a dot at the end",
        "rehearsal/requests/x.json.",
        "production-target",
        _file("rehearsal/requests/x.json.", PRODUCTION),
    ),
    # NTFS reads a name up to a colon (a stream of that file or folder): an archive extracted
    # there writes rehearsal/requests/x.json.
    Case(
        "an NTFS stream of a folder",
        "rehearsal::$INDEX_ALLOCATION/requests/x.json",
        "production-target",
        _file("rehearsal::$INDEX_ALLOCATION/requests/x.json", PRODUCTION),
    ),
    Case(
        "an NTFS stream of a file",
        "rehearsal/requests/x.json::$DATA",
        "production-target",
        _file("rehearsal/requests/x.json::$DATA", PRODUCTION),
    ),
    # A folder named like a Windows short name (8.3): on a volume that makes them, a checkout
    # that finds rehearsal/ writes REHEAR~1/requests/x.json into it.
    Case(
        "short name of a folder",
        "REHEAR~1/requests/x.json",
        "gated-link",
        _file("REHEAR~1/requests/x.json", PRODUCTION),
    ),
    # A probe file that request-files or report-files also name: the lane runs it, a report's
    # reader takes its claim (the defaults overlap there).
    *(
        Case(f"probe file, also a {kind}", path, code, _file(path, content))
        for kind, path, code, content in (
            ("request", "rehearsal/probes/go.rehearsal.json", "production-target", PRODUCTION),
            ("report", "rehearsal/probes/rehearsal-run.json", "report-invalid", '{"verdict": "ALL_FAIL_CLOSED"}\n'),
        )
    ),
]


def _finding(out: str, case: Case) -> bool:
    lines = (line.removeprefix("remote: ") for line in out.splitlines())  # pre-receive's, through git
    return any(line.startswith((case.shown or case.path) + ":") and f" {case.code} " in line for line in lines)


def _all_blocked(runs: dict[str, Result], case: Case, origin: Repo, before: str) -> None:
    """Every mode's run blocked with the case's finding, and the server's main did not move."""
    for mode, result in runs.items():
        assert result.blocked, f"{mode}: {result.out}"
        assert _finding(result.out, case), f"{mode}: {result.out}"
    assert origin.out("rev-parse", "main") == before


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_blocked_in_every_mode(client: Repo, origin: Repo, case: Case) -> None:
    server_hook(origin)
    case.stage(client)
    runs = {
        "check --all-files": client.cli("check", "--all-files"),
        "check --staged": client.cli("check", "--staged"),
    }
    if case.on_disk:
        runs["check PATH"] = client.cli("check", "--", case.path)
    before = client.head()
    runs["pre-commit"] = client.git("commit", "-q", "-m", "add it", ok=False)
    assert client.head() == before
    client.git("commit", "-q", "--no-verify", "-m", "add it")
    runs["pre-push"] = client.push("origin", "main")
    runs["check --range"] = client.cli("check", "--range", f"{before}..HEAD")
    runs["pre-receive"] = client.push("--no-verify", "origin", "main")
    _all_blocked(runs, case, origin, before)


def test_a_link_outside_the_gated_classes_is_scanned_as_its_text(client: Repo) -> None:
    client.write("CUTOVER_PASS.md", "clean\n")
    (client.path / "notes").symlink_to("CUTOVER_PASS.md")
    run = client.cli("check", "notes")
    assert run.blocked and "notes:1:1: seal-token" in run.out
    (client.path / "notes").unlink()
    (client.path / "notes").symlink_to("README.md")
    assert not client.cli("check", "notes").blocked


def test_gate_and_probes_refuse_a_link(client: Repo) -> None:
    _link("a.rehearsal.json", "real/target.json")(client)
    run = client.tool("gate", "a.rehearsal.json")
    assert run.blocked and "gated-link" in run.out
    os.makedirs(client.path / "rehearsal" / "probes")
    (client.path / "rehearsal" / "probes" / "p.json").symlink_to("../../real/target.json")
    client.git("add", "rehearsal")
    run = client.tool("probes")
    assert run.blocked and "probe file rehearsal/probes/p.json: a symbolic link" in run.out


def test_line_endings_are_not_a_rewrite(client: Repo) -> None:
    _file("g.rehearsal.json", ALLOWED, "*.json text eol=crlf\n")(client)
    assert not client.cli("check", "--staged").blocked
    assert not client.cli("check", "--all-files").blocked


def test_unrelated_paths_keep_their_attributes(client: Repo) -> None:
    _file("notes.md", "hello\n", "*.md export-subst filter=lfs\n")(client)
    assert not client.cli("check", "--staged").blocked


def test_permitted_contexts_stay_case_sensitive(client: Repo) -> None:
    client.write(".rehearsal-hook.toml", 'permitted-contexts = ["docs/**"]\n')
    client.write("Docs/a.md", "CUTOVER_PASS\n")
    client.write("docs/b.md", "CUTOVER_PASS\n")
    run = client.cli("check", "--format", "json", "Docs/a.md", "docs/b.md")
    assert run.blocked and '"excused_by": "permitted-context"' in run.out
    assert "Docs/a.md" in run.out


@pytest.fixture
def deep(client: Repo) -> Iterator[Callable[[int], Path]]:
    """Makes ``tree/d/d/...`` in the client, and removes it afterwards without recursion:
    pytest's own clean-up of old temporary folders (shutil.rmtree) recurses, and a tree left
    1,200 deep would break the next session's start for everyone on the machine."""
    top = client.path / "tree"

    def make(levels: int) -> Path:
        folder = top
        folder.mkdir()
        for _ in range(levels):  # a loop: mkdir(parents=True) recurses past Python's limit itself
            folder = folder / "d"
            folder.mkdir()
        return folder

    yield make
    folders = []
    folder = top
    while folder.is_dir():
        folders.append(folder)
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder = folder / "d"
    for folder in reversed(folders):
        folder.rmdir()


@pytest.mark.parametrize("levels", [250, 1200])
def test_a_deep_tree_is_walked_without_recursion(client: Repo, deep: Callable[[int], Path], levels: int) -> None:
    deepest = deep(levels)
    (deepest / "x.md").write_text("CUTOVER_PASS\n")
    run = client.cli("check", "--format", "json", "tree")
    assert run.code == 1, run.out
    assert "Traceback" not in run.out and "internal error" not in run.out
    if levels <= 256:
        assert '"rule": "seal-token"' in run.out  # found at the bottom
    else:
        assert '"rule": "too-deep"' in run.out  # past the limit: blocked, not walked


def test_a_clean_deep_tree_past_the_limit_still_blocks(client: Repo, deep: Callable[[int], Path]) -> None:
    deep(300)
    run = client.cli("check", "tree")
    assert run.code == 1 and "too-deep" in run.out


def test_a_pushed_symlinked_request_is_blocked_by_range_and_server(client: Repo, origin: Repo) -> None:
    """The range reader's share of entry_finding (not slow: guards the range engine)."""
    server_hook(origin)
    before = client.head()
    _link("a.rehearsal.json", ALLOWED.strip())(client)  # its text is a request the gate allows
    client.git("commit", "-q", "--no-verify", "-m", "a linked request")
    for result in (client.cli("check", "--range", f"{before}..HEAD"), client.push("--no-verify", "origin", "main")):
        assert result.blocked, result.out
        lines = [line.removeprefix("remote: ") for line in result.out.splitlines()]
        assert any(line.startswith("a.rehearsal.json:1:1: gated-link ") for line in lines), result.out
    assert origin.out("rev-parse", "main") == before


@pytest.mark.parametrize(
    ("path", "content", "code"),
    [
        ("rehearsal/probes/go.rehearsal.json", PRODUCTION, "production-target"),
        ("rehearsal/probes/rehearsal-run.json", '{"verdict": "ALL_FAIL_CLOSED"}\n', "report-invalid"),
        # ... and a request that request-files and report-files both name is a report too.
        ("rehearsal-x.rehearsal.json", ALLOWED.replace("}", ', "id": "ALL_FAIL_CLOSED"}'), "report-invalid"),
    ],
)
def test_a_path_in_several_classes_is_held_to_each(
    client: Repo, origin: Repo, path: str, content: str, code: str
) -> None:
    """Found attacking main: with the default classes, a production request at
    rehearsal/probes/go.rehearsal.json was judged only as a probe (it must be blocked, and
    was), so check, the hooks and the server passed a file the lane reads as a request."""
    server_hook(origin)
    before = client.head()
    _file(path, content)(client)
    client.git("commit", "-q", "--no-verify", "-m", "in two classes")
    runs = {
        "check --all-files": client.cli("check", "--all-files"),
        "check --range": client.cli("check", "--range", f"{before}..HEAD"),
        "pre-receive": client.push("--no-verify", "origin", "main"),
    }
    _all_blocked(runs, Case("", path, code, _file(path, content)), origin, before)


def test_a_probe_file_that_is_also_a_request_excuses_no_token(client: Repo) -> None:
    """Permitted contexts never excuse a request file's tokens, and a probe file that the
    request classes name too is one."""
    client.write(".rehearsal-hook.toml", 'permitted-contexts = ["rehearsal/probes/**"]\n')
    token = "CUTOVER_" + "PASS"
    for path in ("rehearsal/probes/x.rehearsal.json", "rehearsal/probes/y.json"):
        client.write(path, PRODUCTION.replace("}", f', "description": "{token}"}}'))
    client.git("add", "-A")
    run = client.cli("check", "--format", "json", "--all-files")
    excused = {f["path"]: f["excused_by"] for f in json.loads(run.out)["findings"] if f["rule"] == "seal-token"}
    assert excused == {"rehearsal/probes/x.rehearsal.json": None, "rehearsal/probes/y.json": "permitted-context"}


@pytest.mark.parametrize(
    "path",
    [
        "REHEAR~1/requests/evil.json",
        "rehearsal/REQUES~1/evil.json",
        "RE4F2A~1/requests/y.json",
        # (a file's short name: checked out after x.rehearsal.json, it overwrites that file)
        "docs/XREHEA~1.JSO",
        "rehearsal/requests/evil~1.jso",
        "rehearsal/probes/PROBE~12.JSO",
    ],
)
def test_a_folder_named_like_a_windows_short_name_blocks(client: Repo, origin: Repo, path: str) -> None:
    """Found attacking main: Windows gives ``rehearsal`` the short name ``REHEAR~1`` (8.3, made
    on the system drive by default; after four, two letters and a hash), and a checkout there
    that finds the folder writes ``REHEAR~1/requests/evil.json`` into it -- git refuses only the
    short names of ``.git``.  The lane then reads rehearsal/requests/evil.json, stored under a
    name no class gates: every mode passed it.  So does a file's short name (``XREHEA~1.JSO``
    for ``x.rehearsal.json``): written after that file, it overwrites it (session 31)."""
    server_hook(origin)
    before = client.head()
    _file(path, PRODUCTION)(client)
    runs = {"check PATH": client.cli("check", "--", path), "check --staged": client.cli("check", "--staged")}
    client.git("commit", "-q", "--no-verify", "-m", "a short name")
    runs["check --all-files"] = client.cli("check", "--all-files")
    runs["check --range"] = client.cli("check", "--range", f"{before}..HEAD")
    runs["pre-receive"] = client.push("--no-verify", "origin", "main")
    _all_blocked(runs, Case("", path, "gated-link", _file(path, "")), origin, before)


@pytest.mark.parametrize(
    "path",
    [
        "docs/OLD~1/x.json",
        "rehearsal~1.json",
        "notes/a~1b/x.json",
        "RE4F2A~1/x/y.json",
        # (short names of files no class names: another extension, or none)
        "docs/NOTES~1.MD",
        "rehearsal/probes/abc~1.txt",
        "docs/abc~1",
    ],
)
def test_a_tilde_where_no_gated_file_can_lie_is_a_name_like_any(client: Repo, path: str) -> None:
    _file(path, PRODUCTION)(client)
    assert not client.cli("check", "--staged").blocked
