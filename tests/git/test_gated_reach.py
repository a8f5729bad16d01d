"""Gated files reached another way than by their own stored entry (found attacking main):

* **A folder entry that is not a folder of this tree** -- a symbolic link or a submodule --
  at a path where request, report or probe files can lie below it (``rehearsal`` or
  ``rehearsal/requests`` for ``rehearsal/requests/**/*.json``).  Readers open
  ``rehearsal/requests/x.json`` through it and get a file stored under another, ungated name
  (or another repository's); the tree holds no gated path at all, so nothing was gated.
* **Attributes that arrive in a change that does not touch the gated file**: a new or edited
  ``.gitattributes`` (``export-subst``, ``filter``...) rewrites a request committed earlier;
  so does removing a ``.gitattributes`` that unset such an attribute.  Only the paths a change
  touched were asked for their attributes.
* **Line-ending conversion of a UTF-16 file** (``text``, ``eol=crlf``): the CR byte a checkout
  puts before every 0x0A byte, one inside a character too, shifts the code units after it;
  a request the gate allowed is read as a production one from the checkout or git archive.

Each blocked in every mode it applies to, through real commits, pushes and a server."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ..gitutil import Repo, Result, git_env, server_hook

PRODUCTION = '{"target": "prod_db", "action": "cutover"}\n'
# A request the gate allows, with a placeholder git archive fills with the commit's subject
# (export-subst): a subject such as  x", "target": "prod_db  makes its last target production.
SUBST = (
    '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run",'
    ' "description": "$Format:%s$"}\n'
)


def _lines(out: str) -> list[str]:
    return [line.removeprefix("remote: ").rstrip() for line in out.splitlines()]


def _has(out: str, path: str, code: str) -> bool:
    return any(line.startswith(path + ":") and f" {code} " in line for line in _lines(out))


def _folder_link(repo: Repo) -> str:
    """``rehearsal`` -> ``other``, where ``other/requests/x.json`` is a production request."""
    repo.write("other/requests/x.json", PRODUCTION)
    os.symlink("other", repo.path / "rehearsal")
    repo.git("add", "--", "other", "rehearsal")
    return "rehearsal"


def _deep_link(repo: Repo) -> str:
    """A link inside the gated folder: ``rehearsal/requests/more`` -> ``../../other``."""
    repo.write("other/x.json", PRODUCTION)
    (repo.path / "rehearsal" / "requests").mkdir(parents=True)
    os.symlink("../../other", repo.path / "rehearsal" / "requests" / "more")
    repo.git("add", "--", "other", "rehearsal")
    return "rehearsal/requests/more"


def _submodule(repo: Repo) -> str:
    """A submodule mounted where the requests are: its files are another repository's."""
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.head()},rehearsal/requests")
    return "rehearsal/requests"


def _ignored_submodule(repo: Repo) -> str:
    """The same, with ``ignore = all`` for it in ``.gitmodules`` -- which git's diff obeys
    between two commits too, unless told not to: the range and push listings left it out."""
    repo.write(".gitmodules", '[submodule "r"]\n\tpath = rehearsal/requests\n\turl = ./r\n\tignore = all\n')
    repo.git("add", "--", ".gitmodules")
    return _submodule(repo)


ROUTES: dict[str, Callable[[Repo], str]] = {
    "folder link": _folder_link,
    "link in the gated folder": _deep_link,
    "submodule at the gated folder": _submodule,
    "submodule .gitmodules ignores": _ignored_submodule,
}


