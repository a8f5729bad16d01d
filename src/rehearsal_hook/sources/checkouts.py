"""Files a checkout writes otherwise than git stores them: ``working-tree-encoding``, and
line endings an attribute has converted whatever the content.

git stores such a file in UTF-8 and writes it re-encoded -- a checkout, ``git archive`` --
and the bytes written can spell a token the stored text does not: IBM037 (EBCDIC) writes the
stored ``äíè|îáê¬&\\xa0ëë`` as ``CUTOVER_P…`` (the token) in ASCII, and UTF-16LE writes CJK letters as
pairs of ASCII bytes (found attacking main: such a file passed the commit hook, pre-push and
pre-receive, and a clone and ``git archive`` of the server shipped the token).  Each such file
is scanned as written too, where a pushed tip (or the index) holds it -- path, blob and
encoding -- as no judged commit does: a ``.gitattributes`` change can set the attribute on a
file stored long before, which no commit of the range shows.

A checkout that converts line endings because an attribute asks (``text``, ``eol=crlf``:
checks.entries.converts_line_endings) puts a CR byte before every LF byte, one inside a
UTF-16 or UTF-32 character too, and every code unit after it is read shifted: stored ``FF FE
0A 43 00 55 ...`` reads as CJK letters, written ``FF FE 0D 0A 43 00 55 00 ...`` reads U+0A0D
then ``CU...``.  Where only a reader's ``core.autocrlf`` asks, git converts no file it calls
binary, and scan_bytes reads the rest so written itself (scan/eol.py); what an attribute
converts -- a NUL in it too, a CR beside the LFs -- is read so here, the same way as the
re-encoded files.

Only the repository's own attribute files count (a clone's readers get those); a quick exit
when none of them names either at all (``text=auto`` and ``eol=lf`` name none: they convert
no binary file), as in nearly every repository.  One that names
it and that git here never applies, though macOS or Windows may (named or placed in a folder
spelled otherwise), blocks: what such a checkout writes cannot be known.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from rehearsal_hook.checks.entries import (
    LINE_ENDING_ATTRIBUTES,
    LinkText,
    converts_line_endings,
    ignored_attribute_line,
)
from rehearsal_hook.checks.policy import LINK_MODE, Policy, class_key
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import Finding
from rehearsal_hook.git.catfile import cat_file
from rehearsal_hook.git.listings import TreeEntry, index_blobs, tree_entries
from rehearsal_hook.git.repository import cased_attributes, merged_attributes, outside_attributes
from rehearsal_hook.scan import eol
from rehearsal_hook.scan.decode import utf_bom
from rehearsal_hook.sources.attributes import holds_attributes_file, is_attributes_file

ENCODING_ATTRIBUTE = "working-tree-encoding"
ASKED = (ENCODING_ATTRIBUTE, *LINE_ENDING_ATTRIBUTES)


class Writing(NamedTuple):
    """A file a checkout writes otherwise than stored: its path and blob, the encoding it is
    written in ("" for none: as stored, or UNAPPLIED) and whether an attribute has its line
    endings converted (``crlf``)."""

    path: str
    oid: str
    encoding: str
    crlf: bool


# What a source's checkout writes otherwise than stored.
Encoded = frozenset[Writing]


def encoded_findings(policy: Policy, tips: Sequence[str], judged: Sequence[str], *, cwd: str | None) -> list[Finding]:
    """The token findings of each re-encoded file as a checkout of a tip writes it, where no
    ``judged`` commit holds the same path, blob and encoding (each such file once).

    A tip is asked whole only where it may hold one: where no judged commit is (an audit, a
    new ref on the client), or where each judged commit either names the attribute in its
    attribute files or differs from the tip in one of them.  Else none of the tip's attribute
    files names it (they are those of a judged commit that names it nowhere): a push of
    thousands of tags onto judged history costs one diff-tree, not a listing per tag."""
    from rehearsal_hook.sources.tips import tree_differences  # (the commit hook needs none of it)

    held = {j: encoded_entries(tree_entries(j, cwd=cwd), source=j, cwd=cwd) for j in judged}
    plain = {j for j in judged if held[j] is None}
    new_tips = [t for t in tips if t not in judged]
    differ = tree_differences([(t, j) for t in new_tips for j in judged if j in plain], cwd=cwd)
    old = frozenset().union(*(held[j] or () for j in judged))
    new: dict[Writing, str | None] = {}
    for tip in new_tips:
        if any(not any(is_attributes_file(c.path) for c in differ[tip, j]) for j in plain):
            continue  # (its attribute files are a judged commit's, which names the attribute nowhere)
        for entry in sorted((encoded_entries(tree_entries(tip, cwd=cwd), source=tip, cwd=cwd) or frozenset()) - old):
            new.setdefault(entry, tip)
    return written_findings(policy, new, cwd=cwd)


def staged_encoded_findings(
    policy: Policy, root: str, staged: Sequence[tuple[str, str]], rules: Sequence[bytes | None], *, rules_changed: bool
) -> list[Finding]:
    """``encoded_findings`` for the next commit: the index against HEAD.  ``staged``: (path,
    blob id) of what the commit adds or changes; ``rules``: the staged ``.gitattributes`` of
    each folder above them (``attribute_folders``, read with the staged blobs: no process
    of its own).  ``rules_changed``: a ``.gitattributes`` is staged, so every file is asked."""
    if rules_changed:
        from rehearsal_hook.git.revisions import resolve_commits

        now = encoded_entries(index_blobs(root), source="index", cwd=root) or frozenset()
        [head] = resolve_commits(["HEAD"], cwd=root)
        old = (encoded_entries(tree_entries(head, cwd=root), source=head, cwd=root) if head else None) or frozenset()
        return written_findings(policy, dict.fromkeys(now - old), cwd=root)
    if not any(data is None or _names_a_writing(data) for data in rules):
        return []  # (the attribute files above the staged ones, the same as HEAD's, name none)
    answers = cased_attributes([p for p, _ in staged], ASKED, cwd=root, source="index")
    found = {w for p, oid in staged if (w := _writing(p, oid, answers)) is not None}
    return written_findings(policy, dict.fromkeys(found), cwd=root)


def attribute_folders(paths: Sequence[str]) -> list[str] | None:
    """The ``.gitattributes`` that can apply to ``paths``, one per folder above them (exact
    case, as git applies them here), for ``cat_file`` as ``:PATH``; None when a folder's name
    cannot be asked so (a line feed in it): then every staged file is asked."""
    folders = {""}
    for path in paths:
        parts = path.split("/")[:-1]
        folders.update("/".join(parts[:k]) + "/" for k in range(1, len(parts) + 1))
    if any("\n" in f for f in folders):
        return None
    return [":" + f + ".gitattributes" for f in sorted(folders)]


def _writing(path: str, oid: str, answers: Sequence[dict[str, dict[str, str]]]) -> Writing | None:
    """What cased_attributes' ``answers`` make a checkout write of ``path``, if not as stored."""
    value = merged_attributes([{path: a.get(path, {})} for a in answers])[path].get(ENCODING_ATTRIBUTE, "unspecified")
    encoding = "" if value in ("unspecified", "unset", "set") else value
    crlf = any(converts_line_endings(a.get(path, {})) for a in answers)
    return Writing(path, oid, encoding, crlf) if encoding or crlf else None


