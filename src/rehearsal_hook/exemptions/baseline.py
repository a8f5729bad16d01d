"""The baseline: the token findings a repository already had when it adopted the tool.  Pure.

A finding is identified by a fingerprint of its path, its rule and a hash of its token and its
normalised line text -- no line number, so moving lines around does not churn the file -- and
the baseline keeps a count per fingerprint.  Up to that many findings with a fingerprint are
excused (``excused_by="baseline"``); one more blocks.  An entry covers a finding only when its
path, rule and token -- what a reviewer reads of it -- name that finding too (``names``).
Only token rules can be excused: a blocked rehearsal request or an inconsistent report never
is.  The file is sorted JSON with no timestamps, so that it merges cleanly; it holds every
token redacted (paths as they are, but for a token in them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from rehearsal_hook.checks.engine import token_findings
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.errors import CannotVerify, ConfigError
from rehearsal_hook.findings import BY_BASELINE, ContentKey, Finding
from rehearsal_hook.scan.decode import decode_text
from rehearsal_hook.scan.matcher import TokenMatcher, redact_text
from rehearsal_hook.scan.text import scan_bytes

BASELINE_FILE = ".rehearsal-hook-baseline.json"
BASELINE_RULES = frozenset({"seal-token", "seal-token-path"})
VERSION = 1
MAX_BASELINE_BYTES = 64 << 20

_LINE_END = re.compile(r"\r\n|\r|\n")
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_KEYS = ("path", "rule", "token", "fingerprint", "count")

# The whole file's bytes for each ContentKey asked for (a file that cannot be read: left out).
Fetch = Callable[[Sequence[ContentKey]], Mapping[ContentKey, bytes]]


class Entry(NamedTuple):
    """One fingerprint.  ``path`` and ``token`` are shown redacted; they are for people.  (A
    named tuple, not a dataclass: creating that class cost every start-up about 0.9 ms, and
    this module is imported by every check.)"""

    path: str
    rule: str
    token: str
    fingerprint: str
    count: int  # type: ignore[assignment]  # (the file's key; hides tuple.count, never used on an entry)


class Baseline(NamedTuple):
    """The parsed baseline file: its entries, each allowing ``count`` findings of one fingerprint."""

    entries: tuple[Entry, ...] = ()

    def allowance(self) -> dict[str, int]:
        return {e.fingerprint: e.count for e in self.entries}


def normalise_line(text: str) -> str:
    """Whitespace (indentation, line ends, runs of blanks) and NUL bytes do not count."""
    return " ".join(text.replace("\0", "").split())


def line_of(data: bytes, line: int) -> str:
    """Line ``line`` (1-based, editor line ends) of a file, decoded as the scanner decodes it."""
    return lines_of(data, (line,))[line]


def lines_of(data: bytes, lines: Iterable[int]) -> dict[int, str]:
    """Several lines of a file as ``line_of`` reads each, decoding the file once."""
    wanted = set(lines)
    text = decode_text(data)
    if text is None:
        text = data.decode("utf-8", "surrogateescape")
    parts = _LINE_END.split(text, maxsplit=max(wanted, default=0))
    return {n: parts[n - 1] if 0 < n <= len(parts) else "" for n in wanted}


def fingerprint(f: Finding, line_text: str) -> str:
    """The baseline key of a token finding: a SHA-256 of its path, rule, redacted token and the
    normalised text of its line -- no line number, so moving the line keeps it."""
    import hashlib  # lazily: only a baseline needs it, and a hook's start-up counts

    # The token is kept redacted in findings; the line text holds the token itself, so the
    # pair identifies the finding as well as the full token would.
    material = "\0".join((f.path, f.rule, f.token or "", normalise_line(line_text)))
    return hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()


def fingerprints(findings: Sequence[Finding], fetch: Fetch) -> dict[int, str]:
    """Fingerprint of each blocking token finding, by its index in ``findings``.  A finding whose
    file cannot be read again gets none, so it stays blocking."""
    wanted = [i for i, f in enumerate(findings) if f.blocking and f.rule in BASELINE_RULES]
    keys = sorted({(findings[i].path, findings[i].commit) for i in wanted if findings[i].line > 0}, key=str)
    contents = fetch(keys) if keys else {}
    out: dict[int, str] = {}
    for i in wanted:
        f = findings[i]
        if f.line == 0:
            out[i] = fingerprint(f, "")
        elif (f.path, f.commit) in contents:
            out[i] = fingerprint(f, line_of(contents[(f.path, f.commit)], f.line))
    return out


def occurrences(policy: Policy, path: str, data: bytes) -> Counter[str]:
    """How many blocking token findings of each fingerprint a whole file holds."""
    hits = scan_bytes(policy.matcher, data)
    findings = [f for f in token_findings(policy, path, policy.classify(path), hits, data=data) if f.blocking]
    return Counter(fingerprint(f, line_of(data, f.line)) for f in findings)


def presence(policy: Policy, fetch: Fetch) -> Callable[[str, str | None, str], int]:
    """``present(path, commit, fp)`` for ``excuse``: how many findings with that fingerprint
    the whole file holds at that commit (each file read and counted once)."""
    cache: dict[ContentKey, Mapping[str, int]] = {}

    def present(path: str, commit: str | None, fp: str) -> int:
        key = (path, commit)
        if key not in cache:
            data = fetch([key]).get(key)
            cache[key] = occurrences(policy, path, data) if data is not None else {}
        return cache[key].get(fp, 0)

    return present


def history_counts(
    findings: Sequence[Finding], fps: Mapping[int, str], present: Callable[[str, str | None, str], int]
) -> dict[str, int]:
    """The count a baseline needs per fingerprint to excuse findings that cover only what each
    commit introduces (a history): the most any one commit needs, as ``excuse`` counts it --
    its own findings, or all the file then holds if more."""
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i, fp in fps.items():
        groups.setdefault((fp, findings[i].commit), []).append(i)
    counts: dict[str, int] = {}
    for (fp, commit), idxs in groups.items():
        first = findings[min(idxs)]
        total = max(len(idxs), present(first.path, commit, fp)) if first.line > 0 else len(idxs)
        counts[fp] = max(counts.get(fp, 0), total)
    return counts


def label(matcher: TokenMatcher, f: Finding) -> tuple[str, str, str]:
    """What an entry says of the findings it covers, for people: path (redacted), rule, token."""
    return redact_text(matcher, f.path), f.rule, f.token or ""


def names(matcher: TokenMatcher, entry: Entry, f: Finding) -> bool:
    """Whether ``entry`` names finding ``f``.  A reviewer reads an entry's path, rule and token,
    never its fingerprint: an entry whose words say something else (edited by hand) covers
    nothing, so that what it names is what it covers.  (A path in the clear names it too.)"""
    return (
        entry.rule == f.rule
        and entry.token == (f.token or "")
        and (entry.path == f.path or entry.path == redact_text(matcher, f.path))
    )


def excuse(
    findings: Sequence[Finding],
    fps: Mapping[int, str],
    baseline: Baseline,
    matcher: TokenMatcher,
    present: Callable[[str, str | None, str], int] | None = None,
) -> list[Finding]:
    """``findings`` with those the baseline covers marked ``excused_by="baseline"``: an entry
    with its fingerprint that names it (``names``).

    Findings are grouped by fingerprint and commit.  ``present(path, commit, fp)`` says how many
    findings with that fingerprint the whole file holds, when ``findings`` only cover part of it
    (the lines a commit adds): those already there use up the allowance first.
    """
    allowance = baseline.allowance()
    entries = {e.fingerprint: e for e in baseline.entries}
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i, fp in fps.items():
        if fp in allowance and names(matcher, entries[fp], findings[i]):
            groups.setdefault((fp, findings[i].commit), []).append(i)
    out = list(findings)
    for (fp, commit), idxs in groups.items():
        idxs.sort()
        first = findings[idxs[0]]
        total = len(idxs)
        if present is not None and first.line > 0:
            total = max(total, present(first.path, commit, fp))
        free = max(0, allowance[fp] - (total - len(idxs)))
        for i in idxs[:free]:
            out[i] = findings[i]._replace(excused_by=BY_BASELINE)
    return out


def entries_from(
    findings: Sequence[Finding], fps: Mapping[int, str], matcher: TokenMatcher, counts: Mapping[str, int] | None = None
) -> list[Entry]:
    """One entry per fingerprint; its count is how many findings have it, unless ``counts``
    says otherwise (``history_counts``)."""
    if counts is None:
        counts = Counter(fps.values())
    first: dict[str, Finding] = {}
    for i, fp in sorted(fps.items()):
        first.setdefault(fp, findings[i])
    return sorted(Entry(*label(matcher, f), fp, counts[fp]) for fp, f in first.items())


def stale_entries(baseline: Baseline, fps: Mapping[int, str]) -> list[tuple[Entry, int]]:
    """Entries that cover more findings than a full scan found: (entry, found)."""
    found = Counter(fps.values())
    return [(e, found[e.fingerprint]) for e in baseline.entries if found[e.fingerprint] < e.count]


def render_baseline(entries: Iterable[Entry]) -> bytes:
    """The baseline file's bytes for ``entries``: sorted, stable, UTF-8 JSON (tokens redacted)."""
    import json

    doc = {"version": VERSION, "entries": [{k: getattr(e, k) for k in _KEYS} for e in sorted(entries)]}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse_baseline(data: bytes, *, source: str) -> Baseline:
    """A Baseline from a baseline file's bytes (``source`` names it in messages).  Raises
    ConfigError (exit 2) for anything but the exact format: strict JSON, version, keys, types,
    a rule that cannot be baselined, a fingerprint listed twice."""
    from rehearsal_hook.checks.strictjson import parse_strict_json  # (only a baseline file needs it)

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # (UTF-16 JSON is read elsewhere, but git shows it as a binary file: a review of a
        # change to the baseline would see none of the entries it adds)
        raise ConfigError(f"baseline {source}: UTF-16 text; a baseline is UTF-8, which a review can read")
    try:
        doc = parse_strict_json(data, what="baseline", max_bytes=MAX_BASELINE_BYTES)
    except CannotVerify as exc:
        raise ConfigError(f"baseline {source}: {exc.message}") from None
    if not isinstance(doc, dict) or set(doc) != {"version", "entries"} or doc["version"] != VERSION:
        raise ConfigError(f"baseline {source}: expected {{'version': {VERSION}, 'entries': [...]}}")
    if not isinstance(doc["entries"], list):
        raise ConfigError(f"baseline {source}: 'entries' must be a list")
    entries = [_entry(e, source, n) for n, e in enumerate(doc["entries"])]
    seen: set[str] = set()
    for e in entries:
        if e.fingerprint in seen:
            raise ConfigError(f"baseline {source}: fingerprint {e.fingerprint[:12]} is listed twice")
        seen.add(e.fingerprint)
    return Baseline(tuple(entries))


def _entry(raw: Any, source: str, n: int) -> Entry:
    where = f"baseline {source}: entries[{n}]"
    if not isinstance(raw, dict) or set(raw) != set(_KEYS):
        raise ConfigError(f"{where}: expected the keys {', '.join(_KEYS)}")
    if not all(isinstance(raw[k], str) for k in ("path", "rule", "token", "fingerprint")):
        raise ConfigError(f"{where}: path, rule, token and fingerprint must be strings")
    if raw["rule"] not in BASELINE_RULES:
        only = ", ".join(sorted(BASELINE_RULES))
        raise ConfigError(f"{where}: rule {raw['rule']!r} cannot be baselined (only {only})")
    if not _FINGERPRINT.fullmatch(raw["fingerprint"]):
        raise ConfigError(f"{where}: fingerprint must be 64 lowercase hex digits")
    count = raw["count"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ConfigError(f"{where}: count must be a whole number >= 1")
    return Entry(raw["path"], raw["rule"], raw["token"], raw["fingerprint"], count)