def _committed_in_every_mode(client: Repo, origin: Repo, runs: dict[str, Result], message: str) -> dict[str, Result]:
    """``runs`` (the modes that read what is staged or in the work tree) and the rest, each to
    be judged: the commit hook, which must refuse the change, the change committed past it,
    check --range, pre-push, and the server's pre-receive, which must not take it."""
    before = client.head()
    runs["pre-commit"] = client.git("commit", "-q", "-m", message, ok=False)
    assert client.head() == before
    client.git("commit", "-q", "--no-verify", "-m", message)
    runs["check --range"] = client.cli("check", "--range", f"{before}..HEAD")
    runs["pre-push"] = client.push("origin", "main")
    runs["pre-receive"] = client.push("--no-verify", "origin", "main")
    assert origin.out("rev-parse", "main") == before
    return runs


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_folder_entry_above_gated_files_blocks_in_every_mode(client: Repo, origin: Repo, route: str) -> None:
    server_hook(origin)
    path = ROUTES[route](client)
    runs = {"check --staged": client.cli("check", "--staged")}
    if not route.startswith("submodule"):  # a gitlink has no work-tree file to read
        runs["check --all-files"] = client.cli("check", "--all-files")
    for mode, result in _committed_in_every_mode(client, origin, runs, "add it").items():
        assert result.blocked and _has(result.out, path, "gated-link"), f"{mode}: {result.out}"


def test_links_where_no_gated_file_can_lie_are_left_alone(client: Repo) -> None:
    """A link to a folder elsewhere (``docs`` -> ``other``), or named like the start of a
    gated folder without being it (``rehearsals``), is scanned as its text, as before."""
    client.write("other/readme.md", "hello\n")
    os.symlink("other", client.path / "docs")
    os.symlink("other", client.path / "rehearsals")
    client.git("add", "--", "other", "docs", "rehearsals")
    assert not client.cli("check", "--staged").blocked
    before = client.head()
    client.commit("links", verify=True)
    assert client.head() != before
    assert not client.cli("check", "--all-files").blocked
    assert not client.cli("check", "--range", f"{before}..HEAD").blocked


REQUEST = "sub/r.rehearsal.json"


def _request_then_attributes(client: Repo, change: dict[str, str | None], first: dict[str, str] | None = None) -> str:
    """Commit a request the gate allows (with the attribute files ``first``) and push it; then
    stage ``change`` -- attribute files written, or removed (None) -- and nothing else."""
    first = first or {}
    for name, text in {REQUEST: SUBST, **first}.items():
        client.write(name, text)
    client.commit("a request", REQUEST, *first, verify=True)
    assert not client.push("origin", "main").blocked
    for name, text in change.items():
        if text is None:
            client.git("rm", "-q", "--", name)
        else:
            client.write(name, text)
            client.git("add", "--", name)
    return client.head()


ATTRIBUTE_CHANGES: dict[str, tuple[dict[str, str | None], dict[str, str]]] = {
    "export-subst added": ({".gitattributes": "*.json export-subst\n"}, {}),
    "filter added in a macro": (
        {".gitattributes": "[attr]shipped filter=lfs\n*.rehearsal.json shipped\n"},
        {},
    ),
    "unsetting line edited away": (
        {".gitattributes": "* export-subst\n"},
        {".gitattributes": "* export-subst\n*.rehearsal.json -export-subst\n"},
    ),
    "unsetting file removed": (
        {"sub/.gitattributes": None},
        {".gitattributes": "* ident\n", "sub/.gitattributes": "*.json -ident\n"},
    ),
}


@pytest.mark.parametrize("name", list(ATTRIBUTE_CHANGES))
def test_attributes_changed_without_the_gated_file_block_in_every_mode(client: Repo, origin: Repo, name: str) -> None:
    change, first = ATTRIBUTE_CHANGES[name]
    before = _request_then_attributes(client, change, first)
    server_hook(origin)
    assert client.head() == before
    runs = {"check --staged": client.cli("check", "--staged")}
    for mode, result in _committed_in_every_mode(client, origin, runs, 'x", "target": "prod_db').items():
        assert result.blocked and _has(result.out, REQUEST, "gated-attribute"), f"{mode}: {result.out}"


def test_attributes_that_rewrite_nothing_gated_still_pass(client: Repo, origin: Repo) -> None:
    """Line endings, attributes of other files, and a macro defined below the root (git
    ignores it there: "not allowed") change nothing a reader of the request gets."""
    change = {
        ".gitattributes": "*.md export-subst\n*.json text eol=lf\n",
        "sub/.gitattributes": "[attr]shipped filter=lfs\n*.json shipped\n",
    }
    before = _request_then_attributes(client, change)
    server_hook(origin)
    client.commit("attributes", verify=True)
    assert client.head() != before
    assert not client.cli("check", "--range", f"{before}..HEAD").blocked
    assert not client.push("origin", "main").blocked
    assert origin.out("rev-parse", "main") == client.head()


