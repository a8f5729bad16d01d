"""The policy a check applies: the path classes (which files are gated probe, request or
report files, compared as case-insensitive readers open them) and the token matcher, compiled
once from a Config."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from rehearsal_hook.config import Config
from rehearsal_hook.scan.hints import RENDER_HINTS, TRIGGERS, holds_trigger_b
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher

if TYPE_CHECKING:
    import pathspec

# The classes of gated paths (config: probe-files, request-files, report-files).
PathClass = Literal["probe", "request", "report"]
PROBE: PathClass = "probe"
REQUEST: PathClass = "request"
REPORT: PathClass = "report"

# git's modes for the entries that are not files: a symbolic link, a submodule (gitlink).
LINK_MODE, GITLINK_MODE = "120000", "160000"


# A name of the shape Windows gives a long one as its 8.3 short name: a few characters, ``~`` and
# a number, an extension of up to three (class_key: lowered).
_SHORT_NAME = re.compile(r"[^/~.]{1,7}~[0-9]{1,7}(?:\.[^/.]{1,3})?")
# A pattern's last segment that ends in a literal extension (``*.json``: ``json``), and the
# parts of a segment that stand for more than themselves (an_example spells one of each).
_LITERAL_EXTENSION = re.compile(r"\.([^.*?\[\]\\/]+)$")
_GLOB_PART = re.compile(r"\*+|\?|\[!?\^?([^\]]?)[^\]]*\]|\\(.)")


def _an_example(m: re.Match[str]) -> str:
    """A name a glob's part matches: ``x`` for a wildcard, a set's first member, an escaped
    character itself (a negated set's ``x`` may be one it leaves out: blocks less -- rare)."""
    return m.group(2) or (m.group(1) if m.group().startswith("[") and m.group(1) and m.group()[1] not in "!^" else "x")


# The characters HFS+ leaves out of a file name (git's own list, utf8.c next_hfs_char): on such
# a volume ``x.rehearsal<U+200C>.json`` is the file ``x.rehearsal.json``.
_HFS_IGNORED = dict.fromkeys([0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x206A, 0x2070), 0xFEFF])


def class_key(path: str) -> str:
    """How a path is compared with the path classes: without case -- macOS and Windows open
    ``Rehearsal/Requests/x.JSON`` as ``rehearsal/requests/x.json``, and so do case-insensitive
    readers -- composed (NFC: macOS stores names decomposed), without the characters HFS+
    ignores in names, and with a backslash read as a slash: git stores ``rehearsal\\requests\\x.json``
    as one name at the top, and on Windows -- a separator there -- an archive of it (git
    archive, a host's download) extracts into ``rehearsal/requests/`` (Python's zipfile and
    tarfile there; found attacking main: ungated, a production request passed every mode).
    And without the dots and blanks that end a name: Windows drops them (``x.json.`` is
    ``x.json``), and so does an archive extracted there (Python's zipfile; git for Windows
    refuses to check such a name out; found attacking main: ``rehearsal/requests/x.json.``
    passed every mode).  And each name up to a colon: on NTFS what follows one names a stream of
    the file or folder before it -- ``x.json::$DATA`` is x.json's content, and a folder
    ``rehearsal::$INDEX_ALLOCATION`` is rehearsal/ (CVE-2019-1352: git for Windows wrote
    ``.git::$INDEX_ALLOCATION/hooks/`` into .git; git now reads a name up to a colon as its
    own, is_ntfs_dotgit) -- so an archive extracted there writes ``rehearsal/requests/x.json``
    (found attacking main: ``rehearsal::$INDEX_ALLOCATION/requests/x.json`` passed every
    mode) -- but a letter and a colon that start a path are a drive, which Windows readers drop
    (``C:rehearsal/requests/x.json`` extracts to rehearsal/requests/x.json).  Only the classes:
    permitted contexts are exemptions and stay exact (a looser match would widen them)."""
    # (the ASCII case inline: a full scan asks it of every path)
    key = path.lower() if path.isascii() else _folded(path)
    doubled = False
    if "\\" in key:
        key = key.replace("\\", "/")
        doubled = "//" in key  # (only backslashes make one: git's names hold no slash)
    if key[-1:] in (".", " ") or "./" in key or (" " in key and " /" in key) or ":" in key or doubled:
        if key[1:2] == ":" and "a" <= key[0] <= "z":
            # A drive letter first: Windows readers take C:rehearsal/x.json for a path on drive
            # C -- zipfile strips it (os.path.splitdrive), tarfile's join goes there -- not as
            # the stream rehearsal of a file C.
            key = key[2:]
        elif key[:2] == "//":
            key = key[2:].partition("/")[2].partition("/")[2]  # a UNC drive, //server/share/
        names: list[str] = []
        for n in key.split("/"):
            if n == "..":
                # (the folder before it taken back, as a reader that joins the names does --
                # Windows itself, tarfile's normpath: x\..\rehearsal\requests\x.json is
                # rehearsal/requests/x.json there; dropped, it read x/rehearsal/...: no class)
                del names[-1:]
            elif name := n.partition(":")[0].rstrip(". "):
                names.append(name)
        key = "/".join(names)
    return key


