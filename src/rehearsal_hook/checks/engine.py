"""The check: (rules, path, bytes) -> findings.  Pure; sources feed it, reporters format it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from typing import TYPE_CHECKING, Literal, NamedTuple

from rehearsal_hook.config import Config, forbidden_token_words
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import BY_ALLOWED, BY_CONFIG_FILE, BY_CONTEXT, BY_PRAGMA, CheckResult, Excuse, Finding
from rehearsal_hook.scan.decode import decode_text, utf_bom
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenHit, TokenMatcher, redact_token
from rehearsal_hook.scan.readings import RENDER_HINTS
from rehearsal_hook.scan.stream import scan_file_chunks
from rehearsal_hook.scan.text import scan_bytes, scan_str

if TYPE_CHECKING:
    import pathspec

# The classes of gated paths (config: probe-files, request-files, report-files).
PathClass = Literal["probe", "request", "report"]
PROBE: PathClass = "probe"
REQUEST: PathClass = "request"
REPORT: PathClass = "report"

# git's modes for the entries that are not files: a symbolic link, a submodule (gitlink).
LINK_MODE, GITLINK_MODE = "120000", "160000"


# The characters HFS+ leaves out of a file name (git's own list, utf8.c next_hfs_char): on such
# a volume ``x.rehearsal<U+200C>.json`` is the file ``x.rehearsal.json``.
_HFS_IGNORED = dict.fromkeys([0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x206A, 0x2070), 0xFEFF])


def class_key(path: str) -> str:
    """How a path is compared with the path classes: without case -- macOS and Windows open
    ``Rehearsal/Requests/x.JSON`` as ``rehearsal/requests/x.json``, and so do case-insensitive
    readers -- composed (NFC: macOS stores names decomposed), and without the characters HFS+
    ignores in names.  Only the classes: permitted contexts are exemptions and stay exact (a
    looser match would widen them)."""
    if path.isascii():
        return path.lower()
    import unicodedata

    return unicodedata.normalize("NFC", path.translate(_HFS_IGNORED)).casefold()


def _literal_runs(pattern: str) -> list[str] | None:
    """The literal runs of a positive gitignore pattern: any path it matches contains each of
    them (wildcards match characters *of the path*, so the text between them appears as it
    is).  None for a pattern this reasoning does not cover (escapes), which is then always
    handed to pathspec; [] for a comment, a blank line or a negation (negations only ever
    un-match, so they cannot make a path match)."""
    line = pattern.rstrip()
    if not line or line.startswith(("#", "!")):
        return []
    if "\\" in line:
        return None
    # ``**`` takes its slashes with it: ``a/**/b`` also matches ``a/b``.
    runs = re.split(r"/?\*\*/?|[*?]|\[[^\]]*\]?", line.lstrip("/"))
    return [r for r in runs if r]


def _folder_segments(pattern: str) -> list[str] | None:
    """The segments of a positive pattern with a slash before its end (gitignore anchors it at
    the root: ``rehearsal/requests/**/*.json``), or None.  A pattern without one matches a name
    at any depth (``*.rehearsal.json``): a file reached through a folder link is then in the
    same class under its own stored name, so only anchored patterns can put a path below a
    link in a class its stored name is not in."""
    line = pattern.rstrip()
    if not line or line.startswith(("#", "!")):
        return None
    body = line.rstrip("/")
    if "/" not in body:
        return None
    return [s for s in body.lstrip("/").split("/") if s]


def _leads_below(segments: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether some path ``parts/...`` (at least one more name) matches the anchored pattern
    ``segments``: the names of ``parts`` are matched one by one (``**`` takes any number of
    them), and either the pattern still has segments left or a folder along the way already
    matched it whole (gitignore: everything below a matched folder matches)."""
    from fnmatch import fnmatchcase

    def closure(states: set[int]) -> set[int]:
        out = set(states)
        for i in sorted(states):
            while i < len(segments) and segments[i] == "**":
                i += 1
                out.add(i)
        return out

    states = closure({0})
    for part in parts:
        if len(segments) in states:
            return True
        after = set()
        for i in states:
            seg = segments[i]
            if seg == "**":
                after.add(i)
            # A segment with an escape is not read here: taken to match anything (blocks more).
            elif "\\" in seg or fnmatchcase(part, seg):
                after.add(i + 1)
        states = closure(after)
        if not states:
            return False
    return True


