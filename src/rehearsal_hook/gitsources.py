"""Git as a source: the staged index, commit ranges, commit and tag messages, and the rules
(config and baseline) that apply to them.

Every byte comes from git objects, never from the working tree, except the client's config
and baseline, which must then match what is staged.  Bulk reads only: one ``git cat-file
--batch`` for the index, one streamed ``git log -p`` for a whole range.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rehearsal_hook import git, workspace
from rehearsal_hook.baseline import (
    BASELINE_FILE,
    Baseline,
    ContentKey,
    excuse,
    fingerprints,
    occurrences,
    parse_baseline,
)
from rehearsal_hook.config import CONFIG_FILE, PYPROJECT, Config, parse_config, select_config
from rehearsal_hook.engine import (
    PROBE,
    REPORT,
    REQUEST,
    Item,
    Progress,
    Rules,
    check_path_name,
    class_findings,
    run_check,
    token_findings,
)
from rehearsal_hook.errors import CannotVerify, ConfigError
from rehearsal_hook.findings import CheckReport, Finding
from rehearsal_hook.scanner import SEAL_LIKE_PATTERN, TokenHit, redact_token, scan_bytes, scan_str

if TYPE_CHECKING:
    from rehearsal_hook.logpatch import FileChange

GITLINK_MODE = "160000"
RULES_FILES = (CONFIG_FILE, PYPROJECT, BASELINE_FILE)
GATED = (PROBE, REQUEST, REPORT)


# ---------------------------------------------------------------------------------------------
# Rules: config and baseline


class RuleSet(NamedTuple):
    rules: Rules
    baseline: Baseline


def load_baseline(root: str | None, explicit: str | None) -> Baseline:
    """``--baseline FILE``, else ``.rehearsal-hook-baseline.json`` at the root, else none."""
    if explicit is None:
        if root is None:
            return Baseline()
        path, shown = os.path.join(root, BASELINE_FILE), BASELINE_FILE
        if not os.path.lexists(path):
            return Baseline()
    else:
        path, shown = explicit, explicit
    try:
        data = workspace.read_file(path)
    except CannotVerify as exc:
        raise ConfigError(f"baseline {shown}: {exc.message}") from None
    return parse_baseline(data, source=shown)


def client_rules(root: str | None, config_path: str | None, baseline_path: str | None) -> RuleSet:
    """The client's rules: from ``--config``/``--baseline`` or the working tree."""
    if root is None:
        # A bare repository has no working tree: its rules are the defaults or the options.
        config = workspace.load_config(os.getcwd(), config_path) if config_path else Config()
    else:
        config = workspace.load_config(root, config_path)
    return RuleSet(Rules(config), load_baseline(root, baseline_path))


def unstaged_rules_files(
    root: str, index: Mapping[str, bytes | None], *, config_path: str | None, baseline_path: str | None
) -> list[str]:
    """The rules files whose working-tree version is not the staged one.  ``index`` maps each
    of RULES_FILES to its staged bytes (None when not in the index)."""
    changed = []
    for name in RULES_FILES:
        if (name == BASELINE_FILE and baseline_path) or (name != BASELINE_FILE and config_path):
            continue
        path = os.path.join(root, name)
        try:
            worktree = workspace.read_file(path) if os.path.lexists(path) else None
        except CannotVerify:
            worktree = None
        if worktree == index[name]:
            continue
        # pyproject.toml changes all the time: only its [tool.rehearsal-hook] table matters.
        if name == PYPROJECT and _same_config(worktree, index[name]):
            continue
        changed.append(name)
    return changed


def _same_config(a: bytes | None, b: bytes | None) -> bool:
    try:
        left = parse_config(a, source=PYPROJECT) if a is not None else Config()
        right = parse_config(b, source=PYPROJECT) if b is not None else Config()
    except ConfigError:
        return False
    return left == right