def _names_a_writing(rules: bytes) -> bool:
    """Whether an attribute file's text may give a file a Writing: it names the encoding
    attribute, or holds a word that has a checkout convert line endings whatever the content
    (``text``, ``crlf``, ``eol=`` but ``eol=lf``; a word taken as git's attr.c splits a line,
    at blanks, and a word with ``-`` or ``!`` before it unsets).  A superset: a pattern
    spelled so counts too (then check-attr answers)."""
    lowered = rules.lower()
    if ENCODING_ATTRIBUTE.encode() in lowered:
        return True
    if b"text" not in lowered and b"crlf" not in lowered:
        return False  # (the common case, ``eol=lf`` alone included: no word below can be there)
    return any(w in (b"text", b"crlf") or (w.startswith(b"eol=") and w != b"eol=lf") for w in lowered.split())


def encoded_entries(entries: Sequence[TreeEntry], *, source: str, cwd: str | None) -> Encoded | None:
    """The files among ``entries`` (a tree's, or the index's with ``source`` "index") that a
    checkout writes otherwise than stored (Writing); None when no attribute file among them
    names the attributes (none is written so)."""
    rules = [e for e in entries if is_attributes_file(e.path)]
    texts = {e: data for e, (_, data) in zip(rules, cat_file([e.oid for e in rules], cwd=cwd), strict=True)}
    # (and the attribute files outside the tree: a server's info/attributes has its git archive
    # write every pushed tree so -- a push passed that the archive then showed a token in)
    outside = outside_attributes(cwd or os.getcwd())
    if not any(data is None or _names_a_writing(data) for data in (*texts.values(), *outside)):
        return None
    files = [e for e in entries if e.kind == "blob" and e.mode != LINK_MODE]
    answers = cased_attributes([e.path for e in files], ASKED, cwd=cwd or os.getcwd(), source=source)
    found = {w for e in files if (w := _writing(e.path, e.oid, answers)) is not None}
    # (an unapplied one blocks where it names the encoding: one that only converts line
    # endings on macOS or Windows is open for a token -- README -- and gated files below it
    # block already, attributes._other_case_findings)
    # Here some attribute file names the encoding or a line-ending conversion (the test above):
    # an unapplied one may set either on a macOS or Windows checkout -- itself, or through a
    # macro the top-level one defines (``[attr]ebcdic working-tree-encoding=IBM037``, then
    # ``*.txt ebcdic`` in ``sub/.GitAttributes``: found attacking main, it passed) -- and what
    # that writes is not read here: a CR before every 0x0A byte of a UTF-16 file shifts its code
    # units (README limit until attacking main).  So may a line git here ignores (its length,
    # a NUL: found attacking main, '*.txt working-tree-encoding=IBM037' and 3,000 blanks passed).
    unapplied_paths = set(_unapplied([e.path for e in texts], [e.path for e in entries]))
    unapplied = {Writing(e.path, e.oid, UNAPPLIED, False) for e in texts if e.path in unapplied_paths}
    if any(data is None or ENCODING_ATTRIBUTE.encode() in data.lower() for data in (*texts.values(), *outside)):
        long = [e for e, data in texts.items() if data is not None and ignored_attribute_line(data) is not None]
        unapplied |= {Writing(e.path, e.oid, UNAPPLIED_LINE, False) for e in long}
    return frozenset(found | unapplied)


