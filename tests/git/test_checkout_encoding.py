"""Files a checkout writes re-encoded (``working-tree-encoding``), judged as written
(sources/checkouts.py).  Found attacking main: git stores such a file in UTF-8 and writes it
in the named encoding, and IBM037 writes the stored ``äíè|îáê¬&\\xa0ëë`` as ``CUTOVER_PASS``
in ASCII -- the commit hook, pre-push and pre-receive passed it, and a clone and ``git
archive`` of the server shipped the token.  And files whose line endings an attribute has a
checkout convert: a CR byte before each LF byte shifts a UTF-16 text's code units."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.sources.checkouts import SAME_EVERYWHERE, as_written

from ..gitutil import Repo, git_env, init, install, served_pair

TOKEN = "CUTOVER" + "_PASS"
# What IBM037 writes as the token: the stored (UTF-8) text of such a file.
STORED = TOKEN.encode("ascii").decode("cp037")


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Repo, Repo]:
    """(work tree without hooks, bare server with pre-receive installed), main pushed."""
    return served_pair(tmp_path, {"README.md": "hello\n"})


def _the_unapplied_file_blocks(repo: Repo, server: Repo, before: str, rules: str) -> None:
    """The push of an attribute file git here does not apply (``sub/.GitAttributes``) blocks at
    it and leaves the server's main at ``before``; so does the whole-tree check, whose
    checkout here is not a macOS or Windows one (it passed)."""
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and f"{rules}:1:1: unreadable" in result.out, result.out
    assert server.out("rev-parse", "main") == before
    whole = repo.cli("check", "--all-files")
    assert whole.blocked and f"{rules}:1:1: unreadable" in whole.out, whole.out


def _archived(server: Repo, path: str) -> bytes:
    proc = subprocess.run(["git", "archive", "main", path], cwd=server.path, capture_output=True, env=git_env())
    return proc.stdout


def test_a_file_a_checkout_writes_as_a_token_is_blocked(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    base = repo.head()
    repo.write(".gitattributes", "notes.txt working-tree-encoding=IBM037\n")
    repo.write("notes.txt", TOKEN.encode("ascii"))  # (the work tree holds what a checkout writes)
    repo.commit("notes", ".gitattributes", "notes.txt")
    assert repo.out("cat-file", "blob", "HEAD:notes.txt") == STORED  # stored: no token
    checked = repo.cli("check", "--range", f"{base}..HEAD")
    assert checked.code == 1 and "notes.txt:1:1: seal-token" in checked.out, checked.out
    assert "working-tree-encoding=IBM037" in checked.out
    install(repo, "--hook-type", "pre-push")
    for verify in (True, False):  # pre-push, then pre-receive
        result = repo.push("origin", "main", verify=verify)
        assert result.blocked and "notes.txt:1:1: seal-token" in result.out, result.out
    assert server.out("rev-parse", "main") == base


def test_an_attribute_set_later_on_a_stored_file_is_blocked(pair: tuple[Repo, Repo]) -> None:
    """The file went in with no attribute (its stored text holds no token); a later change
    touches only .gitattributes, and from then on every checkout writes the token."""
    repo, server = pair
    repo.write("notes.txt", STORED)
    repo.commit("notes", "notes.txt")
    assert not repo.push("origin", "main", verify=False).blocked
    before = repo.head()
    repo.write(".gitattributes", "*.txt working-tree-encoding=IBM037\n")
    repo.commit("attributes", ".gitattributes")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "notes.txt:1:1: seal-token" in result.out, result.out
    assert server.out("rev-parse", "main") == before
    assert TOKEN.encode() not in _archived(server, "notes.txt")


def test_re_encoded_files_without_a_token_pass(pair: tuple[Repo, Repo]) -> None:
    repo, server = pair
    repo.write(".gitattributes", "*.txt working-tree-encoding=UTF-16LE\nebcdic.dat working-tree-encoding=IBM037\n")
    repo.write("a.txt", "Grüße, plain text\n".encode("utf-16-le"))
    repo.write("ebcdic.dat", "HELLO WORLD".encode("cp037"))
    repo.commit("encoded", ".gitattributes", "a.txt", "ebcdic.dat")
    result = repo.push("origin", "main", verify=False)
    assert not result.blocked, result.out
    assert _archived(server, "ebcdic.dat")  # (shipped)


def test_an_encoding_that_cannot_be_written_here_blocks(pair: tuple[Repo, Repo]) -> None:
    """An encoding git's iconv knows and Python does not: what a reader gets is unknown."""
    repo, _ = pair
    repo.write("notes.txt", "plain\n")
    repo.commit("notes", "notes.txt")
    repo.write(".gitattributes", "notes.txt working-tree-encoding=EBCDIC-US\n")
    repo.commit("attributes", ".gitattributes")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "EBCDIC-US" in result.out and "cannot be done here" in result.out, result.out