def require_staged_rules(
    root: str | None, index: Mapping[str, bytes | None], *, config_path: str | None, baseline_path: str | None
) -> None:
    """Block when the config or baseline in the working tree is not what is staged: what is
    checked must be what is committed."""
    if root is None:
        return
    changed = unstaged_rules_files(root, index, config_path=config_path, baseline_path=baseline_path)
    if changed:
        names = " ".join(changed)
        raise CannotVerify(
            "rules-unstaged",
            f"{', '.join(changed)}: unstaged changes to the rules; stage them (git add -- {names}) "
            "or undo them, so that what is checked is what is committed",
        )


def staged_rules_files(root: str) -> dict[str, bytes | None]:
    names = [":" + n for n in RULES_FILES]
    return dict(zip(RULES_FILES, _blobs(names, git.cat_file(names, cwd=root)), strict=True))


def _blobs(names: Sequence[str], results: Iterator[tuple[str, bytes | None]]) -> list[bytes | None]:
    """The content of the next result for each name if it is a blob; None for a missing
    object.  Anything else where a file should be (a folder named like a config file) cannot
    be verified."""
    out = []
    for name, (kind, data) in zip(names, itertools.islice(results, len(names)), strict=True):
        if kind == "blob":
            out.append(data)
        elif kind == "missing":
            out.append(None)
        else:
            raise CannotVerify("not-a-file", f"{name}: is a {kind}, not a file")
    return out


def tree_rules(rev: str, *, cwd: str | None) -> tuple[tuple[bytes | None, ...], RuleSet]:
    """The rules as committed at ``rev`` (the server's view: never the pushed commits), with the
    raw files they came from (to group refs that share them)."""
    names = [f"{rev}:{n}" for n in RULES_FILES]
    files = tuple(_blobs(names, git.cat_file(names, cwd=cwd)))
    by_name = dict(zip(RULES_FILES, files, strict=True))
    try:
        config = select_config(by_name.__getitem__)
        baseline_data = by_name[BASELINE_FILE]
        baseline = parse_baseline(baseline_data, source=BASELINE_FILE) if baseline_data is not None else Baseline()
    except ConfigError as exc:
        raise ConfigError(f"{exc} (as committed at {rev[:12]})") from None
    return files, RuleSet(Rules(config), baseline)


# ---------------------------------------------------------------------------------------------
# The index


def staged_report(
    root: str, ruleset: RuleSet, *, config_path: str | None = None, baseline_path: str | None = None,
    progress: Progress | None = None,
) -> CheckReport:  # fmt: skip
    """Check what the next commit takes: the staged blob of every added, copied, modified,
    renamed or type-changed path (symlinks as their link text; gitlinks are another
    repository's business).  Also blocks when the rules files are not staged as they are."""
    entries = git.staged_changes(root)
    unmerged = [path for status, _, _, path in entries if status == "U"]
    if unmerged:
        raise CannotVerify("unmerged", f"unmerged paths in the index ({len(unmerged)}): resolve and stage them first")
    files = [(oid, path) for _, mode, oid, path in entries if mode != GITLINK_MODE]
    names = [":" + n for n in RULES_FILES] + [oid for oid, _ in files]
    results = git.cat_file(names, cwd=root)
    index = dict(zip(RULES_FILES, _blobs(names[: len(RULES_FILES)], results), strict=True))
    require_staged_rules(root, index, config_path=config_path, baseline_path=baseline_path)

    def items() -> Iterator[Item]:
        # Read lazily: each blob is checked as it arrives and then dropped.
        for (_, path), (kind, data) in zip(files, results, strict=True):
            yield Item(path, _loaded(kind, data, "staged blob"))

    tick = None if progress is None else (lambda done, _: progress(done, len(files)))
    report = run_check(ruleset.rules, items(), tick)
    blob_of: dict[ContentKey, str] = {(path, None): oid for oid, path in files}
    return apply_baseline(report, ruleset, lambda keys: _fetch_blobs(keys, blob_of, cwd=root))