# The "encoding" of an attribute file git here does not apply and macOS or Windows may; of one
# with a line git here ignores (entries.ignored_attribute_line).
UNAPPLIED, UNAPPLIED_LINE = "?", "?line"


def _unapplied(rules: Sequence[str], paths: Sequence[str]) -> list[str]:
    """The attribute files among ``rules`` that git here never applies and a checkout on macOS
    or Windows may (it opens a folder's ``.gitattributes`` in the work tree where the index
    has none by that exact name): one named otherwise (``.GitAttributes``), or in a folder
    that the tree (``paths``) also spells otherwise (``SUB/`` beside ``sub/``, ``café/`` in
    two forms) -- where a file lies below its folder for it to write otherwise (one whose
    folder holds no other file, ``docs/.GitAttributes`` alone, writes nothing)."""
    spellings: dict[str, set[str]] = {}
    holding: set[str] = set()  # (the folders with a file below them, by class_key: macOS's sub/ is SUB/)
    for path in paths:
        parts = path.split("/")[:-1]
        for k in range(1, len(parts) + 1):
            folder = "/".join(parts[:k])
            spellings.setdefault(class_key(folder), set()).add(folder)
        if not is_attributes_file(path):
            holding.update(class_key("/".join(parts[:k])) for k in range(len(parts) + 1))
    out = []
    for rule in rules:
        folder = rule.rpartition("/")[0]
        if class_key(folder) not in holding:
            continue
        if rule.rpartition("/")[2] != ".gitattributes" or len(spellings.get(class_key(folder), ())) > 1:
            out.append(rule)
    return out


def _unapplied_message(line: bool) -> str:
    """Why an attribute file git here does not apply (``line``: a line of it) blocks."""
    if line:
        return (
            "git here ignores a line of it (2047 bytes or more, or at or past a NUL) while an older git "
            f"or another reader applies it, where {ENCODING_ATTRIBUTE} is named: what that checkout "
            "writes cannot be known; shorten it"
        )
    what = "a checkout on macOS or Windows may read it as its folder's .gitattributes, and git here does not"
    return (
        f"it may set {ENCODING_ATTRIBUTE} or convert line endings (itself, or through a macro): "
        f"{what}, so what that checkout writes cannot be known"
    )


