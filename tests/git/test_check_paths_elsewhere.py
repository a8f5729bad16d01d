"""``check PATH`` classifies each path relative to the repository it belongs to, under that
repository's rules: a sibling clone, a repository nested in the current one, a sub-folder of
the current one; a path in no repository whose class cannot be decided blocks."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import cli_process
from ..gitutil import init

PRODUCTION = '{"target": "production", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}\n'


def _findings(out: str) -> list[tuple[str, str]]:
    """(path, rule) of each finding; a production request's second reason (not isolated) left out."""
    found = {(f["path"], f["rule"]) for f in json.loads(out)["findings"]}
    return sorted(f for f in found if f[1] != "target-not-isolated")


def test_a_sibling_repository_is_judged_by_its_own_root_and_rules(tmp_path: Path) -> None:
    here = init(tmp_path / "here")
    there = init(tmp_path / "there")
    there.write("rehearsal/requests/x.json", PRODUCTION)
    there.write(".rehearsal-hook.toml", 'forbidden-tokens = ["GO_LIVE_OK"]\n')
    there.write("notes.md", "GO_LIVE_OK\n")
    run = cli_process(
        ["check", "--format", "json", "../there/rehearsal/requests/x.json", "../there/notes.md"], cwd=here.path
    )
    assert run.code == 1, run
    assert _findings(run.out) == [
        ("../there/notes.md", "seal-token"),
        ("../there/rehearsal/requests/x.json", "production-target"),
    ]
    assert "GO_LIVE_OK" not in run.out + run.err  # its configured token, redacted
    # A folder of it is walked the same way.
    run = cli_process(["check", "--format", "json", "../there/rehearsal"], cwd=here.path)
    assert _findings(run.out) == [("../there/rehearsal/requests/x.json", "production-target")]


def test_a_repository_nested_in_the_walked_folder(tmp_path: Path) -> None:
    here = init(tmp_path / "here")
    nested = init(here.path / "vendor" / "lib")
    nested.write("rehearsal/requests/x.json", PRODUCTION)
    nested.write("x.md", "fine\n")
    run = cli_process(["check", "--format", "json", "."], cwd=here.path)
    assert run.code == 1, run
    assert _findings(run.out) == [("vendor/lib/rehearsal/requests/x.json", "production-target")]


def test_a_sub_folder_of_the_current_repository(tmp_path: Path) -> None:
    here = init(tmp_path / "here")
    here.write("rehearsal/requests/x.json", PRODUCTION)
    (here.path / "sub").mkdir()
    run = cli_process(["check", "--format", "json", "../rehearsal/requests/x.json"], cwd=here.path / "sub")
    assert _findings(run.out) == [("rehearsal/requests/x.json", "production-target")]
    run = cli_process(["check", "--format", "json", "requests/x.json"], cwd=here.path / "rehearsal")
    assert _findings(run.out) == [("rehearsal/requests/x.json", "production-target")]


def test_no_repository_a_class_that_cannot_be_decided_blocks(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "rehearsal" / "requests").mkdir(parents=True)
    (tree / "rehearsal" / "requests" / "x.json").write_text(PRODUCTION)
    (tree / "rehearsal" / "notes.md").write_text("fine\n")
    # From the tree's top the class is what it says.
    run = cli_process(["check", "--format", "json", "rehearsal/requests/x.json"], cwd=tree)
    assert _findings(run.out) == [("rehearsal/requests/x.json", "production-target")]
    # From a sub-folder, requests/x.json is a request if the top is the root: undecidable.
    for args in (["requests/x.json"], ["."]):
        run = cli_process(["check", "--format", "json", *args], cwd=tree / "rehearsal")
        assert run.code == 1, run
        assert ("requests/x.json", "unclassified-path") in _findings(run.out)
    # A path no folder above makes gated is simply checked.
    run = cli_process(["check", "notes.md"], cwd=tree / "rehearsal")
    assert run.code == 0, run


