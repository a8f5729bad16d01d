"""The baseline file as data: parsing, rendering and what it excuses, as functions."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import ConfigError
from rehearsal_hook.exemptions.baseline import (
    Baseline,
    Entry,
    excuse,
    normalise_line,
    parse_baseline,
    render_baseline,
    stale_entries,
)
from rehearsal_hook.findings import Finding
from rehearsal_hook.scan.matcher import TokenMatcher

E = Entry("p", "seal-token", "X_P…", "a" * 64, 2)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_baseline_is_utf_8(encoding: str) -> None:
    # git shows UTF-16 as a binary file ("Binary files differ"): a review of a change to the
    # baseline would see none of the entries it adds.  (With a BOM, it was read.)
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    data = (bom + render_baseline([E]).decode()).encode(encoding)
    with pytest.raises(ConfigError, match="UTF-8"):
        parse_baseline(data, source="b")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"version": 1, "entries": []}', None),
        (render_baseline([E]).decode(), None),
        ('{"version": 2, "entries": []}', "expected"),
        ('{"version": 1, "entries": [], "entries": []}', "duplicate"),
        ('{"version": 1, "entries": {}}', "must be a list"),
        (render_baseline([E]).decode().replace('"seal-token"', '"target-not-isolated"'), "cannot be baselined"),
        (render_baseline([E]).decode().replace('"count": 2', '"count": 0'), "count"),
        (render_baseline([E]).decode().replace('"count": 2', '"count": true'), "count"),
        (render_baseline([E]).decode().replace("a" * 64, "A" * 64), "fingerprint"),
        (render_baseline([E, E]).decode(), "listed twice"),
        ("not json", "baseline"),
    ],
)
def test_parse_baseline(text: str, error: str | None) -> None:
    if error is None:
        assert isinstance(parse_baseline(text.encode(), source="b"), Baseline)
    else:
        with pytest.raises(ConfigError, match=error):
            parse_baseline(text.encode(), source="b")


@pytest.mark.parametrize(
    ("line", "normal"),
    [("  a   b\t", "a b"), ("a\0b", "ab"), ("a\r\n", "a"), ("", "")],
)
def test_whitespace_and_nul_do_not_count(line: str, normal: str) -> None:
    assert normalise_line(line) == normal


def _token(line: int) -> Finding:
    return Finding("a.md", line, 1, "seal-token", "m", "X_P\u2026")


@pytest.mark.parametrize(
    ("count", "found", "excused"),
    [(1, 1, 1), (2, 1, 1), (1, 2, 1), (2, 3, 2), (3, 3, 3)],  # one more than the count blocks
)
def test_the_count_is_an_allowance(count: int, found: int, excused: int) -> None:
    findings = [_token(n) for n in range(1, found + 1)]
    fps = dict.fromkeys(range(found), "f" * 64)
    baseline = Baseline((Entry("a.md", "seal-token", "X_P\u2026", "f" * 64, count),))
    out = excuse(findings, fps, baseline, TokenMatcher())
    assert [f.excused_by for f in out] == ["baseline"] * excused + [None] * (found - excused)


@pytest.mark.parametrize(
    ("path", "rule", "token", "excused"),
    [
        ("a.md", "seal-token", "X_P\u2026", True),
        ("docs/glossary.md", "seal-token", "X_P\u2026", False),  # another file named
        ("a.md", "seal-token", "Y_P\u2026", False),  # another token named
        ("a.md", "seal-token-path", "X_P\u2026", False),  # the file's name, not its content
    ],
)
def test_an_entry_covers_only_what_it_names(path: str, rule: str, token: str, excused: bool) -> None:
    """Reviewers read an entry's path, rule and token; its fingerprint cannot be read.  An entry
    whose words name another finding than its fingerprint's excuses nothing."""
    out = excuse([_token(1)], {0: "f" * 64}, Baseline((Entry(path, rule, token, "f" * 64, 1),)), TokenMatcher())
    assert (out[0].excused_by == "baseline") is excused


def test_stale_entries_name_what_is_found_less_often() -> None:
    fresh, stale = Entry("a", "seal-token", "X", "a" * 64, 1), Entry("b", "seal-token", "Y", "b" * 64, 2)
    assert stale_entries(Baseline((fresh, stale)), {0: "a" * 64, 1: "b" * 64}) == [(stale, 1)]


def test_render_then_parse_is_the_same_baseline() -> None:
    entries = [E, Entry("q", "seal-token-path", "Y_P\u2026", "b" * 64, 1)]
    assert parse_baseline(render_baseline(entries), source="b") == Baseline(tuple(sorted(entries)))
