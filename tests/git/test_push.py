"""Real `git push` to a local bare remote through the installed pre-push hook: every commit
pushed is scanned, history the remote already has is not."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ..gitutil import Repo, git_env, init, install, server_hook

ZERO40 = "0" * 40


def test_token_added_then_removed_is_caught(client: Repo) -> None:
    client.write("a.md", "x\nCUTOVER_PASS\n")
    client.commit("add", "a.md")
    added = client.head()
    client.write("a.md", "x\n")
    client.commit("remove", "a.md")
    result = client.push("origin", "main")
    assert result.blocked
    assert f"a.md:2:1: seal-token seal-like token CUTOVER_P… (commit {added[:12]})" in result.out
    assert "CUTOVER_PASS" not in result.out


def test_clean_push_and_history_already_on_the_remote(client: Repo) -> None:
    client.write("old.md", "SEAL_AUTHORIZED\n")
    client.commit("old", "old.md")
    assert not client.push("origin", "main", verify=False).blocked  # already there
    client.write("new.md", "fine\n")
    client.commit("new", "new.md")
    result = client.push("origin", "main")
    assert not result.blocked, result.out


def test_merge_whose_resolution_adds_a_token(client: Repo) -> None:
    client.write("f.md", "a\nb\nc\n")
    client.commit("base", "f.md")
    client.git("push", "-q", "--no-verify", "origin", "main")
    client.git("checkout", "-q", "-b", "side")
    client.write("f.md", "a\nSIDE\nb\nc\n")
    client.commit("side", "f.md")
    client.git("checkout", "-q", "main")
    client.write("f.md", "a\nb\nc\nMAIN\n")
    client.commit("main", "f.md")
    client.git("merge", "-q", "--no-commit", "side")
    client.write("f.md", "a\nSIDE\nb\nPERMIT_PASS\nc\nMAIN\n")
    client.git("add", "f.md")
    client.git("commit", "-q", "--no-verify", "--no-edit")
    merge = client.head()
    result = client.push("origin", "main")
    assert result.blocked
    assert f"f.md:4:1: seal-token seal-like token PERMIT_P… (commit {merge[:12]})" in result.out


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("utf16.txt", "hello\nQT001_PASS\n".encode("utf-16"), 2),
        ("image.bin", b"\x89PNG\x00\x00 REAL_RUN_PASS\xff", 1),
        ("marked.txt", b"plain text DEPLOY_GRANTED\n", 1),  # -diff: git shows no text
    ],
)
def test_whole_blob_where_git_shows_no_text(client: Repo, name: str, content: bytes, line: int) -> None:
    client.write(".gitattributes", "marked.txt -diff\n")
    client.write(name, content)
    client.commit("blob", ".gitattributes", name)
    result = client.push("origin", "main")
    assert result.blocked and f"{name}:{line}:" in result.out, result.out


def test_new_branch_scans_only_what_the_remote_lacks(client: Repo) -> None:
    client.write("old.md", "SEAL_AUTHORIZED\n")
    client.commit("old", "old.md")
    client.git("push", "-q", "--no-verify", "origin", "main")
    client.git("checkout", "-q", "-b", "feature")
    client.write("f.md", "fine\n")
    client.commit("f", "f.md")
    assert not client.push("origin", "feature").blocked
    client.git("checkout", "-q", "-b", "feature2")
    client.write("g.md", "GO_GRANTED\n")
    client.commit("g", "g.md")
    result = client.push("origin", "feature2")
    assert result.blocked and "g.md:1:1" in result.out and "old.md" not in result.out


def test_every_ref_line_is_checked(client: Repo) -> None:
    client.git("checkout", "-q", "-b", "clean")
    client.write("c.md", "fine\n")
    client.commit("c", "c.md")
    client.git("checkout", "-q", "-b", "dirty", "main")
    client.write("d.md", "PRODUCTION_PASS\n")
    client.commit("d", "d.md")
    # "clean" sorts first: a hook that stops at the first line would let "dirty" through.
    result = client.push("origin", "clean", "dirty")
    assert result.blocked and "d.md:1:1" in result.out
    assert client.out("ls-remote", "origin", "dirty") == ""


def test_tags_names_and_messages(client: Repo) -> None:
    client.git("tag", "-a", "v1", "-m", "release CUTOVER_PASS")
    result = client.push("origin", "v1")
    assert result.blocked and "(message of tag v1):1:9: seal-token-message" in result.out
    client.git("tag", "REAL_RUN_PASS")  # a lightweight tag on a pushed commit: only its name is new
    result = client.push("origin", "refs/tags/REAL_RUN_PASS")
    assert result.blocked and "refs/tags/REAL_RUN_P…:0:11: seal-token-ref" in result.out
    client.git("tag", "-a", "v2", "-m", "fine")
    assert not client.push("origin", "v2").blocked


def test_a_finding_names_the_object_it_was_read_in(client: Repo) -> None:
    """A tag's message is read in the tag object, a blob pushed as a ref in the blob: neither is
    labelled a commit, and neither a message nor a ref's blob is counted as a file."""
    client.git("tag", "-a", "v1", "-m", "release CUTOVER_PASS")
    tag = client.out("rev-parse", "v1")
    result = client.push("origin", "v1")
    assert (
        result.blocked and f"seal-token-message message holds seal-like token CUTOVER_P… (tag {tag[:12]})" in result.out
    )
    assert "BLOCKED: 1 finding in 1 message (no commit" in result.out, result.out
    assert "re-create the tag" in result.out and "rewrite that commit" not in result.out, result.out
    blob = client.git("hash-object", "-w", "--stdin", stdin=b"SEAL_GRANTED\n").out.strip()
    client.git("tag", "parked", blob)
    result = client.push("origin", "refs/tags/parked")
    assert result.blocked and f"(blob {blob[:12]})" in result.out and "(commit" not in result.out, result.out
    assert "BLOCKED: 1 finding in 1 file (" in result.out, result.out
    client.write("d.md", "PRODUCTION_PASS\n")
    client.commit("DEPLOY_PASS in the message", "d.md")
    result = client.push("origin", "main", "v1")
    assert result.blocked and "BLOCKED: 3 findings in 1 file and 2 messages (" in result.out, result.out
    assert "rewrite that commit" in result.out and "re-create the tag" in result.out, result.out