def test_from_a_repository_a_path_in_none(tmp_path: Path) -> None:
    here = init(tmp_path / "here")
    outside = tmp_path / "loose" / "rehearsal" / "requests"
    outside.mkdir(parents=True)
    (outside / "x.json").write_text(PRODUCTION)
    run = cli_process(["check", "--format", "json", "../loose/rehearsal/requests/x.json"], cwd=here.path)
    assert run.code == 1, run
    assert ("../loose/rehearsal/requests/x.json", "unclassified-path") in _findings(run.out)


def test_the_name_of_a_nested_repository_is_checked_in_the_outer_one(tmp_path: Path) -> None:
    here = init(tmp_path / "here")
    init(here.path / "CUTOVER_PASS")
    init(here.path / "x.rehearsal.json")  # a repository where a request would be
    run = cli_process(["check", "--format", "json", "."], cwd=here.path)
    assert run.code == 1, run
    assert _findings(run.out) == [("CUTOVER_P\u2026", "seal-token-path"), ("x.rehearsal.json", "gated-link")]


def test_a_nested_repository_given_by_its_name_is_an_entry_here_too(tmp_path: Path) -> None:
    """A repository in this one given by its own name (the pre-commit framework passes a
    submodule so) is also that entry of this one, as when its folder is walked: one at
    rehearsal/requests is a gated-link here, its own files judged by its own rules.  It was
    only its own files: CLEAN.  From inside it, the repository around it is not asked."""
    here = init(tmp_path / "here")
    nested = init(here.path / "rehearsal" / "requests")
    nested.write("x.json", PRODUCTION)  # (x.json is no request in its own repository)
    for given, cwd in (("rehearsal/requests", here.path), ("requests/", here.path / "rehearsal")):
        run = cli_process(["check", "--format", "json", given], cwd=cwd)
        assert run.code == 1, run
        assert _findings(run.out) == [("rehearsal/requests", "gated-link")], run
    run = cli_process(["check", "--format", "json", "."], cwd=nested.path)
    assert run.code == 0, run


def test_a_changed_gitmodules_has_the_submodules_where_requests_lie_checked(tmp_path: Path) -> None:
    """The pre-commit framework passes a submodule added at rehearsal/requests as its
    .gitmodules alone (the submodule is a folder to it): that name has the index's
    submodules where gated files can lie checked by name, as the commit hook checks them.
    Others (vendor/lib) are not asked."""
    other = init(tmp_path / "other")
    other.write("x.json", PRODUCTION)
    other.commit("requests", "x.json")
    here = init(tmp_path / "here")
    for place in ("rehearsal/requests", "vendor/lib"):
        here.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other.path), place)
    run = cli_process(["check", "--format", "json", ".gitmodules"], cwd=here.path)
    assert run.code == 1, run
    assert _findings(run.out) == [("rehearsal/requests", "gated-link")], run


def test_a_path_through_a_linked_folder_is_not_read(tmp_path: Path) -> None:
    """Found attacking main: ``check docs/link/x.json``, docs/link -> ../rehearsal/requests,
    opened the request through the link under a name no class gates: CLEAN.  git stores no
    file below a link, and links are never followed: it blocks, naming the link; the link
    itself is read as its text, the request by its own name as a request."""
    repo = init(tmp_path / "r")
    repo.write("rehearsal/requests/x.json", PRODUCTION)
    (repo.path / "docs").mkdir()
    (repo.path / "docs" / "link").symlink_to("../rehearsal/requests")
    run = cli_process(["check", "--format", "json", "docs/link/x.json"], cwd=repo.path)
    assert run.code == 1 and _findings(run.out) == [("docs/link/x.json", "unreadable")], run.out
    assert "reached through the symbolic link 'docs/link'" in run.out
    for given, found in (
        ("docs/link", []),
        ("rehearsal/requests/x.json", [("rehearsal/requests/x.json", "production-target")]),
    ):
        run = cli_process(["check", "--format", "json", given], cwd=repo.path)
        assert _findings(run.out) == found, run.out


