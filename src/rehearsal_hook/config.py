"""Configuration: an explicit, frozen object, loaded from TOML and validated strictly.

Configuration may narrow the rehearsal lane but never widen it past the invariants that the
gate enforces whatever the file says.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from rehearsal_hook.errors import ConfigError
from rehearsal_hook.lane import (
    FIELD_BY_KEY,
    brings_another_document,
    compact_key,
    grant_widens_lane,
    is_forbidden_action,
    mentions_production,
    names_a_place,
)
from rehearsal_hook.scan.escaped import PAST_READING, past_reading

CONFIG_FILE = ".rehearsal-hook.toml"
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class Config:
    """The configuration, frozen: which paths are requests, reports and probe files, the tokens
    and contexts, and the lane (targets, actions, grants) a request may ask for.  Built by
    ``parse_config``/``select_config``; ``__post_init__`` raises ConfigError for anything that would
    widen the lane."""

    request_files: tuple[str, ...] = ("*.rehearsal.json", "rehearsal/requests/**/*.json")
    report_files: tuple[str, ...] = ("rehearsal-*.json", "*.rehearsal-report.json")
    probe_files: tuple[str, ...] = ("rehearsal/probes/**/*.json",)
    permitted_contexts: tuple[str, ...] = ()
    forbidden_tokens: tuple[str, ...] = ()
    # Seal-like words that claim nothing here (an API's constant, a variable name): exact words, an
    # exemption like any other (protect-exemptions refuses one a change adds).
    allowed_tokens: tuple[str, ...] = ()
    lane_grants: tuple[str, ...] = ("PRODUCTION_REHEARSAL_ONLY_CLONE",)
    isolated_targets: tuple[str, ...] = ("local_clone", "staging_clone", "isolated_db_dump_clone")
    allowed_actions: tuple[str, ...] = ("rehearsal_apply", "rehearsal_dry_run", "rehearsal_rollback")
    informational_fields: tuple[str, ...] = ("id", "description", "ticket")
    allow_inline_pragma: bool = True
    # An exemption (permitted context, pragma, the pragma switch, a baseline entry) that
    # arrives in the change being checked excuses nothing: a change cannot excuse itself.
    protect_exemptions: bool = False
    # Where the configuration came from, repository-relative ("" for the defaults).  The
    # active config file is a permitted context: it has to name the tokens it forbids.
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        lane = {
            "allowed-actions": self.allowed_actions,
            "isolated-targets": self.isolated_targets,
            "lane-grants": self.lane_grants,
            "informational-fields": self.informational_fields,
        }
        for key, values in lane.items():
            # (one escaped past reading is refused below as what it may name: say what it is)
            unread = next((v for v in values if past_reading(v)), None)
            if unread is not None:
                raise ConfigError(f"config: {key} may not include {unread!r}: it is {PAST_READING}")
        for action in self.allowed_actions:
            if is_forbidden_action(action):
                raise ConfigError(
                    f"config: allowed-actions may not include {action!r}: it is a forbidden "
                    "production/irreversible action (configuration can only narrow the lane)"
                )
        for target in self.isolated_targets:
            if mentions_production(target):
                raise ConfigError(f"config: isolated-targets may not include {target!r}: it names production")
        for grant in self.lane_grants:
            if grant_widens_lane(grant):
                raise ConfigError(
                    f"config: lane-grants may not include {grant!r}: it grants a production or irreversible action"
                )
        for name in self.informational_fields:
            why = None
            if compact_key(name) in FIELD_BY_KEY:
                why = (
                    f"it reads as the request field {FIELD_BY_KEY[compact_key(name)]!r} "
                    "(a case-insensitive reader would take it)"
                )
            elif is_forbidden_action(name):
                # "cutover": true is not a note: a reader may act on it, and the gate ignores it.
                why = "it names a production or irreversible action"
            elif names_a_place(name):
                why = "it names where a request runs (a reader may take it for the target; the gate reads target only)"
            elif brings_another_document(name):
                why = "it brings another document into the request (a reader following it runs a file never gated)"
            if why is not None:
                raise ConfigError(f"config: informational-fields may not include {name!r}: {why}")
        patterns = {
            "request-files": self.request_files,
            "report-files": self.report_files,
            "probe-files": self.probe_files,
            "permitted-contexts": self.permitted_contexts,
        }
        for key, values in patterns.items():
            for pattern in values:
                why = _never_matches(pattern)
                if why is not None:
                    raise ConfigError(f"config: {key} entry {pattern!r} can never match a path: {why}")
        for number, token in enumerate(self.forbidden_tokens, 1):
            if not _is_word(token):
                # Not echoed: it is meant to be a token, and a non-word cannot be redacted.
                raise ConfigError(f"config: forbidden-tokens entry {number} is not a word ([A-Za-z0-9_]+)")
        _check_allowed_tokens(self.allowed_tokens, self.forbidden_tokens)


def _never_matches(pattern: str) -> str | None:
    """Why a gitignore-style pattern can match no path from the repository root (None: it
    can).  Such a pattern gates nothing, silently: ``./reqs/*.json`` left every request
    ungated."""
    if not pattern.strip():
        return "it is blank"
    body = pattern[1:] if pattern.startswith("!") else pattern
    if body.startswith("#"):
        return "gitignore reads it as a comment (escape the '#': '\\#')"
    if any(part in (".", "..") for part in body.strip().lstrip("/").split("/")):
        return "no path from the repository root has a '.' or '..' folder (write it from the root, without './')"
    if re.search(r"\\[A-Za-z0-9]", body):
        return "a backslash before a letter or digit escapes nothing: folders are separated by '/'"
    return None


def _check_allowed_tokens(allowed: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
    """allowed-tokens names exact seal-like words only -- nothing else is a finding to allow --
    and never a token that is forbidden by name: the six literal tokens (digits read as the
    letters they look like, too), or forbidden-tokens
    (configuration cannot forbid and allow a word at once).  Entries are named by number: a
    message must not need the word."""
    from rehearsal_hook.scan.matcher import SEAL_LIKE_PATTERN, SEED_FORBIDDEN_TOKENS

    for number, token in enumerate(allowed, 1):
        if not re.fullmatch(SEAL_LIKE_PATTERN, token):
            raise ConfigError(
                f"config: allowed-tokens entry {number} is not a seal-like word (capitals, ending in _PASS, "
                "_AUTHORIZED or _GRANTED): only such words are found, so only they can be allowed"
            )
        seeds = {_digits_read(t) for t in SEED_FORBIDDEN_TOKENS}
        if _digits_read(token) in seeds:
            raise ConfigError(
                f"config: allowed-tokens entry {number} is one of the six tokens that are always forbidden"
            )
        # (a word whose last words are one of them reads as that claim: PRE_CUTOVER_P..., and
        # CUTOVER__P... with its underscores doubled)
        words = _digits_read(re.sub(r"_+", "_", token)).split("_")
        if any("_".join(words[i:]) in seeds for i in range(len(words))):
            raise ConfigError(
                f"config: allowed-tokens entry {number} ends in one of the six tokens that are always forbidden"
            )
        if token in forbidden:
            raise ConfigError(f"config: allowed-tokens entry {number} is also in forbidden-tokens")


# Digits a reader takes for letters and back (UTS #39: 0 as O, 1 as l or I): CUT0VER or QTOO1
# (zero, letters O) in front of the suffix are two of the six tokens to a reader, so they
# cannot be allowed either.
_DIGIT_SKELETON = str.maketrans("0L1", "OII")


def _digits_read(token: str) -> str:
    return token.translate(_DIGIT_SKELETON)


_LIST_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config) if f.type == "tuple[str, ...]"}
_BOOL_KEYS = {"allow-inline-pragma": "allow_inline_pragma", "protect-exemptions": "protect_exemptions"}


def _is_word(token: str) -> bool:
    """Whether a forbidden token is a word, as a configured one must be."""
    return re.fullmatch(r"[A-Za-z0-9_]+", token) is not None


def config_from_mapping(table: dict[str, Any], *, source: str) -> Config:
    """A Config from a parsed table.  A ConfigError carries the table's forbidden tokens (those
    that are words), so its message -- which may quote any value -- is redacted with them."""
    listed = table.get("forbidden-tokens")
    # (words only: the matcher's needles are ASCII -- a non-word, ``é``, made the redaction of
    # the message fail, and the traceback printed it unredacted -- and a non-word is refused
    # without being echoed)
    words = tuple(t for t in listed if isinstance(t, str) and _is_word(t)) if isinstance(listed, list) else ()
    try:
        return _config_from_mapping(table, source=source)
    except ConfigError as exc:
        exc.tokens = (*exc.tokens, *words)
        raise


def _config_from_mapping(table: dict[str, Any], *, source: str) -> Config:
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"config {source}: {key} must be a list of strings")
            kwargs[_LIST_KEYS[key]] = tuple(value)
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise ConfigError(f"config {source}: {key} must be true or false")
            kwargs[_BOOL_KEYS[key]] = value
        else:
            known = ", ".join(sorted([*_LIST_KEYS, *_BOOL_KEYS]))
            raise ConfigError(f"config {source}: unknown key {key!r} (known keys: {known})")
    return Config(**kwargs, source=source)


def parse_config(data: bytes, *, source: str) -> Config:
    """A Config from the bytes of a ``.rehearsal-hook.toml`` or ``pyproject.toml``."""
    import tomllib  # only when there is a config file: a hook's start-up counts

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config {source}: not valid TOML: {exc}") from None
    except RecursionError:
        # tomllib parses nested arrays by recursion: a file nested about a thousand deep.
        raise ConfigError(f"config {source}: not valid TOML: nested too deeply") from None
    except ValueError:
        # An integer of more digits than Python converts (sys.get_int_max_str_digits), in any
        # table -- pyproject.toml is parsed whole, other tools' tables too.
        raise ConfigError(f"config {source}: not valid TOML: a number has too many digits") from None
    if os.path.basename(source) == PYPROJECT:
        table = _tool_tables(doc, source).get(TABLE, {})
        if not isinstance(table, dict):
            raise ConfigError(f"config {source}: [tool.{TABLE}] must be a table")
        return config_from_mapping(table, source=source)
    return config_from_mapping(doc, source=source)


TABLE = "rehearsal-hook"


def _tool_tables(doc: dict[str, Any], source: str) -> dict[str, Any]:
    """pyproject.toml's ``[tool]`` table.  A table named like ours but not ours
    (``rehearsal_hook``, ``rehearsal-hooks``, ``Rehearsal-Hook``, ``rehearsal.hook``) is an
    error: it is read by no one, and its rules -- a forbidden token -- would be dropped
    without a word."""
    tools = doc.get("tool", {})
    if not isinstance(tools, dict):
        raise ConfigError(f"config {source}: [tool] must be a table")
    for name in tools:
        if name != TABLE and _like_our_table(name):
            raise ConfigError(f"config {source}: [tool.{name}] is not read (the table is [tool.{TABLE}]): rename it")
    return tools


def _like_our_table(name: str) -> bool:
    import difflib  # (only a pyproject.toml with a [tool] table needs it)

    compact = re.sub(r"[^a-z0-9]", "", name.lower())
    ours = TABLE.replace("-", "")
    return compact.startswith("rehearsal") or difflib.SequenceMatcher(None, compact, ours).ratio() >= 0.8


# The one place in the config file where tokens are meant: the words of the config's own
# ``forbidden-tokens`` array written on one line (a multi-line array's line cannot be told
# from another key's).  Everything else -- comments, other keys, another tool's table in
# pyproject.toml, a line that only looks like the key inside a multi-line string -- is
# scanned like any file.
# (Compiled on first use: only a config file naming the key is read with them, and every
# hook's start-up paid 0.3 ms for them.)
@functools.cache
def _forbidden_tokens_line() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The key's line and one word of its array."""
    return (
        re.compile(
            r"[ \t]*(?:forbidden-tokens|\"forbidden-tokens\"|'forbidden-tokens')[ \t]*=[ \t]*"
            r"\[(?P<items>[^\]]*)\][ \t]*(?:#.*)?"
        ),
        re.compile(r"[ \t]*(?:\"(?P<d>[A-Za-z0-9_]+)\"|'(?P<s>[A-Za-z0-9_]+)')[ \t]*(?:,|$)"),
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Lines that read like the key are proven one by one, with a parse of the file each; past
# this many, none is (the key can be only one of them: a file of copies blocks, at a bound cost).
MAX_KEY_LIKE_LINES = 4


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(number, start, end) of each line of ``text``, 1-based, ends before the line break."""
    start = 0
    number = 1
    for m in _LINE_BREAK.finditer(text):
        yield number, start, m.start()
        start, number = m.end(), number + 1
    yield number, start, len(text)


def forbidden_token_words(text: str, *, source: str = CONFIG_FILE) -> frozenset[tuple[int, int, str]]:
    """(line, column, word) -- 1-based, columns in code points, as the scanner counts them -- of
    each word of the one-line ``forbidden-tokens = [...]`` array of the config in ``text`` (a
    ``source`` named pyproject.toml: its ``[tool.rehearsal-hook]`` table): the only tokens the
    active config file may hold without a finding.  A line that does not fit that form
    entirely (another value in the array, an escape, a multi-line array) names none; nor does
    one that is not the config's key as TOML reads the file (inside a multi-line string,
    another table), whatever it looks like."""
    candidates: list[tuple[int, int, int, list[tuple[int, int, str]]]] = []
    for number, start, end in _lines(text):
        line = text[start:end]
        if "forbidden-tokens" not in line:
            continue
        key_line, array_word = _forbidden_tokens_line()
        m = key_line.fullmatch(line)
        if m is None:
            continue
        items, first = m.group("items"), m.start("items")
        pos, words = 0, []
        while pos < len(items):
            w = array_word.match(items, pos)
            if w is None or w.end() == pos:
                break
            group = "d" if w.group("d") is not None else "s"
            words.append((number, first + w.start(group) + 1, w.group(group)))
            pos = w.end()
        if items[pos:].strip(" \t"):
            continue  # something else in the array: none of its words is exempt
        candidates.append((number, start, end, words))
    if not candidates or len(candidates) > MAX_KEY_LIKE_LINES:
        return frozenset()
    for _, start, end, words in candidates:
        if _is_the_config_key(text, start, end, [w for _, _, w in words], source):
            return frozenset(words)
    return frozenset()


def _is_the_config_key(text: str, start: int, end: int, words: list[str], source: str) -> bool:
    """Whether ``text[start:end]`` is the config's ``forbidden-tokens`` key and nothing else, as
    TOML reads the file: without that line, the document is the same but for that key."""
    import tomllib

    try:
        doc = tomllib.loads(text)
        without = tomllib.loads(text[:start] + text[end:])
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return False
    path = ("tool", "rehearsal-hook") if os.path.basename(source) == PYPROJECT else ()
    table: Any = doc
    rest: Any = without
    for name in path:
        table = table.get(name) if isinstance(table, dict) else None
        rest = rest.get(name) if isinstance(rest, dict) else None
    if not isinstance(table, dict) or not isinstance(rest, dict) or table.get("forbidden-tokens") != words:
        return False
    if "forbidden-tokens" in rest:
        return False
    rest["forbidden-tokens"] = words  # put back: the rest of the document must be as it was
    return bool(without == doc)


def select_config(read: Callable[[str], bytes | None]) -> Config:
    """The config the files of one tree give (every source of rules uses this one order):
    ``.rehearsal-hook.toml``, else ``[tool.rehearsal-hook]`` in ``pyproject.toml``, else the
    defaults.  ``read(name)`` is None for a missing file."""
    data = read(CONFIG_FILE)
    if data is not None:
        config = parse_config(data, source=CONFIG_FILE)
        _not_also_in_pyproject(read)
        return config
    data = read(PYPROJECT)
    if data is not None:
        config = parse_config(data, source=PYPROJECT)
        if config != Config():
            return config
    return Config()


def _not_also_in_pyproject(read: Callable[[str], bytes | None]) -> None:
    """Beside ``.rehearsal-hook.toml``, which is read, a ``[tool.rehearsal-hook]`` table (or
    one named like it) in pyproject.toml would be ignored: an error, so that adding an empty
    dedicated file cannot drop the table's rules unnoticed.  A pyproject.toml that cannot be
    read or parsed is not read here, as before: it holds no rules of ours that count."""
    try:
        data = read(PYPROJECT)
    except ConfigError:
        return  # (a link: the dedicated file's rules are the ones read)
    if data is None or b"rehearsal" not in data.lower():
        return  # (no table of ours can be there: a hook's start-up parses nothing more)
    import tomllib

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return
    if TABLE in _tool_tables(doc, PYPROJECT):
        raise ConfigError(
            f"config: both {CONFIG_FILE} and [tool.{TABLE}] in {PYPROJECT} hold rules; only "
            f"{CONFIG_FILE} would be read: keep the rules in one of them"
        )