def test_the_bypass_was_real(tmp_path: Path, client: Repo) -> None:
    """What the attribute route ships: git archive rewrites the request into production."""
    _request_then_attributes(client, {".gitattributes": "*.json export-subst\n"})
    client.git("commit", "-q", "--no-verify", "-m", 'x", "target": "prod_db')
    archive = client.git("archive", "--format=tar", "HEAD", REQUEST).out
    assert '"target": "prod_db"' in archive


def _shifting_request() -> bytes:
    """A UTF-16 request the gate allows whose bytes, once a checkout has put a CR byte before
    every 0x0A byte (``text``/``eol=crlf``), read as a production request: U+0A41 holds a 0x0A
    byte, and every unit after it is read one byte later (U+2200 reads as '"', U+7400 as 't'...)
    up to U+0A00, whose 0x0A byte shifts them back."""
    head = '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run", "description": "'
    hidden = '", "target": "prod_db", "x": "'
    units = bytes([0x20]) + b"".join(bytes([c, 0]) for c in hidden.encode())[:-1]
    body = head.encode("utf-16-le") + "\u0a41".encode("utf-16-le") + units + bytes([0, 0x0A])
    return b"\xff\xfe" + body + '"}'.encode("utf-16-le")


def _as_checked_out(data: bytes) -> dict[str, object]:
    return json.loads(data.replace(b"\n", b"\r\n").decode("utf-16"))  # type: ignore[no-any-return]


def test_the_shifting_request_is_what_it_claims() -> None:
    stored = json.loads(_shifting_request().decode("utf-16"))
    assert stored["target"] == "local_clone"
    assert _as_checked_out(_shifting_request())["target"] == "prod_db"


@pytest.mark.parametrize("attributes", ["*.json text eol=crlf\n", "*.json eol=crlf\n", "*.json text\n"])
def test_line_endings_converted_in_utf16_block_in_every_mode(client: Repo, origin: Repo, attributes: str) -> None:
    server_hook(origin)
    client.write(".gitattributes", attributes)
    client.write(REQUEST, _shifting_request())
    client.git("add", "--", ".gitattributes", REQUEST)
    runs = {
        "check --staged": client.cli("check", "--staged"),
        "check --all-files": client.cli("check", "--all-files"),
    }
    for mode, result in _committed_in_every_mode(client, origin, runs, "a request").items():
        assert result.blocked and _has(result.out, REQUEST, "gated-attribute"), f"{mode}: {result.out}"
        assert "shifts UTF-16" in result.out, f"{mode}: {result.out}"
    if "eol=crlf" in attributes:  # what this checkout then hands its readers
        (client.path / REQUEST).unlink()
        client.git("checkout", "--", REQUEST)
        assert _as_checked_out((client.path / REQUEST).read_bytes().replace(b"\r\n", b"\n"))["target"] == "prod_db"


@pytest.mark.parametrize(
    ("attributes", "content"),
    [
        ("*.json text=auto eol=crlf\n", "utf-16"),  # auto: a file with a NUL byte is left alone
        ("*.json -text\n", "utf-16"),
        ("*.json eol=lf\n", "utf-16"),
        ("*.json text eol=crlf\n", "utf-8"),  # a 0x0A byte of UTF-8 is a line feed
    ],
)
def test_line_endings_that_cannot_shift_the_request_pass(client: Repo, attributes: str, content: str) -> None:
    client.write(".gitattributes", attributes)
    request = '{"target": "local_clone", "isolated_clone_proven": true,\n"action": "rehearsal_dry_run"}\n'
    client.write(REQUEST, request.encode(content))
    client.git("add", "--", ".gitattributes", REQUEST)
    before = client.head()
    assert not client.cli("check", "--staged").blocked
    client.commit("a request", verify=True)
    assert client.head() != before
    assert not client.cli("check", "--range", f"{before}..HEAD").blocked