class PathPatterns:
    """gitignore-style patterns, matched by pathspec, behind a pre-filter of literal runs:
    a path that lacks a literal run of every positive pattern matches none of them.  On a full
    scan that settles almost every path with a few substring tests, and a commit of ordinary
    files never even imports pathspec (its import alone costs about 35 ms)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self._patterns = list(patterns)
        self._spec: pathspec.GitIgnoreSpec | None = None
        self._runs: list[list[str]] = []
        self._always = False
        for line in self._patterns:
            runs = _literal_runs(line)
            if runs is None or (runs == [] and line.strip() and not line.lstrip().startswith(("#", "!"))):
                self._always = True  # cannot pre-filter this pattern: ask pathspec every time
            elif runs:
                self._runs.append(runs)
        self.empty = not self._always and not self._runs
        self._folders = [f for f in map(_folder_segments, self._patterns) if f is not None]
        # The runs of one pattern appear in the path in order: one regex tests every pattern.
        self.prefilter = "|".join(".*".join(map(re.escape, runs)) for runs in self._runs)
        self._pre = re.compile(self.prefilter, re.S) if self._runs else None

    def may_match(self, path: str) -> bool:
        return self._always or (self._pre is not None and self._pre.search(path) is not None)

    def may_match_below(self, path: str) -> bool:
        """Whether a path below ``path`` (a folder name) can match an anchored pattern."""
        parts = [p for p in path.split("/") if p]
        return any(_leads_below(segments, parts) for segments in self._folders)

    def match(self, path: str) -> bool:
        if not self.may_match(path):
            return False
        if self._spec is None:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(self._patterns)
        return bool(self._spec.match_file(path))


class Policy:
    """The policy a check applies: a Config compiled into path classes and the token matcher.
    Built once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.matcher = TokenMatcher((*SEED_FORBIDDEN_TOKENS, *config.forbidden_tokens))
        self.allowed_tokens = frozenset(config.allowed_tokens)
        # In precedence order: a path matching several classes is the first of these.
        self._classes = [
            (PROBE, PathPatterns(map(class_key, config.probe_files))),
            (REQUEST, PathPatterns(map(class_key, config.request_files))),
            (REPORT, PathPatterns(map(class_key, config.report_files))),
        ]
        self._permitted = PathPatterns(config.permitted_contexts)
        # One search for all three classes first: most paths of a full scan are in none.
        specs = [spec for _, spec in self._classes]
        always = any(s._always for s in specs)
        joined = "|".join(s.prefilter for s in specs if s.prefilter)
        self._any_class = None if always or not joined else re.compile(joined, re.S)
        self._no_class = not always and not joined
        # name_may_hold_token's four tests as one search (a full scan asks it of every path):
        # an alternation matches somewhere iff one of its alternatives does, and the hints'
        # patterns hold no class that reads ASCII text differently as str and as bytes.
        self._name_hint = re.compile(
            "|".join(
                [
                    "[^\\x00-\\x7f]",
                    "\\x00",
                    *(re.escape(n.decode()) for n in self.matcher.needles),
                    *(p.pattern for c, p in RENDER_HINTS if c.isascii()),
                ]
            )
        )

    def classify(self, path: str) -> PathClass | None:
        """The class of a path (PROBE, REQUEST, REPORT) or None; compared by ``class_key``."""
        if self._no_class:
            return None
        path = class_key(path)
        if self._any_class is not None and self._any_class.search(path) is None:
            return None
        for kind, spec in self._classes:
            if spec.match(path):
                return kind
        return None

    def class_below(self, path: str) -> PathClass | None:
        """The class of the files that can lie below ``path`` taken as a folder, by the
        anchored patterns (``rehearsal`` and ``rehearsal/requests`` for
        ``rehearsal/requests/**/*.json``), or None; compared by ``class_key``."""
        path = class_key(path)
        for kind, spec in self._classes:
            if spec.may_match_below(path):
                return kind
        return None

    def gated_entry(self, path: str, mode: str) -> bool:
        """Whether an entry is gated: a path in a class, or a link or submodule where files of
        a class can lie below it (``entry_finding``)."""
        if self.classify(path) is not None:
            return True
        return mode in (LINK_MODE, GITLINK_MODE) and self.class_below(path) is not None

    def permitted(self, path: str) -> bool:
        return self._permitted.match(path)

    def name_may_hold_token(self, path: str) -> bool:
        """False when a path cannot hold a token: plain ASCII without any needle, and nothing a
        renderer decodes (``%5F``, ``&#95;``...: see scan.readings.may_render).  The same as
        ``not path.isascii() or "\\0" in path or <a needle in path> or may_render(path.encode())``
        (tests/unit/test_render_prefilter.py), in one search."""
        return self._name_hint.search(path) is not None


