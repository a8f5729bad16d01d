"""Whether ASCII bytes may need any reading but the stored one -- a stream's segment, and
what the tool prints before it is redacted, are judged so.  Apart from parsed.py, which
imports every parser: a hook that prints about a plain text loads none of them
(tests/git/test_hook_imports.py)."""

from __future__ import annotations

from rehearsal_hook.scan import gitformat, near, syntax_hints
from rehearsal_hook.scan.hints import has_silent, may_render
from rehearsal_hook.scan.lines import has_lone_cr_b
from rehearsal_hook.scan.matcher import TokenMatcher


def may_read_otherwise(matcher: TokenMatcher, data: bytes) -> bool:
    """Whether ASCII ``data`` may show a token otherwise than stored: a rendered reading's hint
    (hints.may_render), Markdown syntax beside a needle (near.may_show_b: its places are
    the reStructuredText and AsciiDoc readings' too), or a span git archive expands
    (gitformat), or a lone CR that overwrites on a terminal (carriage), or what roff and TeX
    make or remove inside a maker (syntax_hints), or a control a terminal does not print
    (wherever it is: the words beside it are not known here).  A stream's segment (with the
    arrays of strings a reader joins: arrays.py) and what the tool prints are judged so."""
    return (
        may_render(data)
        or near.may_show_b(data, matcher.needles)
        or gitformat.may_read_b(data)
        or has_lone_cr_b(data)
        or syntax_hints.may_make_b(data)
        or has_silent(data)
    )