def test_a_token_spelt_for_export_subst_blocks(client: Repo) -> None:
    """``$Format:CUTOVER_%x50ASS$`` in a file marked export-subst: git archive (and the archive
    downloads hosts build with it) ships the token, while the stored text holds none."""
    client.write(".gitattributes", "notes.md export-subst\n")
    client.write("notes.md", "version: $Format:CUTOVER_%x50ASS$\n")
    client.git("add", "--", ".gitattributes", "notes.md")
    client.git("commit", "-q", "--no-verify", "-m", "notes")
    shipped = client.git("archive", "--format=tar", "HEAD", "notes.md").out
    assert "CUTOVER_" + "PASS" in shipped  # what readers of the archive get
    assert client.cli("check", "--all-files").blocked


# Each stored in its own file marked export-subst: git archive is the judge of what ships.
_EXPORT_SUBST = [
    "a $Format:CUTOVER%x5fPASS$ b",
    "a $Format:%x43UTOVER_PASS$ b",
    "a $Format:%xEF%xBC%xA3UTOVER_PASS$ b",
    "a $Format:v%n CUTOVER_%x50%x41SS$ b",
    "a $Format:%h$ $Format:CUTOVER%x5FPASS$",
    "a $Format:CUTOVER_%<(1)PASS$ b",
    "a $Format:CUTOVER_%w(0)PASS$ b",
    "a $Format:CUTOVER_%bPASS$ b",
    "a $Format:CUTOVER_%(trailers)PASS$ b",
    "a $Format:CUTOVER_%n%-ePASS$ b",
    # (a span across lines, and %- deleting the line feeds before it, the file's too)
    "a CUTOVER_\n\n$Format:%-bPASS$ b",
    "a $Format:CUTOVER_\n%-(trailers)PASS$ b",
    "a $Format:x\n%n\nCUTOVER_%x50ASS$ b",
    # (a carriage return and a cursor movement the archive ships: cat shows the token)
    "$Format:xxxxxxx_PASS%x0dCUTOVER$",
    "a $Format:CUTOVER_XX%x1b[2DPASS$ b",
    "a $Format:CUTOVER_%%x50ASS$ b",
    "$Format:xxxxxxxx_PASS%x0dCUTOVER$",
    "a $Format:CUTOVER_PA%HSS$ b",
    "a $Format:CUTOVER_PA%nSS$ b",
    "a $Format:CUTOVER_PA%ciSS$ b",
    "a $Format:CUTOVER_PA%NSS$ b",
    "a $Format:CUTOVER_%x5gPASS$ b",
    "a CUTOVER_%x50ASS b",
    "a $Format:CUTOVER_%x50ASS b",
    "a CUTOVER_\n$Format:%+bPASS$ b",
    "a CUTOVER_\r\n$Format:%-bPASS$ b",
]


def test_the_export_subst_reading_agrees_with_git_archive(client: Repo) -> None:
    """A file's findings are those of what ``git archive`` ships of it, read as stored."""
    import io
    import tarfile

    from rehearsal_hook.scan.matcher import TokenMatcher
    from rehearsal_hook.scan.text import scan_bytes

    names = [f"case{k}.txt" for k in range(len(_EXPORT_SUBST))]
    client.write(".gitattributes", "case*.txt export-subst\n")
    for name, line in zip(names, _EXPORT_SUBST, strict=True):
        client.write(name, line + "\n")
    client.git("add", "--", ".gitattributes", *names)
    client.git("commit", "-q", "--no-verify", "-m", "cases")
    tar = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD"], cwd=client.path, capture_output=True, check=True, env=git_env()
    )
    with tarfile.open(fileobj=io.BytesIO(tar.stdout)) as archive:
        files = {name: archive.extractfile(name) for name in names}
        stored = {name: f.read() for name, f in files.items() if f is not None}
    matcher = TokenMatcher()
    verdicts = []
    for name, line in zip(names, _EXPORT_SUBST, strict=True):
        shipped = {h.token for h in scan_bytes(matcher, stored[name])}
        found = {h.token for h in scan_bytes(matcher, (line + "\n").encode())}
        assert shipped == found, (line, shipped, found)
        verdicts.append(bool(found))
    assert verdicts == [True] * 15 + [False] * 11  # (the table holds both kinds)