def written_findings(policy: Policy, files: dict[Writing, str | None], *, cwd: str | None) -> list[Finding]:
    """The token findings of each file as written, on the commit given for it (None: the
    index)."""
    if not files:
        return []
    from rehearsal_hook.sources.objects import content_findings  # (rarely needed: not at a hook's start)

    findings: list[Finding] = []
    ordered = sorted(files)
    for writing, (kind, data) in zip(ordered, cat_file([w.oid for w in ordered], cwd=cwd), strict=True):
        path, _, encoding, crlf = writing
        if kind != "blob" or data is None:
            raise CannotVerify("unreadable", f"{path}: its blob is {kind}: cannot read it")
        if encoding in (UNAPPLIED, UNAPPLIED_LINE):
            message = _unapplied_message(encoding == UNAPPLIED_LINE)
            findings.append(Finding(path, 1, 1, "unreadable", message, commit=files[writing]))
            continue
        if encoding:
            # (git converts line endings first, in the stored UTF-8, where a CR changes no
            # letter: the encoding alone is read)
            writes, shown = as_written(data, encoding, path), f"{ENCODING_ATTRIBUTE}={encoding}"
        elif crlf and shifts_units(data):
            writes, shown = [eol.written(data)], "its line endings converted (text, eol=crlf)"
        else:
            continue
        seen: set[tuple[int, int, str, str | None]] = set()
        for written in writes:  # (UTF-16: in either byte order)
            found = [] if written == data else content_findings(policy, path, written, files[writing])
            found = [f for f in found if (f.line, f.column, f.rule, f.token) not in seen]
            seen.update((f.line, f.column, f.rule, f.token) for f in found)
            findings += [f._replace(message=f"{f.message} (as a checkout writes it: {shown})") for f in found]
    return findings


def shifts_units(data: bytes) -> bool:
    """Whether the CRs a line-ending conversion puts in may show what scan_bytes does not read
    in ``data`` already: a lone LF, and a reading in UTF-16 or UTF-32 (a NUL, a BOM, or text
    that is not UTF-8), where an LF byte can be half of a character; not where git converts it
    with no attribute asking (eol.auto_converts: scan_bytes reads it so written itself).  In
    UTF-8, and in the one-byte and CJK encodings, an LF byte is never inside a character."""
    if b"\n" not in data or eol.written(data) == data or eol.auto_converts(data):
        return False
    if b"\x00" in data or utf_bom(data) is not None:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


