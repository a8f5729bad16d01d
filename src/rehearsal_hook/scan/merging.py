"""How the hits of another reading of a whole file join its own: a reading in another encoding
(text.codec_hits), its bytes as a terminal shows them, the file as a checkout writes it (eol.py).
Its tokens are counted against the hits already found, line by line where the reading's lines
are the text's (with_codec_hits), over the whole text where they are not (with_unlined)."""

from __future__ import annotations

from collections import Counter

from rehearsal_hook.scan.matcher import TokenHit, seen_as


def with_codec_hits(hits: list[TokenHit], extra: list[list[TokenHit]]) -> list[TokenHit]:
    """``hits`` plus the hits of other encodings' readings, matched line by line and counted
    (their columns count that encoding's characters, so the same token can sit at another
    column): each token of a line's reading is one of ``hits`` on that line, if one is left
    that it is seen as (``unmatched``); what is left over is added -- per line and token, as
    many as the reading that shows the most."""
    have: dict[int, list[str]] = {}
    for h in hits:
        have.setdefault(h.line, []).append(h.token)
    most: dict[tuple[int, str], list[TokenHit]] = {}
    for more in extra:
        by_line: dict[int, list[TokenHit]] = {}
        for h in more:
            by_line.setdefault(h.line, []).append(h)
        for line, shown in by_line.items():
            left: dict[str, list[TokenHit]] = {}
            for i in unmatched(have.get(line, []), [h.token for h in shown]):
                left.setdefault(shown[i].token, []).append(shown[i])
            for token, hs in left.items():
                if len(hs) > len(most.get((line, token), ())):
                    most[(line, token)] = hs
    if not most:
        return hits
    return sorted([*hits, *(h for hs in most.values() for h in hs)])


def unmatched(have: list[str], tokens: list[str]) -> list[int]:
    """The indexes of ``tokens`` (another reading's) that no token of ``have`` accounts for:
    each of ``have`` accounts for one, the same token first, then one it is seen as
    (``seen_as``: a wrong decoding garbles the letters before a token).  Counted, so a
    reading that shows a token once more than ``have``, or shows it where ``have`` holds a
    longer word ending in it (an allowed word), adds it."""
    free = Counter(have)
    rest: list[int] = []
    for i, token in enumerate(tokens):
        if free[token] > 0:
            free[token] -= 1
        else:
            rest.append(i)
    out: list[int] = []
    for i in rest:
        t = next((t for t, n in free.items() if n > 0 and seen_as(t, tokens[i])), None)
        if t is None:
            out.append(i)
        else:
            free[t] -= 1
    return out


def with_unlined(hits: list[TokenHit], extra: list[list[TokenHit]]) -> list[TokenHit]:
    """``hits`` plus the hits of the readings in ``extra`` whose lines are not the text's
    (UTF-16 of a UTF-32 file: CR NUL LF is two line breaks; a CRLF checkout's CRs shift the
    code units after them): each in turn adds the tokens that none found so far accounts for,
    counted over the whole text (``unmatched``), at its own lines and columns -- so a token
    that two of them show is given once, where the first shows it."""
    out = hits
    for more in extra:
        rest = unmatched([h.token for h in out], [h.token for h in more])
        if rest:
            out = sorted([*out, *(more[i] for i in rest)])
    return out