@pytest.mark.parametrize("macro", [False, True], ids=["attribute", "macro"])
@pytest.mark.parametrize("rules", ["sub/.GitAttributes", "SUB/.gitattributes", "sub/.gitattributeſ"])
def test_an_attributes_file_only_macos_or_windows_apply_blocks(
    pair: tuple[Repo, Repo], rules: str, macro: bool
) -> None:
    """Named (or in a folder spelled) otherwise than git here reads it, a checkout on macOS
    or Windows that finds no ``sub/.gitattributes`` in the index opens this one: what it
    writes cannot be known here, and it blocks (it passed: check-attr never applied it).  Also
    where it names the attribute through a macro the top-level file defines (which git
    applies in every attribute file): it names no encoding itself (found attacking main: passed)."""
    repo, server = pair
    before = repo.head()
    repo.write("sub/notes.txt", STORED)
    if macro:
        repo.write(".gitattributes", "[attr]ebcdic working-tree-encoding=IBM037\n")
        repo.write(rules, "*.txt ebcdic\n")
        repo.commit("notes", "sub/notes.txt", rules, ".gitattributes")
    else:
        repo.write(rules, "*.txt working-tree-encoding=IBM037\n")
        repo.commit("notes", "sub/notes.txt", rules)
    _the_unapplied_file_blocks(repo, server, before, rules)


@pytest.mark.parametrize("where", ["same commit", "attributes first", "nested attributes first", "attributes later"])
def test_the_commit_hook_reads_the_file_as_written(tmp_path: Path, where: str) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("README.md", "hello\n")
    repo.commit("initial", "README.md")
    install(repo, "--hook-type", "pre-commit")
    rules = "docs/sub/.gitattributes" if where == "nested attributes first" else ".gitattributes"
    if where == "attributes later":
        repo.write("docs/sub/notes.txt", STORED)  # (no attribute yet: stored as it is)
        repo.commit("notes", "docs/sub/notes.txt")
    repo.write(rules, "*.txt working-tree-encoding=IBM037\n")
    if where == "attributes later":
        staged = [rules]
    elif where == "same commit":
        repo.write("docs/sub/notes.txt", TOKEN.encode("ascii"))
        staged = [rules, "docs/sub/notes.txt"]
    else:
        repo.commit("attributes", rules)
        repo.write("docs/sub/notes.txt", TOKEN.encode("ascii"))
        staged = ["docs/sub/notes.txt"]
    before = repo.state()
    result = repo.commit("notes", *staged, verify=True)
    assert result.blocked and "docs/sub/notes.txt:1:1: seal-token" in result.out, result.out
    assert repo.state()[0] == before[0]
    repo.write("docs/sub/notes.txt", "plain text\n")
    repo.git("add", "--", "docs/sub/notes.txt")
    assert not repo.commit("plain", *staged, verify=True).blocked  # (re-encoded, no token: passes)


# A UTF-16 file with a NUL (git calls it binary: only an attribute converts it) whose line
# endings a checkout converts: stored, ``FF FE 0A 23 FF 35 FF ...`` reads as CJK letters;
# written, ``FF FE 0D 0A 23 FF 35 FF ...`` reads U+0A0D then the token in full-width letters.
# (Not ASCII letters: their units' bytes, ``43 00 55 00``, show the token on ``cat`` as stored.)
FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in TOKEN)
SHIFTED = b"\xff\xfe\r\n" + FULL_WIDTH.encode("utf-16-le") + b"\r\n" + "more".encode("utf-16-le")
CONVERTING = ["text eol=crlf", "eol=crlf", "text", "crlf", "text -crlf"]


