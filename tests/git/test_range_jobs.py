"""Long commit ranges whose blobs are dealt to several processes (``--jobs``): the same findings
in the same order whatever the number of processes, on a real repository with a root commit, a
merge that adds a line of its own, binary and UTF-16 blobs, disguised tokens, a token in a
message and one in a new file's name.  Also: the check that git showed exactly the listed
commits, the incremental cat-file reader, and several processes read at once."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rehearsal_hook.errors import CannotVerify, GitError
from rehearsal_hook.git.catfile import BatchReader, cat_file, cat_file_args, split_object
from rehearsal_hook.git.listings import diff_tree_args
from rehearsal_hook.git.process import PIPE_SIZE, StreamSet, stream_git, stream_many
from rehearsal_hook.git.revisions import boundary_commits, list_commits
from rehearsal_hook.sources.commits import MAX_DEFAULT_JOBS, ShareCheck, range_jobs
from rehearsal_hook.sources.objects import object_encoding, object_message_findings

from ..conftest import examples
from ..gitutil import Repo, init

N = 470  # enough blobs for three processes
SIDE_FROM, MERGE_AT = 240, 260


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _commit(
    mark: int,
    message: bytes,
    changes: list[tuple[str, bytes]],
    *,
    ref: str = "refs/heads/main",
    parents: tuple[int, ...] = (),
) -> bytes:
    out = b"commit %s\nmark :%d\n" % (ref.encode(), mark)
    stamp = b"%d +0000" % (1_700_000_000 + mark * 60)
    out += b"author A <a@example.com> " + stamp + b"\ncommitter A <a@example.com> " + stamp + b"\n"
    out += _data(message)
    if parents:
        out += b"from :%d\n" % parents[0]
        out += b"".join(b"merge :%d\n" % p for p in parents[1:])
    for path, content in changes:
        out += b"M 100644 inline " + path.encode() + b"\n" + _data(content)
    return out


def build_history(repo: Repo) -> dict[str, str]:
    """N commits on main (a root commit first) and a side branch merged back, with tokens
    planted where each kind of change is read differently.  Returns the marks' commit ids by
    name."""
    files: dict[str, bytes] = {}
    stream = b""
    side_mark = 10_000

    def change(path: str, content: bytes) -> tuple[str, bytes]:
        files[path] = content
        return path, content

    for i in range(1, N + 1):
        message = b"commit %d\n" % i
        if i == 1:
            changes = [change("root.md", b"planted at the root: ROOT_PASS\n")]
        elif i == MERGE_AT:
            merged = b"side line\nthe merge itself adds MERGE_AUTHORIZED\n"
            stream += _commit(i, message, [change("side.txt", merged)], parents=(i - 1, side_mark))
            continue
        else:
            name = f"f{i % 5}.txt"
            changes = [change(name, files.get(name, b"") + b"line %d\n" % i)]
        if i == 37:
            changes = [change("f2.txt", files["f2.txt"] + b"token MIGRATION_PASS here\n")]
        elif i == 91:
            message = b"commit 91 claims RELEASE_GRANTED\n"
        elif i == 150:
            changes.append(change("blob.bin", b"\x00\x01 BINARY_AUTHORIZED \x00\xff"))
        elif i == 205:
            changes.append(change("docs/CUTOVER_PASS.md", b"named\n"))
        elif i == 300:
            changes = [change("f0.txt", files["f0.txt"] + "ＰＲＯＤＵＣＴＩＯＮ_PASS\n".encode())]
        elif i == 310:
            changes.append(change("wide.txt", "\ufeffwide SEAL_GRANTED\n".encode("utf-16-le")))
        stream += _commit(i, message, changes, parents=(i - 1,) if i > 1 else ())
        if i == SIDE_FROM:
            stream += _commit(side_mark, b"side\n", [("side.txt", b"side line\n")], ref="refs/heads/side", parents=(i,))
    repo.git("fast-import", "--quiet", stdin=stream)
    repo.git("reset", "--hard", "main")
    marks = {"root": f"main~{N - 1}", "tip": "main", "merge": f"main~{N - MERGE_AT}", "side": "side"}
    marks.update({str(i): f"main~{N - i}" for i in (37, 91, 150, 205, 300, 310)})
    return {name: repo.head(rev) for name, rev in marks.items()}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    repo = init(tmp_path_factory.mktemp("range-jobs") / "w")
    return repo, build_history(repo)


def _findings(out: str) -> list[tuple[str, str, int, str]]:
    doc = json.loads(out)
    return [(f.get("commit") or "", f["path"], f["line"], f["rule"]) for f in doc["findings"]]


def test_every_planted_token_found_on_its_commit_with_any_number_of_processes(
    history: tuple[Repo, dict[str, str]],
) -> None:
    repo, ids = history
    runs = {}
    for jobs in (1, 2, 3):
        result = repo.cli("check", "--range", f"{ids['root']}..{ids['tip']}", "--format", "json", "--jobs", str(jobs))
        assert result.code == 1, result.out
        runs[jobs] = result.out
    # Byte for byte: the order of findings does not depend on how the range was dealt.
    assert runs[1] == runs[2] == runs[3]
    found = _findings(runs[1])
    expected = {
        (ids["37"], "f2.txt", "seal-token"),
        (ids["91"], "(commit message)", "seal-token-message"),
        (ids["150"], "blob.bin", "seal-token"),
        (ids["205"], "docs/CUTOVER_P….md", "seal-token-path"),
        (ids["300"], "f0.txt", "seal-token"),
        (ids["310"], "wide.txt", "seal-token"),
        (ids["merge"], "side.txt", "seal-token"),
    }
    got = {(commit, path, rule) for commit, path, _, rule in found}
    assert expected <= got, sorted(expected - got)
    # Nothing else: the root commit is the range's base, so its token is not in the range.
    assert len(got) == len(expected), sorted(got - expected)


def test_a_push_with_its_root_commit_is_the_same_with_any_number_of_processes(
    history: tuple[Repo, dict[str, str]], tmp_path: Path
) -> None:
    repo, ids = history
    bare = tmp_path / "empty.git"
    repo.git("init", "--bare", "-q", str(bare))
    line = f"refs/heads/main {ids['tip']} refs/heads/main {'0' * 40}\n".encode()
    outs = []
    for jobs in ("1", "2", "3"):
        result = repo.tool("pre-push", "--format", "json", "--jobs", jobs, "nowhere", str(bare), stdin=line)
        assert result.code == 1, result.out
        outs.append(result.out)
    assert outs[0] == outs[1] == outs[2]
    got = {(commit, path) for commit, path, _, _ in _findings(outs[0])}
    assert (ids["root"], "root.md") in got
    assert (ids["side"], "side.txt") not in got  # the side commit adds a plain line
    assert (ids["merge"], "side.txt") in got


def test_default_jobs_is_the_cores_at_most_the_cap() -> None:
    assert range_jobs(1) == 1
    assert range_jobs(3) == 3
    cores = len(os.sched_getaffinity(0))
    assert range_jobs() == min(cores, MAX_DEFAULT_JOBS)
    assert range_jobs(MAX_DEFAULT_JOBS + 3) == MAX_DEFAULT_JOBS + 3  # asked for


C1, C2, C3 = "1" * 40, "2" * 40, "3" * 40


@pytest.mark.parametrize(
    "shown",
    [(C1,), (C2, C1), (C1, C2, C3), (C1, C1), ()],
    ids=["one-missing", "out-of-order", "one-extra", "repeated", "none"],
)
def test_a_stream_that_is_not_exactly_the_listed_commits_blocks(shown: tuple[str, ...]) -> None:
    def show_all() -> None:
        share = ShareCheck([C1, C2])
        for commit in shown:
            share.shown(commit)
        share.finish()

    with pytest.raises(CannotVerify) as err:
        show_all()
    assert err.value.code == "unparsable-diff"


def test_the_listed_commits_in_order_pass_the_stream_check() -> None:
    share = ShareCheck([C1, C2])
    share.shown(C1)
    share.shown(C2)
    share.finish()
    assert share.done == 2


def test_diff_tree_skips_an_unknown_commit_silently_so_the_share_check_is_needed(
    history: tuple[Repo, dict[str, str]],
) -> None:
    # git diff-tree --stdin passes over an id it cannot read with exit 0: only the check that
    # every listed commit was shown turns that into a block.
    repo, ids = history
    args, stdin = diff_tree_args([ids["tip"], "0" * 39 + "1"])
    out = repo.git(*args, stdin=stdin)
    assert out.code == 0 and "0" * 39 + "1" not in out.out
    share = ShareCheck([ids["tip"], "0" * 39 + "1"])
    share.shown(ids["tip"])
    with pytest.raises(CannotVerify):
        share.finish()


def test_no_commits_never_runs_git_on_nothing() -> None:
    with pytest.raises(GitError):
        diff_tree_args([])


def _batch(*objects: tuple[bytes, bytes] | bytes) -> bytes:
    out = b""
    for obj in objects:
        if isinstance(obj, bytes):
            out += obj + b" missing\n"
        else:
            kind, data = obj
            out += b"%s %s %d\n" % (b"f" * 40, kind, len(data)) + data + b"\n"
    return out


def test_batch_reader_fed_in_any_pieces_gives_every_answer() -> None:
    data = _batch((b"commit", b"tree x\n\nmessage\n"), b"HEAD:a b 12", (b"blob", b""), (b"blob", b"\n\n1 2 3\n"))
    expected = [("commit", b"tree x\n\nmessage\n"), ("missing", None), ("blob", b""), ("blob", b"\n\n1 2 3\n")]
    for size in (1, 2, 3, 7, len(data)):
        reader = BatchReader(4)
        answers = [a for k in range(0, len(data), size) for a in reader.feed(data[k : k + size])]
        reader.close()
        assert answers == expected, size


@pytest.mark.parametrize(
    ("data", "count"),
    [
        (_batch((b"commit", b"abc")), 2),  # one answer missing at the end
        (_batch((b"commit", b"abc"))[:-2], 1),  # an object cut short
        (_batch((b"commit", b"abc")) + b"extra", 1),  # more than asked
        (b"%s commit 3\nabcX" % (b"f" * 40), 1),  # no newline after the object
    ],
    ids=["ended-early", "short-object", "extra-output", "bad-terminator"],
)
def test_batch_reader_refuses_output_that_is_not_the_answers(data: bytes, count: int) -> None:
    def read_all() -> None:
        reader = BatchReader(count)
        reader.feed(data)
        reader.close()

    with pytest.raises(GitError):
        read_all()


def test_batch_reader_reads_past_objects_over_its_limit_in_any_pieces() -> None:
    """Over the limit, an object is read past as it comes (never held): its answer has no
    content, and the answers after it are whole."""
    data = _batch((b"blob", b"1234"), (b"blob", b"12345"), b"HEAD:x", (b"blob", b"\n" * 300), (b"tree", b"ab"))
    expected = [("blob", b"1234"), ("blob", None), ("missing", None), ("blob", None), ("tree", b"ab")]
    for size in (1, 2, 3, 7, 64, len(data)):
        reader = BatchReader(5, limit=4)
        answers = [a for k in range(0, len(data), size) for a in reader.feed(data[k : k + size])]
        reader.close()
        assert answers == expected, size


@pytest.mark.parametrize(
    "data",
    [
        _batch((b"blob", b"123456"))[:-3],  # cut short while read past
        _batch((b"blob", b"123456"))[:-1],  # its newline missing
        _batch((b"blob", b"123456"))[:-1] + b"X",  # no newline after it
    ],
    ids=["short-object", "ended-before-newline", "bad-terminator"],
)
def test_batch_reader_refuses_an_object_read_past_that_is_not_whole(data: bytes) -> None:
    def read_all() -> None:
        reader = BatchReader(1, limit=4)
        reader.feed(data)
        reader.close()

    with pytest.raises(GitError):
        read_all()


def test_a_process_started_while_the_others_are_read_is_read_too(history: tuple[Repo, dict[str, str]]) -> None:
    """The range engine starts each batch's blob reader while it reads the listing: ``pieces``
    reads it with the others, and ``drain`` reads one alone to its end."""
    repo, ids = history
    commits = [ids["tip"], ids["root"]]
    out: dict[int, bytes] = {}
    ends = []
    later = -1
    with StreamSet(cwd=str(repo.path)) as streams:
        first = streams.start(*cat_file_args(commits))
        for k, piece in streams.pieces():
            out[k] = out.get(k, b"") + piece
            if not piece:
                ends.append(k)
            if later < 0:
                later = streams.start(*diff_tree_args(commits))
        alone = streams.start(*cat_file_args(commits[:1]))
        drained = [piece for k, piece in streams.drain(alone)]
        assert list(streams.drain(alone)) == []  # read to its end already
    assert sorted(ends) == [first, later] and drained[-1] == b""
    assert out[first].count(b" commit ") == 2 and b"".join(drained).count(b" commit ") == 1
    assert out[later].startswith(ids["tip"].encode() + b"\0")


def test_a_process_started_and_not_read_is_an_error(history: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = history
    with pytest.raises(GitError, match="not read to the end"), StreamSet(cwd=str(repo.path)) as streams:
        streams.start(*cat_file_args([ids["tip"]]))


def test_a_failing_process_among_several_is_a_git_error(history: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = history
    good = diff_tree_args([ids["tip"]])
    bad = (("diff-tree", "--no-such-option"), None)
    with pytest.raises(GitError, match="exit 129"), stream_many([good, bad], cwd=str(repo.path)) as pieces:
        for _ in pieces:
            pass


def test_several_processes_are_read_to_their_ends(history: tuple[Repo, dict[str, str]]) -> None:
    repo, ids = history
    commits = [ids["tip"], ids["root"]]
    out: dict[int, bytes] = {0: b"", 1: b""}
    ends = []
    with stream_many([cat_file_args(commits), diff_tree_args(commits)], cwd=str(repo.path)) as pieces:
        for k, piece in pieces:
            if piece:
                out[k] += piece
            else:
                ends.append(k)
    assert sorted(ends) == [0, 1]
    assert out[0].count(b" commit ") == 2
    assert out[1].startswith(ids["tip"].encode() + b"\0")
    assert (b"\0" + ids["root"].encode() + b"\0") in out[1]


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are a Linux setting")
def test_git_may_write_a_mebibyte_ahead_of_its_reader(history: tuple[Repo, dict[str, str]]) -> None:
    """git's output pipes hold PIPE_SIZE (where the system allows it), so that git lists the
    next changes, or inflates the next blobs, while the last ones are scanned."""
    repo, ids = history
    with open("/proc/sys/fs/pipe-max-size") as fh:
        wanted = min(PIPE_SIZE, int(fh.read()))
    with stream_git(("cat-file", "--batch"), cwd=str(repo.path), stdin=ids["tip"].encode() + b"\n") as out:
        assert fcntl.fcntl(out.fileno(), fcntl.F_GETPIPE_SZ) >= wanted
        assert b" commit " in out.read()


_header_st = st.sampled_from(
    [
        b"tree " + b"a" * 40,
        b"parent " + b"b" * 40,
        b"author A <a@x> 1 +0000",
        b"committer A <a@x> 1 +0000",
        b"encoding ISO-8859-1",
        b"encoding UTF-8",
        b"encoding no-such-charset",
        b"gpgsig -----BEGIN-----",
        b" encoding ISO-8859-1",
        b" \n",
        b"mergetag object x",
        b"encodingX y",
    ]
)
_message_st = st.lists(
    st.sampled_from([b"caf\xe9 PRODUCTION_PASS", b"plain", b"", b"\n", b"encoding ISO-8859-1", "ｃｕｔ".encode()]),
    max_size=4,
).map(b"\n".join)


@settings(max_examples=examples(500))
@given(st.lists(_header_st, min_size=1, max_size=6), _message_st, st.booleans())
@example([b"encoding ISO-8859-1"], b"caf\xe9", True)  # no "tree" line first (found by this test)
def test_the_encoding_fast_path_is_split_object(headers: list[bytes], message: bytes, separated: bool) -> None:
    raw = b"\n".join(headers) + (b"\n\n" + message if separated else b"")
    assert object_encoding(raw) == split_object(raw)[0].get(b"encoding", b"")


def test_a_message_is_read_re_encoded_and_as_stored() -> None:
    from rehearsal_hook.checks.policy import Policy
    from rehearsal_hook.config import Config

    policy = Policy(Config())
    raw = b"tree " + b"a" * 40 + b"\nencoding ISO-8859-1\n\ncaf\xe9 CUTOVER_PA\xadSS\n"
    [found] = object_message_findings(policy, raw, "(commit message)", "c" * 40)
    assert found.line == 1 and found.column == 6  # (the soft hyphen, as git shows it in UTF-8)
    with pytest.raises(CannotVerify):
        object_message_findings(policy, raw.replace(b"ISO-8859-1", b"no-such-charset"), "m", "c" * 40)


def test_stopping_before_the_end_is_an_error_not_a_hang(history: tuple[Repo, dict[str, str]]) -> None:
    # Found in review: the clean-up joined cat-file's input thread before closing its output,
    # and a cat-file blocked on a full pipe never read the rest of its input.
    repo, ids = history
    commits = list_commits([ids["tip"]], [], [], cwd=str(repo.path))
    assert len(commits) == N + 1  # and the side branch's commit
    requests = [cat_file_args(commits * 50), diff_tree_args(commits)]
    with pytest.raises(GitError, match="not read to the end"), stream_many(requests, cwd=str(repo.path)) as pieces:
        next(pieces)


def test_a_thread_that_cannot_start_leaves_no_git_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import threading

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    with pytest.raises(GitError, match="cannot feed git"):
        list(cat_file(["HEAD"], cwd=str(tmp_path)))


def test_a_range_with_more_tips_than_a_command_line_holds(history: tuple[Repo, dict[str, str]]) -> None:
    # Found in review: the tips and bases went on rev-list's command line, and a push of tens
    # of thousands of refs failed with "Argument list too long" (blocked, but never passable).
    repo, ids = history
    many = [ids["tip"]] * 70_000  # 2.9 MB of ids: more than ARG_MAX allows here
    assert len(list_commits(many, [ids["root"]] * 70_000, [], cwd=str(repo.path))) == N
    assert boundary_commits(many, [ids["merge"]], [], cwd=str(repo.path)) == [ids["merge"]]
