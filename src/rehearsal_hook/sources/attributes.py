"""What ``.gitattributes`` can do to gated files: which gated paths git has attributes for, and
the ``gated-attribute`` findings for those an attribute rewrites (or whose line endings a
checkout converts), from the work tree, the index or a commit."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence

from rehearsal_hook.checks.entries import (
    ATTR_MAX_FILE_SIZE,
    LINE_ENDING_ATTRIBUTES,
    REWRITING_ATTRIBUTES,
    attribute_finding,
    converts_line_endings,
    has_utf16_bom,
    ignored_attribute_line,
)
from rehearsal_hook.checks.policy import GITLINK_MODE, Policy, class_key
from rehearsal_hook.findings import Finding
from rehearsal_hook.git.listings import ls_files
from rehearsal_hook.git.process import toplevel
from rehearsal_hook.git.repository import attribute_file_candidates, cased_attributes, merged_attributes
from rehearsal_hook.sources.files import OPEN_FLAGS


def repository_paths(root: str, policy: Policy, paths: Sequence[str]) -> list[str]:
    """The gated ones among the checked ``paths`` that are inside the git repository at
    ``root`` (none when it is not one): those git has attributes for.  When a
    ``.gitattributes`` is among them, every gated path git tracks there too: a changed one can
    rewrite a request it was not given with (the pre-commit framework passes only the
    changed files)."""
    gated = policy.classified(paths)
    attributes = holds_attributes_file(paths)
    if (not gated and not attributes) or toplevel(root) is None:
        return []
    if attributes:
        gated += [p for mode, p in ls_files(root) if mode != GITLINK_MODE and policy.classify(p) is not None]
    return [p for p in gated if not p.startswith(("/", "../")) and p not in ("..", ".")]


def holds_attributes_file(paths: Sequence[str]) -> bool:
    """Whether one of ``paths`` is a ``.gitattributes`` file (is_attributes_file), asked first
    of them all joined by NUL and lowered at once: such a name lowers to its ASCII wherever it
    stands (a full scan asked each of its 20,000 paths: 2.5 ms, serial)."""
    joined = ("\0" + "\0".join(paths) + "\0").lower()
    if "/.gitattributes\0" in joined or "\0.gitattributes\0" in joined:
        return any(is_attributes_file(p) for p in paths)
    # Else only a name that is not ASCII can be one (``.gitattributeſ``, a U+200C in it).
    return not joined.isascii() and any(is_attributes_file(p) for p in paths if not p.isascii())


def is_attributes_file(path: str) -> bool:
    """Whether a path is a ``.gitattributes`` file as macOS and Windows open names (any folder;
    ``class_key``: any case, ``.GitAttributes``; any Unicode form; the characters HFS+ leaves
    out, ``.gitattri<U+200C>butes``; the case Windows folds, ``.gitattributeſ``).  A change to
    one -- removing it too -- can give a gated file that it does not touch an attribute that
    rewrites it."""
    name = path.rpartition("/")[2]
    return name.lower() == ".gitattributes" if name.isascii() else class_key(name) == ".gitattributes"


def attribute_findings(
    policy: Policy, paths: Iterable[str], *, cwd: str, source: str | None = None, commit: str | None = None
) -> list[Finding]:
    """``gated-attribute`` findings for the gated ones among ``paths`` (repository-relative), with
    the attributes of the work tree (``source`` None), the index (``"index"``) or a commit: one
    git check-attr for all of them, none when no path is gated."""
    gated = sorted({p for p in paths if policy.classify(p) is not None})
    if not gated:
        return []
    cased = cased_attributes(gated, REWRITING_ATTRIBUTES + LINE_ENDING_ATTRIBUTES, cwd=cwd, source=source)
    answers = merged_attributes(cased)
    converted = [p for p in gated if any(converts_line_endings(a.get(p, {})) for a in cased)]
    utf16 = {p for p, head in _heads(converted, cwd=cwd, source=source).items() if has_utf16_bom(head)}
    found = (attribute_finding(policy, p, answers.get(p, {}), commit=commit, shifted=p in utf16) for p in gated)
    other_case = _other_case_findings(policy, gated, cwd=cwd, source=source, commit=commit)
    long_lines = _long_line_findings(policy, gated, cwd=cwd, source=source, commit=commit)
    return [f for f in found if f is not None] + other_case + long_lines


def _long_line_findings(
    policy: Policy, gated: Sequence[str], *, cwd: str, source: str | None, commit: str | None
) -> list[Finding]:
    """``gated-attribute`` for each gated path below a ``.gitattributes`` with a line git here
    ignores for its length (entries.ignored_attribute_line) and other gits apply: check-attr
    cannot say what it does to the file.  Found attacking main: ``*.json export-subst`` and
    3,000 blanks passed every mode -- git 2.39.5 warns and ignores the line -- and an older
    git's archive expands the request's ``$Format:...$`` into a production one."""
    folders = sorted({"/".join(p.split("/")[:k]) for p in gated for k in range(p.count("/") + 1)})
    names = [f"{f}/.gitattributes" if f else ".gitattributes" for f in folders]
    lines = _ignored_lines(names, cwd=cwd, source=source)
    long = {folder: f"{name}:{lines[name]}" for folder, name in zip(folders, names, strict=True) if lines[name]}

    def above(path: str) -> str | None:
        parts = path.split("/")[:-1]
        return next((long[f] for k in range(len(parts) + 1) if (f := "/".join(parts[:k])) in long), None)

    return _below(
        policy,
        gated if long else (),
        above,
        "lies below the attribute line {}, which git here ignores (2047 bytes or more, or at or past a NUL) "
        "while an older git or another reader applies it: what it does to the file cannot be told; shorten it",
        commit,
    )


def _below(
    policy: Policy, gated: Iterable[str], above: Callable[[str], str | None], message: str, commit: str | None
) -> list[Finding]:
    """``gated-attribute`` for each of ``gated`` that ``above`` finds an attribute file or line
    above, ``message`` (``{}``: what it found) after the file's class."""
    findings = []
    for path in gated:
        found = above(path)
        if found is not None:
            text = f"{policy.classify(path)} file {message.format(found)}"
            findings.append(Finding(path, 1, 1, "gated-attribute", text, commit=commit))
    return findings