def _loaded(kind: str, data: bytes | None, what: str) -> Callable[[], bytes]:
    def load() -> bytes:
        if kind != "blob" or data is None:
            raise CannotVerify("unreadable", f"{what} is {kind}: cannot read it")
        return data

    return load


def _fetch_blobs(
    keys: Sequence[ContentKey], blob_of: Mapping[ContentKey, str], *, cwd: str | None
) -> dict[ContentKey, bytes]:
    wanted = [k for k in keys if k in blob_of]
    out = {}
    for key, (kind, data) in zip(wanted, git.cat_file([blob_of[k] for k in wanted], cwd=cwd), strict=True):
        if kind == "blob" and data is not None:
            out[key] = data
    return out


def apply_baseline(
    report: CheckReport,
    ruleset: RuleSet,
    fetch: Callable[[Sequence[ContentKey]], Mapping[ContentKey, bytes]],
    *,
    partial: bool = False,
) -> CheckReport:
    """Mark the findings the baseline covers.  ``partial``: findings cover only the lines each
    commit adds, so the whole file at that commit is counted to see what is already there."""
    if not ruleset.baseline.entries or not report.blocking:
        return report
    fps = fingerprints(report.findings, fetch)
    present = None
    if partial:
        cache: dict[ContentKey, Mapping[str, int]] = {}

        def present(path: str, commit: str | None, fp: str) -> int:
            key = (path, commit)
            if key not in cache:
                data = fetch([key]).get(key)
                cache[key] = occurrences(ruleset.rules, path, data) if data is not None else {}
            return cache[key].get(fp, 0)

    report.findings = excuse(report.findings, fps, ruleset.baseline, present)
    return report


# ---------------------------------------------------------------------------------------------
# Messages and ref names


def message_findings(
    rules: Rules, message: bytes, label: str, commit: str | None, *, what: str = "message"
) -> list[Finding]:
    """Tokens in a commit or tag message (the inline pragma applies as in files)."""
    return [_message_finding(rules, h, label, commit, what) for h in scan_bytes(rules.matcher, message)]


def _message_finding(rules: Rules, h: TokenHit, label: str, commit: str | None, what: str) -> Finding:
    pragma = "pragma" if rules.config.allow_inline_pragma and h.pragma else None
    token = redact_token(h.token)
    return Finding(label, h.line, h.column, "seal-token-message", f"{what} holds seal-like token {token}", token,
                   pragma, commit)  # fmt: skip


# A line of a signature in a header (gpgsig, or a signed tag inside mergetag): armor or base64.
_ARMOR_LINE = re.compile(
    rb"(?:gpgsig |gpgsig-sha256 | )?(?:-----(?:BEGIN|END) [A-Z0-9 ]+-----|[A-Za-z0-9+/=]*)"
)
_SEAL_LIKE = re.compile(SEAL_LIKE_PATTERN)


def header_findings(
    rules: Rules, raw: bytes, label: str, oid: str, *, skip_first: bytes | None = None
) -> list[Finding]:
    """Tokens in the headers of a raw commit or tag: names in ``author``/``committer``/
    ``tagger``, a ``mergetag`` (a whole tag, message included), any extra header; read in the
    object's ``encoding`` too, as git shows them.  The first line starting with ``skip_first``
    is left out (a tag's name, checked as a ref name), without moving the others' line numbers.
    On signature lines (armor, base64) only seal-like tokens count: a configured
    forbidden token such as ``SIGNATURE`` would otherwise match every signed commit."""
    head = raw.partition(b"\n\n")[0]
    lines = head.split(b"\n")
    if skip_first is not None:
        first = next((i for i, line in enumerate(lines) if line.startswith(skip_first)), None)
        if first is not None:
            lines[first] = b""
            head = b"\n".join(lines)
    hits = scan_bytes(rules.matcher, head)
    reencoded = _reencoded(head, _header_value(lines, b"encoding"))
    if reencoded is not None:
        # As git shows them; plus any token only the raw bytes spell (never fewer).
        shown = scan_bytes(rules.matcher, reencoded)
        seen = {(h.line, h.token) for h in shown}
        hits = sorted([*shown, *(h for h in hits if (h.line, h.token) not in seen)])
    return [
        _message_finding(rules, h, label, oid, "header")
        for h in hits
        if _SEAL_LIKE.fullmatch(h.token) or not _ARMOR_LINE.fullmatch(lines[h.line - 1])
    ]


