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
from rehearsal_hook.scan.escaped import decoded_spellings
from rehearsal_hook.scan.normalize import comparison_key

CONFIG_FILE = ".rehearsal-hook.toml"
PYPROJECT = "pyproject.toml"

# The seed's nine production-mutating or irreversible actions: never allowed, in any spelling.
FORBIDDEN_ACTIONS = frozenset(
    {
        "production_apply",
        "real_run",
        "qt001_apply",
        "permit",
        "activation",
        "repoint",
        "cutover",
        "ci_deploy_production",
        "secrets_change",
    }
)


# The fields a request may hold (the seed's); anything else must be informational.
REQUIRED_STRINGS = ("target", "action")
BOOL_FIELDS = ("isolated_clone_proven", "claims_rollback_proven", "rollback_evidence_present", "emit_pass")
HASH_FIELDS = ("before_hash", "after_apply_hash")
KNOWN_FIELDS = frozenset((*REQUIRED_STRINGS, *BOOL_FIELDS, *HASH_FIELDS, "required_grants"))

# Digits that read as letters (UTS #39 confusables: 0 as O, 1 as l), and 1 as i besides:
# ``pr0ducti1n`` is read as production.  The value as written is always one of the readings.
_DIGIT_READINGS = (str.maketrans("", ""), str.maketrans("01", "ol"), str.maketrans("01", "oi"))
# The same actions as people also write them: the verb for the noun (activate, activated),
# the words the other way round, one secret.  Compacted, each is looked for as the nine are.
_FORBIDDEN_FORMS = FORBIDDEN_ACTIONS | {"activat", "run_real", "change_secret", "secret_change", "apply_qt001"}
_FORBIDDEN_COMPACT = tuple(
    frozenset(a.replace("_", "").translate(t) for a in _FORBIDDEN_FORMS) for t in _DIGIT_READINGS
)
# What a grant that mentions production may otherwise say: it must be a rehearsal-only grant
# in these words (the default ``PRODUCTION_REHEARSAL_ONLY_CLONE``); any other word --
# ``EXECUTION``, ``OPT4``, ``DEPLOY`` -- may name production execution, so it is refused.
_REHEARSAL_GRANT_WORDS = frozenset(
    {"production", "prod", "prd", "rehearsal", "only", "clone", "staging", "local", "isolated", "db", "dump", "copy"}
)


# ``prod`` and ``prd`` (SAP's DEV/QAS/PRD) as words, and production in the languages teams
# name environments in (diacritics are dropped by the comparison key: producción, produção).
_PROD_WORD = re.compile(r"pro?d[0-9]*")
_PRODUCTION_WORDS = ("production", "produktion", "produccion", "producao", "produzione", "productie", "produkcja")


# Words that name where a request runs.  A field so named is the request's place to some reader
# (a deploy script reading ``"environment": "production"``), and the gate reads only ``target``
# for that: configuration cannot make such a field a note the gate ignores.
_PLACE_WORDS = frozenset(
    {
        "env",
        "environment",
        "environments",
        "stage",
        "tier",
        "host",
        "hostname",
        "server",
        "cluster",
        "database",
        "db",
        "destination",
        "dest",
        "instance",
        "namespace",
        "deployment",
        "landscape",
        "lane",
        "region",
        "site",
    }
)


def compact_key(value: str) -> str:
    """The comparison key without separators: ``Cut-Over``, ``cut.over`` and ``CUTOVER`` are
    all ``cutover``.  Strict JSON compares keys by it too."""
    return comparison_key(value).replace("_", "")


# Each request field by its compact key: a key that reads as one of these is that field to a
# case-insensitive reader.
FIELD_BY_KEY = {compact_key(k): k for k in sorted(KNOWN_FIELDS)}


def _readings(value: str) -> list[tuple[list[str], str, frozenset[str]]]:
    """(words, compact, the forbidden actions compacted alike) of the value as written, with its
    escapes decoded (decoded_spellings), and with its digits read as letters; the words both
    with and without a change of case as a word boundary (``ProdDB``, ``pROD``).  Among
    lower-case letters a capital I reads as l (``reaI_run``): that is one more spelling read
    the same ways."""
    spellings, _ = decoded_spellings(value)
    spellings += [s.replace("I", "l") for s in spellings if "I" in s and not s.isupper()]
    out = []
    for spelling in spellings:
        key = comparison_key(spelling)
        words = key.split("_")
        if not spelling.isascii() or not (spelling.islower() or spelling.isupper()):
            words += comparison_key(spelling, split_case=False).split("_")
        compact = key.replace("_", "")
        out += [
            ([w.translate(t) for w in words], compact.translate(t), forbidden)
            for t, forbidden in zip(_DIGIT_READINGS, _FORBIDDEN_COMPACT, strict=True)
        ]
    return out