# A file's content: its bytes, or -- for a file too large to hold in memory -- a function
# that opens it and yields chunks (it may be called twice).
Content = bytes | Callable[[], Iterator[bytes]]


class LinkText(bytes):
    """The content git stores for a symbolic link: the path it points to.  Every reader (a
    checkout, ``cat``, a program opening the path) follows the link instead, so a gated file
    that is a link is not what would be checked (``entry_finding``)."""


class Gitlink(bytes):
    """A submodule entry (gitlink): no content of this repository, only a name to check."""


def entry_finding(policy: Policy, path: str, mode: str, *, commit: str | None = None) -> Finding | None:
    """What the kind of a tree, index or file-system entry alone decides: a request, report or
    probe file that is a symbolic link or a submodule blocks.  Readers get what it points to,
    while the gate would read the link text (or nothing); following a link instead would read
    a file that is not the one stored under this name, outside the repository or not in the
    change at all.  So does a link or submodule where gated files can lie below it
    (``rehearsal`` -> ``other``: readers open ``rehearsal/requests/x.json`` and get
    ``other/requests/x.json``, stored under a name no class gates, or another repository's
    file).  One rule for every mode (paths, --all-files, the index, ranges, pushes)."""
    if mode not in (LINK_MODE, GITLINK_MODE):
        return None
    what = "a symbolic link" if mode == LINK_MODE else "a submodule"
    kind = policy.classify(path)
    if kind is not None:
        message = f"{kind} file is {what}: readers get what it points to, not what is checked"
    else:
        below = policy.class_below(path)
        if below is None:
            return None
        message = (
            f"{what} where {below} files can lie below it: readers reach them through it, "
            "while no such file is stored (and gated) under that name"
        )
    return Finding(path, 1, 1, "gated-link", message, commit=commit)


# Attributes that make the bytes a checkout or ``git archive`` ships differ from the stored
# blob: keyword expansion (export-subst, ident), any filter (clean/smudge, Git LFS: the blob is
# then a pointer), a re-encoding (working-tree-encoding).  Line-ending conversion (text, eol,
# crlf) is left alone: it only turns LF into CRLF, which changes neither JSON nor a token.
REWRITING_ATTRIBUTES = ("export-subst", "filter", "ident", "working-tree-encoding")


# ... and line-ending conversion, which is harmless to UTF-8 (a 0x0A byte there is always a
# line feed, between JSON tokens) but not to UTF-16: a checkout that converts inserts a CR byte
# before every 0x0A byte, those inside a character too, and every code unit after it is read
# shifted by one byte -- other characters, chosen by whoever wrote the file, until the next
# such byte shifts them back (found attacking main: a request the gate allowed read as a
# production one after a checkout with '*.json text eol=crlf').
LINE_ENDING_ATTRIBUTES = ("text", "eol", "crlf")


def converts_line_endings(values: Mapping[str, str]) -> bool:
    """Whether a checkout may turn LF bytes into CR LF without looking at the content: ``text``
    or ``crlf`` set (on a machine with core.autocrlf or core.eol=crlf), ``eol=crlf``.
    ``text=auto`` looks first and leaves a file with a NUL byte alone, as every UTF-16 JSON
    text is (its ASCII characters have a zero byte)."""
    text, eol, crlf = (values.get(a, "unspecified") for a in LINE_ENDING_ATTRIBUTES)
    if text in ("unset", "auto") or crlf == "unset":
        return False
    return text != "unspecified" or crlf == "set" or eol not in ("unspecified", "unset", "lf")


def has_utf16_bom(data: bytes) -> bool:
    """Whether content starts with a UTF-16 or UTF-32 BOM (decode.utf_bom: the one place that
    knows BOMs), text whose line ending bytes a conversion would break."""
    return utf_bom(data) is not None


def attribute_finding(
    policy: Policy, path: str, values: Mapping[str, str], *, commit: str | None = None, utf16: bool = False
) -> Finding | None:
    """A gated path carrying a rewriting attribute blocks; ``values`` are git check-attr's
    answers (``unspecified``, ``unset``, ``set`` or a value).  Any value but unspecified or
    unset counts: git itself ignores some (``export-subst=x``), but they say the content was
    meant to change.  A UTF-16 file (``utf16``) whose line endings a checkout converts blocks
    too."""
    kind = policy.classify(path)
    if kind is None:
        return None
    found = [a for a in REWRITING_ATTRIBUTES if values.get(a, "unspecified") not in ("unspecified", "unset")]
    shifted = utf16 and converts_line_endings(values)
    if shifted:
        found += [a for a in LINE_ENDING_ATTRIBUTES if values.get(a, "unspecified") not in ("unspecified", "unset")]
    if not found:
        return None
    named = ", ".join(a if values[a] == "set" else f"{a}={values[a]}" for a in found)
    why = " (a line-ending conversion shifts UTF-16 text: keep it UTF-8, or set -text)" if shifted else ""
    return Finding(
        path,
        1,
        1,
        "gated-attribute",
        f"{kind} file has attributes that rewrite its content ({named}): what readers get is not what is checked{why}",
        commit=commit,
    )