def _ignored_lines(names: Sequence[str], *, cwd: str, source: str | None) -> dict[str, int | None]:
    """For each attribute file in ``names`` as the work tree (``source`` None), the index or a
    commit holds it, the first line git here ignores (entries.ignored_attribute_line), None
    for none or no such file.  A stored one is held only up to git's size limit: past it git
    ignores it whole (its line 1)."""
    if source is None:
        texts = {name: _work_tree_rules(os.path.join(cwd, name)) for name in names}
        return {name: ignored_attribute_line(text) if text is not None else None for name, text in texts.items()}
    from rehearsal_hook.git.catfile import cat_file_sized

    prefix = ":" if source == "index" else source + ":"
    asked = [n for n in names if "\n" not in n]
    lines: dict[str, int | None] = dict.fromkeys(names)
    for name, (kind, data, size) in zip(
        asked, cat_file_sized([prefix + n for n in asked], ATTR_MAX_FILE_SIZE - 1, cwd=cwd), strict=True
    ):
        if kind == "blob":
            lines[name] = 1 if data is None and size >= ATTR_MAX_FILE_SIZE else ignored_attribute_line(data or b"")
    return lines


def _other_case_findings(
    policy: Policy, gated: Sequence[str], *, cwd: str, source: str | None, commit: str | None
) -> list[Finding]:
    """``gated-attribute`` for each gated path below a tracked ``.gitattributes`` that git
    applies to it only on a case-insensitive file system: one named in another case
    (``.GITATTRIBUTES``, ``sub/.GitAttributes``), or one in a folder named in another case
    (``SUB/.gitattributes`` above ``sub/x.json``: one folder on such a disk).  git reads
    attributes from the index and from trees by the exact path, so check-attr here never
    applies them; but a checkout on macOS or Windows, finding no ``.gitattributes`` for the
    folder in the index, opens that name in the work tree (attr.c: the checkout direction
    reads the index, then the file; adding a file, the file first), and such a file system
    opens this one (found attacking main: ``*.json text eol=crlf`` there passed with a UTF-16
    request it shifts)."""
    # By folder as macOS and Windows open it (class_key: without case, composed, without the
    # characters HFS+ leaves out -- ``café/`` decomposed is the same folder there: found
    # attacking main), so that each gated path asks only its own folders: linear in the
    # paths, however many such files (one search per pair took 12.8 s for 8,000 of each).
    by_folder: dict[str, list[str]] = {}
    for v in attribute_file_candidates(cwd=cwd, source=source):
        if is_attributes_file(v):
            by_folder.setdefault(class_key(v.rpartition("/")[0]), []).append(v)
    if not by_folder:
        return []

    def above(path: str) -> str | None:
        return next((v for v in _attribute_files_above(path, by_folder) if v != _exact_attributes(path, v)), None)

    return _below(
        policy,
        gated,
        above,
        "lies below {}, which a checkout on macOS or Windows (names without case, in any Unicode form) "
        "reads as its .gitattributes while git here does not: name it and its folder as the file's are named",
        commit,
    )


def _attribute_files_above(path: str, by_folder: dict[str, list[str]]) -> Iterator[str]:
    """The attribute files of ``by_folder`` (keyed by their folder's ``class_key``) in the root
    and in each folder above ``path``, compared so."""
    folder = ""
    for segment in ["", *path.split("/")[:-1]]:
        folder = f"{folder}/{segment}" if folder else segment
        yield from by_folder.get(class_key(folder), ())


def _exact_attributes(path: str, attributes_file: str) -> str:
    """The name git itself reads for ``path`` in the folder of ``attributes_file``: that
    folder as ``path`` spells it, then ``.gitattributes``."""
    depth = attributes_file.count("/")
    folder = "/".join(path.split("/")[:depth])
    return f"{folder}/.gitattributes" if folder else ".gitattributes"


def _work_tree_rules(path: str) -> bytes | None:
    """A work tree's attribute file as git reads it: a regular file, never through a link (git
    opens it so), up to the size git reads at most -- a link to /dev/zero or a FIFO there
    made the check hang (found in review of this function)."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        parts, size = [], 0
        while size < ATTR_MAX_FILE_SIZE and (chunk := os.read(fd, min(1 << 20, ATTR_MAX_FILE_SIZE - size))):
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)


def _heads(paths: Sequence[str], *, cwd: str, source: str | None) -> dict[str, bytes]:
    """The first bytes of each file as the work tree (``source`` None), the index or a commit
    holds it; a path that cannot be read is left out (reading it for the check says why)."""
    if source is None:
        heads = {}
        for p in paths:
            try:
                fd = os.open(os.path.join(cwd, p), OPEN_FLAGS)
            except OSError:
                continue
            try:
                heads[p] = os.read(fd, 4)
            except OSError:
                pass
            finally:
                os.close(fd)
        return heads
    from rehearsal_hook.git.catfile import cat_file_sized

    named = [p for p in paths if "\n" not in p]
    prefix = ":" if source == "index" else source + ":"
    results = cat_file_sized([prefix + p for p in named], 1 << 20, cwd=cwd)
    return {p: data[:4] for p, (kind, data, _) in zip(named, results, strict=True) if kind == "blob" and data}