@pytest.mark.parametrize("attributes", CONVERTING)
@pytest.mark.parametrize("mode", ["range", "pre-push", "pre-receive", "history", "attributes later"])
def test_a_utf16_file_whose_checkout_inserts_carriage_returns(
    pair: tuple[Repo, Repo], mode: str, attributes: str
) -> None:
    """Found attacking main: a checkout that converts line endings because an attribute asks
    (``text eol=crlf``, or ``text`` where the reader's core.autocrlf or core.eol asks it) puts a
    CR byte before every LF byte of a UTF-16 file, also one inside a character, which shifts the
    code units after it (sources/checkouts.py reads it so written)."""
    repo, server = pair
    base = repo.head()
    stored = SHIFTED.replace(b"\r\n", b"\n")
    assert TOKEN not in stored.decode("utf-16", "replace")
    repo.write("notes.txt", stored)
    repo.write(".gitattributes", f"notes.txt {attributes}\n")
    if mode == "attributes later":  # (the file stored first, with no attribute: it passes)
        repo.commit("utf-16", "notes.txt")
        assert not repo.push("origin", "main", verify=False).blocked
        base = repo.head()
        repo.commit("attributes", ".gitattributes")
    else:
        repo.commit("utf-16", "notes.txt", ".gitattributes")
    assert repo.out("cat-file", "blob", "HEAD:notes.txt").encode("latin-1", "replace") != SHIFTED
    if mode in ("range", "attributes later"):
        result = repo.cli("check", "--range", f"{base}..HEAD")
    elif mode == "history":
        result = repo.cli("check", "--history")
    else:
        install(repo, "--hook-type", "pre-push")
        result = repo.push("origin", "main", verify=mode == "pre-push")
    assert result.code == 1 and "notes.txt:1:2: seal-token" in result.out, result.out
    assert "its line endings converted" in result.out, result.out
    if mode != "range" and mode != "history":
        assert server.out("rev-parse", "main") == base


@pytest.mark.parametrize("attributes", [*CONVERTING[:2], "text -crlf eol=crlf"])
def test_the_commit_hook_reads_converted_line_endings(tmp_path: Path, attributes: str) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("README.md", "hello\n")
    repo.commit("initial", "README.md")
    install(repo, "--hook-type", "pre-commit")
    repo.write("notes.txt", SHIFTED.replace(b"\r\n", b"\n"))
    repo.write(".gitattributes", f"*.txt {attributes}\n")
    result = repo.commit("notes", "notes.txt", ".gitattributes", verify=True)
    assert result.blocked and "notes.txt:1:2: seal-token" in result.out, result.out
    repo.git("rm", "-q", "--cached", "notes.txt")
    repo.commit("attributes", ".gitattributes", verify=True)  # (the attributes alone pass)
    result = repo.commit("notes", "notes.txt", verify=True)
    assert result.blocked and "notes.txt:1:2: seal-token" in result.out, result.out


@pytest.mark.parametrize(
    "attributes", ["text=auto", "text=auto eol=crlf", "-text eol=crlf", "eol=lf", "text eol=lf", "text=input"]
)
def test_attributes_that_leave_a_nul_file_alone_pass(pair: tuple[Repo, Repo], attributes: str) -> None:
    """Near misses: the attributes that convert no file git calls binary (a NUL), and files a
    conversion shifts nothing in -- UTF-8 text, UTF-16 with no token either way."""
    repo, _ = pair
    repo.write("notes.txt", SHIFTED.replace(b"\r\n", b"\n"))
    repo.write("plain.md", "line one\nline two\n")
    repo.write("wide.dat", "\ufeffhello\nworld\n".encode("utf-16-le"))
    repo.write(".gitattributes", f"notes.txt {attributes}\nplain.md text eol=crlf\n*.dat text\n")
    repo.commit("files", "notes.txt", "plain.md", "wide.dat", ".gitattributes")
    result = repo.push("origin", "main", verify=False)
    assert not result.blocked, result.out


