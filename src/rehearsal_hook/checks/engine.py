"""The check: (rules, path, bytes) -> findings.  Pure; sources feed it, reporters format it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sized
from typing import NamedTuple

from rehearsal_hook.checks.entries import Content, entry_finding, entry_mode, short_name_finding
from rehearsal_hook.checks.policy import GITLINK_MODE, PROBE, REPORT, REQUEST, PathClass, Policy
from rehearsal_hook.config import forbidden_token_words
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import BY_ALLOWED, BY_CONFIG_FILE, BY_CONTEXT, BY_PRAGMA, CheckResult, Excuse, Finding
from rehearsal_hook.scan.decode import decode_text
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher, redact_token
from rehearsal_hook.scan.text import scan_bytes, scan_str


class Item(NamedTuple):
    """A path to check and how to get its content (``load`` raises CannotVerify).  A named
    tuple, not a dataclass: a full scan makes one per file."""

    path: str
    load: Callable[[], Content]
    commit: str | None = None


def allowed_token(policy: Policy, token: str) -> Excuse | None:
    """``BY_ALLOWED`` when ``token`` (as read: disguises undone) is in allowed-tokens."""
    return BY_ALLOWED if token in policy.allowed_tokens else None


def acted_on(policy: Policy, path: str, kind: PathClass | None) -> bool:
    """Whether readers act on the file of class ``kind`` (its first, Policy.classify) at
    ``path``: a request or report file, also one that is a probe file first (Policy.classes).
    Nothing excuses its tokens, and it is judged whole."""
    if kind == PROBE:
        return len(policy.classes(path)) > 1
    return kind in (REQUEST, REPORT)


def context_exemption(policy: Policy, path: str, kind: PathClass | None, *, name: bool = False) -> Excuse | None:
    """What excuses every token of a file (``name``: of its name) by where it is: the active
    config file, a permitted context.  Never a request or report file (``acted_on``)."""
    if name:
        return BY_CONTEXT if kind is None and policy.permitted(path) else None
    if acted_on(policy, path, kind):
        return None
    if policy.config.source and path == policy.config.source:
        return BY_CONFIG_FILE  # for the words of its forbidden-tokens line (token_findings)
    return BY_CONTEXT if policy.permitted(path) else None


def check_path_name(policy: Policy, path: str, *, commit: str | None = None) -> list[Finding]:
    """A file or folder name can introduce a token too."""
    if not policy.name_may_hold_token(path):
        return []
    try:
        hits = name_hits(policy.matcher, path)
    except CannotVerify as exc:  # (a terminal code in the name that moves the cursor to another row)
        return [Finding(path, exc.line, exc.column, exc.code, f"path: {exc.message}", commit=commit)]
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
        for h in hits
    ]


def name_hits(matcher: TokenMatcher, path: str) -> list[TokenHit]:
    """The token hits of a name as text and, where it is not UTF-8 (bytes git stores as they
    are, here as surrogate escapes), also as bytes, in every encoding a file's bytes are read in
    (scan_bytes: windows-1251, Shift_JIS...): a terminal or a file manager in that locale
    shows the name so.  Each token once."""
    hits = scan_str(matcher, path)
    if path.isascii() or not any("\udc80" <= c <= "\udcff" for c in path):
        return hits
    seen = {h.token for h in hits}
    return hits + [h for h in scan_bytes(matcher, path.encode("utf-8", "surrogateescape")) if h.token not in seen]


def content_hits(matcher: TokenMatcher, data: Content) -> list[TokenHit]:
    """The token hits of a content: in memory, or streamed in bounded memory (a file or
    message too large to hold comes as chunks)."""
    if isinstance(data, bytes):
        return scan_bytes(matcher, data)
    # (imported here: only a large file is streamed, and the streamed scan's modules cost a
    # hook's start-up otherwise)
    from rehearsal_hook.scan.stream import scan_file_chunks

    return scan_file_chunks(matcher, data)


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
    if kind is None and "~" in path:
        short = short_name_finding(policy, path, commit=commit)
        findings += [short] if short is not None else []
    hits = content_hits(policy.matcher, data)
    if hits:
        findings += token_findings(
            policy, path, kind, hits, commit=commit, data=data if isinstance(data, bytes) else None
        )
    if isinstance(data, bytes):
        findings += class_findings(policy, path, kind, data, commit=commit)
    elif acted_on(policy, path, kind):
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
    pragma_ok = policy.config.allow_inline_pragma and not acted_on(policy, path, kind)
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
    """The rules of the file's classes (``kind``: the first, None for none): requests are
    gated, probe files must block, reports must be consistent.  A path in several classes is
    held to each (found attacking main: a production request at
    ``rehearsal/probes/x.rehearsal.json``, a probe file by the default classes, was only
    required to be blocked -- and passed, while the lane reads it as a request)."""
    findings: list[Finding] = []
    if kind is None:
        return findings
    # Imported here: most commits touch no request or report, and a hook's start-up counts.
    from rehearsal_hook.checks.gate import gate_document
    from rehearsal_hook.checks.report_files import check_report_file

    kinds = policy.classes(path)
    results = gate_document(policy.config, data) if REQUEST in kinds or PROBE in kinds else []
    for each in kinds:
        also = f"also a {each} file: " if each != kinds[0] else ""
        if each == REQUEST:
            for res in results:
                where = also + (f"request[{res.index}]: " if res.index is not None else "")
                for r in res.reasons:
                    findings.append(Finding(path, r.line, r.column, r.code, where + r.message, commit=commit))
        elif each == PROBE:
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
        else:
            for r in check_report_file(data):
                findings.append(Finding(path, r.line, r.column, r.code, also + r.message, commit=commit))
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
