"""The same-change review (exemptions/review.py) as a table: an exemption that arrived in the
change being checked is marked ``same_change``, and under protect-exemptions refused (the
finding blocks); one that was there where the change starts is left alone."""

from __future__ import annotations

import pytest

from rehearsal_hook.checks.engine import check_blob
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.config import Config
from rehearsal_hook.exemptions.baseline import Baseline
from rehearsal_hook.exemptions.review import Before, needs_content, review
from rehearsal_hook.findings import Finding

PRAGMA_LINE = b"CUTOVER_PASS # rehearsal-hook: allow\n"
PLAIN = Policy(Config())
DOCS = Policy(Config(permitted_contexts=("docs/**",)))
PROTECT = Policy(Config(protect_exemptions=True))
PROTECT_DOCS = Policy(Config(permitted_contexts=("docs/**",), protect_exemptions=True))

# (name, policy now, path, content now, policy before, content before or None (a new file),
#  expected (same_change, excused_by, refused))
CASES = [
    ("pragma already there", PLAIN, "a.md", b"x\n" + PRAGMA_LINE, PLAIN, b"y\n" + PRAGMA_LINE, (False, "pragma", None)),
    ("pragma added", PLAIN, "a.md", b"x\n" + PRAGMA_LINE, PLAIN, b"x\n", (True, "pragma", None)),
    ("pragma in a new file", PLAIN, "a.md", PRAGMA_LINE, PLAIN, None, (True, "pragma", None)),
    ("pragma added, protected", PROTECT, "a.md", PRAGMA_LINE, PROTECT, b"", (True, None, "pragma")),
    # protection switched on only before the change still applies: a change cannot switch it off
    ("pragma added, protected before", PLAIN, "a.md", PRAGMA_LINE, PROTECT, b"", (True, None, "pragma")),
    ("context already there", DOCS, "docs/a.md", b"CUTOVER_PASS\n", DOCS, b"", (False, "permitted-context", None)),
    ("context widened", DOCS, "docs/a.md", b"CUTOVER_PASS\n", PLAIN, b"", (True, "permitted-context", None)),
    (
        "context widened, protected",
        PROTECT_DOCS,
        "docs/a.md",
        b"CUTOVER_PASS\n",
        PROTECT,
        b"",
        (True, None, "permitted-context"),
    ),
]


@pytest.mark.parametrize(
    ("name", "now", "path", "data", "before", "before_data", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_review(
    name: str,
    now: Policy,
    path: str,
    data: bytes,
    before: Policy,
    before_data: bytes | None,
    expected: tuple[bool, str | None, str | None],
) -> None:
    findings = check_blob(now, path, data)
    [token] = [f for f in findings if f.rule == "seal-token"]
    assert not token.blocking  # excused before the review
    contents = {} if before_data is None else {path: before_data}
    current = {key: data for key in needs_content(findings)}
    [reviewed] = review([token], now, Baseline(), [Before(before, Baseline(), contents)], current, partial=False)
    assert (reviewed.same_change, reviewed.excused_by, reviewed.refused) == expected
    assert reviewed.blocking is (expected[1] is None)


def test_a_pragma_in_a_message_is_always_the_same_change() -> None:
    finding = Finding("(commit message)", 1, 1, "seal-token-message", "m", "X_P\u2026", excused_by="pragma")
    [reviewed] = review([finding], PLAIN, Baseline(), [Before(PLAIN, Baseline(), {})], {}, partial=False)
    assert reviewed.same_change and reviewed.excused_by == "pragma"


def test_unreadable_current_content_counts_as_new() -> None:
    findings = check_blob(PLAIN, "a.md", PRAGMA_LINE)
    [reviewed] = review(
        findings, PLAIN, Baseline(), [Before(PLAIN, Baseline(), {"a.md": PRAGMA_LINE})], {}, partial=False
    )
    assert reviewed.same_change


def test_nothing_excused_is_left_alone() -> None:
    findings = check_blob(PLAIN, "a.md", b"CUTOVER_PASS\n")
    assert review(findings, PLAIN, Baseline(), [Before(PLAIN, Baseline(), {})], {}, partial=False) == findings
    assert needs_content(findings) == []
