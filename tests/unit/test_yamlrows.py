"""A YAML document's scalars printed one a line (``yq -r '.[]'``, ``yq -r '.. | strings'``), read
as jqrows reads a JSON document's string values: a decoded move to another row, then writing
in that scalar or a later one, blocks (yamlrows.py, jqrows.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan import segments, yamlrows
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.text import scan_bytes

from .scanning import found as _found
from .scanning import streamed as _streamed

M = TokenMatcher()
YQ = shutil.which("yq")

# The same values as test_cursor's JQ_BLOCKS, as a YAML writer spells them (ESC as \e).
BLOCKS = {
    "up-onto-the-sequence-item-before": '- "CUTOVER_XXXX"\n- "\\e[1A\\e[9GPASS"\n',
    "up-then-the-next-plain-scalar-writes": '- CUTOVER_XXXX\n- x\n- "\\e[2A"\n- "\\e[9GPASS"\n',
    "to-a-row-not-told-in-a-mapping": 'a: CUTOVER_XXXX\nb: "\\e[1;9HPASS"\n',
    "reverse-index-nested": 'top:\n  - k: CUTOVER_XXXX\n  - k: "\\eM\\e[9GPASS"\n',
    "hex-escape": '- CUTOVER_XXXX\n- "\\x1b[1A\\x1b[9GPASS"\n',
    "json-style-escape": '- CUTOVER_XXXX\n- "\\u001b[1A\\u001b[9GPASS"\n',
    "long-escape": '- CUTOVER_XXXX\n- "\\U0000001b[1A\\U0000001B[9GPASS"\n',
    "flow-sequence": 'v: [CUTOVER_XXXX, "\\e[1A\\e[9GPASS"]\n',
    "over-two-lines": '- CUTOVER_XXXX\n- "\\e[1A\n  \\e[9GPASS"\n',
    "escaped-line-break": '- CUTOVER_XXXX\n- "\\e[1A\\\n   \\e[9GPASS"\n',
    "after-a-document-marker": '%YAML 1.1\n---\n# values\n- CUTOVER_XXXX  # first\n- "\\e[1A\\e[9GPASS"\n...\n',
    "after-a-block-scalar": 'a: |\n  CUTOVER_XXXX\nb: "\\e[2A\\e[9GPASS"\n',
    "anchors-and-a-merge": 'base: &b\n  k: CUTOVER_XXXX\nuse:\n  <<: *b\n  m: "\\e[1A\\e[9GPASS"\n',
    "an-alias-prints-it-again": 'm: &up "\\e[1A\\e[9GPASS"\na: CUTOVER_XXXX\nb: *up\n',
    "tags": '- !!str CUTOVER_XXXX\n- !!str "\\e[1A\\e[9GPASS"\n',
    # (a ``#`` after a character that is no blank is the scalar's, not a comment's)
    "a-hash-inside-a-plain-scalar": '- CUTOVER_#X  # a comment\n- "\\e[1A\\e[9GPASS"\n',
    # (YAML's other line breaks: a lone CR, NEL, LS, PS -- the reader starts a line at each)
    "lone-cr-line-ends": '- CUTOVER_XXXX\r- "\\e[1A\\e[9GPASS"\r',
    "next-line-ends": '- CUTOVER_XXXX\x85- "\\e[1A\\e[9GPASS"\x85',
    "line-separator-ends": '- CUTOVER_XXXX\u2028- "\\e[1A\\e[9GPASS"\n',
    "paragraph-separator-ends": '- CUTOVER_XXXX\u2029- "\\e[1A\\e[9GPASS"\n',
    # (a document's node on its start marker's line)
    "on-the-document-markers": '--- CUTOVER_XXXX\n--- "\\e[1A\\e[9GPASS"\n',
    "flow-on-the-marker-after-a-tab": '- CUTOVER_XXXX\n---\t["\\e[1A\\e[9GPASS"]\n',
    "tabs-between-a-lines-parts": 'a:\tCUTOVER_XXXX\t# c\nb: !!str\t"\\e[1A\\e[9GPASS"\t# c\n',
    # (a flow collection over lines, comments among them)
    "flow-sequence-over-lines": '- CUTOVER_XXXX\n- [x,  # one\n   "\\e[1A\\e[9GPASS",\n   y]\n',
    "flow-mapping-over-lines": '{a: CUTOVER_XXXX,\n "b": "\\e[1A\\e[9GPASS"}\n',
    "single-quoted-over-lines": "- 'CUTOVER_''X\n\n   y'  # c\n- \"\\e[1A\\e[9GPASS\"\n",
    # (a complex key: its ``? `` line and its value's ``: `` line)
    "complex-key": '- CUTOVER_XXXX\n- ? k\n  : "\\e[1A\\e[9GPASS"\n',
    "flow-sequence-single-quoted": "v: ['CUTOVER_''X', \"\\e[1A\\e[9GPASS\"]\n",
    # (a key's own properties, an anchor or a tag; a complex key's value a sequence on its ``: `` line)
    "an-anchor-on-a-key": '&k a: CUTOVER_XXXX\n&v b: "\\e[1A\\e[9GPASS"\n',
    "a-tag-on-a-key": '- !!str a: CUTOVER_XXXX\n  !!str b: "\\e[1A\\e[9GPASS"\n',
    "a-sequence-on-a-complex-keys-value-line": '? k\n: - CUTOVER_XXXX\n  - "\\e[1A\\e[9GPASS"\n',
    # (a key's anchor: an alias prints the key as a value -- read as nothing before session 29)
    "an-alias-of-an-anchored-key": '&k "\\e[1A\\e[9GPASS": x\na: CUTOVER_XXXX\nb: *k\n',
    "an-alias-of-a-single-quoted-key": "&k 'CUTOVER_XXXX': x\nb: *k\nc: \"\\e[1A\\e[9GPASS\"\n",
}

KEYS_READ = ("flow-sequence", "flow-mapping-over-lines", "complex-key", "a-sequence-on-a-complex-keys-value-line")
PRINTED = {k: d for k, d in BLOCKS.items() if k not in KEYS_READ}


def _blocks(data: bytes) -> None:
    with pytest.raises(CannotVerify) as caught:
        scan_bytes(M, data)
    assert caught.value.code == "unverifiable-reading" and "yq -r" in str(caught.value)


def _printed(doc: str) -> str:
    """What ``yq -r '.. | strings'`` prints of ``doc``, as a terminal gets it."""
    assert YQ is not None
    done = subprocess.run([YQ, "-r", ".. | strings"], input=doc.encode(), capture_output=True, check=True)
    return done.stdout.decode()


@pytest.mark.parametrize("doc", list(BLOCKS.values()), ids=list(BLOCKS))
def test_a_decoded_move_up_over_an_earlier_scalar_blocks(doc: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Printed one a line, a scalar moves up onto an earlier one and shows CUTOVER_PASS (which
    rows it reaches depends on the filter: it blocks, as the JSON document does); in memory,
    in CRLF and streamed."""
    data = doc.encode()
    _blocks(data)
    _blocks(data.replace(b"\n", b"\r\n"))
    monkeypatch.setattr(segments, "CHUNK_SIZE", 16)
    with pytest.raises(CannotVerify):
        _streamed(data, 5)


