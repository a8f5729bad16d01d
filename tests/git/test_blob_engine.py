"""The blob engine that reads every commit range (pre-push, pre-receive, --range, --history):
each distinct blob read and scanned once, a change's occurrences counted against every old
version, merges against every parent, root commits, UTF-16, and the whole-history audit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.config import Config
from rehearsal_hook.errors import GitError
from rehearsal_hook.exemptions.baseline import Baseline
from rehearsal_hook.git import process
from rehearsal_hook.git.process import StreamSet
from rehearsal_hook.sources import blobs, commits
from rehearsal_hook.sources.commits import RangeStats, check_range
from rehearsal_hook.sources.ranges import RangeSpec
from rehearsal_hook.sources.terms import Terms

from ..gitutil import Repo, init

TOKEN = "CUTOVER" + "_PASS"
OTHER = "SEAL" + "_AUTHORIZED"


def _findings(out: str) -> list[tuple[str, str, int, str]]:
    """(commit, path, line, rule) of every finding of a JSON report."""
    return [(f.get("commit") or "", f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"]]


def _range(repo: Repo, base: str, *args: str) -> list[tuple[str, str, int, str]]:
    result = repo.cli("check", "--range", f"{base}..HEAD", "--format", "json", *args)
    assert result.code in (0, 1), result.out
    return _findings(result.out)


def _repo(tmp_path: Path) -> Repo:
    return init(tmp_path / "w", "-b", "main")


def _token_then_clean(repo: Repo) -> str:
    """A root commit whose ``a.md`` holds the token, then one that cleans it: the root's id."""
    repo.write("a.md", f"{TOKEN}\n")
    repo.commit("root", "a.md")
    root = repo.head()
    repo.write("a.md", "clean\n")
    repo.commit("clean", "a.md")
    return root


def _in_process(repo: Repo, tips: list[str], jobs: int) -> tuple[list[tuple[str | None, str, int]], RangeStats]:
    stats = RangeStats()
    terms = Terms(Policy(Config()), Baseline())
    spec = RangeSpec(tuple(tips), (), (), tuple(tips))
    result = check_range(terms, spec, cwd=str(repo.path), jobs=jobs, stats=stats)
    return [(f.commit, f.path, f.line) for f in result.findings if f.rule == "seal-token"], stats


def _toggling_history(repo: Repo, rounds: int) -> tuple[list[str], set[bytes]]:
    """A file that goes back and forth between two versions (reverts, cherry-picks), on two
    branches, with a few other files: (the commits where the token comes back, every
    distinct blob)."""
    with_token, without = f"a\n{TOKEN}\n".encode(), b"a\n"
    contents = {with_token, without}
    back = []
    for i in range(rounds):
        repo.write("toggle.md", with_token if i % 2 == 0 else without)
        other = f"note {i % 3}\n".encode()  # three versions, each carried again and again
        repo.write("other.md", other)
        contents.add(other)
        repo.commit(f"round {i}", "toggle.md", "other.md")
        if i % 2 == 0:
            back.append(repo.head())
    return back, contents


@pytest.mark.parametrize("jobs", [1, 3])
def test_a_blob_that_many_commits_carry_is_scanned_once(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path)
    back, contents = _toggling_history(repo, 12)
    # Dealt to workers even for these few blobs (jobs=3), to count their scans too.
    monkeypatch.setattr(blobs, "MIN_BLOBS_PER_JOB", 1)
    found, stats = _in_process(repo, [repo.head()], jobs)
    assert stats.commits == 12
    assert stats.blobs_scanned == len(contents)  # 5 distinct blobs in 24 file versions
    # The token comes back with each revert: each time it is introduced again.
    assert found == [(commit, "toggle.md", 2) for commit in reversed(back)]


def test_the_scans_do_not_depend_on_the_number_of_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path)
    _toggling_history(repo, 9)
    monkeypatch.setattr(blobs, "MIN_BLOBS_PER_JOB", 1)
    runs = [_in_process(repo, [repo.head()], jobs) for jobs in (1, 2, 4)]
    assert runs[0][0] == runs[1][0] == runs[2][0] and runs[0][0]
    assert runs[0][1].blobs_scanned == runs[1][1].blobs_scanned == runs[2][1].blobs_scanned