def test_deletion_pushes_nothing(client: Repo) -> None:
    client.git("checkout", "-q", "-b", "gone")
    client.write("t.md", "SEAL_GRANTED\n")
    client.commit("t", "t.md")
    client.git("push", "-q", "--no-verify", "origin", "gone")
    client.git("checkout", "-q", "main")
    result = client.push("origin", "--delete", "gone")
    assert not result.blocked, result.out


def test_force_push_over_unfetched_commits(client: Repo, origin: Repo, tmp_path: Path) -> None:
    other = init(tmp_path / "other")
    other.git("fetch", "-q", str(origin.path), "main")
    other.git("checkout", "-q", "-b", "main", "FETCH_HEAD")
    other.write("o.md", "theirs\n")
    other.commit("theirs", "o.md")
    other.git("push", "-q", str(origin.path), "main")
    client.write("x.md", "CUTOVER_PASS\n")
    client.commit("x", "x.md")
    result = client.push("--force", "origin", "main")  # the remote's tip is unknown here
    assert result.blocked and "x.md:1:1" in result.out


@pytest.mark.parametrize("name", ["with space.md", "ünïcødé.md", "new\nline.md", "--leading-dash.md", '"quoted".md'])
def test_odd_file_names_in_a_range(client: Repo, name: str) -> None:
    client.write(name, "a\nb QT001_PASS\n")
    client.commit("odd", name)
    result = client.push("origin", "main")
    shown = name.replace("\n", "\\n")
    assert result.blocked and f"{shown}:2:3: seal-token" in result.out, result.out


def test_commit_message_and_new_file_name_in_a_range(client: Repo) -> None:
    client.write("PERMIT_PASS.md", "fine\n")
    client.commit("adds a file", "PERMIT_PASS.md")
    client.git("commit", "-q", "--no-verify", "--allow-empty", "-m", "subject\n\nbody SEAL_AUTHORIZED")
    result = client.push("origin", "main")
    assert "PERMIT_P….md:0:1: seal-token-path" in result.out
    assert "(commit message):3:6: seal-token-message" in result.out


def test_gated_files_at_the_tip(client: Repo) -> None:
    client.write("a.rehearsal.json", '{"target": "production", "action": "rehearsal_apply"}')
    client.commit("bad request", "a.rehearsal.json")
    result = client.push("origin", "main")
    assert result.blocked and "a.rehearsal.json" in result.out and "target" in result.out