# The charsets Python's codec writes character for character as git's iconv does -- glibc on
# Linux, GNU libiconv on macOS and Windows: one fixed table each, the Unicode Consortium's
# mapping that both implement -- by the names both read alike (test_checkout_encoding compares
# each with what git writes here, every character).  Another name blocks: UTF-7 (iconvs differ
# in which characters they write directly), the CJK charsets (libiconv's SHIFT_JIS writes
# U+00A5 as 0x5C, Python's none), CP1255 and CP1258 (glibc composes and splits accents in
# them), a name an iconv may read otherwise (review: "Python codecs where git uses iconv").
SAME_EVERYWHERE = {
    **{f"ISO-8859-{n}": f"iso8859-{n}" for n in (*range(1, 11), 13, 14, 15, 16)},
    **{f"{w}{n}": f"cp{n}" for w in ("WINDOWS-", "CP") for n in (1250, 1251, 1252, 1253, 1254, 1256, 1257)},
    "KOI8-R": "koi8-r",
    "IBM037": "cp037",
    "US-ASCII": "ascii",
}
# git's own reading of a UTF name (utf8.c, same_utf_encoding): "utf", an optional "-", the rest
# compared without case.  UTF-16 and UTF-32 write a byte-order mark, then the platform's order
# (glibc: the machine's; git built with ICONV_OMITS_BOM, as on macOS: big-endian): both.
_UTF_WRITES: dict[str, tuple[tuple[bytes, str], ...]] = {
    "16le": ((b"", "utf-16-le"),),
    "16be": ((b"", "utf-16-be"),),
    "32le": ((b"", "utf-32-le"),),
    "32be": ((b"", "utf-32-be"),),
    "16le-bom": ((codecs.BOM_UTF16_LE, "utf-16-le"),),  # (git's own names: it writes the mark)
    "16be-bom": ((codecs.BOM_UTF16_BE, "utf-16-be"),),
    "16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}


def as_written(data: bytes, encoding: str, path: str) -> list[bytes]:
    """Every way git may write a stored blob of ``path`` whose attribute names ``encoding``:
    the UTF-8 text encoded so, as git's iconv does on any platform a reader has (a UTF-8
    name: as stored, git converts nothing).  An encoding whose output Python cannot be sure to
    match (not in SAME_EVERYWHERE nor a UTF name git reads), or a text it cannot encode,
    blocks: a reader's bytes would be unknown."""
    low = encoding.lower()
    rest = low[3:].removeprefix("-") if low.startswith("utf") else None
    if rest == "8":
        return [data]
    writes = _UTF_WRITES.get(rest or "") or (
        ((b"", SAME_EVERYWHERE[encoding.upper()]),) if encoding.upper() in SAME_EVERYWHERE else ()
    )
    what = f"{path}: a checkout writes it in {encoding!r} ({ENCODING_ATTRIBUTE})"
    if not writes:
        known = "UTF-8, UTF-16(LE|BE)(-BOM), UTF-32(LE|BE), ISO-8859-n, WINDOWS-125n, KOI8-R, IBM037, US-ASCII"
        raise CannotVerify(
            "unreadable", f"{what}, which cannot be done here as every git's iconv does it (known: {known})"
        )
    try:
        text = data.decode("utf-8")
        return [mark + text.encode(codec) for mark, codec in writes]
    except ValueError:  # (UnicodeError is a ValueError)
        raise CannotVerify("unreadable", f"{what}, which cannot be done here") from None


def worktree_written_findings(policy: Policy, root: str, paths: Sequence[str], *, tracked: bool) -> list[Finding]:
    """The work-tree modes' (``check PATHS``, ``--all-files``) reading of converted line
    endings: a file lies there as whoever wrote it left it -- with bare LFs where no checkout
    wrote it --, and where an attribute of the work tree asks, git stores it so and every
    checkout of it writes a CR before each LF.  Each such file among ``paths`` (relative to
    the repository at ``root``) is read as that checkout writes it, as the commit hook and
    ranges read it.  A quick exit when no ``.gitattributes`` above them in the work tree
    names a conversion, as in nearly every repository, with no git process: with
    ``tracked`` (``paths`` hold every tracked file) those among them, else a stat a folder
    above them (a full scan's 1,608 folders cost 10 ms).  (A re-encoded file lies there as
    written already.)"""
    from rehearsal_hook.checks.engine import content_hits, token_findings
    from rehearsal_hook.git.process import toplevel
    from rehearsal_hook.sources.files import read_content, read_file

    inside = [p for p in paths if not p.startswith(("/", "../")) and p not in (".", "..")]
    if tracked:
        rules = (
            [os.path.join(root, p) for p in inside if is_attributes_file(p)] if holds_attributes_file(inside) else []
        )
    else:
        folders = {""}
        for folder in {p.rpartition("/")[0] for p in inside}:
            while folder not in folders:
                folders.add(folder)
                folder = folder.rpartition("/")[0]
        rules = [os.path.join(root, f, ".gitattributes") for f in folders]
    if not any(os.path.isfile(r) and _names_a_writing(read_file(r)) for r in rules) or toplevel(root) is None:
        return []
    # With every tracked file at hand (--all-files), an attribute file git here does not apply
    # and macOS or Windows may blocks, as in the other modes: such a checkout is not this one
    # (found attacking main: sub/.GitAttributes setting IBM037 over a token passed --all-files).
    findings: list[Finding] = []
    if tracked:
        unapplied = _unapplied([p for p in inside if is_attributes_file(p)], inside)
        findings += [Finding(p, 1, 1, "unreadable", _unapplied_message(False)) for p in unapplied]
    answers = cased_attributes(inside, LINE_ENDING_ATTRIBUTES, cwd=root)
    for path in (p for p in inside if any(converts_line_endings(a.get(p, {})) for a in answers)):
        try:
            content = read_content(os.path.join(root, path))
        except CannotVerify:
            continue  # (its own reading reported it)
        if isinstance(content, LinkText) or (isinstance(content, bytes) and not shifts_units(content)):
            continue  # (a checkout writes a link, not its text)
        # (a file too large to hold is read so written whatever it holds: streamed, a CR put
        # where a chunk ends and carried over to the LF that starts the next)
        written = eol.written(content) if isinstance(content, bytes) else _written_stream(content)
        found = token_findings(policy, path, policy.classify(path), content_hits(policy.matcher, written))
        shown = " (as a checkout writes it: its line endings converted)"
        findings += [f._replace(message=f.message + shown) for f in found]
    return findings


def _written_stream(opened: Callable[[], Iterator[bytes]]) -> Callable[[], Iterator[bytes]]:
    return lambda: _written_chunks(opened())


def _written_chunks(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """eol.written over a stream: an LF that starts a chunk after one that ends with CR has its CR."""
    after_cr = False
    for chunk in chunks:
        if chunk:
            written = eol.written(chunk)
            yield written[1:] if after_cr and chunk[:1] == b"\n" else written
            after_cr = chunk[-1:] == b"\r"
