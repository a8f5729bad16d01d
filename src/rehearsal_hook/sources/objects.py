"""Commit and tag objects as a source: messages, headers and ref names."""

from __future__ import annotations

import codecs
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from rehearsal_hook.checks.engine import allowed_token, content_hits, name_hits, token_findings
from rehearsal_hook.checks.entries import Content
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import BY_PRAGMA, CheckResult, Finding
from rehearsal_hook.git.catfile import split_object
from rehearsal_hook.git.repository import git_bool
from rehearsal_hook.scan.matcher import TokenHit, redact_token
from rehearsal_hook.scan.text import scan_bytes

if TYPE_CHECKING:
    from rehearsal_hook.sources.pushes import Pushed


# ---------------------------------------------------------------------------------------------
# Messages and ref names


def message_findings(
    policy: Policy, message: Content, label: str, commit: str | None, *, what: str = "message"
) -> list[Finding]:
    """Tokens in a commit or tag message (the inline pragma applies as in files); a message
    too large to hold comes as a stream of chunks and is scanned in bounded memory."""
    hits = content_hits(policy.matcher, message)
    return [_message_finding(policy, h, label, commit, what) for h in hits]


# ---------------------------------------------------------------------------------------------
# Where ``git commit`` cuts the message it records

# After the comment string and a space (git's wt-status.c ``cut_line``); the newline is part of
# it, as git looks for it: a line ending in CR, or the last line without a newline, is no cut.
CUT_LINE = b"------------------------ >8 ------------------------\n"


def scissors_line(config: Mapping[str, str | None], *, editor: bool) -> bytes | None:
    """The line from which ``git commit`` drops the rest of the message, or None when git keeps
    it all -- then all of it is scanned.  Git cuts there (``builtin/commit.c``) when verbose
    (``-v``, ``commit.verbose``), whatever the message came from, and with ``--cleanup=scissors``
    only when an editor is used.  A hook cannot see the command line: with an editor (git sets
    ``GIT_EDITOR=:`` for hooks when there is none) the cut line is git's own, written for ``-v``
    or ``--cleanup=scissors``, and is taken as a cut; without one (``-m``, ``-F``, ``-C``), only
    ``commit.verbose`` makes it one.  A comment string git picks itself (``auto``), or two
    settings that disagree, leave the line unknown: no cut (everything is scanned)."""
    verbose = git_bool(config.get("commit.verbose")) if "commit.verbose" in config else False
    if not editor and not verbose:
        return None
    chars = {config[k] for k in ("core.commentchar", "core.commentstring") if k in config}
    if not chars:
        return b"# " + CUT_LINE
    comment = chars.pop()
    if chars or not comment or comment == "auto" or "\n" in comment:
        return None
    return comment.encode("utf-8", "surrogateescape") + b" " + CUT_LINE


def cut_at_scissors(chunks: Iterable[bytes], line: bytes) -> Iterator[bytes]:
    """The chunks of a message up to the line before ``line``, where git cuts it: at the very
    start, or right after a newline.  Streams: holds at most one chunk and ``len(line)`` bytes."""
    needle = b"\n" + line
    keep = len(needle) - 1
    carry = b"\n"  # a newline before the message: the cut line may be its first line
    skip = 1  # ... which is not part of the message
    for chunk in chunks:
        data = carry + chunk
        at = data.find(needle)
        if at >= 0:
            if at + 1 > skip:
                yield data[skip : at + 1]
            return
        cut = max(len(data) - keep, 0)
        if cut > skip:
            yield data[skip:cut]
        carry, skip = data[cut:], max(skip - cut, 0)
    if len(carry) > skip:
        yield carry[skip:]


# ---------------------------------------------------------------------------------------------
# The comment lines ``git commit`` strips after the commit-msg hook ran

# The comment characters git picks from for ``core.commentChar=auto`` (builtin/commit.c).
_AUTO_COMMENT = b"#;@!$%^&|:"