def _shifted_in_every_mode(client: Repo, origin: Repo, rules: str, gated: str, *, by_path: bool) -> dict[str, Result]:
    """``rules``, an attribute file git here does not read asking ``text eol=crlf``, above
    ``gated``, a UTF-16 request that conversion shifts into a production one: the results of
    the staged checks (and ``check PATH`` where ``by_path``), then of committing and pushing
    it in every mode, with pre-receive on ``origin``."""
    server_hook(origin)
    client.write(rules, "*.json text eol=crlf\n")
    client.write(gated, _shifting_request())
    client.git("add", "--", rules, gated)
    runs = {
        "check --staged": client.cli("check", "--staged"),
        "check --all-files": client.cli("check", "--all-files"),
        **({"check PATH": client.cli("check", "--", gated)} if by_path else {}),
    }
    return _committed_in_every_mode(client, origin, runs, "a request")


@pytest.mark.parametrize("name", [".GITATTRIBUTES", "sub/.GitAttributes", "SUB/.gitattributes"])
def test_an_attributes_file_named_in_other_case_blocks_in_every_mode(client: Repo, origin: Repo, name: str) -> None:
    """``.GITATTRIBUTES`` (attacking main: passed everywhere), or a ``.gitattributes`` in
    ``SUB/`` above ``sub/``: git reads attributes from the index by the exact path, but a checkout on macOS or Windows falls back to opening
    ``.gitattributes`` in the work tree (git's attr.c: the checkout direction reads the index,
    then the file; adding a file reads the file first), and a case-insensitive file system
    opens this one -- ``*.json text eol=crlf`` then shifts the UTF-16 request into a
    production one there.  git check-attr on this machine never reads it."""
    for mode, result in _shifted_in_every_mode(client, origin, name, REQUEST, by_path=True).items():
        assert result.blocked and _has(result.out, REQUEST, "gated-attribute"), f"{mode}: {result.out}"
        assert name in result.out, f"{mode}: {result.out}"


@pytest.mark.parametrize(
    ("name", "gated"),
    [
        ("cafe\u0301/.gitattributes", "caf\u00e9/r.rehearsal.json"),  # decomposed above composed
        ("caf\u00e9/.gitattributes", "cafe\u0301/r.rehearsal.json"),
        ("sub\u200c/.gitattributes", REQUEST),  # (HFS+ leaves U+200C out of names)
        ("Cafe\u0301/.gitattributes", "caf\u00e9/r.rehearsal.json"),
        ("sub/.gitattri\u200cbutes", REQUEST),  # the name itself so
        ("sub/.gitattribute\u017f", REQUEST),  # (Windows folds the long s to S)
    ],
)
def test_an_attributes_file_in_a_folder_spelled_otherwise_blocks_in_every_mode(
    client: Repo, origin: Repo, name: str, gated: str
) -> None:
    """As in another case, so in another Unicode form (attacking main): macOS's file systems
    open ``café/`` composed and decomposed as one folder (and HFS+ leaves out U+200C...), so
    a checkout there that finds no ``.gitattributes`` for ``café/`` in the index opens the one
    stored under the other spelling; Windows opens ``.gitattributeſ`` as ``.gitattributes``.
    Folders and names were told apart by case only."""
    for mode, result in _shifted_in_every_mode(client, origin, name, gated, by_path=False).items():
        assert result.blocked and _has(result.out, gated, "gated-attribute"), f"{mode}: {result.out}"


def test_an_attributes_file_in_other_case_beside_the_gated_folder_is_left_alone(client: Repo) -> None:
    """One whose folder holds no gated file (``docs/.GitAttributes``, ``su/.GitAttributes``
    beside ``sub/``) rewrites nothing gated."""
    names = ["docs/.GitAttributes", "su/.GitAttributes"]
    for name in names:
        client.write(name, "*.json text eol=crlf\n")
    client.write(REQUEST, _shifting_request())
    client.git("add", "--", *names, REQUEST)
    assert not client.cli("check", "--staged").blocked
    assert not client.cli("check", "--all-files").blocked
