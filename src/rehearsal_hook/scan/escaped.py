"""Escapes a reader may decode in a short value before it acts on it -- a URL's %XX, a string
literal's backslash escapes, an HTML character reference, base64 -- read as the spellings of the value
they make.  The gate and the configuration read a target or action in each of them
(lane._readings), the report check a passing verdict (report_files.pass_claim): to
whatever unquotes it, ``db%2Dprod`` is db-prod."""

from __future__ import annotations

import re
from collections.abc import Callable

_BACKSLASH = re.compile(
    r"\\(?:[xX]([0-9A-Fa-f]{2})|u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([0-7]{1,3})|([abfnrtv]))"
)
_CONTROLS = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPE_SIGNS = ("%", "\\", "&")
# A value still escaped after this many rounds of decoding (``%25`` nested deeper) is not read
# further -- each round costs a pass over it -- and counts as naming production: what cannot
# be read cannot be verified.
_DECODING_ROUNDS = 6
_BUDGET_FLOOR = 4 * 1024
# What a value left unread is, for the one-line reason that blocks it.
PAST_READING = (
    f"escaped past reading (still escaped after {_DECODING_ROUNDS} rounds of decoding, or its "
    f"decodings longer than twice its length plus {_BUDGET_FLOOR} characters): what it spells cannot be read"
)


def _backslash_char(match: re.Match[str]) -> str:
    hex_digits = match.group(1) or match.group(2) or match.group(3) or match.group(4)
    code = int(hex_digits, 16) if hex_digits else int(match.group(5), 8) if match.group(5) else -1
    if code < 0:
        return _CONTROLS[match.group(6)]
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)


def _unbackslash(value: str) -> str:
    return _BACKSLASH.sub(_backslash_char, value)


# A whole value in base64's letters (padded or not) is also read as the text it encodes, when
# that is printable UTF-8: ``cHJvZA==`` is prod to whoever decodes it.  Most words in those
# letters (``test``, ``ABCD``) decode to no text and stay as written.
_BASE64 = re.compile(r"[A-Za-z0-9+/]{4,}={0,2}")


def _unbase64(value: str) -> str:
    text = value.strip()
    if len(text) % 4 == 1 or not _BASE64.fullmatch(text):
        return value
    import binascii  # (built in: base64's module and its imports cost a hook's start 1 ms)

    try:
        padded = text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4)
        decoded = binascii.a2b_base64(padded.encode("ascii"), strict_mode=True).decode()
    except ValueError:  # (binascii.Error and UnicodeDecodeError are ValueErrors)
        return value
    return decoded if all(c.isprintable() or c in "\t\n\r" for c in decoded) else value


# (urllib.parse and html imported where a value holds their sign: lane.py imports this
# module, and reads every value, at a hook's start -- 3 ms)
def _unquote(value: str) -> str:
    if "%" not in value:
        return value
    from urllib.parse import unquote

    return unquote(value)


def _unescape(value: str) -> str:
    if "&" not in value:
        return value
    import html

    return html.unescape(value)


_DECODERS: tuple[Callable[[str], str], ...] = (_unquote, _unescape, _unbackslash, _unbase64)


def _may_be_escaped(value: str) -> bool:
    return any(sign in value for sign in _ESCAPE_SIGNS) or bool(_BASE64.fullmatch(value.strip()))


def decoded_spellings(value: str) -> tuple[list[str], bool]:
    """The value as written and as each escape decoder reads it, round after round (``%252D``
    is ``%2D`` once decoded); and whether escapes are left unread (after the last round, or
    past the budget)."""
    spellings = [value]
    current = value
    # Each spelling is read in full by the readers after (a comparison key, twice): past
    # twice the value's length and 4 Ki characters the escapes are read
    # no further, as past the rounds -- a long value escaped layer on layer is not a name.
    budget = 2 * len(value) + _BUDGET_FLOOR
    for _ in range(_DECODING_ROUNDS + 1):
        if not _may_be_escaped(current):
            return spellings, False
        before = current
        for decode in _DECODERS:
            decoded = decode(current)
            if decoded != current:
                budget -= len(decoded)
                if budget < 0:
                    return spellings, True
                spellings.append(decoded)
                current = decoded
        if current == before:
            return spellings, False
    return spellings, True


def past_reading(value: str) -> bool:
    """Whether escapes are left unread in ``value`` (decoded_spellings): what blocks it then is
    that, said as ``PAST_READING``, not what it might spell."""
    return decoded_spellings(value)[1]