def test_check_range_for_ci(client: Repo, tmp_path: Path) -> None:
    base = client.head()
    client.write("a.md", "CUTOVER_PASS\n")
    client.commit("a", "a.md")
    client.write("a.md", "fine\n")
    client.commit("b", "a.md")
    result = client.cli("check", "--range", f"{base}..HEAD")
    assert result.code == 1 and "a.md:1:1" in result.out
    assert client.cli("check", "--range", "HEAD~1..HEAD").code == 0
    assert client.cli("check", "--range", "nope").code == 2
    shallow = tmp_path / "shallow"
    client.git("clone", "-q", "--depth", "1", f"file://{client.path}", str(shallow))
    result = Repo(shallow).cli("check", "--range", "HEAD~1..HEAD")
    assert result.code == 1 and "fetch more history" in result.out


def test_config_does_not_run_code_or_change_parsing(client: Repo) -> None:
    # A diff driver, textconv, external diff, no-prefix and mnemonic prefixes in the
    # repository's config: none of them may run or change what the hook reads.
    client.git("config", "diff.external", "false")
    client.git("config", "diff.noprefix", "true")
    client.git("config", "diff.mnemonicPrefix", "true")
    client.git("config", "diff.conv.textconv", "sh -c 'echo ran > textconv-ran'")
    client.git("config", "log.showSignature", "true")
    client.git("config", "log.showRoot", "false")
    client.write(".gitattributes", "*.md diff=conv\n")
    client.write("a.md", "CUTOVER_PASS\n")
    client.commit("a", ".gitattributes", "a.md")
    result = client.push("origin", "main")
    assert result.blocked and "a.md:1:1" in result.out, result.out
    assert not (client.path / "textconv-ran").exists()


def test_sha256_repository(tmp_path: Path) -> None:
    remote = init(tmp_path / "r.git", "--bare", "--object-format=sha256", "-b", "main")
    repo = init(tmp_path / "w", "--object-format=sha256", "-b", "main")
    repo.git("remote", "add", "origin", str(remote.path))
    install(repo)
    repo.write("a.md", "fine\n")
    assert not repo.commit("a", "a.md", verify=True).blocked
    assert len(repo.head()) == 64
    assert not repo.push("origin", "main").blocked
    repo.write("b.md", "SEAL_AUTHORIZED\n")
    assert repo.commit("b", "b.md", verify=True).blocked
    repo.commit("b", "b.md")
    result = repo.push("origin", "main")
    assert result.blocked and "b.md:1:1" in result.out
    repo.git("push", "-q", "--no-verify", "origin", "main:gone")
    assert not repo.push("origin", "--delete", "gone").blocked  # 64 zeros: a deletion
    stdin = f"refs/heads/x {'0' * 64} refs/heads/x {repo.head()}\n".encode()
    assert repo.tool("pre-push", "origin", str(remote.path), stdin=stdin).code == 0


@pytest.mark.parametrize(
    ("stdin", "code"),
    [
        (b"", 0),
        (f"refs/heads/x {ZERO40} refs/heads/x {ZERO40}\n".encode(), 0),
        (b"refs/heads/x nothex refs/heads/x 1234\n", 1),
        (b"just one field\n", 1),
        (f"refs/heads/x {'a' * 40} refs/heads/x {ZERO40}\n".encode(), 1),  # not in this repository
    ],
)
def test_pre_push_lines(client: Repo, stdin: bytes, code: int) -> None:
    assert client.tool("pre-push", "origin", "url", stdin=stdin).code == code


def test_merging_a_branch_the_remote_already_has(client: Repo) -> None:
    client.git("checkout", "-q", "-b", "old")
    client.write("o.md", "CUTOVER_PASS\n")
    client.commit("old", "o.md")
    client.git("push", "-q", "--no-verify", "origin", "old")  # on the remote already
    client.git("checkout", "-q", "main")
    client.git("merge", "-q", "--no-verify", "--no-edit", "old")
    result = client.push("origin", "main")
    assert not result.blocked, result.out