# What the real reader printed of each document of PRINTED (Debian's ``yq`` 3.1.0: PyYAML's reading
# handed to jq 1.6), kept so that a machine without yq (CI) compares with it all the same; where
# yq is installed, test_the_recorded_output_is_what_yq_prints holds the record to it.  To record
# a new document: REHEARSAL_HOOK_RECORD_YQ=1 pytest tests/unit/test_yamlrows.py -k recorded.
# (Its bytes in hex: as JSON strings, ``jq -r`` would print the moves that show the tokens, and
# the project's own hook blocks the file, rightly.)
RECORDED = Path(__file__).parent.parent / "data" / "yq-printed.json"


@pytest.mark.parametrize("name", list(PRINTED))
def test_the_scalars_read_are_what_yq_prints(name: str) -> None:
    """The scalars read, one a line, are what the real reader prints -- with the move that shows
    the token among them.  (A flow collection's keys are read too: more than it prints, never
    less.)"""
    values = yamlrows.values(PRINTED[name])
    recorded = bytes.fromhex(json.loads(RECORDED.read_text())[name]).decode()
    assert values is not None and "".join(v + "\n" for v in values) == recorded


@pytest.mark.skipif(YQ is None, reason="yq is not installed")
def test_the_recorded_output_is_what_yq_prints() -> None:
    printed = {name: _printed(doc).encode().hex() for name, doc in PRINTED.items()}
    if os.environ.get("REHEARSAL_HOOK_RECORD_YQ"):
        RECORDED.write_text(json.dumps(printed, indent=1, ensure_ascii=True) + "\n")
    assert json.loads(RECORDED.read_text()) == printed