def mentions_production(value: str) -> bool:
    """True if a person reads production in the value: ``production`` in any spelling, with
    separators inserted or letters disguised, or ``prod`` as a word."""
    if decoded_spellings(value)[1]:
        return True
    return any(
        any(p in compact for p in _PRODUCTION_WORDS) or any(_PROD_WORD.fullmatch(w) for w in words)
        for words, compact, _ in _readings(value)
    )


def names_forbidden_action(value: str) -> bool:
    """True if the value names one of the forbidden actions, however spelled or compacted
    (``Cut‐Over``, ``cut.over``, ``secrets/change``, ``REAL-RUN-NOW``)."""
    return any(any(action in compact for action in forbidden) for _, compact, forbidden in _readings(value))


def is_forbidden_action(value: str) -> bool:
    """True for an action that names a forbidden action or mentions production."""
    return names_forbidden_action(value) or mentions_production(value)


def names_a_place(name: str) -> bool:
    """True for a field name with a word that names where a request runs (``environment``,
    ``targetEnv``, ``DB-host``), read as ``mentions_production`` reads words, digits as letters
    included; the long words also run together with others (``targetenvironment``)."""
    return any(
        any(w in _PLACE_WORDS for w in words) or any(len(p) >= 8 and p in compact for p in _PLACE_WORDS)
        for words, compact, _ in _readings(name)
    )


def grant_widens_lane(grant: str) -> bool:
    """True for a grant that names a forbidden action, or mentions production without being
    a rehearsal-only grant."""
    if names_forbidden_action(grant):
        return True
    if not mentions_production(grant):
        return False
    words = comparison_key(grant).split("_")
    return "rehearsal" not in words or not all(w in _REHEARSAL_GRANT_WORDS or w.isdigit() for w in words)


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
            if compact_key(name) in FIELD_BY_KEY:
                raise ConfigError(
                    f"config: informational-fields may not include {name!r}: it reads as the request "
                    f"field {FIELD_BY_KEY[compact_key(name)]!r} (a case-insensitive reader would take it)"
                )
            if is_forbidden_action(name):
                # "cutover": true is not a note: a reader may act on it, and the gate ignores it.
                raise ConfigError(
                    f"config: informational-fields may not include {name!r}: it names a production "
                    "or irreversible action"
                )
            if names_a_place(name):
                raise ConfigError(
                    f"config: informational-fields may not include {name!r}: it names where a request runs "
                    "(a reader may take it for the target; the gate reads target only)"
                )
        for number, token in enumerate(self.forbidden_tokens, 1):
            if not re.fullmatch(r"[A-Za-z0-9_]+", token):
                # Not echoed: it is meant to be a token, and a non-word cannot be redacted.
                raise ConfigError(f"config: forbidden-tokens entry {number} is not a word ([A-Za-z0-9_]+)")
        _check_allowed_tokens(self.allowed_tokens, self.forbidden_tokens)


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
        if _digits_read(token) in {_digits_read(t) for t in SEED_FORBIDDEN_TOKENS}:
            raise ConfigError(
                f"config: allowed-tokens entry {number} is one of the six tokens that are always forbidden"
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


def config_from_mapping(table: dict[str, Any], *, source: str) -> Config:
    """A Config from a parsed table.  A ConfigError carries the table's forbidden tokens (those
    that are words), so its message -- which may quote any value -- is redacted with them."""
    listed = table.get("forbidden-tokens")
    words = tuple(t for t in listed if isinstance(t, str)) if isinstance(listed, list) else ()
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
        table = doc.get("tool", {}).get("rehearsal-hook", {})
        if not isinstance(table, dict):
            raise ConfigError(f"config {source}: [tool.rehearsal-hook] must be a table")
        return config_from_mapping(table, source=source)
    return config_from_mapping(doc, source=source)


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
        return parse_config(data, source=CONFIG_FILE)
    data = read(PYPROJECT)
    if data is not None:
        config = parse_config(data, source=PYPROJECT)
        if config != Config():
            return config
    return Config()