def test_commit_and_tag_headers(client: Repo) -> None:
    # Found in review: only messages were read, so an author name, a merged tag (mergetag
    # header) or any extra header could carry a token into the remote unseen.
    author = "GIT_AUTHOR_NAME"
    env = git_env(**{author: "Signed PRODUCTION_PASS"})
    client.git("commit", "-q", "--no-verify", "--allow-empty", "-m", "fine", env=env)
    result = client.push("origin", "main")
    assert result.blocked and "(commit header):3:" in result.out and "seal-token-message" in result.out
    assert "header holds seal-like token PRODUCTION_P…" in result.out and "PRODUCTION_PASS" not in result.out
    client.git("reset", "-q", "--hard", "HEAD~1")
    client.git("commit", "-q", "--no-verify", "--allow-empty", "-m", "to forge")
    raw = client.out("cat-file", "commit", "HEAD").encode()
    head, _, message = raw.partition(b"\n\n")
    forged = head + b"\nx-note RELEASE_GRANTED\n\n" + message + b"\n"
    oid = client.git("hash-object", "-t", "commit", "-w", "--stdin", stdin=forged).out.strip()
    client.git("reset", "-q", "--hard", oid)
    result = client.push("origin", "main")
    assert result.blocked and "(commit header)" in result.out
    client.git("reset", "-q", "--hard", "HEAD~1")
    tagger = git_env(GIT_COMMITTER_NAME="Tagged CUTOVER_PASS")
    client.git("tag", "-a", "v9", "-m", "fine", env=tagger)
    result = client.push("origin", "v9")
    assert result.blocked and "(header of tag v9):4:" in result.out
    client.git("tag", "-a", "v10", "-m", "fine")
    assert not client.push("origin", "v10").blocked  # an ordinary tag's headers are clean
    assert not client.push("origin", "main").blocked


def _forge(client: Repo, kind: str, raw: bytes) -> str:
    return client.git("hash-object", "-t", kind, "-w", "--literally", "--stdin", stdin=raw).out.strip()


def test_a_second_tag_line_in_a_pushed_tag_is_read(client: Repo) -> None:
    # Found in review: the header scan left out every "tag" line, the name check read only the
    # first, so a token in a second one reached the remote.
    head = client.head()
    raw = f"object {head}\ntype commit\ntag v1\ntag DEPLOY_PASS\ntagger a <a@b> 0 +0000\n\nrelease\n".encode()
    result = client.push("origin", f"{_forge(client, 'tag', raw)}:refs/tags/v1")
    assert result.blocked and "(header of tag v1):4:5: seal-token-message" in result.out


def test_one_tag_under_two_refs_is_reported_once(client: Repo) -> None:
    client.git("tag", "-a", "v1", "-m", "claims RELEASE_GRANTED")
    result = client.push("origin", "v1", "v1:refs/tags/copy")
    assert result.blocked and result.out.count("(message of tag v1):1:8: seal-token-message") == 1


def test_a_header_is_read_in_the_commit_encoding(client: Repo) -> None:
    # Found in review: a soft hyphen in ISO-8859-1 (0xAD) is invisible once git re-encodes the
    # name for display; read raw, the bytes did not spell the token.
    head = client.head()
    tree = client.out("rev-parse", "HEAD^{tree}")
    raw = (
        f"tree {tree}\nparent {head}\n".encode() + b"author QA_\xadPASS <a@b> 0 +0000\n"
        b"committer c <c@d> 0 +0000\nencoding ISO-8859-1\n\nfine\n"
    )
    client.git("reset", "-q", "--hard", _forge(client, "commit", raw))
    result = client.push("origin", "main")
    assert result.blocked and "(commit header):3:8: seal-token-message" in result.out


def test_signature_lines_hold_only_seal_like_tokens(client: Repo) -> None:
    # A configured forbidden word that git's armor lines spell (SIGNATURE) passes; a seal-like
    # token on a signature's line blocks.
    client.write(".rehearsal-hook.toml", 'forbidden-tokens = ["SIGNATURE"]\n')
    client.commit("config", ".rehearsal-hook.toml")
    client.git("push", "-q", "--no-verify", "origin", "main")
    tree = client.out("rev-parse", "HEAD^{tree}")

    def commit_with(signature: str) -> str:
        raw = (
            f"tree {tree}\nparent {client.head()}\nauthor a <a@b> 0 +0000\ncommitter a <a@b> 0 +0000\n"
            f"gpgsig -----BEGIN SSH SIGNATURE-----\n {signature}\n -----END SSH SIGNATURE-----\n\nsigned\n"
        )
        return _forge(client, "commit", raw.encode())

    client.git("reset", "-q", "--hard", commit_with("U1NIU0lHTkFUVVJFAAAAAQ=="))
    assert not client.push("origin", "main").blocked
    client.git("reset", "-q", "--hard", commit_with("U1NIU0lH CUTOVER_PASS"))
    result = client.push("origin", "main")
    assert result.blocked and "(commit header):6:11: seal-token-message" in result.out