def _header_value(lines: Sequence[bytes], key: bytes) -> bytes:
    """The first value of header ``key`` (continuation lines start with a space)."""
    return next((line[len(key) + 1 :] for line in lines if line.startswith(key + b" ")), b"")


def _reencoded(text: bytes, encoding: bytes) -> bytes | None:
    """``text`` in UTF-8 when the object names another encoding and it decodes; else None.
    Disguised tokens must look to us as they do to a reader, and git re-encodes for display."""
    name = encoding.decode("ascii", "replace")
    if not name or name.lower().replace("-", "").replace("_", "") == "utf8":
        return None
    try:
        return text.decode(codecs.lookup(name).name).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return None  # the bytes as they are were scanned: the ASCII forms are found


def ref_findings(rules: Rules, ref: str) -> list[Finding]:
    return [
        Finding(ref, 0, h.column, "seal-token-ref", f"ref name introduces seal-like token {redact_token(h.token)}",
                redact_token(h.token))
        for h in scan_str(rules.matcher, ref)
    ]  # fmt: skip


def commit_message(raw: bytes) -> bytes:
    """The message of a raw commit, as ``split_object`` gives it, without taking the headers
    apart when there is no ``encoding`` header (almost always: the range's every commit)."""
    head, _, message = raw.partition(b"\n\n")
    if b"\nencoding " not in head and not head.startswith(b"encoding "):
        return message
    return split_object(raw)[1]


def split_object(raw: bytes) -> tuple[dict[bytes, bytes], bytes]:
    """(first value of each header, message) of a raw commit or tag object."""
    head, _, message = raw.partition(b"\n\n")
    headers: dict[bytes, bytes] = {}
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key and not line.startswith(b" "):
            headers.setdefault(key, value)
    reencoded = _reencoded(message, headers.get(b"encoding", b""))
    return headers, message if reencoded is None else reencoded


# ---------------------------------------------------------------------------------------------
# Commit ranges


