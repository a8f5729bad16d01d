"""Strict JSON for request, report, probe and baseline files: anything ambiguous raises
``CannotVerify``.

Python's ``json`` accepts duplicate keys (last one wins), ``NaN``/``Infinity`` and ``1e999``
(as infinity), and recurses without a depth limit; each of those would let a file mean
something other than what a reviewer reads, so each is refused here.  Two keys of one object
that differ only by case or spelling (``target``/``Target``, ``claims_rollback_proven`` with
a Kelvin sign) are duplicates too: a case-insensitive reader such as Go's ``encoding/json``
takes either for the field, so the file means different things to different readers.

The parser is one pass with an explicit stack: time linear in the input, depth bounded by
``MAX_DEPTH`` (checked as it descends, so a deep file costs no more than a flat one), and no
recursion.  It records where every key and value starts, so a finding on a field points at
that field's line and column, not at the top of the file.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from typing import Any

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.lane import compact_key
from rehearsal_hook.scan.decode import UTF8, decode_whole, text_encoding
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher, redact_text

MAX_BYTES = 1 << 20
MAX_DEPTH = 64

Pos = tuple[int, int]  # (line, column), both 1-based; columns count characters

# One token of JSON after optional white space; ``lastindex`` says which.  Possessive and
# anchored (``match`` at a known offset), so each token costs its length.  A string's plain
# run is group 5; when it stops at anything but ``"``, the string has escapes (or is bad) and
# ``json``'s own string scanner reads it from the start.
_TOKEN = re.compile(
    r"[ \t\n\r]*+(?:"
    r"([\[{])"  # 1 open
    r"|([\]}])"  # 2 close
    r"|(,)"  # 3
    r"|(:)"  # 4
    r'|"([^"\\\x00-\x1f]*+)(")?'  # 5 plain run, 6 closing quote
    r"|(-?+(?:0|[1-9][0-9]*+))((?:\.[0-9]++)?+(?:[eE][-+]?+[0-9]++)?+)"  # 7 integer, 8 fraction/exponent
    r"|(true|false|null)"  # 9
    r")"
)
_OPEN, _CLOSE, _COMMA, _COLON, _STRING, _STRING_END, _INTEGER, _NUMBER, _LITERAL = range(1, 10)
# (a complete string ends at group 6 and a number always at group 8: both are folded into
# one kind each below)
_LITERALS = {"true": True, "false": False, "null": None}
_WS = re.compile(r"[ \t\n\r]*+")
_LINE_BREAK = re.compile(r"\r\n?+|\n")
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # public, untyped in typeshed
# What json's scanner leaves of a \u escape of half a surrogate pair with no other half (a
# pair becomes one character): no character at all, which readers take differently -- Python
# keeps it, Go reads U+FFFD, Rust's serde_json refuses the file -- so the value is ambiguous.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Lines:
    """Offsets -> (line, column), lines ending as an editor's do; built only when a position
    is asked for (most documents have no finding)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def pos(self, offset: int) -> Pos:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class JsonObject(dict[str, Any]):
    """A parsed object that knows where it, each key and each value start."""

    __slots__ = ("_at", "_key_at", "_lines", "_value_at")

    def __init__(self, lines: _Lines, at: int) -> None:
        super().__init__()
        self._lines = lines
        self._at = at
        self._key_at: dict[str, int] = {}
        self._value_at: dict[str, int] = {}


class JsonArray(list[Any]):
    """A parsed array that knows where it and each item start."""

    __slots__ = ("_at", "_item_at", "_lines")

    def __init__(self, lines: _Lines, at: int) -> None:
        super().__init__()
        self._lines = lines
        self._at = at
        self._item_at: list[int] = []


def position_of(value: Any) -> Pos:
    """Where a parsed object or array starts ((1, 1) for anything else)."""
    if isinstance(value, JsonObject | JsonArray):
        return value._lines.pos(value._at)
    return (1, 1)


def value_position(obj: Any, key: str) -> Pos:
    """Where ``obj[key]`` starts; the object's own start when the key is absent."""
    if isinstance(obj, JsonObject) and key in obj._value_at:
        return obj._lines.pos(obj._value_at[key])
    return position_of(obj)