def test_only_a_signatures_armor_lines_are_spared(client: Repo, origin: Repo) -> None:
    """Attacking main: a configured forbidden word passed on any header line that looked like
    a signature's base64 -- first on a continuation line of any header, then (09fe36c narrowed
    it to gpgsig and a merged tag's signature) inside a forged ``gpgsig`` block, and as a forged
    armor line ``-----BEGIN GOLIVE-----``; ``git cat-file -p`` shows every one.  Only git's own
    BEGIN/END lines are spared now; pre-push, pre-receive and ``check --range`` block the rest."""
    client.write(".rehearsal-hook.toml", 'forbidden-tokens = ["GOLIVE", "SIGNATURE", "PGP"]\n')
    client.commit("config", ".rehearsal-hook.toml")
    client.git("push", "-q", "--no-verify", "origin", "main")
    server_hook(origin)
    base = client.head()
    tree = client.out("rev-parse", "HEAD^{tree}")
    ident = "author a <a@b> 0 +0000\ncommitter a <a@b> 0 +0000\n"

    def commit_with(headers: str) -> str:
        raw = f"tree {tree}\nparent {base}\n{ident}{headers}\nplain\n"
        return _forge(client, "commit", raw.encode())

    def armored(body: str, kind: str = "PGP SIGNATURE") -> str:
        return f" -----BEGIN {kind}-----\n {body}\n -----END {kind}-----\n"

    for headers, line, column in [
        ("x-note hello\n GOLIVE\n", 6, 2),
        ("mergetag object 1234\n type commit\n \n GOLIVE\n", 8, 2),
        ("gpgsig " + armored("GOLIVE").removeprefix(" "), 6, 2),
        ("gpgsig -----BEGIN PGP SIGNATURE-----\n AAAA+GOLIVE/AAAA\n -----END PGP SIGNATURE-----\n", 6, 7),
        ("gpgsig -----BEGIN GOLIVE-----\n AAAA\n -----END GOLIVE-----\n", 5, 19),
        ("gpgsig-sha256 GOLIVE\n", 5, 15),
        ("mergetag object 1234\n type commit\n \n message\n" + armored("GOLIVE"), 10, 2),
    ]:
        forged = commit_with(headers)
        client.git("reset", "-q", "--hard", forged)
        where = f"(commit header):{line}:{column}: seal-token-message"
        for verify in (True, False):  # pre-push, then pre-receive
            result = client.push("origin", "main", verify=verify)
            assert result.blocked and where in result.out, (headers, result.out)
        result = client.cli("check", "--range", f"{base}..{forged}")
        assert result.blocked and where in result.out, (headers, result.out)
        client.git("reset", "-q", "--hard", "origin/main")
    for headers in [  # git's armor lines spell SIGNATURE and PGP in every signed commit
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQIzBAABCgAdFiEE\n =AbCd\n -----END PGP SIGNATURE-----\n",
        "mergetag object 1234\n type commit\n \n message\n" + armored("iQIzBAAB"),
    ]:
        signed = commit_with(headers)
        result = client.push("origin", f"{signed}:refs/heads/signed")
        assert not result.blocked, (headers, result.out)
        assert not client.cli("check", "--range", f"{base}..{signed}").blocked
        client.git("push", "-q", "--no-verify", "origin", ":signed")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen to sign")