@pytest.mark.parametrize(
    "text",
    [
        '- CUTOVER_XXXX\n- "\\e[1A"\n',  # (a move, nothing written after it in the document)
        '- CUTOVER_XXXX\n- "\\x9b1A\\x9b9GPASS"\n',  # (C1 controls do nothing in decoded text, as in JSON)
        '- CUTOVER_XXXX\n- "\\e[2J\\e[H"\n- PASS\n',  # (clear's output: a blank screen)
        '"\\e[1A": CUTOVER_XXXX\nk: PASS\n',  # (a key: not printed by those filters)
        'prompt: "\\e[32mCUTOVER_XXXX\\e[0m"\nnext: PASS\n',  # (colours move nothing)
        "- CUTOVER_XXXX\n- \\e[1A\\e[9GPASS\n",  # (a plain scalar: no escape is decoded)
        "- CUTOVER_XXXX\n- '\\e[1A\\e[9GPASS'\n",  # (nor in a single-quoted one)
        'write("CUTOVER_XXXX", "\\e[1A\\e[9GPASS")\n',  # (a program's line: one plain scalar)
        'x = {"a": "CUTOVER_XXXX",\n     "b": "\\x1b[1A\\x1b[9GPASS"}\n',  # (no YAML: a program's)
        '- CUTOVER_XXXX\n- "\\e[1A\\q"\n- PASS\n',  # (an escape YAML refuses: nothing printed)
        '- CUTOVER_XXXX\n- "\\e[1A"\n- *nowhere\n',  # (an alias to no anchor: read as nothing)
        # (an everyday merge: fifty services that each print twenty defaults again)
        "defaults: &d\n"
        + "".join(f"  k{i}: CUTOVER_XXXX\n" for i in range(20))
        + 'c: "\\e[32m"\n'
        + "".join(f"s{i}:\n  <<: *d\n  m: PASS\n" for i in range(50)),
    ],
)
def test_a_decoded_move_outside_a_yaml_documents_scalars_does_not_block(text: str) -> None:
    assert "\x1b" not in text
    assert _found(text.encode()) == []


def _laughs(levels: int) -> str:
    """Each level an anchored sequence of ten aliases of the level below (a coloured value
    makes it read as YAML): what yq prints grows tenfold a level."""
    doc = 'c: "\\e[32m"\na0: &a0 x\n'
    for level in range(1, levels + 1):
        doc += f"a{level}: &a{level}\n" + f"  - *a{level - 1}\n" * 10
    return doc


def test_aliases_that_print_past_a_bound_block() -> None:
    """Six levels, 600 bytes, print a million values (nine: a billion, and the reading held
    them all): past four times its size and 1 MiB the reading stops and the document blocks."""
    with pytest.raises(CannotVerify) as caught:
        yamlrows.values(_laughs(6))
    assert caught.value.code == "unverifiable-reading"
    _blocks(_laughs(9).encode())
    values = yamlrows.values(_laughs(4))  # (under the bound: read)
    assert values is not None and values.count("x") == 11111  # (each level printed: 1 + 10 + ... + 10,000)