def key_position(obj: Any, key: str) -> Pos:
    """Where the key ``key`` of ``obj`` starts; the object's own start when it is absent."""
    if isinstance(obj, JsonObject) and key in obj._key_at:
        return obj._lines.pos(obj._key_at[key])
    return position_of(obj)


def item_position(arr: Any, index: int) -> Pos:
    """Where ``arr[index]`` starts; the array's own start when there is no such item."""
    if isinstance(arr, JsonArray) and 0 <= index < len(arr._item_at):
        return arr._lines.pos(arr._item_at[index])
    return position_of(arr)


# What a JSON file may be written in (policy; the decoding rules themselves are scan/decode.py's,
# the scanner's): UTF-8 with or without its BOM, or UTF-16 with a BOM.
JSON_ENCODINGS = {UTF8: "UTF-8", "utf-16": "UTF-16"}


def decode_json_text(data: bytes) -> str:
    """UTF-8 with or without BOM, or UTF-16 with a BOM, decoded with nothing replaced (not
    even a partial last code unit, which the scanner reads as U+FFFD); anything else is
    undecodable."""
    encoding = text_encoding(data)
    if encoding not in JSON_ENCODINGS:
        # (UTF-32 LE's BOM starts with UTF-16 LE's: it was read as UTF-16 with NULs, and its
        # refusal said "invalid JSON" or "UTF-16 needs a BOM" instead of what it is.)
        raise CannotVerify("undecodable", f"{encoding.upper()} text (a JSON file must be UTF-8, or UTF-16 with a BOM)")
    if encoding == UTF8 and b"\x00" in data:
        # valid UTF-8, but no JSON text holds a NUL: most likely UTF-16 without a BOM
        raise CannotVerify("undecodable", "NUL bytes in a JSON file (UTF-16 needs a BOM)")
    try:
        return decode_whole(data, encoding, partial_unit=False)
    except UnicodeDecodeError as exc:
        raise CannotVerify("undecodable", f"not UTF-8 or UTF-16 text (bad byte at offset {exc.start})") from None


def quote_value(value: str, limit: int = 60) -> str:
    """A value as a reason quotes it: shortened, and with any seal-like token redacted here
    already, so that no consumer of a reason -- not only the console -- sees one (a probe's
    reasons are scanned for leaked tokens, a duplicate key may be one)."""
    value = redact_text(_seed_matcher(), value)
    value = value if len(value) <= limit else value[:limit] + "\u2026"
    return repr(value)


@functools.cache
def _seed_matcher() -> TokenMatcher:
    return TokenMatcher(SEED_FORBIDDEN_TOKENS)


def _describe(text: str, i: int) -> str:
    return "end of file" if i >= len(text) else repr(text[i])


