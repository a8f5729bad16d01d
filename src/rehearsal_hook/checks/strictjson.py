"""Strict JSON for request and report files: anything ambiguous raises ``CannotVerify``.

Python's ``json`` accepts duplicate keys (last one wins), ``NaN``/``Infinity`` and ``1e999``
(as infinity), and recurses without a depth limit; each of those would let a file mean
something other than what a reviewer reads, so each is refused here.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from rehearsal_hook.errors import CannotVerify

MAX_BYTES = 1 << 20
MAX_DEPTH = 64


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:20]} overflows")
    return value


def decode_json_text(data: bytes) -> str:
    """UTF-8 with or without BOM, or UTF-16 with a BOM; anything else is undecodable."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        if b"\x00" in data:
            # valid UTF-8, but no JSON text holds a NUL: most likely UTF-16 without a BOM
            raise CannotVerify("undecodable", "NUL bytes in a JSON file (UTF-16 needs a BOM)")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CannotVerify("undecodable", f"not UTF-8 or UTF-16 text (bad byte at offset {exc.start})") from None


def nesting_exceeds(text: str, limit: int) -> bool:
    """True if brackets outside strings nest deeper than ``limit``.  Linear per level and
    never recursive: strip strings, then peel innermost bracket pairs ``limit`` times."""
    import re

    skeleton = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
    skeleton = re.sub(r"[^\[\]{}]", "", skeleton)
    for _ in range(limit):
        peeled = skeleton.replace("[]", "").replace("{}", "")
        if peeled == skeleton:
            return False
        skeleton = peeled
    return "[]" in skeleton or "{}" in skeleton


def parse_strict_json(data: bytes, *, what: str = "file", max_bytes: int = MAX_BYTES) -> Any:
    if len(data) > max_bytes:
        raise CannotVerify("request-too-large", f"{what} is {len(data)} bytes; the limit is {max_bytes}")
    text = decode_json_text(data)
    if not text.strip():
        raise CannotVerify("invalid-json", f"{what} is empty")
    if nesting_exceeds(text, MAX_DEPTH):
        raise CannotVerify("request-too-large", f"{what} nests deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_finite_float)
    except _DuplicateKey as exc:
        raise CannotVerify("duplicate-key", f"duplicate key {json.dumps(exc.key)}") from None
    except json.JSONDecodeError as exc:
        raise CannotVerify("invalid-json", f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except (ValueError, RecursionError) as exc:
        raise CannotVerify("invalid-json", f"invalid JSON: {exc}") from None