@pytest.mark.parametrize("how", ["stored", "working-tree-encoding=UTF-16"])
def test_a_utf16_file_whose_bytes_spell_a_token(pair: tuple[Repo, Repo], how: str) -> None:
    """Found attacking main: a file that starts with a UTF-16 byte-order mark was read as UTF-16
    only, but ``cat`` on a terminal (and grep) shows its bytes: after the mark, CJK letters
    whose code units are pairs of ASCII bytes show the token (``FF FE`` then ``C U T O ...``).
    Stored so, or written so by a checkout from ``working-tree-encoding=UTF-16`` (git writes
    the mark).  scan_bytes reads such a file's bytes as words too (text._scan_bom;
    tests/unit/test_decode.py)."""
    repo, _ = pair
    letters = TOKEN.encode("ascii").decode("utf-16-le")  # (six CJK letters)
    if how == "stored":
        repo.write("notes.txt", b"\xff\xfe" + letters.encode("utf-16-le"))
        repo.commit("utf-16", "notes.txt")
    else:
        repo.write(".gitattributes", "notes.txt working-tree-encoding=UTF-16\n")
        repo.write("notes.txt", "\ufeff".encode("utf-16-le") + letters.encode("utf-16-le"))
        repo.commit("utf-16", ".gitattributes", "notes.txt")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "notes.txt" in result.out, result.out


