"""A Mermaid code in a stream: in memory the whole text says whether a diagram may show it
(mermaid.may_hold), a streamed segment only itself -- so a code in one segment and ``mermaid``
in another blocks (the limit of a streamed reading; found reviewing f0ea0a2: streamed, the
code below a fence in an earlier segment passed)."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments

from .scanning import found, streamed

T = "CUTOVER" + "_PASS"
CODE = '  A["CUTOVER#95;PASS"]\n'
FENCE = "# doc\n\n```mermaid\ngraph TD\n"
FILLER = "".join(f'  n{i}["node {i}"]\n' for i in range(8))


@pytest.mark.parametrize(
    "text",
    [
        FENCE + FILLER + CODE + "```\n",  # the fence, then the code in a later segment
        "x\n" + CODE + FILLER + FENCE + "```\n",  # the code, then the fence
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_code_apart_from_the_name_blocks(text: str, encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert [t for _, _, t in found(text.encode(encoding))] == [T]
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    with pytest.raises(CannotVerify, match="Mermaid"):
        streamed(text.encode(encoding), 5)


@pytest.mark.parametrize(
    "text",
    [
        "x\n" + FILLER + CODE,  # no diagram anywhere: the code is text, as in memory
        FENCE + FILLER + "  B[color #fff;]\n```\n",  # a code that makes no character
        FENCE + FILLER + "```\n" + FILLER + "plain\n",  # a diagram without codes
    ],
)
def test_without_both_the_stream_reads_on(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    want = found(text.encode())
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    assert streamed(text.encode(), 5) == want == []