def comment_prefixes(config: Mapping[str, str | None]) -> list[bytes]:
    """The comment strings whose lines ``git commit`` may strip from the message once its
    commit-msg hook has run (cleanup ``strip``: the default with an editor, else
    ``--cleanup=strip`` or ``commit.cleanup``, which a hook cannot see): the configured one
    (two that disagree: both), else ``#``.  With ``auto`` git writes its comments with a
    character no line of the message starts with, which a hook cannot tell: each of git's."""
    values = {config[k] for k in ("core.commentchar", "core.commentstring") if k in config}
    out: list[bytes] = []
    for value in values:
        if value == "auto":
            out += [bytes([c]) for c in _AUTO_COMMENT]
        elif value and "\n" not in value:
            out.append(value.encode("utf-8", "surrogateescape"))
    return sorted(set(out)) or [b"#"]


def without_comments(chunks: Iterable[bytes], prefix: bytes) -> Iterator[bytes]:
    """The chunks of a message without the lines that start with ``prefix`` (git's
    strbuf_stripspace: a comment line is one whose first bytes are the comment string).
    Streams: holds at most one chunk and ``len(prefix)`` bytes."""
    carry, at_start, dropping = b"", True, False
    for chunk in chunks:
        data, carry = carry + chunk, b""
        out: list[bytes] = []
        i = 0
        while i < len(data):
            if at_start:
                if len(data) - i < len(prefix) and prefix.startswith(data[i:]):
                    carry = data[i:]  # (the line's start may still be the comment string)
                    break
                dropping, at_start = data.startswith(prefix, i), False
            nl = data.find(b"\n", i)
            end = len(data) if nl == -1 else nl + 1
            if not dropping:
                out.append(data[i:end])
            at_start = nl != -1
            i = end
        yield b"".join(out)
    yield carry  # (a last line shorter than the comment string: no comment)


def recorded_message_findings(policy: Policy, message: Content, prefixes: Sequence[bytes], label: str) -> list[Finding]:
    """Tokens in a message ``git commit`` is about to record (message_findings), and in it as
    git records it with its comment lines stripped (a dropped line joins the lines around it:
    ``*y``, ``# c``, ``A*_P...`` is one Markdown paragraph) beyond those.  A message in memory
    holding no line that starts with a prefix is not read again."""
    found = content_hits(policy.matcher, message)
    out = [_message_finding(policy, h, label, None, "message") for h in found]
    kept = Counter(h.token for h in found)
    for prefix in prefixes:
        variant: Content
        if isinstance(message, bytes):
            if not message.startswith(prefix) and b"\n" + prefix not in message:
                continue
            variant = b"".join(without_comments((message,), prefix))
        else:
            variant = partial(_stripped_stream, message, prefix)
        seen: Counter[str] = Counter()
        for h in content_hits(policy.matcher, variant):
            seen[h.token] += 1
            if seen[h.token] > kept[h.token]:  # (a token the message as it is does not show)
                kept[h.token] += 1
                out.append(_message_finding(policy, h, label, None, "message"))
    return out


def _stripped_stream(message: Callable[[], Iterator[bytes]], prefix: bytes) -> Iterator[bytes]:
    return without_comments(message(), prefix)


def _message_finding(policy: Policy, h: TokenHit, label: str, commit: str | None, what: str) -> Finding:
    pragma = BY_PRAGMA if policy.config.allow_inline_pragma and h.pragma else None
    token = redact_token(h.token)
    excused = allowed_token(policy, h.token) or pragma
    return Finding(
        label, h.line, h.column, "seal-token-message", f"{what} holds seal-like token {token}", token, excused, commit
    )


# The armor lines git writes around a signature (gpg-interface.c: OpenPGP, X.509, SSH), each
# alone on its line of a header (after ``gpgsig `` or the space of a continuation line).
_DELIMITERS = frozenset(
    f"-----{edge} {kind}-----".encode()
    for edge in ("BEGIN", "END")
    for kind in ("PGP SIGNATURE", "PGP MESSAGE", "SIGNED MESSAGE", "SSH SIGNATURE")
)
_SIGNATURE_KEYS = (b"gpgsig", b"gpgsig-sha256")


