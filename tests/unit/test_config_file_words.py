"""Which words of a config file's text name forbidden tokens (the only ones its own exemption
covers): a one-line ``forbidden-tokens = [...]`` array of plain words, nothing else."""

from __future__ import annotations

import pytest

from rehearsal_hook.checks.engine import token_findings
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.config import Config, forbidden_token_words
from rehearsal_hook.scan.text import scan_bytes

NAMED = [
    ('forbidden-tokens = ["A_PASS"]', {(1, 22, "A_PASS")}),
    ("forbidden-tokens = ['A_PASS']", {(1, 22, "A_PASS")}),
    ('"forbidden-tokens" = ["A_PASS", "B_OK"]', {(1, 24, "A_PASS"), (1, 34, "B_OK")}),
    ("  forbidden-tokens=[ 'A_PASS' , ]", {(1, 23, "A_PASS")}),
    ('forbidden-tokens = ["A_PASS"]  # B_PASS', {(1, 22, "A_PASS")}),  # the comment: not named
    ("forbidden-tokens = []", set()),
]

NOT_NAMED = [
    '# forbidden-tokens = ["A_PASS"]',  # a comment
    'description = "A_PASS"',
    'other = ["A_PASS"]',
    'forbidden-tokens = [\n  "A_PASS",\n]',  # multi-line: a line of it cannot be told apart
    'forbidden-tokens = ["A_PASS" "B_PASS"]',  # not an array TOML reads
    'forbidden-tokens = ["A_PASS", 1]',
    'forbidden-tokens = ["A_PASS", "x y"]',  # something else in the array: none of it
    'forbidden-tokens = ["\\u0041_PASS"]',  # an escape
    'forbidden-tokens = ["A_PASS"] trailing',
    'tool.other.forbidden-tokens = ["A_PASS"]',
]


@pytest.mark.parametrize(("text", "expected"), NAMED)
def test_named(text: str, expected: set[tuple[int, int, str]]) -> None:
    assert forbidden_token_words(text) == expected


@pytest.mark.parametrize("text", NOT_NAMED)
def test_not_named(text: str) -> None:
    assert not any(word == "A_PASS" for _, _, word in forbidden_token_words(text))


def test_columns_agree_with_the_scanner() -> None:
    """Only the hits at the named words are excused; every other hit in the file blocks."""
    data = b'# B_PASS\nforbidden-tokens = ["A_PASS", "C_PASS"]  # D_PASS\nx = "E_PASS"\n'
    rules = Policy(Config(source=".rehearsal-hook.toml"))
    findings = token_findings(rules, ".rehearsal-hook.toml", None, scan_bytes(rules.matcher, data), data=data)
    assert [(f.line, f.excused_by) for f in findings] == [
        (1, None),
        (2, "config-file"),
        (2, "config-file"),
        (2, None),
        (3, None),
    ]
    # Without the content there is nothing to tell the words apart by: none is excused.
    bare = token_findings(rules, ".rehearsal-hook.toml", None, scan_bytes(rules.matcher, data))
    assert all(f.blocking for f in bare)


def test_a_permitted_config_file_is_still_a_permitted_context() -> None:
    data = b'# B_PASS\n[tool.rehearsal-hook]\nforbidden-tokens = ["A_PASS"]\n'
    rules = Policy(Config(source="pyproject.toml", permitted_contexts=("pyproject.toml",)))
    findings = token_findings(rules, "pyproject.toml", None, scan_bytes(rules.matcher, data), data=data)
    assert [f.excused_by for f in findings] == ["permitted-context", "config-file"]


# Lines that look like the key but are not the config's key as TOML reads the file (found in
# review: each line's words were excused).  (text, source): the line of A_PASS is never named.
NOT_THE_KEY = [
    ('x = """\nforbidden-tokens = ["A_PASS"]\n"""\nforbidden-tokens = ["B"]\n', "pyproject.toml"),
    ('[tool.other]\nforbidden-tokens = ["A_PASS"]\n', "pyproject.toml"),
    ('forbidden-tokens = ["A_PASS"]\n', "pyproject.toml"),  # top level: not [tool.rehearsal-hook]
    ("[tool.rehearsal-hook]\nx = '''\nforbidden-tokens = [\"A_PASS\"]\n'''\n", "pyproject.toml"),
    ("permitted-contexts = ['''\nforbidden-tokens = [\"A_PASS\"]\n''']\n", ".rehearsal-hook.toml"),
    ('[other]\nforbidden-tokens = ["A_PASS"]\n', ".rehearsal-hook.toml"),
    ('forbidden-tokens = ["A_PASS"]\nforbidden-tokens = ["A_PASS"]\n', ".rehearsal-hook.toml"),  # not TOML
    ('x = """\n' + 'forbidden-tokens = ["A_PASS"]\n' * 2000 + '"""\n', ".rehearsal-hook.toml"),  # copies
]


@pytest.mark.parametrize(("text", "source"), NOT_THE_KEY)
def test_a_line_that_only_looks_like_the_key_names_nothing(text: str, source: str) -> None:
    assert forbidden_token_words(text, source=source) == frozenset()


def test_the_key_among_look_alike_lines_is_named() -> None:
    text = (
        'description = """\nforbidden-tokens = ["A_PASS"]\n"""\n[tool.rehearsal-hook]\nforbidden-tokens = ["A_PASS"]\n'
    )
    assert forbidden_token_words(text, source="pyproject.toml") == {(5, 22, "A_PASS")}