def unrooted_class_finding(policy: Policy, path: str, absolute: str) -> Finding | None:
    """For a path in no repository: the path classes are relative to a root that is unknown
    here, so each folder above it could be that root.  When the suffixes of ``absolute`` do not
    all fall in the class ``path`` (as given) falls in, its class cannot be decided: it
    blocks (``cd rehearsal && check requests/x.json`` would otherwise gate nothing)."""
    parts = [p for p in absolute.split("/") if p]
    kind = policy.classify(path)
    suffixes = (policy.classify("/".join(parts[i:])) for i in range(len(parts)))
    others = {k for k in suffixes if k is not None and k != kind}
    if not others:
        return None
    return Finding(
        path,
        1,
        1,
        "unclassified-path",
        f"in no git repository, so its class cannot be decided: it would be a {', '.join(sorted(others))} "
        "file below another folder (check it from inside its repository)",
    )


def entry_mode(data: Content) -> str | None:
    """The git mode a loaded content stands for, when it is not a plain file."""
    if isinstance(data, LinkText):
        return LINK_MODE
    if isinstance(data, Gitlink):
        return GITLINK_MODE
    return None


class Item(NamedTuple):
    """A path to check and how to get its content (``load`` raises CannotVerify).  A named
    tuple, not a dataclass: a full scan makes one per file."""

    path: str
    load: Callable[[], Content]
    commit: str | None = None


def allowed_token(policy: Policy, token: str) -> Excuse | None:
    """``BY_ALLOWED`` when ``token`` (as read: disguises undone) is in allowed-tokens."""
    return BY_ALLOWED if token in policy.allowed_tokens else None


def context_exemption(policy: Policy, path: str, kind: PathClass | None, *, name: bool = False) -> Excuse | None:
    """What excuses every token of a file (``name``: of its name) by where it is: the active
    config file, a permitted context.  Never a request or report file."""
    if name:
        return BY_CONTEXT if kind is None and policy.permitted(path) else None
    if kind in (REQUEST, REPORT):
        return None
    if policy.config.source and path == policy.config.source:
        return BY_CONFIG_FILE  # for the words of its forbidden-tokens line (token_findings)
    return BY_CONTEXT if policy.permitted(path) else None


def check_path_name(policy: Policy, path: str, *, commit: str | None = None) -> list[Finding]:
    """A file or folder name can introduce a token too."""
    if not policy.name_may_hold_token(path):
        return []
    excused = context_exemption(policy, path, policy.classify(path), name=True)
    return [
        Finding(
            path,
            0,
            h.column,
            "seal-token-path",
            f"path introduces seal-like token {redact_token(h.token)}",
            redact_token(h.token),
            excused or allowed_token(policy, h.token),
            commit,
        )
        for h in scan_str(policy.matcher, path)
    ]


def check_blob(policy: Policy, path: str, data: Content, *, commit: str | None = None) -> list[Finding]:
    """Every finding for one file's content: tokens, then the rules of its class.  A link is
    scanned as its text (what git stores) but never gated as a file; a submodule only by name."""
    kind = policy.classify(path)
    findings = check_path_name(policy, path, commit=commit)
    mode = entry_mode(data)
    if mode is not None:
        entry = entry_finding(policy, path, mode, commit=commit)
        if entry is not None:
            findings.append(entry)
        if mode == GITLINK_MODE or not isinstance(data, bytes):
            return findings
        hits = scan_bytes(policy.matcher, data)
        return findings + (token_findings(policy, path, kind, hits, commit=commit, data=data) if hits else [])
    hits = scan_bytes(policy.matcher, data) if isinstance(data, bytes) else scan_file_chunks(policy.matcher, data)
    if hits:
        findings += token_findings(
            policy, path, kind, hits, commit=commit, data=data if isinstance(data, bytes) else None
        )
    if isinstance(data, bytes):
        findings += class_findings(policy, path, kind, data, commit=commit)
    elif kind in (REQUEST, REPORT):
        from rehearsal_hook.checks.strictjson import MAX_BYTES

        # Streamed means far over the limit: no need to read it to know it blocks.
        findings.append(
            Finding(path, 1, 1, "request-too-large", f"{kind} file is larger than {MAX_BYTES} bytes", commit=commit)
        )
    return findings


