"""An exemption covers exactly the token(s) it was made for, never another token that another
reading shows at the same place.

The line below holds ABCDEFGHIJ_PASS as stored.  A terminal also backs up over it and prints
``-DEPL``: with two blanks before the backspaces that lands on ``GHIJ_`` (no token), with one it
lands on ``FGHIJ`` and the line shows ``ABCDE-DEPL_PASS`` -- a new token, DEPL_PASS, starting
inside the stored one.  Both lines are the same line to the baseline's fingerprint (runs of
blanks do not count), and a new token there used to be folded into the stored one's finding
(each place reported once), so the entry, pragma or allowed word reviewed for ABCDEFGHIJ_PASS
excused DEPL_PASS too.  Every exemption route is driven through real git here."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal_hook.exemptions.baseline import normalise_line
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.scan.text import scan_bytes

from ..gitutil import Repo, pushed, server_hook

STORED = "ABCDEFGHIJ_PASS"
REVIEWED = STORED.encode() + b"  " + b"\b" * 11 + b"-DEPL"
SHIFTED = STORED.encode() + b" " + b"\b" * 11 + b"-DEPL"
PRAGMA = b"# rehearsal-hook: allow "  # before: what follows the backspaces would overwrite


def _tokens(data: bytes) -> list[tuple[int, int, str]]:
    return sorted((h.line, h.column, h.token) for h in scan_bytes(TokenMatcher(), data))


def test_the_shifted_line_shows_a_second_token_at_the_same_place() -> None:
    assert normalise_line(REVIEWED.decode()) == normalise_line(SHIFTED.decode())
    assert _tokens(REVIEWED + b"\n") == [(1, 1, STORED)]
    assert _tokens(SHIFTED + b"\n") == [(1, 1, STORED), (1, 7, "DEPL_PASS")]
    # The same for every other reading that finds a new word where a token starts: a NUL
    # joining two words, an array's strings joined.
    assert _tokens(b"AB_PASS\0_PASS\n") == [(1, 1, "AB_PASS"), (1, 1, "AB_PASS_PASS")]
    assert _tokens(b'["AB_PASS", "_PASS"]\n') == [(1, 3, "AB_PASS"), (1, 3, "AB_PASS_PASS")]
    # (a list of whole tokens read joined shows no letter its tokens do not: not doubled)
    assert _tokens(b'["A_PASS", "C_PASS"]\n') == [(1, 3, "A_PASS"), (1, 13, "C_PASS")]


@pytest.fixture
def baselined(tmp_path: Path) -> tuple[Repo, Repo]:
    """(work tree with hooks, bare server with pre-receive): REVIEWED committed and baselined."""
    repo, bare = pushed(tmp_path, {"notes.txt": REVIEWED.decode() + "\n"})
    result = repo.cli("baseline")
    assert result.code == 0 and "1 entry" in result.out, result.out
    repo.commit("baseline", ".rehearsal-hook-baseline.json")
    repo.git("push", "-q", "--no-verify", "origin", "main")
    assert repo.cli("install").code == 0
    server_hook(bare)
    return repo, bare


def test_a_baseline_entry_does_not_cover_another_token_at_its_place(baselined: tuple[Repo, Repo]) -> None:
    repo, _ = baselined
    assert repo.cli("check", "--all-files").code == 0
    repo.write("notes.txt", SHIFTED + b"\n")
    for args in (("check", "notes.txt"), ("check", "--all-files")):
        result = repo.cli(*args)
        assert result.code == 1, result.out
        assert "notes.txt:1:7: seal-token seal-like token DEPL_P" in result.out, result.out
        assert "excused: 1 by baseline" in result.out, result.out
    # Baselined anew, it is an entry of its own: the reviewer is shown both tokens.
    result = repo.cli("baseline", "--update")
    assert result.code == 0 and "2 entries" in result.out, result.out
    assert repo.cli("check", "notes.txt").code == 0


def test_the_hooks_and_the_server_block_it(baselined: tuple[Repo, Repo]) -> None:
    repo, _ = baselined
    repo.write("notes.txt", SHIFTED + b"\n")
    result = repo.commit("shift", "notes.txt", verify=True)
    assert result.blocked and "notes.txt:1:7:" in result.out, result.out
    repo.commit("shift", "notes.txt")  # planted past the commit hook
    result = repo.push("origin", "main")
    assert result.blocked and "notes.txt:1:7:" in result.out, result.out
    result = repo.push("--no-verify", "origin", "main")  # past pre-push: the server
    assert result.blocked and "notes.txt:1:7:" in result.out and "pre-receive hook declined" in result.out, result.out


def test_an_old_pragma_does_not_cover_a_new_token_at_its_place(tmp_path: Path) -> None:
    repo, bare = pushed(
        tmp_path,
        {"notes.txt": (PRAGMA + REVIEWED).decode() + "\n", ".rehearsal-hook.toml": "protect-exemptions = true\n"},
    )
    at = f"notes.txt:1:{len(PRAGMA) + 7}:"
    assert repo.cli("install").code == 0
    server_hook(bare)
    assert repo.cli("check", "--all-files").code == 0
    repo.write("notes.txt", PRAGMA + SHIFTED + b"\n")
    result = repo.commit("shift", "notes.txt", verify=True)
    assert result.blocked and f"{at} seal-token seal-like token DEPL_P… [not excused: pragma" in result.out, result.out
    repo.commit("shift", "notes.txt")
    for args in (("origin", "main"), ("--no-verify", "origin", "main")):
        result = repo.push(*args)
        assert result.blocked and at in result.out, result.out


def test_an_allowed_word_does_not_cover_another_token_at_its_place(tmp_path: Path) -> None:
    repo, bare = pushed(
        tmp_path, {"notes.txt": REVIEWED.decode() + "\n", ".rehearsal-hook.toml": f'allowed-tokens = ["{STORED}"]\n'}
    )
    server_hook(bare)
    assert repo.cli("check", "--all-files").code == 0
    repo.write("notes.txt", SHIFTED + b"\n")
    result = repo.cli("check", "notes.txt")
    assert result.code == 1 and "notes.txt:1:7:" in result.out, result.out
    repo.commit("shift", "notes.txt")
    result = repo.push("--no-verify", "origin", "main")
    assert result.blocked and "notes.txt:1:7:" in result.out, result.out


# A pragma names its line.  A reading that shows a token across lines (a comment or a tag
# running on, an array's strings one a line, a terminal line made of lines ended by lone CRs)
# is excused only if every line it takes letters from carries the pragma: otherwise a change
# to a line without it completes a token that an old pragma on the other line excuses.
PRAGMA_WORD = "rehearsal-hook: allow"
ACROSS_LINES = {
    # name: (before, after: a token completed by a line without the pragma, line, after with
    # the pragma on every line the token takes letters from)
    "comment": (
        f"{PRAGMA_WORD} AB<!--\n-->x\n",
        f"{PRAGMA_WORD} AB<!--\n-->_PASS\n",
        1,
        f"{PRAGMA_WORD} AB<!--\n-->_PASS {PRAGMA_WORD}\n",
    ),
    "array": (
        f'["{PRAGMA_WORD} AB",\n "x"]\n',
        f'["{PRAGMA_WORD} AB",\n "_PASS"]\n',
        1,
        f'["{PRAGMA_WORD} AB",\n "_PASS"] {PRAGMA_WORD}\n',
    ),
    "lone-cr": (
        # (no token as stored: the terminal shows one, its tail from line 1, on line 2)
        "xxxxxxxxxx_PA\rZZZ\n",
        f"xxxxxxxxxx_PASS\rPRODUCTION\t# {PRAGMA_WORD}\n",
        2,
        f"xxxxxxxxxx_PASS # {PRAGMA_WORD}\rPRODUCTION\t# {PRAGMA_WORD}\n",
    ),
}


@pytest.mark.parametrize("name", list(ACROSS_LINES))
def test_a_pragma_does_not_cover_a_token_another_line_completes(tmp_path: Path, name: str) -> None:
    before, after, line, covered = ACROSS_LINES[name]
    repo, bare = pushed(tmp_path, {"notes.md": before})
    assert repo.cli("install").code == 0
    server_hook(bare)
    assert repo.cli("check", "notes.md").code == 0
    repo.write("notes.md", after)
    result = repo.cli("check", "notes.md")
    assert result.code == 1 and f"notes.md:{line}:" in result.out and "[excused" not in result.out, result.out
    result = repo.commit("complete", "notes.md", verify=True)
    assert result.blocked and f"notes.md:{line}:" in result.out, result.out
    repo.commit("complete", "notes.md")
    result = repo.push("--no-verify", "origin", "main")
    assert result.blocked and f"notes.md:{line}:" in result.out, result.out
    # With the pragma on every line the token takes letters from, it is excused as before.
    repo.write("notes.md", covered)
    result = repo.cli("check", "notes.md")
    assert result.code == 0 and f"notes.md:{line}:" in result.out and "[excused: pragma]" in result.out, result.out


def test_another_encodings_token_is_not_taken_for_a_longer_word_on_its_line(tmp_path: Path) -> None:
    """A reading in another encoding is matched to the stored text's tokens line by line (its
    columns are that encoding's).  A token it shows was dropped when it ended any token of its
    line: Shift_JIS full-width letters spelling CUTOVER_P… beside an allowed AB_CUTOVER_P…
    passed.  Each stored token now accounts for one token of the other reading, the same token
    first, then one it ends.  (A word ending in one of the six literal tokens cannot be allowed
    since session 29: DEPLOY_P… here.)"""
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "DEPLOY_PASS").encode("shift_jis")
    line = b"AB_DEPLOY_PASS and " + full_width + b" \x82\xa0\n"  # (\x82\xa0: Shift_JIS only)
    assert _tokens(line) == [(1, 1, "AB_DEPLOY_PASS"), (1, 20, "DEPLOY_PASS")]
    assert _tokens(b"AB_DEPLOY_PASS " + b" \x82\xa0\n") == [(1, 1, "AB_DEPLOY_PASS")]
    repo, bare = pushed(tmp_path, {".rehearsal-hook.toml": 'allowed-tokens = ["AB_DEPLOY_PASS"]\n'})
    assert repo.cli("install").code == 0
    server_hook(bare)
    repo.write("notes.txt", line)
    result = repo.cli("check", "notes.txt")
    assert result.code == 1 and "notes.txt:1:20: seal-token seal-like token DEPLOY_P" in result.out, result.out
    result = repo.commit("notes", "notes.txt", verify=True)
    assert result.blocked and "notes.txt:1:20:" in result.out, result.out
    repo.commit("notes", "notes.txt")
    result = repo.push("--no-verify", "origin", "main")
    assert result.blocked and "notes.txt:1:20:" in result.out, result.out
