"""What a closed ``<details>`` does not show: all it holds but its summary.  A details element
without the ``open`` attribute shows its first ``<summary>`` alone, what stands before and after
it hidden (Chromium 150 shows ``DEPLOY_O<details style="display:inline">X<summary
style="display:inline">K</summary>Y</details>`` as ``DEPLOY_OK``; one holding no summary shows
its own label, "Details", and is read as stored: what it holds stands between the words
around it).  The summary is the first one it holds outside a nested details, at any depth (a
browser takes a child only: one deeper shows "Details" and hides it too -- read as shown, a
reading more).

Which element holds what is the tags' nesting (one stack of the open details, a closing tag
closing the innermost; a summary never closed runs to its details' closing tag, as an HTML
parser closes it there).  One pass over the tags: linear.  Only a details closed on the text
read counts (as a hidden element does: constructs.inert_openers).
"""

from __future__ import annotations

import re
from typing import Any

from rehearsal_hook.scan import tags
from rehearsal_hook.scan.elements import TAG_PARTS_B, TAG_PARTS_S

# An opening tag of a details element (any case).
_DETAILS_OPEN = r"<(?i:details)[\t\n\f\r />]"
_DETAILS_OPEN_S = re.compile(_DETAILS_OPEN)
_DETAILS_OPEN_B = re.compile(_DETAILS_OPEN.encode())
_NAMES_S = ("details", "summary", "open", "/")
_NAMES_B = (b"details", b"summary", b"open", b"/")


def may_hold(buf: Any) -> bool:
    """Whether ``buf`` (str or bytes) may hold a details element."""
    return (_DETAILS_OPEN_S if isinstance(buf, str) else _DETAILS_OPEN_B).search(buf) is not None


def unshown(searched: Any) -> tuple[list[tuple[int, int]], int]:
    """The stretches of ``searched`` (str or bytes, comment openers made inert) that its closed
    details elements do not show, each from a tag's ``<`` to a tag's ``>`` (so that it is marked
    as a hidden element is): from a details' opening tag to the end of its summary's opening
    tag, and from the summary's closing tag to the details' own; and where the first closed
    details not closed on the text starts (else the length)."""
    details, summary, opened, slash = _NAMES_S if isinstance(searched, str) else _NAMES_B
    # (each open details: where it starts, whether it is closed, where its summary's opening
    # tag ends and its closing tag starts, and how deep in summaries the tags now are)
    stack: list[list[Any]] = []
    found: list[tuple[int, int]] = []
    for m in (TAG_PARTS_S if isinstance(searched, str) else TAG_PARTS_B).finditer(searched):
        name = m.group(2)
        if name is None or (not stack and (name.lower() != details or m.group(1))):
            continue  # (a comment, or a tag outside every details: a stray </details> too)
        name = name.lower()
        if name == details and not m.group(1):
            closed = not any(n.lower() == opened for n, _ in tags.attributes(m.group(3)))
            stack.append([m.start(), closed, -1, -1, 0])
        elif name == details:
            start, closed, held, ends, _ = stack.pop()
            if closed and held >= 0:
                found.append((start, held))
                found.append((ends if ends >= 0 else m.start(), m.end()))
        elif name == summary and m.group(3)[-1:] != slash:
            top = stack[-1]
            if not m.group(1):
                if top[2] < 0:
                    top[2] = m.end()
                top[4] += 1
            elif top[4] > 0:
                top[4] -= 1
                if top[4] == 0 and top[3] < 0:
                    top[3] = m.start()
    pending = [start for start, closed, *_ in stack if closed]
    return found, min(pending, default=len(searched))