def header_findings(
    policy: Policy, raw: bytes, label: str, oid: str, *, skip_first: bytes | None = None
) -> list[Finding]:
    """Tokens in the headers of a raw commit or tag: names in ``author``/``committer``/
    ``tagger``, a ``mergetag`` (a whole tag, message included), any extra header; read in the
    object's ``encoding`` too, as git shows them.  The first line starting with ``skip_first``
    is left out (a tag's name, checked as a ref name), without moving the others' line numbers.
    A signature's armor lines (``-----BEGIN PGP SIGNATURE-----``: git's words, not the
    author's) hold no finding -- a configured ``SIGNATURE`` would otherwise match every signed
    commit --, but every other line of it counts, base64 included: no one can tell a forged
    signature from a real one here, and a word a reader sees in ``git cat-file -p`` passed when
    its line was merely base64 letters (found in review).  Chance does not spell a configured
    word in a real signature's base64: a whole word there needs a ``+``, ``/`` or a line's edge
    on both sides of letters drawn at random, one in 64 each."""
    head = raw.partition(b"\n\n")[0]
    lines = head.split(b"\n")
    if skip_first is not None:
        first = next((i for i, line in enumerate(lines) if line.startswith(skip_first)), None)
        if first is not None:
            lines[first] = b""
            head = b"\n".join(lines)
    hits = _shown_and_stored(policy, head, _header_value(lines, b"encoding"))
    armor = _armor_lines(lines)
    return [
        _message_finding(policy, h, label, oid, "header")
        for h in hits
        # (the armor's own words only: a token a reading joins onto the next line still counts)
        if h.line - 1 not in armor or h.token.encode() not in lines[h.line - 1]
    ]


def _armor_lines(lines: Sequence[bytes]) -> set[int]:
    """The indexes of the header lines that are a signature's armor: git's BEGIN or END line
    exactly, in a ``gpgsig`` (or ``gpgsig-sha256``) header, or in a ``mergetag`` (a whole tag,
    one continuation line each, its signature at its end).  Only there: a configured word
    alone on a continuation line of another header passed when any base64-like continuation
    line was taken for armor, and so did ``-----BEGIN GOLIVE-----`` (found in review)."""
    found: set[int] = set()
    key = b""
    for i, line in enumerate(lines):
        if not line.startswith(b" "):
            key, _, value = line.partition(b" ")
            if key in _SIGNATURE_KEYS and value in _DELIMITERS:
                found.add(i)
        elif (key in _SIGNATURE_KEYS or key == b"mergetag") and line[1:] in _DELIMITERS:
            found.add(i)
    return found


def _shown_and_stored(policy: Policy, text: bytes, encoding: bytes) -> list[TokenHit]:
    """The hits in ``text`` (headers or a message) as git shows it re-encoded from the object's
    ``encoding``, plus any token only the stored bytes spell (never fewer): git shows the
    stored bytes when its iconv does not know the name (``punycode``, which Python decodes
    into other letters), so a reader may see either."""
    stored = scan_bytes(policy.matcher, text)
    reencoded = _reencoded(text, encoding)
    if reencoded is None:
        return stored
    shown = scan_bytes(policy.matcher, reencoded)
    seen = {(h.line, h.token) for h in shown}
    return sorted([*shown, *(h for h in stored if (h.line, h.token) not in seen)])


def object_message_findings(policy: Policy, raw: bytes, label: str, oid: str, *, tag: bool = False) -> list[Finding]:
    """Tokens in the message of a raw commit or tag, as shown and as stored (_shown_and_stored;
    the pragma applies as in files).  A tag's signature is the end of its message: there, as in
    a commit's headers (header_findings), git's own armor lines hold no finding."""
    message = raw.partition(b"\n\n")[2]
    hits = _shown_and_stored(policy, message, object_encoding(raw))
    lines = message.split(b"\n")
    armor = _tag_armor_lines(lines) if tag else set()
    return [
        _message_finding(policy, h, label, oid, "message")
        for h in hits
        if h.line - 1 not in armor or h.token.encode() not in lines[h.line - 1]
    ]


