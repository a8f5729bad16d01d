"""Which folder names gated files can lie below (``Policy.class_below``): a symbolic link or a
submodule there is a way to reach a request, report or probe file that is not stored (and
gated) under that name (tests/git/test_gated_reach.py drives it through real git)."""

from __future__ import annotations

import pathspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal_hook.checks.policy import PathPatterns, Policy, _folder_segments
from rehearsal_hook.config import Config
from rehearsal_hook.sources.attributes import holds_attributes_file, is_attributes_file

DEFAULTS = Policy(Config())

TABLE = [
    # (folder, class below it with the default patterns)
    # rehearsal/probes/**/*.json and rehearsal/requests/**/*.json: the first class that can
    ("rehearsal", "probe"),
    ("Rehearsal", "probe"),  # classes are matched without case
    ("rehearsal/requests", "request"),
    ("rehearsal/requests/deep/er", "request"),
    ("rehearsal/probes", "probe"),
    ("rehearsal/probes/x", "probe"),
    ("rehearsal/other", None),
    ("rehearsals", None),
    ("docs", None),  # *.rehearsal.json lies anywhere: reached through a link, it is still gated
    ("docs/rehearsal", None),  # anchored patterns start at the root
    ("", "probe"),  # below the root: anything
]


@pytest.mark.parametrize(("folder", "kind"), TABLE)
def test_class_below_with_the_defaults(folder: str, kind: str | None) -> None:
    assert DEFAULTS.class_below(folder) == kind


@pytest.mark.parametrize(
    ("pattern", "folder", "below"),
    [
        ("rehearsal/requests/", "rehearsal/requests", True),  # a folder pattern: all below it
        ("rehearsal/requests/", "rehearsal/requests/a/b", True),
        ("/reqs/*.json", "reqs", True),
        ("/reqs/*.json", "reqs/a", False),
        ("/reqs/*.json", "reqs/a.json", True),  # a folder named like a match: all below it matches
        ("reqs/*/x.json", "reqs/anything", True),
        ("reqs/*/x.json", "other/anything", False),
        ("**/requests/*.json", "any/where", True),  # ** takes any number of names
        ("a/**/b/*.json", "a/x/y/b", True),
        ("a/[bc]/*.json", "a/d", False),
        ("a/[!bc]/*.json", "a/d", True),
        ("a/\\*/x.json", "a/zzz", True),  # an escape is not read: taken to match (blocks more)
        ("*.json", "anything", False),  # no slash: matches by name, not by place
        ("!rehearsal/requests/*.json", "rehearsal", False),
        ("# rehearsal/requests/*.json", "rehearsal", False),
    ],
)
def test_may_match_below(pattern: str, folder: str, below: bool) -> None:
    assert PathPatterns([pattern]).may_match_below(folder) is below


names = st.sampled_from(["a", "b", "req", "x.json", "requests", "r.JSON"])
patterns = st.lists(st.sampled_from(["a", "b", "*", "**", "req*", "*.json", "requests", "[ab]", "?"]), min_size=2)


@settings(max_examples=400, deadline=None)
@given(segments=patterns, folder=st.lists(names, min_size=1, max_size=4), rest=st.lists(names, min_size=1, max_size=3))
def test_never_misses_a_path_below_that_matches(segments: list[str], folder: list[str], rest: list[str]) -> None:
    """Soundness against pathspec (what classify uses): whenever a path below the folder
    matches an anchored pattern, the folder is said to lead below it."""
    pattern = "/".join(segments)
    assert _folder_segments(pattern) is not None
    if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file("/".join(folder + rest)):
        assert PathPatterns([pattern]).may_match_below("/".join(folder))


@pytest.mark.parametrize(
    "path",
    [
        "x.rehearsal\u200c.json",  # HFS+ leaves U+200C out of names: this is x.rehearsal.json there
        "rehearsal\u200d/requests/x.json",
        "x.\ufeffrehearsal.json",
        "rehearsal/requests/x.js\u202eon",
        "x.Rehearsal\u206a.JSON",
        "x.rehearsal.jso\u200fn",
    ],
)
def test_names_hfs_plus_reads_as_gated_are_gated(path: str) -> None:
    assert DEFAULTS.classify(path) == "request"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("rehearsal\\requests\\x.json", "request"),  # one name at the top, stored so
        ("Rehearsal\\Probes/p.json", "probe"),
        ("docs\\x.rehearsal.json", "request"),
        ("rehearsal\\x.json", None),
    ],
)
def test_a_backslash_is_read_as_windows_reads_it(path: str, kind: str | None) -> None:
    """On Windows a backslash separates folders: an archive of ``rehearsal\\requests\\x.json``
    (one name to git) extracts into rehearsal/requests/ there."""
    assert DEFAULTS.classify(path) == kind
    assert DEFAULTS.classified([path]) == ([path] if kind else [])


@pytest.mark.parametrize(
    "path",
    ["rehearsal/requests/x.json.", "y.rehearsal.json ", "rehearsal./requests/x.json", "Rehearsal . /requests/x.JSON"],
)
def test_a_name_is_read_without_the_dots_and_blanks_windows_drops(path: str) -> None:
    """Windows drops the dots and blanks that end a name (an archive extracted there too)."""
    assert DEFAULTS.classify(path) == "request"
    assert DEFAULTS.classified(["a.md", path]) == [path]