def _parse(text: str, what: str) -> Any:
    lines = _Lines(text)

    def fail(message: str, offset: int, code: str = "invalid-json") -> CannotVerify:
        line, column = lines.pos(offset)
        return CannotVerify(code, message, line=line, column=column)

    match = _TOKEN.match
    end = len(text)
    # The open containers; for an object also the comparison keys seen so far.
    stack: list[tuple[JsonObject | JsonArray, dict[str, str]]] = []
    root: Any = None
    key = ""  # the key whose value comes next, in an object
    # What may come next: a value (also "]" right after "["), a key (also "}" right after
    # "{"), a ":" after a key, or "," / a closer after a value.
    VALUE, FIRST_VALUE, KEY, FIRST_KEY, COLON, AFTER = range(6)
    state = VALUE
    i = 0
    while True:
        m = match(text, i)
        if m is None:
            j = _WS.match(text, i).end()  # type: ignore[union-attr]  # always matches
            if j >= end and state == AFTER and not stack:
                return root
            raise fail(f"invalid JSON: unexpected {_describe(text, j)}", j)
        kind = m.lastindex
        if kind == _STRING_END:
            kind = _STRING
        elif kind == _INTEGER:
            kind = _NUMBER
        # Where the token starts: a string at its quote, a number at its sign or first digit.
        at = m.start(kind) - 1 if kind == _STRING else m.start(_INTEGER if kind == _NUMBER else kind)  # type: ignore[arg-type]
        i = m.end()
        if state == COLON:
            if kind != _COLON:
                raise fail("invalid JSON: expecting ':' after a key", at)
            state = VALUE
            continue
        if state == AFTER:
            if not stack:
                raise fail("invalid JSON: extra data after the document", at)
            container = stack[-1][0]
            is_object = isinstance(container, JsonObject)
            if kind == _COMMA:
                state = KEY if is_object else VALUE
            elif kind == _CLOSE and text[at] == ("}" if is_object else "]"):
                stack.pop()
            else:
                raise fail(f"invalid JSON: expecting ',' or '{'}' if is_object else ']'}', found {text[at]!r}", at)
            continue
        if kind == _CLOSE and ((state == FIRST_KEY and text[at] == "}") or (state == FIRST_VALUE and text[at] == "]")):
            stack.pop()
            state = AFTER
            continue
        value: Any
        if kind == _STRING:
            if m.group(_STRING_END):
                value = m.group(_STRING)
            else:
                try:
                    value, i = _scanstring(text, at + 1, True)
                except json.JSONDecodeError as exc:
                    raise fail(f"invalid JSON: {exc.msg}", exc.pos) from None
                if _LONE_SURROGATE.search(value):
                    raise fail("invalid JSON: a \\u escape of half a surrogate pair (readers differ on it)", at)
            if state in (KEY, FIRST_KEY):
                obj, seen = stack[-1]
                if value in obj:
                    raise fail(f"duplicate key {quote_value(value)}", at, code="duplicate-key")
                folded = compact_key(value)
                if folded in seen:
                    raise fail(
                        f"duplicate key: {quote_value(value)} and {quote_value(seen[folded])} "
                        "differ only by case or spelling",
                        at,
                        code="duplicate-key",
                    )
                seen[folded] = value
                obj._key_at[value] = at  # type: ignore[union-attr]
                key = value
                state = COLON
                continue
        elif state in (KEY, FIRST_KEY):
            raise fail(f"invalid JSON: expecting a string key, found {text[at]!r}", at)
        elif kind == _NUMBER:
            literal = m.group(_INTEGER) + m.group(_NUMBER)
            try:
                value = float(literal) if m.group(_NUMBER) else int(literal)
            except ValueError:
                raise fail(f"invalid JSON: number {literal[:20]}\u2026 is too long", at) from None
            if value in (float("inf"), float("-inf")):
                raise fail(f"invalid JSON: number {literal[:20]} overflows", at)
        elif kind == _LITERAL:
            value = _LITERALS[m.group(_LITERAL)]
        elif kind == _OPEN:
            if len(stack) >= MAX_DEPTH:
                raise fail(f"{what} nests deeper than {MAX_DEPTH} levels", at, code="request-too-large")
            value = JsonObject(lines, at) if text[at] == "{" else JsonArray(lines, at)
        else:
            raise fail(f"invalid JSON: expecting a value, found {text[at]!r}", at)
        if not stack:
            root = value
        else:
            container = stack[-1][0]
            if isinstance(container, JsonObject):
                container[key] = value
                container._value_at[key] = at
            else:
                container.append(value)
                container._item_at.append(at)
        if kind == _OPEN:
            stack.append((value, {}))
            state = FIRST_KEY if isinstance(value, JsonObject) else FIRST_VALUE
        else:
            state = AFTER


def parse_strict_json(data: bytes, *, what: str = "file", max_bytes: int = MAX_BYTES) -> Any:
    """The document in ``data``; objects and arrays come back as ``JsonObject``/``JsonArray``
    (a dict and a list that also carry positions)."""
    if len(data) > max_bytes:
        raise CannotVerify("request-too-large", f"{what} is {len(data)} bytes; the limit is {max_bytes}")
    text = decode_json_text(data)
    if not text.strip():
        raise CannotVerify("invalid-json", f"{what} is empty")
    return _parse(text, what)