def test_a_real_ssh_signature_passes_with_its_words_forbidden(client: Repo, tmp_path: Path) -> None:
    """A commit signed by git itself (an SSH key) passes though its armor spells configured
    words: git's BEGIN/END lines are spared, and its base64 spells none of them whole."""
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, capture_output=True)
    client.write(".rehearsal-hook.toml", 'forbidden-tokens = ["SIGNATURE", "SSH", "SSHSIG", "ssh", "git"]\n')
    client.commit("config", ".rehearsal-hook.toml")
    for name, value in [("gpg.format", "ssh"), ("user.signingkey", str(key))]:
        client.git("config", name, value)
    client.git("commit", "-q", "--no-verify", "-S", "--allow-empty", "-m", "signed")
    assert "gpgsig -----BEGIN SSH SIGNATURE-----" in client.out("cat-file", "-p", "HEAD")
    result = client.push("origin", "main")
    assert not result.blocked, result.out
    # A signed tag: its signature ends its message (found in review: the armor lines blocked
    # there, where a commit's were spared).
    client.git("tag", "-s", "-m", "release", "v1")
    assert "\n-----BEGIN SSH SIGNATURE-----\n" in client.out("cat-file", "-p", "v1")
    result = client.push("origin", "v1")
    assert not result.blocked, result.out


def test_a_tags_signature_spares_only_gits_armor_lines(client: Repo) -> None:
    """A tag's signature is the end of its message: git's BEGIN/END lines there hold no finding
    (a signed tag blocked on a configured SIGNATURE, a signed commit did not); every other
    line counts, a forged signature's body included."""
    client.write(".rehearsal-hook.toml", 'forbidden-tokens = ["GOLIVE", "SIGNATURE", "PGP"]\n')
    client.commit("config", ".rehearsal-hook.toml")
    client.git("push", "-q", "--no-verify", "origin", "main")
    head = client.head()

    def tag_with(message: str) -> str:
        raw = f"object {head}\ntype commit\ntag v1\ntagger a <a@b> 0 +0000\n\n{message}"
        return _forge(client, "tag", raw.encode())

    armor = "-----BEGIN PGP SIGNATURE-----\n\n{}\n-----END PGP SIGNATURE-----\n"
    signed = tag_with("release\n" + armor.format("iQIzBAAB"))
    result = client.push("origin", f"{signed}:refs/tags/v1")
    assert not result.blocked, result.out
    for message, where in [
        ("release\n" + armor.format("GOLIVE"), "(message of tag v1):4:1: seal-token-message"),
        ("SIGNATURE\n" + armor.format("iQIz"), "(message of tag v1):1:1: seal-token-message"),
        (armor.format("x") + "release\n" + armor.format("iQIz"), "(message of tag v1):1:12: seal-token-message"),
    ]:
        result = client.push("origin", f"{tag_with(message)}:refs/tags/v2")
        assert result.blocked and where in result.out, (message, result.out)


def test_commit_msg_reads_the_author_and_committer(client: Repo) -> None:
    # Found in review: a name holding a token passed the commit hooks and stopped only at the
    # push.  commit-msg sees the identity git will record (--author too).
    client.write("a.txt", "fine\n")
    client.git("add", "a.txt")
    result = client.git("commit", "-q", "-m", "fine", "--author", "QA_PASS <qa@example.com>", ok=False)
    assert result.code != 0 and "(commit author, committer):1:1: seal-token-message" in result.out
    result = client.git("commit", "-q", "-m", "fine", ok=False, env=git_env(GIT_COMMITTER_NAME="Ops CUTOVER_PASS"))
    assert result.code != 0 and "(commit author, committer):2:5: seal-token-message" in result.out
    assert client.git("commit", "-q", "-m", "fine", ok=False).code == 0


def test_commit_msg_is_not_fooled_by_a_config_value_spelling_an_identity(client: Repo) -> None:
    # git var -l prints the config first; a value with a newline could fake an ident line.
    client.git("config", "alias.note", "x\nGIT_AUTHOR_IDENT=QA_PASS <a@b> 0 +0000")
    client.write("a.txt", "fine\n")
    client.git("add", "a.txt")
    assert client.git("commit", "-q", "-m", "fine", ok=False).code == 0


