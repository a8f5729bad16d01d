"""config.py as tables: parsing a config file's bytes, the order the files of a tree are read
in, and every way a config could widen the lane (each one a ConfigError, exit 2)."""

from __future__ import annotations

import pytest

from rehearsal_hook.config import CONFIG_FILE, PYPROJECT, Config, parse_config, select_config
from rehearsal_hook.errors import ConfigError

from ..cli.test_config import BAD_CONFIGS


@pytest.mark.parametrize(
    ("body", "source", "expected"),
    [
        (b"", CONFIG_FILE, Config(source=CONFIG_FILE)),
        (b'forbidden-tokens = ["GO_LIVE"]\n', CONFIG_FILE, Config(forbidden_tokens=("GO_LIVE",))),
        (b"allow-inline-pragma = false\n", CONFIG_FILE, Config(allow_inline_pragma=False)),
        (b"protect-exemptions = true\n", CONFIG_FILE, Config(protect_exemptions=True)),
        (b'isolated-targets = ["lab_clone"]\n', CONFIG_FILE, Config(isolated_targets=("lab_clone",))),
        (
            b'[tool.rehearsal-hook]\npermitted-contexts = ["docs/**"]\n',
            PYPROJECT,
            Config(permitted_contexts=("docs/**",)),
        ),
        (b'[project]\nname = "x"\n', PYPROJECT, Config()),  # no table of ours: the defaults
        (b'[tool.other]\nkey = "CUTOVER"\n', PYPROJECT, Config()),  # another tool's table is not read
    ],
)
def test_parse_config(body: bytes, source: str, expected: Config) -> None:
    config = parse_config(body, source=source)
    assert config == expected
    assert config.source == source


# A pattern that can never match a path from the repository root gates nothing, silently:
# ``./reqs/*.json`` left every request ungated (found in session 29).  (A list of its own: the
# CLI test's list extended in place gave its parametrize 18 values for 12 ids, a collection
# error wherever this module was imported first.)
BAD_PARSED = [
    *BAD_CONFIGS,
    ("pattern with ./", 'request-files = ["./reqs/*.json"]\n', "never match"),
    ("pattern with ..", 'report-files = ["reports/../r.json"]\n', "never match"),
    ("negated pattern with ./", 'probe-files = ["p/*.json", "!./p/x.json"]\n', "never match"),
    ("blank pattern", 'request-files = ["  "]\n', "never match"),
    ("comment pattern", 'request-files = ["# reqs/*.json"]\n', "never match"),
    ("windows separator", 'permitted-contexts = ["docs\\\\glossary.md"]\n', "never match"),
]


@pytest.mark.parametrize(("name", "body", "message"), BAD_PARSED, ids=[b[0] for b in BAD_PARSED])
def test_bad_config_is_a_config_error(name: str, body: str | bytes, message: str) -> None:
    data = body if isinstance(body, bytes) else body.encode()
    with pytest.raises(ConfigError, match=message):
        parse_config(data, source=CONFIG_FILE)


def test_pyproject_table_must_be_a_table() -> None:
    with pytest.raises(ConfigError, match=r"\[tool.rehearsal-hook\] must be a table"):
        parse_config(b'[tool]\nrehearsal-hook = "x"\n', source=PYPROJECT)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, Config()),
        ({PYPROJECT: b'[tool.rehearsal-hook]\nforbidden-tokens = ["A"]\n'}, Config(forbidden_tokens=("A",))),
        (  # a pyproject.toml without the table, beside the dedicated file
            {CONFIG_FILE: b'forbidden-tokens = ["B"]\n', PYPROJECT: b"[tool.ruff]\nline-length = 99\n"},
            Config(forbidden_tokens=("B",)),
        ),
        (  # (one that does not parse is not read when the dedicated file is there, as before)
            {CONFIG_FILE: b'forbidden-tokens = ["B"]\n', PYPROJECT: b"[tool.rehearsal-hook\n"},
            Config(forbidden_tokens=("B",)),
        ),
        ({CONFIG_FILE: b""}, Config()),  # an empty dedicated file: the defaults, from that file
    ],
)
def test_select_config_order(files: dict[str, bytes], expected: Config) -> None:
    assert select_config(files.get) == expected


# Rules that would be silently ignored: the table under a name near ours, or beside the
# dedicated file (which is read instead).  Each is an error, not a quiet default: a typo, or a
# change that adds an empty .rehearsal-hook.toml, dropped pyproject.toml's forbidden-tokens.
IGNORED_RULES = [
    ({PYPROJECT: b'[tool.rehearsal_hook]\nforbidden-tokens = ["A"]\n'}, "rehearsal_hook"),
    ({PYPROJECT: b'[tool.rehearsal-hooks]\nforbidden-tokens = ["A"]\n'}, "rehearsal-hooks"),
    ({PYPROJECT: b'[tool.Rehearsal-Hook]\nforbidden-tokens = ["A"]\n'}, "Rehearsal-Hook"),
    ({PYPROJECT: b'[tool.rehersal-hook]\nforbidden-tokens = ["A"]\n'}, "rehersal-hook"),
    ({PYPROJECT: b'[tool.rehearsal.hook]\nforbidden-tokens = ["A"]\n'}, "rehearsal"),
    (
        {
            PYPROJECT: b'[tool.rehearsal-hook]\nforbidden-tokens = ["A"]\n[tool.rehearsal_hook]\nprotect-exemptions = true\n'
        },
        "rehearsal_hook",
    ),
    (
        {CONFIG_FILE: b'forbidden-tokens = ["B"]\n', PYPROJECT: b'[tool.rehearsal-hook]\nforbidden-tokens = ["A"]\n'},
        "both",
    ),
    ({CONFIG_FILE: b"", PYPROJECT: b'[tool.rehearsal-hook]\nforbidden-tokens = ["A"]\n'}, "both"),
    ({CONFIG_FILE: b"", PYPROJECT: b'[tool.rehearsal_hook]\nforbidden-tokens = ["A"]\n'}, "rehearsal_hook"),
]


@pytest.mark.parametrize(("files", "message"), IGNORED_RULES)
def test_rules_that_would_be_ignored_are_an_error(files: dict[str, bytes], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        select_config(files.get)


def test_a_tool_key_that_is_not_a_table_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"\[tool\] must be a table"):
        parse_config(b'tool = "x"\n', source=PYPROJECT)


def test_other_tools_tables_are_not_ours() -> None:
    data = b"[tool.ruff]\nx = 1\n[tool.hooks]\ny = 2\n[tool.rehearse]\nz = 3\n[tool.pre-commit-hooks]\nw = 4\n"
    assert select_config({PYPROJECT: data}.get) == Config()


@pytest.mark.parametrize(
    "pattern", ["/reqs/*.json", "reqs/", "**/x.json", "a/.hidden/*.json", "\\#odd.json", "\\!x.json", "a\\*b.json"]
)
def test_patterns_that_can_match_are_taken(pattern: str) -> None:
    import json

    data = f"request-files = [{json.dumps(pattern)}]\n".encode()  # (a TOML basic string)
    assert parse_config(data, source=CONFIG_FILE).request_files == (pattern,)