def _encodable(codec: str) -> str:
    """Every character Python's ``codec`` writes (surrogates aside), in order."""
    chars = (chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    if codec.startswith("utf"):
        return "".join(chars)
    out = []
    for ch in chars:
        try:
            ch.encode(codec)
        except UnicodeError:
            continue
        out.append(ch)
    return "".join(out)


UTF_NAMES = ["UTF-16LE", "utf16be", "UTF-32LE", "UTF-32BE", "UTF-16LE-BOM", "UTF-16BE-BOM", "UTF-16", "utf-32"]


@pytest.mark.parametrize("name", [*SAME_EVERYWHERE, *UTF_NAMES])
def test_what_is_read_as_written_is_what_git_writes(tmp_path: Path, name: str) -> None:
    """Review: as_written used Python's codec of any name where git uses iconv.  Each name it
    now writes is compared with git's own write (``cat-file --filters``: the checkout's
    conversion) of every character Python can write in it: git's bytes are one of as_written's
    (UTF-16 and UTF-32 give both byte orders: git here writes its machine's)."""
    repo = init(tmp_path / "r")
    codec = SAME_EVERYWHERE.get(name, "utf-8")
    text = _encodable(codec)
    oid = repo.git("hash-object", "-w", "--stdin", stdin=text.encode()).out.strip()
    repo.write(".gitattributes", f"f.txt working-tree-encoding={name}\n")
    proc = subprocess.run(
        ["git", "cat-file", "--filters", "--path=f.txt", oid], cwd=repo.path, capture_output=True, env=git_env()
    )
    assert proc.returncode == 0 and not proc.stderr, proc.stderr  # (git converted it: no "failed to encode")
    assert proc.stdout in as_written(text.encode(), name, "f.txt")


@pytest.mark.parametrize("name", ["UTF-7", "SHIFT_JIS", "CP1258", "latin-1", "UTF_8"])
def test_an_encoding_iconvs_may_write_otherwise_blocks(name: str) -> None:
    with pytest.raises(CannotVerify, match=f"in '{name}' .*cannot be done here as every git's iconv does it"):
        as_written(b"plain\n", name, "notes.txt")


def test_a_utf7_file_whose_checkout_spells_a_configured_word_blocks(pair: tuple[Repo, Repo]) -> None:
    """Review: UTF-7 was written with Python's codec, which writes ``!`` as itself where glibc's
    opens a base64 run with it -- so the same text is other base64 letters.  Stored, ``!`` then
    four letters that glibc writes as ``+ACE/GOLIVE/AA`` (git cat-file --filters shows it),
    Python as ``!+PxjiyFRPwAA-``: the word passed pre-receive.  It blocks: git's iconvs may write
    UTF-7 otherwise than Python does."""
    repo, server = pair
    repo.write(".rehearsal-hook.toml", 'forbidden-tokens = ["GOLIVE"]\n')
    repo.commit("config", ".rehearsal-hook.toml")
    assert not repo.push("origin", "main", verify=False).blocked
    text = "!\u3f18\ue2c8\u544f\uc000"
    repo.write(".gitattributes", "notes.txt working-tree-encoding=UTF-7\n")
    repo.write("notes.txt", text.encode("utf-7"))  # (git reads it in UTF-7 and stores UTF-8)
    repo.commit("utf-7", ".gitattributes", "notes.txt")
    assert repo.out("cat-file", "-p", "HEAD:notes.txt") == text
    written = subprocess.run(
        ["git", "cat-file", "--filters", "HEAD:notes.txt"], cwd=repo.path, capture_output=True, env=git_env()
    ).stdout
    assert b"/GOLIVE/" in written and b"GOLIVE" not in text.encode("utf-7")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "'UTF-7'" in result.out and "cannot be done here" in result.out, result.out
    assert server.out("rev-parse", "main") != repo.head()


@pytest.mark.parametrize("how", ["paths", "all-files", "from a folder"])
def test_the_work_tree_modes_read_converted_line_endings(tmp_path: Path, how: str) -> None:
    """``check PATHS`` and ``--all-files`` read the file as it lies, bare LFs where no checkout
    wrote it: with ``text eol=crlf`` git stores it so and every checkout adds the CRs."""
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("docs/sub/notes.txt", SHIFTED.replace(b"\r\n", b"\n"))
    repo.write("docs/wide.dat", "\ufeffhello\nworld\n".encode("utf-16-le"))  # (a near miss)
    repo.write("docs/.gitattributes", "*.txt text eol=crlf\n*.dat text\n")
    repo.git("add", "--", "docs")
    if how == "paths":
        result = repo.cli("check", "docs/sub/notes.txt", "docs/wide.dat")
    elif how == "all-files":
        result = repo.cli("check", "--all-files")
    else:
        result = Repo(repo.path / "docs").cli("check", "sub/notes.txt")
    assert result.code == 1 and "notes.txt:1:2: seal-token" in result.out, result.out
    assert "its line endings converted" in result.out and "wide.dat" not in result.out, result.out
    repo.write("docs/.gitattributes", "*.txt text=auto\n")
    assert repo.cli("check", "--all-files").code == 0  # (text=auto converts no file with a NUL)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([b"\n", b"\r", b"\r\n", b"a", b"\x00"]), max_size=12), st.integers(1, 5))
def test_a_stream_is_written_as_a_whole_file(parts: list[bytes], size: int) -> None:
    """checkouts._written_chunks: eol.written over chunks, a CR LF cut between two of them
    too, equals it over the whole file."""
    from rehearsal_hook.scan import eol
    from rehearsal_hook.sources.checkouts import _written_chunks

    data = b"".join(parts)
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    assert b"".join(_written_chunks(iter(chunks))) == eol.written(data)


@pytest.mark.parametrize("rules", ["sub/.GitAttributes", "SUB/.gitattributes"])
def test_a_conversion_only_an_unapplied_attributes_file_asks_for_blocks(pair: tuple[Repo, Repo], rules: str) -> None:
    """``*.txt text eol=crlf`` in ``sub/.GitAttributes``: git here never applies it, a checkout
    on macOS or Windows does, and puts a CR before every 0x0A byte of a UTF-16 file, whose
    code units then spell the token (README limit until attacking main: it passed)."""
    repo, server = pair
    before = repo.head()
    repo.write("sub/notes.txt", SHIFTED.replace(b"\r\n", b"\n"))
    repo.write(rules, "*.txt text eol=crlf\n")
    repo.commit("utf-16", "sub/notes.txt", rules)
    _the_unapplied_file_blocks(repo, server, before, rules)


def test_a_conversion_only_a_case_insensitive_checkout_makes_is_read(pair: tuple[Repo, Repo]) -> None:
    """``*.txt text=auto`` then ``*.TXT text``: git here leaves a file with a NUL alone, a
    checkout on macOS or Windows (core.ignorecase) applies both lines, the later ``text``
    wins, and it converts (checked with git checkout-index).  Merged attribute by attribute,
    check-attr's two answers read ``text=auto`` and passed it; each answer is judged alone."""
    repo, server = pair
    base = repo.head()
    repo.write("notes.txt", SHIFTED.replace(b"\r\n", b"\n"))
    repo.write(".gitattributes", "*.txt text=auto\n*.TXT text\n")
    repo.commit("utf-16", "notes.txt", ".gitattributes")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "notes.txt:1:2: seal-token" in result.out, result.out
    assert server.out("rev-parse", "main") == base
    assert repo.cli("check", "--all-files").code == 1


@pytest.mark.parametrize("where", ["info/attributes", "core.attributesFile"])
@pytest.mark.parametrize("what", ["encoding", "line endings"])
def test_the_servers_own_attribute_files_are_read(
    pair: tuple[Repo, Repo], tmp_path: Path, where: str, what: str
) -> None:
    """The server's own attribute files -- its info/attributes, its core.attributesFile --
    have its git archive (a host's downloads) write every tree pushed to it so: with
    ``*.txt working-tree-encoding=IBM037`` there, a pushed file stored with no token was
    archived as CUTOVER_PASS, and pre-receive passed it (only a tree's .gitattributes were
    asked whether anything is written otherwise than stored).  A pusher cannot write those
    files; the admin's attribute still applies to what the pusher sends.  Now read as the
    tree's are.  (Unit: checkouts.encoded_entries; README: re-encoded files.)"""
    repo, server = pair
    base = repo.head()
    rule, stored, says = {
        "encoding": ("*.txt working-tree-encoding=IBM037\n", STORED.encode(), "notes.txt:1:1: seal-token"),
        "line endings": ("*.txt text eol=crlf\n", SHIFTED.replace(b"\r\n", b"\n"), "notes.txt:1:2: seal-token"),
    }[what]
    if where == "info/attributes":
        (server.path / "info").mkdir(exist_ok=True)
        (server.path / "info" / "attributes").write_text(rule)
    else:
        (tmp_path / "server-attributes").write_text(rule)
        server.git("config", "core.attributesFile", str(tmp_path / "server-attributes"))
    repo.write("notes.txt", stored)
    repo.commit("notes", "notes.txt")
    assert TOKEN.encode() not in repo.out("cat-file", "blob", "HEAD:notes.txt").encode("latin-1", "replace")
    # (what the server's archive would ship: a copy of it with the push and the same files)
    copy = tmp_path / "copy.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(server.path), str(copy)], env=git_env(), check=True)
    subprocess.run(["git", "push", "-q", str(copy), "main"], cwd=repo.path, env=git_env(), check=True)
    for name in ("info/attributes", "config"):
        if (server.path / name).exists():
            (copy / name).parent.mkdir(exist_ok=True)
            (copy / name).write_bytes((server.path / name).read_bytes())
    archived = _archived(Repo(copy), "notes.txt")
    assert any(t in archived for t in (TOKEN.encode(), FULL_WIDTH.encode("utf-16-le"))), archived
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and says in result.out, result.out
    assert server.out("rev-parse", "main") == base
    assert repo.cli("check", "--range", f"{base}..HEAD").code == 0  # (a client's own files are its own)


def test_a_relative_core_attributes_file_is_read_where_git_reads_it(pair: tuple[Repo, Repo]) -> None:
    """git opens a relative ``core.attributesFile`` from the top of the work tree (where it
    runs), and in a bare repository from where it was started.  It was opened from the
    tool's own directory: ``check --range`` in a subfolder missed it and passed a file git
    writes as a token, which it blocked from the top (found attacking main)."""
    repo, _ = pair
    base = repo.head()
    repo.write("notes.txt", STORED)
    repo.commit("notes", "notes.txt")  # (stored as written: the attribute comes after)
    repo.write("rules/encoding.attributes", "*.txt working-tree-encoding=IBM037\n")
    repo.git("config", "core.attributesFile", "rules/encoding.attributes")
    assert "IBM037" in repo.out("check-attr", "working-tree-encoding", "notes.txt")
    for where in (repo, Repo(repo.path / "rules")):
        checked = where.cli("check", "--range", f"{base}..HEAD")
        assert checked.code == 1 and "notes.txt:1:1: seal-token" in checked.out, (where.path, checked.out)


def test_an_encoding_on_an_attribute_line_git_here_ignores_blocks(pair: tuple[Repo, Repo]) -> None:
    """git here (2.39.1 on) ignores an attribute line of 2048 bytes or more, with a warning,
    and check-attr says nothing of it; an older git, libgit2 or JGit applies it and writes
    the file as CUTOVER_PASS.  What that checkout writes cannot be known here: the attribute
    file blocks, as one that only macOS or Windows apply does (found attacking main: passed)."""
    repo, server = pair
    base = repo.head()
    repo.write(".gitattributes", "*.txt working-tree-encoding=IBM037" + " " * 3000 + "\n")
    repo.write("notes.txt", STORED)
    repo.commit("notes", ".gitattributes", "notes.txt")
    assert repo.out("cat-file", "blob", "HEAD:notes.txt") == STORED  # (git here did not convert it)
    checked = repo.cli("check", "--range", f"{base}..HEAD")
    assert checked.code == 1 and ".gitattributes:1:1: unreadable" in checked.out, checked.out
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and ".gitattributes:1:1: unreadable" in result.out, result.out
    assert server.out("rev-parse", "main") == base