def test_tag_messages_are_counted_once_each(client: Repo) -> None:
    """A push's summary counts the tag messages it read (one tag under two refs: once), in the
    pre-push hook and in pre-receive on the bare remote."""
    import json

    client.git("tag", "-a", "v1", "-m", "a plain release")
    client.git("tag", "-a", "v2", "-m", "another")
    head = client.out("rev-parse", "HEAD")
    tags = {name: client.out("rev-parse", name) for name in ("v1", "v2")}
    zero = "0" * len(head)
    lines = "".join(
        f"refs/tags/{ref} {tags[tag]} refs/tags/{ref} {zero}\n"
        for ref, tag in (("v1", "v1"), ("copy", "v1"), ("v2", "v2"))
    )
    run = client.tool("pre-push", "--format", "json", "origin", "url", stdin=lines.encode())
    assert run.code == 0, run.out
    summary = json.loads(run.out)["summary"]
    assert (summary["commits"], summary["messages"]) == (0, 2)
    # The objects on the server (pushed without hooks), then its hook run as git runs it.
    assert not client.push("origin", "v1", "v2", verify=False).blocked
    server = client.path.parent / "origin.git"
    received = "".join(
        f"{zero} {tags[tag]} refs/tags/{ref}\n" for ref, tag in (("v1", "v1"), ("copy", "v1"), ("v2", "v2"))
    )
    proc = Repo(server).tool("pre-receive", "--format", "json", stdin=received.encode())
    assert proc.code == 0, proc.out
    assert json.loads(proc.out)["summary"]["messages"] == 2


def _token_branch_on_a_fork_named_below_origin(client: Repo, tmp_path: Path) -> None:
    """Branch ``feat``, one token commit on ``main``, pushed (unchecked) only to a remote named
    ``origin/fork``."""
    fork = init(tmp_path / "fork.git", "--bare", "-b", "main")
    client.git("remote", "add", "origin/fork", str(fork.path))
    client.git("checkout", "-q", "-b", "feat")
    client.write("t.md", "CUTOVER_PASS\n")
    client.commit("token", "t.md")
    client.git("push", "-q", "--no-verify", "origin/fork", "feat")


def test_a_remote_named_below_another_lends_it_no_refs(client: Repo, tmp_path: Path) -> None:
    """Found attacking main: ``--remotes=origin`` is a glob (``refs/remotes/origin/*``, its ``*``
    crossing slashes), so the refs of a remote named ``origin/fork`` counted as origin's, and a
    token on a branch only the fork had passed a push to origin.  Another remote's refs are
    excluded from the ones the pushed remote is taken to have."""
    _token_branch_on_a_fork_named_below_origin(client, tmp_path)
    assert client.out("rev-parse", "refs/remotes/origin/fork/feat") == client.head()
    result = client.push("origin", "feat")
    assert result.blocked and "t.md:1:1: seal-token" in result.out, result.out
    # The fork's own push still knows what the fork has.
    client.write("u.md", "fine\n")
    client.commit("more", "u.md")
    assert not client.push("origin/fork", "feat").blocked


def test_the_frameworks_push_range_lends_a_remote_no_fork_refs(client: Repo, tmp_path: Path) -> None:
    """The pre-commit framework's pre-push gives a new ref the range FROM..TO with FROM the
    parent of the first commit its own ``rev-list TO --not --remotes=REMOTE`` lists -- the glob
    e787d00 fixed for the native hook, which counts a remote named ``origin/fork``'s refs as
    origin's: FROM was the fork's token commit, and the push of a branch on it to origin passed
    with only the commit above it scanned.  FROM is taken for what the remote has only where
    its own refs reach it.  (The variables as pre-commit 4.7.0's hook_impl computes them.)"""
    _token_branch_on_a_fork_named_below_origin(client, tmp_path)
    client.write("u.md", "fine\n")
    client.commit("more", "u.md")
    listed = client.out("rev-list", "HEAD", "--topo-order", "--reverse", "--not", "--remotes=origin").split()
    assert listed == [client.head()]  # (the framework's own reading: the token commit is origin's)
    env = git_env(
        PRE_COMMIT_FROM_REF=client.head("HEAD^"),
        PRE_COMMIT_TO_REF=client.head(),
        PRE_COMMIT_REMOTE_NAME="origin",
        PRE_COMMIT_REMOTE_BRANCH="refs/heads/feat",
        PRE_COMMIT_LOCAL_BRANCH="refs/heads/feat",
    )
    result = client.tool("pre-push", "--pre-commit-env", env=env)
    assert result.blocked and "t.md:1:1: seal-token" in result.out, result.out
    # Pushed to origin, that commit is origin's: the next push's FROM is, and is not scanned again.
    client.git("push", "-q", "--no-verify", "origin", "feat")
    client.write("v.md", "fine\n")
    client.commit("later", "v.md")
    env.update(PRE_COMMIT_FROM_REF=client.head("HEAD^"), PRE_COMMIT_TO_REF=client.head())
    assert not client.tool("pre-push", "--pre-commit-env", env=env).blocked