def token_findings(
    policy: Policy,
    path: str,
    kind: PathClass | None,
    hits: Iterable[TokenHit],
    *,
    commit: str | None = None,
    data: bytes | None = None,
) -> list[Finding]:
    """Seal-token findings, each marked with what excuses it, if anything.  ``data``: the
    content the hits were found in; in the active config file only the words of its
    ``forbidden-tokens`` line are exempt, and without ``data`` none is."""
    findings: list[Finding] = []
    exempt = context_exemption(policy, path, kind)
    named: frozenset[tuple[int, int, str]] = frozenset()
    if exempt == BY_CONFIG_FILE:
        hits = list(hits)  # the file is parsed (twice) to tell its key apart: only when needed
        text = decode_text(data) if data is not None and hits else None
        named = forbidden_token_words(text, source=path) if text is not None else frozenset()
        # Elsewhere in the file: only what would excuse it in any other file.
        elsewhere = BY_CONTEXT if policy.permitted(path) else None
    pragma_ok = policy.config.allow_inline_pragma and kind not in (REQUEST, REPORT)
    for hit in hits:
        short = redact_token(hit.token)
        context = exempt
        if exempt == BY_CONFIG_FILE and (hit.line, hit.column, hit.token) not in named:
            context = elsewhere
        excused = context or allowed_token(policy, hit.token) or (BY_PRAGMA if pragma_ok and hit.pragma else None)
        findings.append(
            Finding(path, hit.line, hit.column, "seal-token", f"seal-like token {short}", short, excused, commit)
        )
    return findings


def class_findings(
    policy: Policy, path: str, kind: PathClass | None, data: bytes, *, commit: str | None = None
) -> list[Finding]:
    """The rules of the file's class: requests are gated, probe files must block, reports
    must be consistent."""
    findings: list[Finding] = []
    if kind is None:
        return findings
    # Imported here: most commits touch no request or report, and a hook's start-up counts.
    from rehearsal_hook.checks.gate import gate_document
    from rehearsal_hook.checks.report_files import check_report_file

    if kind in (REQUEST, PROBE):
        results = gate_document(policy.config, data)
        if kind == REQUEST:
            for res in results:
                where = f"request[{res.index}]: " if res.index is not None else ""
                for r in res.reasons:
                    findings.append(Finding(path, r.line, r.column, r.code, where + r.message, commit=commit))
        else:
            allowed = [res for res in results if res.allow]
            if allowed:
                where = ", ".join(f"[{r.index}]" for r in allowed if r.index is not None)
                findings.append(
                    Finding(
                        path,
                        allowed[0].line,  # the first request that passed
                        allowed[0].column,
                        "probe-not-blocked",
                        f"bad-input probe{(' ' + where) if where else ''} was ALLOWED by the gate "
                        "(a probe file must be blocked)",
                        commit=commit,
                    )
                )
    elif kind == REPORT:
        for r in check_report_file(data):
            findings.append(Finding(path, r.line, r.column, r.code, r.message, commit=commit))
    return findings


# Told (items done, items in all -- None when unknown) after each item; it decides itself
# whether to draw anything (console.ProgressLine), so the core knows nothing of terminals.
Progress = Callable[[int, int | None], None]


def check_item(policy: Policy, item: Item) -> list[Finding]:
    """One item's findings: its name, then its content (``check_blob``).  An item whose content
    cannot be read (``load`` raises CannotVerify) becomes a blocking finding on its path, never a
    skip.  Raises nothing for bad input (GitError and OutputError from a source pass through)."""
    try:
        # A streamed file is read inside check_blob, so it can fail there too.
        return check_blob(policy, item.path, item.load(), commit=item.commit)
    except CannotVerify as exc:
        found = check_path_name(policy, item.path, commit=item.commit)
        found.append(Finding(item.path, exc.line, exc.column, exc.code, exc.message, commit=item.commit))
        return found


def run_check(policy: Policy, items: Iterable[Item], progress: Progress | None = None) -> CheckResult:
    """Check every item in order, in this process (``check_item``).  Returns the findings and
    the count of items."""
    result = CheckResult()
    total = len(items) if progress is not None and isinstance(items, Sized) else None
    for item in items:
        result.files += 1
        result.findings.extend(check_item(policy, item))
        if progress is not None:
            progress(result.files, total)
    return result