def _tag_armor_lines(lines: Sequence[bytes]) -> set[int]:
    """The indexes of git's armor lines in a tag's message: from the last BEGIN line (where git's
    parse_signed_buffer finds the signature) on, the lines that are exactly a BEGIN or END line."""
    begins = [i for i, line in enumerate(lines) if line.startswith(b"-----BEGIN ") and line in _DELIMITERS]
    return {i for i in range(begins[-1], len(lines)) if lines[i] in _DELIMITERS} if begins else set()


def object_encoding(raw: bytes) -> bytes:
    """The ``encoding`` header of a raw commit or tag, as split_object reads it, without taking
    the headers apart when there is none."""
    head = raw.partition(b"\n\n")[0]
    if b"\nencoding " not in head and not head.startswith(b"encoding "):
        return b""
    return split_object(raw)[0].get(b"encoding", b"")


def _header_value(lines: Sequence[bytes], key: bytes) -> bytes:
    """The first value of header ``key`` (continuation lines start with a space)."""
    return next((line[len(key) + 1 :] for line in lines if line.startswith(key + b" ")), b"")


def _reencoded(text: bytes, encoding: bytes) -> bytes | None:
    """``text`` in UTF-8 when the object names another encoding; None for UTF-8.  Disguised
    tokens must look to us as they do to a reader, and git re-encodes for display; an
    encoding Python does not know, or that does not decode the text, is CannotVerify."""
    name = encoding.decode("ascii", "replace")
    if not name or name.lower().replace("-", "").replace("_", "") == "utf8":
        return None
    try:
        return text.decode(codecs.lookup(name).name).encode("utf-8")
    except (LookupError, ValueError):  # (UnicodeError is a ValueError; punycode raises it plainly)
        # What a reader sees in it cannot be known: it blocks (issue 12).
        raise CannotVerify("unreadable", f"a commit or tag names encoding {name!r}, which cannot decode it") from None


def ref_findings(policy: Policy, ref: str) -> list[Finding]:
    """The tokens in a pushed ref's name (a branch or tag named like a seal), as findings on
    the ref; excused only by an allowed token, never by a pragma or context."""
    return [
        Finding(
            ref,
            0,
            h.column,
            "seal-token-ref",
            f"ref name introduces seal-like token {redact_token(h.token)}",
            redact_token(h.token),
            allowed_token(policy, h.token),
        )
        for h in name_hits(policy.matcher, ref)  # (a name that is not UTF-8: in every encoding)
    ]


def content_findings(policy: Policy, path: str, data: bytes, commit: str | None) -> list[Finding]:
    """The tokens of some content of ``path``.  Its name is checked once, where the file is
    created; the class rules (gate, report checks) need the whole file and run at the tips."""
    hits = scan_bytes(policy.matcher, data)
    return token_findings(policy, path, policy.classify(path), hits, commit=commit, data=data)


def pushed_findings(policy: Policy, pushed: Pushed) -> CheckResult:
    """What a push sends besides its ranges, checked -- each sent ref's name, each annotated
    tag's headers, message and name, each blob pushed as a ref -- counted as it was read: the
    ref names (a tag's own name among them), the tag messages, the blobs as files."""
    result = CheckResult()
    findings = result.findings
    for what, ref, oid, raw in pushed.shown:
        if what == "ref":
            findings += ref_findings(policy, ref)
            result.refs += 1
        elif what == "blob":
            findings += [f._replace(object_type="blob") for f in content_findings(policy, ref, raw, oid)]
            result.files += 1
        else:
            name = os.fsdecode(split_object(raw)[0].get(b"tag", b""))
            # The tag's own name is checked as a ref name (below, or as the pushed ref).
            in_tag = header_findings(policy, raw, f"(header of tag {name})", oid, skip_first=b"tag ")
            in_tag += object_message_findings(policy, raw, f"(message of tag {name})", oid, tag=True)
            findings += [f._replace(object_type="tag") for f in in_tag]
            result.messages += 1
            if name and name != ref.removeprefix("refs/tags/"):
                findings += ref_findings(policy, f"tag {name}")
                result.refs += 1
    return result