class RangeSpec(NamedTuple):
    """The commits reachable from ``include`` and from none of ``exclude`` (object ids) or
    ``exclude_options`` (``--remotes=NAME``, ``--all``).  ``tips`` are the commits whose trees
    the gated files are checked at."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    exclude_options: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()


# A second ``git log`` process pays off only for a range this long per process.  Measured on 2
# cores (pre-push, --jobs 2 against --jobs 1): 200 commits 1.02x, 400 0.91x, 1,000 0.87x --
# below that the extra process and the contention with the parser eat the gain.
MIN_COMMITS_PER_JOB = 150


# The default never takes more than this many cores: each git log holds its own pack memory,
# and the cores counted are the machine's, not a container's CPU quota (review).
MAX_DEFAULT_LOG_JOBS = 4


def log_jobs(n_commits: int, jobs: int = 0) -> int:
    """How many ``git log`` processes share a range of ``n_commits``: ``jobs`` (0: the cores
    this process may run on, at most MAX_DEFAULT_LOG_JOBS), fewer for a short range."""
    if jobs <= 0:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        jobs = min(cores, MAX_DEFAULT_LOG_JOBS)
    return max(1, min(jobs, n_commits // MIN_COMMITS_PER_JOB))


def range_report(
    ruleset: RuleSet, spec: RangeSpec, *, cwd: str | None, report: CheckReport | None = None,
    progress: Progress | None = None, jobs: int = 0,
) -> CheckReport:  # fmt: skip
    """Check every commit of a range: the lines each one adds (merges: what the merge itself
    adds), the whole new blob where git shows no text diff, new file names, every message,
    and the gated files the range touches as they stand at the tips.

    The range is listed first (``rev-list``).  Its commits are dealt round-robin to one or
    more ``git log`` processes (several for a long range, see ``log_jobs``), which run at the
    same time as the ``cat-file`` reading their messages; all the streams are parsed as they
    arrive.  Findings are put back in the listed order, so the output does not depend on
    ``jobs`` or on which process was faster."""
    rules = ruleset.rules
    report = report if report is not None else CheckReport()
    commits = git.list_commits(spec.include, spec.exclude, spec.exclude_options, cwd=cwd)
    whole: list[FileChange] = []
    blob_of: dict[ContentKey, str] = {}
    touched: set[str] = set()
    if commits:
        found, messages = _scan_logs(rules, commits, log_jobs(len(commits), jobs), report, whole, blob_of, touched,
                                     progress, cwd=cwd)  # fmt: skip
        for commit in commits:
            report.findings.extend(found[commit])
        for commit in commits:
            report.findings.extend(messages[commit])
        order = {c: i for i, c in enumerate(commits)}
        whole.sort(key=lambda fc: order[fc.commit])  # stable: a commit's files stay in git's order
    names = [fc.new_blob or "" for fc in whole]
    gated = _gated_blobs(rules, spec.tips, sorted(touched), cwd=cwd)
    names += [oid for _, _, oid in gated]
    results = git.cat_file(names, cwd=cwd)
    for fc, (kind, data) in zip(whole, itertools.islice(results, len(whole)), strict=True):
        report.files += 1
        if kind != "blob" or data is None:
            problem = f"blob is {kind}: cannot read it"
            report.findings.append(Finding(fc.path, 1, 1, "unreadable", problem, commit=fc.commit))
            continue
        report.findings.extend(content_findings(rules, fc.path, data, fc.commit))
    for (tip, path, _), (kind, data) in zip(gated, results, strict=True):
        report.files += 1
        # Its tokens were checked where they were added; here only what needs the whole file.
        if kind != "blob" or data is None:
            problem = f"gated file is {kind}: cannot read it"
            report.findings.append(Finding(path, 1, 1, "unreadable", problem, commit=tip))
        else:
            report.findings.extend(class_findings(rules, path, rules.classify(path), data, commit=tip))
    return apply_baseline(report, ruleset, lambda keys: _fetch_blobs(keys, blob_of, cwd=cwd), partial=True)


def _scan_logs(
    rules: Rules, commits: Sequence[str], n: int, report: CheckReport, whole: list[FileChange],
    blob_of: dict[ContentKey, str], touched: set[str], progress: Progress | None, *, cwd: str | None,
) -> tuple[dict[str, list[Finding]], dict[str, list[Finding]]]:  # fmt: skip
    """Run the messages' ``cat-file`` and ``n`` ``git log`` processes and parse their streams
    as they come: (findings in the lines each commit adds, findings in its message)."""
    from rehearsal_hook.logpatch import PatchParser  # only ranges need the patch parser

    shares = [ShareCheck(commits[k::n]) for k in range(n)]
    parsers = [PatchParser(rules.matcher.needles) for _ in shares]
    batch = git.BatchReader(len(commits))
    found: dict[str, list[Finding]] = {c: [] for c in commits}
    messages: dict[str, list[Finding]] = {}
    pending = iter(commits)  # the message answers come in this order
    requests = [git.cat_file_args(commits), *(git.log_args(share.commits) for share in shares)]
    with git.stream_many(requests, cwd=cwd) as pieces:
        for k, piece in pieces:
            if k == 0:
                if not piece:
                    batch.close()
                for kind, raw in batch.feed(piece) if piece else ():
                    commit = next(pending)
                    if kind != "commit" or raw is None:
                        raise CannotVerify("unreadable", f"commit {commit[:12]}: cannot read it ({kind})")
                    messages[commit] = [
                        *header_findings(rules, raw, "(commit header)", commit),
                        *message_findings(rules, commit_message(raw), "(commit message)", commit),
                    ]
                continue
            share = shares[k - 1]
            for event in parsers[k - 1].feed(piece) if piece else parsers[k - 1].close():
                if isinstance(event, str):
                    share.shown(event)
                    if progress is not None:
                        progress(sum(s.done for s in shares), len(commits))
                else:
                    _file_change(rules, event, report, found[event.commit], whole, blob_of, touched)
            if not piece:
                share.finish()
    return found, messages


class ShareCheck:
    """The commits one ``git log`` was asked for: each must be shown exactly once, in that
    order, or the range is not what was checked."""

    def __init__(self, commits: Sequence[str]) -> None:
        self.commits = commits
        self.done = 0

    def shown(self, commit: str) -> None:
        if self.done >= len(self.commits) or commit != self.commits[self.done]:
            raise self._error(commit)
        self.done += 1

    def finish(self) -> None:
        if self.done != len(self.commits):
            raise self._error(self.commits[self.done])

    @staticmethod
    def _error(commit: str) -> CannotVerify:
        return CannotVerify(
            "unparsable-diff",
            f"git log did not show the commits listed for the range (at {commit[:12]}): cannot verify it",
        )


def _file_change(
    rules: Rules,
    fc: FileChange,
    report: CheckReport,
    findings: list[Finding],
    whole: list[FileChange],
    blob_of: dict[ContentKey, str],
    touched: set[str],
) -> None:
    if fc.deleted:
        return
    if rules.classify(fc.path) in GATED:
        touched.add(fc.path)
    if fc.created:
        findings.extend(check_path_name(rules, fc.path, commit=fc.commit))
    if fc.new_mode == GITLINK_MODE or not fc.new_blob or git.is_zero_sha(fc.new_blob):
        return
    blob_of[(fc.path, fc.commit)] = fc.new_blob
    if fc.binary:
        # git shows no text for it (binary, UTF-16, a -diff attribute): read the whole blob.
        whole.append(fc)
    elif fc.added:
        report.files += 1
        findings.extend(_added_line_findings(rules, fc))


def content_findings(rules: Rules, path: str, data: bytes, commit: str | None) -> list[Finding]:
    """The tokens of some content of ``path``.  Its name is checked once, where the file is
    created; the class rules (gate, report checks) need the whole file and run at the tips."""
    return token_findings(rules, path, rules.classify(path), scan_bytes(rules.matcher, data), commit=commit)


def _added_line_findings(rules: Rules, fc: FileChange) -> list[Finding]:
    lines = [text for _, text in fc.added]
    joined = b"\n".join(lines)
    if b"\r" not in joined:
        # One scan for all the lines a commit adds to a file; its line k is added line k.
        return [_renumber(f, fc.added[f.line - 1][0]) for f in content_findings(rules, fc.path, joined, fc.commit)]
    # A lone CR is a line end to the scanner but not to git: scan line by line.
    found: list[Finding] = []
    for lineno, text in fc.added:
        found.extend(_renumber(f, lineno) for f in content_findings(rules, fc.path, text, fc.commit))
    return found


def _renumber(f: Finding, line: int) -> Finding:
    return Finding(f.path, line, f.column, f.rule, f.message, f.token, f.excused_by, f.commit)


def _gated_blobs(
    rules: Rules, tips: Sequence[str], paths: Sequence[str], *, cwd: str | None
) -> list[tuple[str, str, str]]:
    """(tip, path, blob id) of the gated files the range touched, as they stand at each tip;
    a blob shared by several tips is checked once."""
    if not paths:
        return []
    seen: set[str] = set()
    out = []
    for tip in tips:
        for mode, kind, oid, path in git.ls_tree(tip, paths, cwd=cwd):
            if kind == "blob" and mode != GITLINK_MODE and oid not in seen and rules.classify(path) in GATED:
                seen.add(oid)
                out.append((tip, path, oid))
    return out