def _folded(text: str) -> str:
    """A path or a class's pattern without case, composed and without what HFS+ ignores
    (class_key; a pattern keeps its backslashes: gitignore's escapes)."""
    if text.isascii():
        return text.lower()
    import unicodedata

    return unicodedata.normalize("NFC", text.translate(_HFS_IGNORED)).casefold()


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


def _leads_below(segments: Sequence[str], parts: Sequence[str], wild: Collection[int] = ()) -> bool:
    """Whether some path ``parts/...`` (at least one more name) matches the anchored pattern
    ``segments``: the names of ``parts`` are matched one by one (``**`` takes any number of
    them; a name at an index in ``wild`` stands for one that is not known, and matches any
    segment), and either the pattern still has segments left or a folder along the way already
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
    for k, part in enumerate(parts):
        if len(segments) in states:
            return True
        after = set()
        for i in states:
            seg = segments[i]
            if seg == "**":
                after.add(i)
            # A segment with an escape is not read here: taken to match anything (blocks more).
            elif k in wild or "\\" in seg or fnmatchcase(part, seg):
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
        # (The same for paths joined by NUL, which no path holds: the runs within one path.)
        self.joined_prefilter = "|".join("[^\\x00]*".join(map(re.escape, runs)) for runs in self._runs)
        self._pre = re.compile(self.prefilter, re.S) if self._runs else None

    def may_match(self, path: str) -> bool:
        return self._always or (self._pre is not None and self._pre.search(path) is not None)

    def may_match_below(self, path: str, wild: Collection[int] = ()) -> bool:
        """Whether a path below ``path`` (a folder name) can match an anchored pattern, the
        names of ``path`` at the indices in ``wild`` standing for any name."""
        parts = [p for p in path.split("/") if p]
        return any(_leads_below(segments, parts, wild) for segments in self._folders)

    def may_hold_alias(self, folders: Sequence[str], wild: Collection[int], name: str) -> bool:
        """Whether a file named ``name``, a Windows short name (``XREHEA~1.JSO``), in the folder
        ``folders`` can stand for a name a pattern matches: one whose folder can lead there and
        whose last segment, where it ends in a literal extension, has one the short name's is the
        first three characters of (``.jso`` for ``.json``), judged on an example of it
        (_an_example) in that folder; its first characters are not compared (blocks more)."""
        ext = name.rpartition(".")[2] if "." in name else ""
        for line in self._patterns:
            if not line.strip() or line.lstrip().startswith(("#", "!")):
                continue
            segments = [s for s in line.rstrip("/").lstrip("/").split("/") if s]
            literal = _LITERAL_EXTENSION.search(segments[-1]) if segments else None
            if literal is not None and literal.group(1)[:3] != ext:
                continue
            if wild and _leads_below(segments, folders, wild):
                return True
            if not wild and segments and self.match("/".join([*folders, _GLOB_PART.sub(_an_example, segments[-1])])):
                return True
        return False

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
            (PROBE, PathPatterns(map(_folded, config.probe_files))),
            (REQUEST, PathPatterns(map(_folded, config.request_files))),
            (REPORT, PathPatterns(map(_folded, config.report_files))),
        ]
        self._permitted = PathPatterns(config.permitted_contexts)
        # One search for all three classes first: most paths of a full scan are in none.
        specs = [spec for _, spec in self._classes]
        always = any(s._always for s in specs)
        joined = "|".join(s.prefilter for s in specs if s.prefilter)
        self._any_class = None if always or not joined else re.compile(joined, re.S)
        self._joined_any_class = "|".join(s.joined_prefilter for s in specs if s.joined_prefilter)
        self._no_class = not always and not joined
        # (A name of ASCII without a trigger or NUL -- nearly every name -- can match only a
        # needle of that search, and a removal joins a maker only beside a trigger: asked as a class and the
        # needles' search first: the bench corpus's 20,000 names 19.7 -> 4.9 ms, a full scan asks each)
        self._plain_name = re.compile(
            "[" + "".join(re.escape(chr(c)) for c in range(1, 128) if chr(c) not in TRIGGERS) + "]*+"
        )
        self._needle_s = re.compile("|".join(re.escape(n.decode()) for n in self.matcher.needles))

    def classify(self, path: str) -> PathClass | None:
        """The class of a path (PROBE, REQUEST, REPORT) or None, the first of ``classes``."""
        if self._no_class:
            return None
        path = class_key(path)
        if self._any_class is not None and self._any_class.search(path) is None:
            return None
        for kind, spec in self._classes:
            if spec.match(path):
                return kind
        return None

    def classes(self, path: str) -> tuple[PathClass, ...]:
        """Every class of a path, in precedence order; compared by ``class_key``.  A path in
        several is held to the rules of each (engine.class_findings): the defaults overlap --
        ``rehearsal/probes/x.rehearsal.json`` is a probe file and a request file, which the
        lane runs."""
        if self.classify(path) is None:
            return ()
        key = class_key(path)
        return tuple(kind for kind, spec in self._classes if spec.match(key))

    def classified(self, paths: Sequence[str]) -> list[str]:
        """The paths in a class, in order: ``[p for p in paths if self.classify(p)]``, asking
        only those that one search of the classes' prefilter over their keys joined by NUL (which
        no path holds) finds a match in -- a full scan's post-run step asked it of each of its
        20,000 paths (6 ms, serial).  Each match lies within one path (its runs are that path's,
        in order): the search goes on at the next path."""
        joined = "\0".join(paths)
        if self._any_class is None or not joined.isascii() or joined.count("\0") != max(len(paths) - 1, 0):
            return [p for p in paths if self.classify(p) is not None]
        keys = joined.lower().replace("\\", "/")  # (each path's class_key: ASCII)
        if (
            "./" in keys
            or ".\0" in keys
            or keys.endswith((".", " "))
            or (" " in keys and (" /" in keys or " \0" in keys))
            or ":" in keys
            or "//" in keys
        ):
            return [p for p in paths if self.classify(p) is not None]  # (names Windows reads otherwise)
        starts = [0, *itertools.accumulate(len(p) + 1 for p in paths)]
        search = re.compile(self._joined_any_class).search
        out, pos = [], 0
        while (m := search(keys, pos)) is not None:
            i = bisect.bisect_right(starts, m.start()) - 1
            if self.classify(paths[i]) is not None:
                out.append(paths[i])
            pos = starts[i + 1]
        return out

    def class_below(self, path: str) -> PathClass | None:
        """The class of the files that can lie below ``path`` taken as a folder, by the
        anchored patterns (``rehearsal`` and ``rehearsal/requests`` for
        ``rehearsal/requests/**/*.json``), or None; compared by ``class_key``."""
        path = class_key(path)
        for kind, spec in self._classes:
            if spec.may_match_below(path):
                return kind
        return None

    def short_name_below(self, path: str) -> PathClass | None:
        """The class of the files ``path`` can be written as, when folders of it are named like
        Windows short names (``REHEAR~1``), or None.  On a volume that makes 8.3 short names
        (the system drive, by default), a checkout that finds the folder ``rehearsal`` writes
        ``REHEAR~1/requests/x.json`` into it, and readers open it as ``rehearsal/requests/x.json``
        -- git refuses only the short names of ``.git``.  Which long name a short one stands for
        is not known here (a number after the first six characters, or after four a hash): such
        a folder stands for any name (``may_match_below``'s ``wild``).  So does a file named so
        in its folder: written where a file it is the short name of was written first, it
        overwrites that file (``may_hold_alias``)."""
        if "~" not in path:
            return None
        *folders, name = [p for p in class_key(path).split("/") if p] or [""]
        wild = {i for i, folder in enumerate(folders) if _SHORT_NAME.fullmatch(folder)}
        alias = _SHORT_NAME.fullmatch(name) is not None
        below = "/".join(folders)
        for kind, spec in self._classes:
            if (wild and spec.may_match_below(below, wild)) or (alias and spec.may_hold_alias(folders, wild, name)):
                return kind
        return None

    def gated_entry(self, path: str, mode: str) -> bool:
        """Whether an entry is gated: a path in a class, a link or submodule where files of a
        class can lie below it, or a path a Windows short name can put in a class
        (``entry_finding``)."""
        if self.classify(path) is not None or self.short_name_below(path) is not None:
            return True
        return mode in (LINK_MODE, GITLINK_MODE) and self.class_below(path) is not None

    def permitted(self, path: str) -> bool:
        return self._permitted.match(path)

    @functools.cached_property
    def _name_hint(self) -> re.Pattern[str]:
        """name_may_hold_token's four tests as one search (a full scan asks it of every path):
        an alternation matches somewhere iff one of its alternatives does, and the hints'
        patterns hold no class that reads ASCII text differently as str and as bytes.  (Built
        for the first name that is not plain: 0.3-0.5 ms of a hook's start, whose names
        mostly are.)"""
        return re.compile(
            "|".join(
                [
                    "[^\\x00-\\x7f]",
                    "\\x00",
                    *(re.escape(n.decode()) for n in self.matcher.needles),
                    *(p for c, p in RENDER_HINTS if c.isascii()),
                ]
            )
        )

    def name_may_hold_token(self, path: str) -> bool:
        """False when a path cannot hold a token: plain ASCII without any needle, and nothing a
        renderer decodes (``%5F``, ``&#95;``...: see scan.hints.may_render).  The same as
        ``not path.isascii() or "\\0" in path or <a needle in path> or may_render(path.encode())``
        (tests/unit/test_render_prefilter.py), in one search (a plain name: a class and a
        search for the needles alone) -- and, as may_render does, a
        trigger and what a parsed reading removes beside it (``&{empty}#95;``: may_join_b, as
        may_render asks it; a file named so passed, the red-team pass of session 20)."""
        if self._plain_name.fullmatch(path) is not None:
            return self._needle_s.search(path) is not None
        if self._name_hint.search(path) is not None:
            return True
        # (ASCII here: the hint holds any other character.  may_render's own last question --
        # hints.joins_a_maker, coarser, said True of ``((``, a line feed, ``&lt;``, which
        # may_render does not: the property test found it, session 28)
        from rehearsal_hook.scan.removal_lines import may_join_b

        data = path.encode()
        return holds_trigger_b(data) and may_join_b(data)