@pytest.mark.parametrize(
    "path",
    [
        "rehearsal/requests/x.json::$DATA",
        "rehearsal::$INDEX_ALLOCATION/requests/x.json",
        "Rehearsal:$I30:$INDEX_ALLOCATION/Requests/x.JSON",
        "y.rehearsal.json::$data",
        "rehearsal/requests/x.json. ::$DATA",
    ],
)
def test_a_name_is_read_up_to_the_colon_where_ntfs_names_a_stream(path: str) -> None:
    """On NTFS ``x.json::$DATA`` is x.json's content and ``rehearsal::$INDEX_ALLOCATION`` the
    folder rehearsal (CVE-2019-1352, ``.git::$INDEX_ALLOCATION``): an archive extracted there
    writes rehearsal/requests/x.json."""
    assert DEFAULTS.classify(path) == "request"
    assert DEFAULTS.classified(["a.md", path]) == [path]


@pytest.mark.parametrize(
    "path",
    [
        "C:rehearsal/requests/x.json",
        "c:/rehearsal/requests/x.json",
        "D:\\rehearsal\\requests\\x.json",
        "Z:x.rehearsal.json",
        # a UNC drive (\\server\share), and empty names, which zipfile drops too
        "\\\\srv\\share\\rehearsal\\requests\\x.json",
        "rehearsal\\\\requests\\x.json",
    ],
)
def test_a_drive_letter_that_starts_a_path_is_read_as_windows_readers_read_it(path: str) -> None:
    """Found in session 30: git on Linux stores C:rehearsal/requests/x.json (a name at the top,
    C:rehearsal), and on Windows Python's zipfile strips the drive (os.path.splitdrive) and
    extracts rehearsal/requests/x.json, tarfile's path join writes it below the current folder
    of drive C.  Read up to its colon, as an NTFS stream, it was c/requests/x.json: no class."""
    assert DEFAULTS.classify(path) == "request"
    assert DEFAULTS.classified(["a.md", path]) == [path]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("x\\..\\rehearsal\\requests\\x.json", "request"),
        ("x/..\\rehearsal/requests/x.json", "request"),
        ("..\\rehearsal\\requests\\x.json", "request"),
        ("rehearsal\\x\\..\\requests\\y\\..\\x.json", "request"),
        ("rehearsal\\requests\\..\\x.json", None),
    ],
)
def test_a_name_dot_dot_takes_the_folder_before_it_back(path: str, kind: str | None) -> None:
    """Found in session 30's review: git on Linux stores x\\..\\rehearsal\\requests\\x.json as one
    name at the top (a checkout writes it so; fsck's hasDotdot is for a name '..' alone), and on
    Windows -- a backslash a separator -- tarfile extracts an archive of it to
    rehearsal/requests/x.json.  Read with '..' dropped it was x/rehearsal/requests/x.json: no
    class, and a production request so named passed check --all-files and --range, CLEAN."""
    assert DEFAULTS.classify(path) == kind
    assert DEFAULTS.classified(["a.md", path]) == ([path] if kind else [])


def test_a_backslash_in_a_pattern_stays_an_escape() -> None:
    policy = Policy(Config(request_files=("req/\\*.json",), report_files=(), probe_files=()))
    assert policy.classify("req/*.json") == "request"
    assert policy.classify("req/x.json") is None


def test_other_invisible_characters_still_make_another_name() -> None:
    """Only what HFS+ ignores: a zero-width space (U+200B) names another file there too."""
    assert DEFAULTS.classify("x.rehearsal\u200b.json") is None


# Policy.classified: one search over the paths joined by NUL chooses which to classify -- the
# same paths as classifying each, whatever the classes (a pattern without a literal run, one
# whose runs could span two paths) and the names (upper case, not ASCII, a line break).
CLASS_POLICIES = (
    DEFAULTS,
    Policy(Config(request_files=("req/*.json", "**/x*y.json"), report_files=("*.REPORT",), probe_files=())),
    Policy(Config(request_files=("*",), report_files=(), probe_files=())),
)
FOLDERS = ("", "rehearsal/", "Rehearsal/", "rehearsal/requests/", "REHEARSAL/Requests/deep/", "rehearsal/probes/")
FOLDERS += (
    "docs/",
    "req/",
    "a\n/",
    "\u0130/",
    "x/rehearsal/",
    "rehearsal\\requests\\",
    "REHEARSAL\\",
    "rehearsal./",
    "req /",
)
NAMES = ("x", "a.rehearsal.json", "A.REHEARSAL.JSON", "rehearsal-1.json", "b.rehearsal-report.json", "x-y.json")
NAMES += ("z.REPORT", ".gitattributes", ".GitAttributes", "\u00e9.json", "\u0130.rehearsal.json", "rehearsal")
NAMES += ("x.rehearsal.json.", "x.json ", "...", "x.json::$DATA", "a:b.rehearsal.json", "rehearsal:x")
FOLDERS += ("rehearsal::$INDEX_ALLOCATION/", "docs:x/", "C:", "\\\\srv\\share\\", "x//")


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)).map("".join), max_size=8),
    st.sampled_from(CLASS_POLICIES),
)
def test_classified_is_classify_of_each_path(paths: list[str], policy: Policy) -> None:
    assert policy.classified(paths) == [p for p in paths if policy.classify(p) is not None]
    assert holds_attributes_file(paths) == any(is_attributes_file(p) for p in paths)