def test_a_folder_through_a_linked_folder_is_not_walked(tmp_path: Path) -> None:
    """Found reviewing d101f7f: a file given through a linked folder blocked, but a folder
    given through one was walked -- ``check docs/top/requests``, docs/top -> ../rehearsal, read
    the request below as docs/top/requests/x.json, a name no class gates: CLEAN.  It blocks,
    naming the link, as a file there does."""
    repo = init(tmp_path / "r")
    repo.write("rehearsal/requests/sub/x.json", PRODUCTION)
    (repo.path / "docs").mkdir()
    (repo.path / "docs" / "top").symlink_to("../rehearsal")
    for given in ("docs/top/requests", "docs/top/requests/", "docs/top/requests/sub"):
        run = cli_process(["check", "--format", "json", given], cwd=repo.path)
        assert run.code == 1 and _findings(run.out) == [(given.rstrip("/"), "unreadable")], run.out
        assert "reached through the symbolic link 'docs/top'" in run.out


def test_the_current_repository_reached_through_a_linked_folder_above_it(tmp_path: Path) -> None:
    """A folder above the repository may be a link (macOS: /tmp -> /private/tmp, /var ->
    /private/var): git names the root with links resolved, while $PWD and the paths a script
    builds from it keep the link.  Found in session 30: check "$PWD/rehearsal/requests/x.json"
    (and "$PWD/rehearsal") took the request for a path outside the repository and passed it,
    CLEAN.  The link is above the root: no file of the repository is reached through a link."""
    (tmp_path / "private").mkdir()
    init(tmp_path / "private" / "repo").write("rehearsal/requests/x.json", PRODUCTION)
    (tmp_path / "tmp").symlink_to(tmp_path / "private")
    linked = tmp_path / "tmp" / "repo"
    for given in (linked / "rehearsal" / "requests" / "x.json", linked / "rehearsal"):
        run = cli_process(["check", "--format", "json", str(given)], cwd=linked)
        assert run.code == 1, run
        assert _findings(run.out) == [("rehearsal/requests/x.json", "production-target")]


def test_a_path_in_no_repository_that_a_link_takes_into_one_is_not_read(tmp_path: Path) -> None:
    """Found in session 30: outside/link -> repo/rehearsal, and 'check outside/link/requests/x.json'
    (or its folder) read the repository's production request under a name in no repository,
    unclassified: CLEAN.  As a path through a linked folder inside the repository, it blocks."""
    repo = init(tmp_path / "repo")
    repo.write("rehearsal/requests/x.json", PRODUCTION)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "link").symlink_to(repo.path / "rehearsal")
    for cwd in (repo.path, tmp_path / "outside"):
        for given in (
            tmp_path / "outside" / "link" / "requests" / "x.json",
            tmp_path / "outside" / "link" / "requests",
        ):
            run = cli_process(["check", str(given)], cwd=cwd)
            assert run.code == 1, run
            assert "unreadable reached through the symbolic link" in run.out, run


def test_a_file_link_in_no_repository_that_leads_into_one_is_not_read(tmp_path: Path) -> None:
    """Found in session 30's review: outside/x.json -> repo/rehearsal/requests/x.json, and
    'check outside/x.json' read the production request under a name in no repository,
    unclassified: CLEAN, while the same file reached through a linked folder blocked.  A link
    to a file in no repository is still read as that file."""
    repo = init(tmp_path / "repo")
    repo.write("rehearsal/requests/x.json", PRODUCTION)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.json").symlink_to(repo.path / "rehearsal" / "requests" / "x.json")
    (tmp_path / "plain.json").write_text(PRODUCTION)
    (outside / "plain.json").symlink_to(tmp_path / "plain.json")
    for cwd in (repo.path, outside):
        run = cli_process(["check", str(outside / "x.json")], cwd=cwd)
        assert run.code == 1, run
        assert "unreadable reached through the symbolic link" in run.out, run
    run = cli_process(["check", str(outside / "plain.json")], cwd=outside)
    assert run.code == 0, run