@pytest.mark.parametrize("first", [1, 2, 5])
def test_the_scans_do_not_depend_on_the_size_of_the_batches(
    tmp_path: Path, first: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The changes are listed, scanned and settled in batches (the first one smaller, so that
    the scans start early): cut anywhere, the findings and the blobs read are the same."""
    repo = _repo(tmp_path)
    _toggling_history(repo, 9)
    whole = _in_process(repo, [repo.head()], 1)
    monkeypatch.setattr(commits, "FIRST_BATCH_CHANGES", first)
    monkeypatch.setattr(commits, "BATCH_CHANGES", 2 * first + 1)
    for jobs in (1, 2):
        cut = _in_process(repo, [repo.head()], jobs)
        assert cut[0] == whole[0] and whole[0]
        assert cut[1].blobs_scanned == whole[1].blobs_scanned


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_versions_of_a_file_read_through_the_segment_cache_give_their_own_lines(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long file edited in one paragraph a commit (the other segments found in the cache,
    scan/segment_cache.py): a token one commit adds among them is reported at its line, in
    that commit only, whether the process or a worker reads the versions."""
    repo = _repo(tmp_path)
    paragraphs = [f"paragraph {k}\n{'text ' * (k % 9)}\n" for k in range(300)]
    commits_made = []
    for i in range(6):
        paragraphs[40 * i + 7] = f"edit {i}\n"
        if i == 3:
            paragraphs[150] = f"edit {i} {TOKEN}\n"
        repo.write("long.md", "\n".join(paragraphs))
        repo.commit(f"edit {i}", "long.md")
        commits_made.append(repo.head())
    line = "\n".join(paragraphs).split("\n").index(f"edit 3 {TOKEN}") + 1
    monkeypatch.setattr(blobs, "MIN_BLOBS_PER_JOB", 1)
    found, stats = _in_process(repo, [repo.head()], jobs)
    assert found == [(commits_made[3], "long.md", line)]
    assert stats.blobs_scanned >= 6


def test_only_a_file_with_another_version_in_the_batch_is_read_through_the_segment_cache(tmp_path: Path) -> None:
    """A segment read the first time costs the cache more than the whole blob read in memory:
    a file with one version in a batch (most of a push) is read whole -- unless a version of
    it was read through the cache in an earlier batch (a range's batches split a file's
    versions: git's history, 0717a424..1a3e64c6, had 13 MB of such versions read whole)."""
    repo = _repo(tmp_path)
    text = "".join(f"paragraph {k}\n\n" for k in range(1000))
    oids = []
    bodies = [("a.md", text), ("b.md", text + "b\n"), ("c.md", text + "c\n"), ("c.md", text + "c2\n")]
    for name, body in [*bodies, ("c.md", text + "c3\n"), ("a.md", text + "a2\n")]:
        repo.write(name, body)
        oids.append((repo.out("hash-object", "-w", name), name))
    scanner = blobs.BlobScanner(Policy(Config()).matcher, cwd=str(repo.path), jobs=1)
    scanner.launch(oids[:2])
    scanner.collect()
    assert scanner._cache.asked == 0
    scanner.launch(oids[2:4])
    scanner.collect()
    cache = scanner._cache
    assert cache.asked > 0 and cache.found > 0
    asked, found = cache.asked, cache.found
    scanner.launch(oids[4:5])  # (c.md alone: its last version's segments are in the cache)
    scanner.collect()
    assert cache.asked > asked and cache.found - found >= cache.asked - asked - 2
    asked = cache.asked
    scanner.launch(oids[5:])  # (a.md alone: read whole before, so whole again)
    scanner.collect()
    assert cache.asked == asked
    assert all(scanner.scan_of(oid) == blobs.CLEAN for oid, _ in oids)


def test_a_line_moved_introduces_nothing_a_token_moved_or_a_line_duplicated_does(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("a.md", f"one\ntwo {TOKEN}\nthree\nfour\n")
    repo.commit("base", "a.md")
    base = repo.head()
    repo.write("a.md", f"one\nthree\nfour\ntwo {TOKEN}\n")  # the whole line moved
    repo.commit("move the line", "a.md")
    assert _range(repo, base) == []
    moved = repo.head()
    repo.write("a.md", f"one\nthree {TOKEN}\nfour\ntwo\n")  # the token moved into another line
    repo.commit("move the token", "a.md")
    token_moved = repo.head()
    assert _range(repo, moved) == [(token_moved, "a.md", 2, "seal-token")]
    repo.write("a.md", f"one\nthree {TOKEN}\nfour\ntwo\nthree {TOKEN}\n")  # the line duplicated
    repo.commit("duplicate it", "a.md")
    assert _range(repo, token_moved) == [(repo.head(), "a.md", 5, "seal-token")]
    # Whitespace does not make a line new (the baseline's normalisation); other text does, and
    # then every token on it is new.
    repo.write("a.md", f"one\n  three   {TOKEN}\nfour\ntwo\nthree {TOKEN} {TOKEN}\n")
    repo.commit("reindent and add", "a.md")
    assert _range(repo, "HEAD~1") == [(repo.head(), "a.md", 5, "seal-token")] * 2


def test_a_token_added_and_removed_again_in_the_range_is_caught(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("a.md", "x\n")
    repo.commit("base", "a.md")
    base = repo.head()
    repo.write("a.md", f"x\n{TOKEN}\n")
    repo.commit("add", "a.md")
    added = repo.head()
    repo.write("a.md", "x\n")
    repo.commit("remove", "a.md")
    assert _range(repo, base) == [(added, "a.md", 2, "seal-token")]


def _merge_history(repo: Repo, *, evil: bool) -> dict[str, str]:
    repo.write("a.md", "one\ntwo\nthree\n")
    repo.commit("base", "a.md")
    ids = {"base": repo.head()}
    repo.git("checkout", "-q", "-b", "side")
    repo.write("a.md", f"one\ntwo\nthree\nside {TOKEN}\n")
    repo.commit("side adds a token", "a.md")
    ids["side"] = repo.head()
    repo.git("checkout", "-q", "main")
    repo.write("b.md", "main\n")
    repo.commit("main", "b.md")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "side")
    if evil:
        # A resolution that adds what neither parent has.
        repo.write("a.md", f"one\ntwo\nthree\nside {TOKEN}\nmerge {OTHER}\n")
        repo.git("add", "a.md")
    repo.git("commit", "-q", "--no-verify", "-m", "merge")
    ids["merge"] = repo.head()
    return ids


def test_a_clean_merge_brings_nothing_of_its_own(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    ids = _merge_history(repo, evil=False)
    # The side's token is reported where the side introduced it, not again at the merge.
    assert _range(repo, ids["base"]) == [(ids["side"], "a.md", 4, "seal-token")]


def test_an_evil_merge_is_reported_for_what_it_adds_beyond_every_parent(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    ids = _merge_history(repo, evil=True)
    expected = [(ids["merge"], "a.md", 5, "seal-token"), (ids["side"], "a.md", 4, "seal-token")]  # newest first
    assert _range(repo, ids["base"]) == expected
    # From the main parent: the side commit comes along; still only what the merge adds.
    assert _range(repo, "HEAD^1", "--jobs", "1") == expected


def test_a_root_commit_is_read_whole(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("a.md", f"x\n{TOKEN}\n")
    repo.write(f"docs/{OTHER}.md", "named\n")
    repo.commit("root", "a.md", f"docs/{OTHER}.md")
    root = repo.head()
    result = repo.cli("check", "--history", "--format", "json")
    assert result.code == 1, result.out
    assert sorted(_findings(result.out)) == [
        (root, "a.md", 2, "seal-token"),
        (root, "docs/SEAL_A….md", 0, "seal-token-path"),
    ]


def test_history_covers_every_ref_and_every_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    main_root = _token_then_clean(repo)
    repo.git("checkout", "-q", "--orphan", "pages")
    repo.git("rm", "-q", "-rf", ".")
    repo.write("b.md", f"x\n{OTHER}\n")
    repo.commit("root of pages", "b.md")
    pages_root = repo.head()
    repo.git("tag", "-a", "-m", "tagged", "v1", pages_root)
    repo.git("checkout", "-q", "main")
    every = repo.cli("check", "--history", "--format", "json")
    assert every.code == 1, every.out
    assert sorted(_findings(every.out)) == sorted(
        [(main_root, "a.md", 1, "seal-token"), (pages_root, "b.md", 2, "seal-token")]
    )
    only_main = repo.cli("check", "--history", "main", "--format", "json")
    assert _findings(only_main.out) == [(main_root, "a.md", 1, "seal-token")]
    by_tag = repo.cli("check", "--history", "v1", "--format", "json")
    assert _findings(by_tag.out) == [(pages_root, "b.md", 2, "seal-token")]
    for fmt in ("text", "sarif", "github", "junit"):
        assert repo.cli("check", "--history", "--format", fmt).code == 1, fmt
    missing = repo.cli("check", "--history", "no-such-branch")
    assert missing.code == 1 and "no-such-branch" in missing.out


@pytest.mark.parametrize("how", ["tag-message", "tag-name", "tag-of-a-blob"])
def test_history_reads_what_a_push_of_every_ref_would_send(tmp_path: Path, how: str) -> None:
    """The adoption audit blocks what a push of every ref blocks (pre-push and pre-receive
    read each pushed ref's name, an annotated tag's message and a blob a tag names:
    objects.pushed_findings) -- it read the commits the refs reach only (red-team pass of
    session 21).  With revisions named, their commits."""
    repo = _repo(tmp_path)
    repo.write("a.md", "clean\n")
    repo.commit("root", "a.md")
    if how == "tag-message":
        repo.git("tag", "-a", "-m", f"release {TOKEN}", "v1")
    elif how == "tag-name":
        repo.git("tag", TOKEN)
    else:
        blob = repo.git("hash-object", "-w", "--stdin", stdin=f"{TOKEN}\n".encode()).out.strip()
        repo.git("tag", "-a", "-m", "a blob", "v1", blob)
    result = repo.cli("check", "--history")
    assert result.code == 1 and "seal-token" in result.out, result.out
    assert repo.cli("check", "--history", "main").code == 0


def test_history_of_a_repository_without_commits_is_clean(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = repo.cli("check", "--history")
    assert result.code == 0, result.out


def test_baseline_history_makes_the_audit_pass_and_only_new_tokens_block(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("a.md", f"{TOKEN}\n")
    repo.commit("root", "a.md")
    repo.write("a.md", f"{TOKEN}\nx\n{TOKEN}\n")  # a second copy of the same line
    repo.commit("copy", "a.md")
    repo.write("a.md", "gone\n")
    repo.commit("remove", "a.md")
    assert repo.cli("check", "--history").code == 1
    written = repo.cli("baseline", "--history")
    assert written.code == 0, written.out
    [entry] = json.loads((repo.path / ".rehearsal-hook-baseline.json").read_text())["entries"]
    assert entry["count"] == 2  # what the commit holding two copies needs
    audit = repo.cli("check", "--history", "--format", "json")
    assert audit.code == 0, audit.out
    assert {f["excused_by"] for f in json.loads(audit.out)["findings"]} == {"baseline"}
    repo.write("b.md", f"new {OTHER}\n")
    repo.commit("new token", "b.md")
    after = repo.cli("check", "--history", "--format", "json")
    assert after.code == 1
    assert [(f["path"], f["excused_by"]) for f in json.loads(after.out)["findings"] if f["blocking"]] == [
        ("b.md", None)
    ]


def test_a_utf16_file_appended_to_is_read_whole_in_its_encoding(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("wide.txt", f"\ufefffirst {TOKEN}\r\n".encode("utf-16-le"))
    repo.commit("base", "wide.txt")
    base = repo.head()
    repo.write("wide.txt", f"\ufefffirst {TOKEN}\r\nplain\r\nsecond {OTHER}\r\n".encode("utf-16-le"))
    repo.commit("append", "wide.txt")
    result = repo.cli("check", "--range", f"{base}..HEAD", "--format", "json")
    assert result.code == 1, result.out
    [finding] = json.loads(result.out)["findings"]
    # Line and column as in the file on disk: only the appended token, where a reader sees it.
    assert (finding["path"], finding["line"], finding["column"], finding["commit"]) == ("wide.txt", 3, 8, repo.head())
    assert finding["token"].startswith("SEAL")


def test_identical_output_for_one_process_and_the_default(tmp_path: Path) -> None:
    """Enough distinct blobs for the default to deal them to several processes."""
    repo = _repo(tmp_path)
    n = 2 * blobs.MIN_BLOBS_PER_JOB + 50
    stream = b""
    for i in range(1, n + 1):
        content = b"line %d\n" % i + (f"planted {TOKEN} {i}\n".encode() if i % 97 == 0 else b"")
        stamp = b"%d +0000" % (1_700_000_000 + i)
        stream += b"commit refs/heads/main\nmark :%d\n" % i
        stream += b"author A <a@x> " + stamp + b"\ncommitter A <a@x> " + stamp + b"\n"
        stream += b"data 2\nc\n" + (b"from :%d\n" % (i - 1) if i > 1 else b"")
        stream += b"M 100644 inline f%d.txt\ndata %d\n" % (i % 7, len(content)) + content + b"\n"
    repo.git("fast-import", "--quiet", stdin=stream)
    outs = [repo.cli("check", "--history", "main", "--format", "json", *args).out for args in ((), ("--jobs", "1"))]
    assert outs[0] == outs[1]
    assert len(_findings(outs[0])) == n // 97


def test_a_blob_git_cannot_read_blocks_on_its_commit(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("a.md", "x\n")
    repo.commit("base", "a.md")
    base = repo.head()
    repo.write("b.md", "lost content\n")
    repo.commit("add", "b.md")
    blob = repo.out("rev-parse", "HEAD:b.md")
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # a loose object, now gone
    result = repo.cli("check", "--range", f"{base}..HEAD", "--format", "json")
    assert result.code == 1, result.out
    assert _findings(result.out) == [(repo.head(), "b.md", 1, "unreadable")]


def test_a_blob_too_large_to_hold_is_streamed_and_every_token_in_it_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path)
    repo.write("big.txt", f"head\n{TOKEN}\n" + "filler line\n" * 50)
    repo.commit("base", "big.txt")
    repo.write("big.txt", f"head\n{TOKEN}\n" + "filler line\n" * 50 + f"tail {OTHER}\n")
    repo.commit("append", "big.txt")
    monkeypatch.setattr(blobs, "STREAM_THRESHOLD", 100)  # both versions are "too large" now
    found, stats = _in_process(repo, [repo.head()], 1)
    # Its line texts are not kept: the old token counts again where the file changes (more
    # than the exact answer, never less), and the new one is found where it is.
    assert found == [(repo.head(), "big.txt", 2), (repo.head(), "big.txt", 53), (repo.head("HEAD~1"), "big.txt", 2)]
    assert stats.blobs_scanned == 2


def test_a_batch_scanned_here_is_read_among_the_other_streams(tmp_path: Path) -> None:
    """In this process, a launch starts its cat-file among the caller's streams and returns:
    the blobs are scanned as the caller reads them (``take``), not waited for."""
    repo = _repo(tmp_path)
    repo.write("a.md", f"x\n{TOKEN}\n")
    repo.write("b.md", "clean\n")
    repo.commit("two", "a.md", "b.md")
    a, b = repo.out("rev-parse", "HEAD:a.md"), repo.out("rev-parse", "HEAD:b.md")
    with StreamSet(cwd=str(repo.path)) as streams:
        scanner = blobs.BlobScanner(Policy(Config()).matcher, cwd=str(repo.path), jobs=1, streams=streams)
        scanner.launch([(a, "a.md"), (b, "b.md")])
        assert scanner.scanned == 0  # started, not read
        taken = [k for k, piece in streams.pieces() if scanner.take(k, piece)]
    assert taken and scanner.scanned == 2
    assert [h.line for _, h in scanner.scan_of(a)] == [2] and scanner.scan_of(b) == blobs.CLEAN


@pytest.mark.parametrize("victim", [0, 1, 2], ids=["commits-reader", "listing", "first-blob-reader"])
def test_a_git_process_killed_mid_range_blocks_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim: int
) -> None:
    """Fail closed: whichever of the range's git processes dies (the commits' cat-file, the
    listing, a batch's blob reader), the check stops with git's exit in one line."""
    repo = _repo(tmp_path)
    # Each process's output is larger than its pipe can hold before it is widened (64 KiB):
    # the killed process cannot have finished first.
    names = [f"{'d' * 100}/{n:04}.txt" for n in range(1000)]  # a listing of 200 KB
    for name in names:
        repo.write(name, "filler line\n" * (20_000 if name == names[0] else 1))  # 240 KB of blobs
    repo.git("add", "-A")
    repo.commit("wide\n\n" + "a long message\n" * 6_000)  # 90 KB of commits
    spawned: list[int] = []
    spawn = process._spawn

    def spawn_and_kill(*args: Any, **kwargs: Any) -> Any:
        proc, writer = spawn(*args, **kwargs)
        if kwargs.get("detached"):  # a StreamSet's process
            if len(spawned) == victim:
                proc.kill()
            spawned.append(proc.pid)
        return proc, writer

    monkeypatch.setattr(process, "_spawn", spawn_and_kill)
    with pytest.raises(
        GitError, match=r"^git (cat-file --batch|diff-tree --stdin -r)\b.* failed \(exit -9\)"
    ) as caught:
        _in_process(repo, [repo.head()], 1)
    assert "\n" not in str(caught.value)
    assert len(spawned) > victim


def test_history_lists_a_replace_ref_and_reads_on(tmp_path: Path) -> None:
    """A local replace ref (refs/replace/*) is refused as a push would refuse it, but as one
    finding among the audit's others: the audit stopped at it (exit 3), and its other findings
    -- a token in a commit, in a tag's message -- went unlisted."""
    repo = _repo(tmp_path)
    root = _token_then_clean(repo)
    repo.git("tag", "-a", "-m", f"release {OTHER}", "v1")
    repo.git("replace", root, repo.head())
    result = repo.cli("check", "--history", "--format", "json")
    assert result.code == 1, result.out
    found = _findings(result.out)
    assert (root, "a.md", 1, "seal-token") in found
    assert ("", f"refs/replace/{root}", 0, "unverifiable-ref") in found
    assert any(path == "(message of tag v1)" for _, path, _, _ in found), found
    assert repo.cli("check", "--history", "main").code == 1  # (revisions named: their commits only)


def test_history_reads_the_refs_its_revisions_name(tmp_path: Path) -> None:
    """``check --history REV`` read the commits REV reaches, not the ref it names -- a branch or
    tag named like a seal, or a tag whose message holds one, is what ``git log --decorate``
    shows beside those commits, and what a push of it blocks.  The refs the revisions name are
    read as a push of them is (objects.pushed_findings, as the audit of every ref reads each);
    a revision that names no ref (an object id, ``main~0``, a detached HEAD) adds none."""
    repo = _repo(tmp_path)
    repo.write("a.md", "clean\n")
    repo.commit("root", "a.md")
    root = repo.head()
    repo.git("branch", TOKEN)
    repo.git("tag", "-a", "-m", f"release {OTHER}", "v1")
    repo.git("tag", "v2")
    repo.git("update-ref", f"refs/tags/-{TOKEN}", root)  # (a name that reads as an option)

    def audit(*revs: str) -> tuple[int, list[str], dict[str, Any]]:
        result = repo.cli("check", "--format", "json", "--history", "--", *revs)
        assert result.code in (0, 1), result.out
        doc = json.loads(result.out)
        return result.code, [f"{f['path']} {f['rule']}" for f in doc["findings"]], doc["summary"]

    branch = ["refs/heads/CUTOVER_P… seal-token-ref"]
    assert audit(TOKEN)[:2] == (1, branch)
    assert audit("v1")[:2] == (1, ["(message of tag v1) seal-token-message"])
    assert audit(f"-{TOKEN}")[:2] == (1, ["refs/tags/-CUTOVER_P… seal-token-ref"])
    code, found, summary = audit("main", "v2", root, "main~0", "main")
    assert (code, found, summary["refs"]) == (0, [], 2)  # main and v2, each once
    repo.git("checkout", "-q", TOKEN)
    assert audit("HEAD")[:2] == (1, branch)  # the branch HEAD is on, as --decorate shows it
    repo.git("checkout", "-q", "--detach")
    assert audit("HEAD")[:2] == (0, [])
    text = repo.cli("check", "--history", TOKEN)
    assert text.code == 1 and TOKEN not in text.out, text.out
