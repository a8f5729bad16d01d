"""What the kind of an entry decides before its content is read: a gated file that is a
symbolic link or a submodule, or that carries attributes rewriting what readers get, blocks;
a path outside any repository whose class cannot be decided blocks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from rehearsal_hook.checks.policy import GITLINK_MODE, LINK_MODE, Policy
from rehearsal_hook.findings import Finding
from rehearsal_hook.scan.decode import utf_bom

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
    kind = policy.classify(path)
    if mode not in (LINK_MODE, GITLINK_MODE):
        return short_name_finding(policy, path, commit=commit) if kind is None else None
    what = "a symbolic link" if mode == LINK_MODE else "a submodule"
    if kind is not None:
        message = f"{kind} file is {what}: readers get what it points to, not what is checked"
    else:
        below = policy.class_below(path)
        if below is None:
            return short_name_finding(policy, path, commit=commit)
        message = (
            f"{what} where {below} files can lie below it: readers reach them through it, "
            "while no such file is stored (and gated) under that name"
        )
    return Finding(path, 1, 1, "gated-link", message, commit=commit)


def short_name_finding(policy: Policy, path: str, *, commit: str | None = None) -> Finding | None:
    """A path in no class that a folder or a file named like a Windows short name can put in
    one (Policy.short_name_below): readers on such a volume reach the file through that folder,
    or read the file that name overwrites."""
    below = policy.short_name_below(path)
    if below is None:
        return None
    message = (
        f"it or a folder of it is named like a Windows short name (8.3: REHEAR~1 for rehearsal, XREHEA~1.JSO "
        f"for x.rehearsal.json) where {below} files can lie: a checkout on Windows writes it into the folder "
        "or over the file that name stands for, while no such file is stored (and gated) under that name"
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


# git ignores an attribute line this long or longer, with a warning (attr.c's
# ATTR_MAX_LINE_LENGTH: 2.39.1 on, and the maintenance releases fixed with it for
# CVE-2022-23521), while an older git, libgit2 or JGit applies it: check-attr here cannot say
# what such a line does on the reader's machine.
ATTR_MAX_LINE_LENGTH = 2048
# (one byte less: a CR before the LF counts in a blob's line and not in a file's)
_IGNORED_LINE = re.compile(b"[^\n]{%d}" % (ATTR_MAX_LINE_LENGTH - 1))
# ... and a whole attribute file this large (ATTR_MAX_FILE_SIZE), however short its lines.
ATTR_MAX_FILE_SIZE = 100 << 20


def ignored_attribute_line(rules: bytes) -> int | None:
    """The number of the first line of an attribute file that git here may ignore for its
    length (or the file's: line 1) while other gits apply it, or None.  And the line of a NUL
    byte: git reads a blob's lines as one string, up to the first NUL (what follows is ignored:
    a checkout, git archive, check-attr --cached), a file's each up to its own, while libgit2
    and JGit read them all."""
    if len(rules) >= ATTR_MAX_FILE_SIZE:
        return 1
    m = _IGNORED_LINE.search(rules)
    at = [m.start()] if m is not None else []
    if b"\0" in rules:
        at.append(rules.index(b"\0"))
    return rules.count(b"\n", 0, min(at)) + 1 if at else None


def converts_line_endings(values: Mapping[str, str]) -> bool:
    """Whether a checkout may turn LF bytes into CR LF without looking at the content, as
    convert.c's convert_attrs decides: ``text`` set (or, where ``text`` says nothing it knows,
    the old ``crlf`` set), on a machine with core.autocrlf or core.eol=crlf; ``eol=crlf``
    unless the file is binary by attribute (``-text``) or ``text=auto``, which looks first and
    leaves a file with a NUL byte alone, as every UTF-16 JSON text is (its ASCII characters
    have a zero byte).  ``eol=lf`` and ``text=input`` write LF.  (``text -crlf`` converts: the
    old attribute is read only where ``text`` is unspecified.)  tests/unit/test_eol.py proves
    it against git's own checkout."""
    text, eol, crlf = (values.get(a, "unspecified") for a in LINE_ENDING_ATTRIBUTES)
    action = _CRLF_ACTIONS.get(text) or _CRLF_ACTIONS.get(crlf)
    if action == "binary" or eol == "lf":
        return False
    return action != "auto" if eol == "crlf" else action == "text"


# convert.c's git_path_check_crlf: what ``text`` (or ``crlf``) says; another value says nothing.
_CRLF_ACTIONS = {"set": "text", "unset": "binary", "input": "input", "auto": "auto"}


def has_utf16_bom(data: bytes) -> bool:
    """Whether content starts with a UTF-16 or UTF-32 BOM (decode.utf_bom: the one place that
    knows BOMs), text whose line ending bytes a conversion would break."""
    return utf_bom(data) is not None


def attribute_finding(
    policy: Policy, path: str, values: Mapping[str, str], *, commit: str | None = None, shifted: bool = False
) -> Finding | None:
    """A gated path carrying a rewriting attribute blocks; ``values`` are git check-attr's
    answers (``unspecified``, ``unset``, ``set`` or a value).  Any value but unspecified or
    unset counts: git itself ignores some (``export-subst=x``), but they say the content was
    meant to change.  A UTF-16 file whose line endings a checkout converts (``shifted``, judged
    on each of check-attr's answers: sources.attributes) blocks too."""
    kind = policy.classify(path)
    if kind is None:
        return None
    found = [a for a in REWRITING_ATTRIBUTES if values.get(a, "unspecified") not in ("unspecified", "unset")]
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
