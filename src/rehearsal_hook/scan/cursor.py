"""A terminal's cursor and the row it is on (issue 12, "what a terminal shows"): what each
control function does to them, as xterm and VTE do it.  screen.py feeds it a line.

Followed within the row: backspace, tab, CR, and the control functions CUB, CUF, HPR, CHA,
HPA, CHT, CBT (moves: a count of 0 means 1, a move back stops at column 1), ECH, EL, DCH, ICH
(edits: DCH shifts the rest of the row left, ICH right), REP (the last character written in
the line, again), DECSC/DECRC and SCOSC/SCORC (within the row).  A move down (LF in decoded
text, VT, FF, IND, NEL, CUD, CNL, VPR) starts a fresh row at the same column (NEL, CNL and LF
at column 1): the row left is never written again, since nothing that returns to it is
followed.  Scrolling the row away (SU, DL) leaves a blank row; ED erases as EL does, and ED 2
and RIS clear the screen: a fresh row, nothing beside it.

A move that can return to an earlier row, or to a row the line does not tell (CUU, CPL, RI,
CUP, HVP, VPA, VPB, a restore of a cursor saved on another row or before the line), loses the
cursor: what is written or edited there, or in the next line (the line ends lost), lands
beside text of other lines, and blocks (CannotVerify, unverifiable-reading) -- unless the
screen is blank (cleared, nothing written since), where any row is a fresh one (``ESC [H ESC
[2J``, what ``clear`` prints, is read).  What changes where later lines land or what they
show blocks at once: SD, IL, insert mode, tab stops set or cleared, margins, the alternate
screen, reverse wrap, origin mode, autowrap off, DECALN, rectangle edits, columns scrolled or inserted, REP with nothing
written before it in the line.

Bounded: the row is at most MAX_COLUMNS wide while the line moves or edits it (a terminal is
narrower); a move or an edit past that blocks.  Each edit then costs at most MAX_COLUMNS cell
copies (C speed), so the time stays linear in the line."""

from __future__ import annotations

from rehearsal_hook.errors import CannotVerify

# The C0 controls a terminal executes inside a code, the code going on (constructs._C0_IN_CSI).
C0_IN_CODE = frozenset(chr(c) for c in (*range(0x0A), 0x0B, 0x0C, *range(0x0E, 0x18), 0x19, *range(0x1C, 0x20), 0x7F))


def code_parts(code: str) -> tuple[str, str]:
    """(the C0 controls a terminal code executes where they stand before its function, the
    code without them): ``ESC BEL 7`` is a bell, then ESC 7; a CSI's, OSC's or string's body
    is left as it is (what it holds is read with it)."""
    if code[:1] != "\x1b" or len(code) < 2:
        return "", code
    j = 1
    while j < len(code) and code[j] in C0_IN_CODE:
        j += 1
    if j < len(code) and code[j] in "[]PX^_":
        return code[1:j], "\x1b" + code[j:]
    if j == 1 and C0_IN_CODE.isdisjoint(code):
        return "", code
    return "".join(c for c in code[1:] if c in C0_IN_CODE), "\x1b" + "".join(c for c in code[1:] if c not in C0_IN_CODE)


# The widest row a line that moves the cursor or edits the row is read in.
MAX_COLUMNS = 4096

BLANK = -1  # a cell nothing was written to, or the half of a wide character overwritten
WIDE_TAIL = -2  # the second cell of a wide character

# CSI finals (no private marker, no intermediate) by what they do.
_MOVE_BACK, _MOVE_ON, _TO_COLUMN, _TABS = "D", "Ca", "G`", "IZ"
_DOWN, _DOWN_TO_START, _SCROLLED_AWAY = "Be", "E", "SM"
_LOSES = {  # moves to an earlier row, or to a row the line does not tell
    "A": "CUU moves the cursor up",
    "F": "CPL moves the cursor up",
    "H": "CUP moves the cursor to a row",
    "f": "HVP moves the cursor to a row",
    "d": "VPA moves the cursor to a row",
    "k": "VPB moves the cursor up",
}
_BLOCKS = {
    "T": "SD scrolls earlier rows down",
    "^": "SD scrolls earlier rows down",
    "L": "IL moves the row down",
    "g": "TBC clears tab stops",
    "W": "CTC sets tab stops",
    "r": "DECSTBM sets margins",
}
_TWO_BYTE_BLOCKS = {
    "H": "HTS sets a tab stop",
    "\x88": "HTS sets a tab stop",
    "6": "DECBI scrolls columns",
    "9": "DECFI scrolls columns",
    "#8": "DECALN fills the screen",
}
# Private modes that move what is shown or where the cursor goes, by the finals that do: reverse wrap, the alternate
# screen, margins, origin mode (either way it homes the cursor); autowrap off (the last column overwritten).
_PRIVATE_MODES = {"45": "hl", "47": "hl", "69": "hl", "1047": "hl", "1048": "hl", "1049": "hl", "6": "hl", "7": "l"}


def _csi_parts(code: str) -> tuple[str, str]:
    """A CSI's parameters and intermediates, from ``code`` (after its ``ESC [``, with its final)."""
    body = code[:-1]
    return "".join(c for c in body if "0" <= c <= "?"), "".join(c for c in body if " " <= c <= "/")


def _enters_vt52(params: str, final: str) -> bool:
    """Whether a CSI (its parameters, its final) resets DECANM: xterm's VT52 mode, until ESC <,
    where ESC A-D move the cursor, ESC Y to a row and column, ESC F draws from the graphics set
    -- every escape after it reads otherwise."""
    return params[:1] == "?" and final == "l" and "2" in params[1:].split(";")


_VT52 = "DECANM enters VT52 mode, whose escapes move the cursor and draw graphics"


def _unverifiable(what: str) -> CannotVerify:
    """The one-line reason a line blocks: ``what`` names the code and what it does."""
    return CannotVerify(
        "unverifiable-reading",
        f"a terminal code ({what}): what a terminal shows then depends on other lines, "
        "which the reading of a line cannot follow",
    )


class Row:
    """The cells of the row the cursor is on, each the stored offset of the character written
    last to it (or BLANK, WIDE_TAIL), and the rows it left going down.  A code that would
    lose the cursor or block does nothing if it is a C1 control (U+0084, U+0088, U+008D, a
    U+009B CSI: mojibake and byte strings hold them far more often than a terminal's output
    does), or, with ``lenient``, any code (decoded text: a regular expression ``\\x1b\\[\\d+A``
    or a program's output string holds them, and the rows they reach belong to other values
    or to the program's output)."""

    def __init__(self, *, lenient: bool = False) -> None:
        self.cells: list[int] = []
        self.left: list[list[int]] = []
        self.cursor = 0
        self.row = 0  # how many rows down from the line's first
        self.saved: tuple[int, int] | None = None
        self.last = -1  # the stored offset of the last character written, for REP
        self.last_width = 1
        self.lost: str | None = None  # why the cursor's row is not known
        self.blank = False  # the screen was cleared and nothing written since
        self.lenient = lenient

    def put(self, at: int, w: int) -> None:
        """Write the character stored at ``at``, ``w`` cells wide, at the cursor."""
        self._writes("a character written")
        cells, cursor = self.cells, self.cursor
        if cursor + w > len(cells):
            cells.extend([BLANK] * (cursor + w - len(cells)))
        for k in range(cursor, cursor + w):  # (a wide character half overwritten is blanked)
            if cells[k] == WIDE_TAIL and k - 1 >= 0 and k - 1 < cursor:
                cells[k - 1] = BLANK
            elif cells[k] >= 0 and k + 1 < len(cells) and cells[k + 1] == WIDE_TAIL and k + 1 >= cursor + w:
                cells[k + 1] = BLANK
        cells[cursor] = at
        if w == 2:
            cells[cursor + 1] = WIDE_TAIL
        self.cursor += w
        self.last, self.last_width = at, w

    def put_run(self, start: int, end: int) -> None:
        """Write the printable ASCII stored in ``[start, end)``: one cell each."""
        self._writes("a character written")
        cells, cursor, n = self.cells, self.cursor, end - start
        if cursor < len(cells) and cells[cursor] == WIDE_TAIL and cursor:
            cells[cursor - 1] = BLANK
        if cursor + n > len(cells):
            cells.extend([BLANK] * (cursor + n - len(cells)))
        if cursor + n < len(cells) and cells[cursor + n] == WIDE_TAIL:
            cells[cursor + n] = BLANK
        cells[cursor : cursor + n] = range(start, end)
        self.cursor += n
        self.last, self.last_width = end - 1, 1

    def _writes(self, what: str) -> None:
        """Before writing or editing: the cursor's row must be known."""
        if self.lost is not None:
            raise _unverifiable(f"{self.lost}, then {what}")
        self.blank = False

    def end(self) -> None:
        """At the end of the line: the next line is written where the cursor is."""
        if self.lost is not None:
            raise _unverifiable(f"{self.lost}, then the next line")

    def control(self, c: str) -> None:
        """A C0 control that moves the cursor (BS, TAB, CR, a move down); others do nothing."""
        if c == "\x08":
            self.cursor = max(self.cursor - 1, 0)
        elif c == "\t":
            self.cursor = (self.cursor // 8 + 1) * 8
        elif c == "\r":
            self.cursor = 0
        elif c in "\n\x0b\x0c\x84\x85":
            self.down(1, to_start=c in "\n\x85")

    def down(self, n: int, *, to_start: bool) -> None:
        """The cursor ``n`` rows down (a fresh row: nothing returns to the one left)."""
        self._fresh_row()
        self.row += n
        if to_start:
            self.cursor = 0

    def _fresh_row(self) -> None:
        self.left.append(self.cells)
        self.cells = []

    def _lose(self, why: str, column: int | None) -> None:
        """A move to an earlier row or one the line does not tell (to ``column``, else the same)."""
        self._fresh_row()
        self.row += 1  # (another row: a cursor saved on this one is not restored there)
        if column is not None:
            self.cursor = column
        if not self.blank:  # (on a cleared screen, every row is a fresh one)
            self.lost = why

    def _clear(self) -> None:
        """The screen cleared (ED 2, RIS): nothing shows beside what comes next."""
        self._fresh_row()
        self.row += 1
        self.lost, self.blank = None, True

    def act(self, s: str) -> None:
        """Follow the terminal sequence or C1 control ``s`` (one match of constructs.TERMINAL,
        or a C1 control): its executed C0 controls, then its function."""
        if not (self.lenient or s[0] in "\x84\x88\x8d\x9b"):
            self._act(s)
            return
        code = code_parts(s)[1]
        if code[:2] == "\x1b[" and _enters_vt52(_csi_parts(code[2:])[0], code[-1]):
            # (a mode, not a lost row: doing nothing reads the escapes after it as ANSI's, where
            # ``CUTOVER_XXXX ESC[?2l ESC D x4 ESC< PASS`` from ``echo -e`` or ``jq -r`` shows the token)
            raise _unverifiable(_VT52)
        before = (self.cursor, self.row, self.lost, self.blank, self.cells, len(self.left))
        try:
            self._act(s)
            if before[2] is not None or self.lost is None:
                return
        except CannotVerify:
            pass  # (what raises has changed nothing yet)
        self.cursor, self.row, self.lost, self.blank, self.cells = before[:5]
        del self.left[before[5] :]

    def _act(self, s: str) -> None:
        executed, s = code_parts(s)
        for c in executed:  # (right after its ESC: executed, and the code goes on)
            if c in "\x08\t\x0b\x0c":
                self.control(c)
        if s in ("\x84", "\x85"):
            self.control(s)
        elif s in ("\x88", "\x8d"):
            if s == "\x88":
                raise _unverifiable(_TWO_BYTE_BLOCKS[s])
            self._lose("RI moves the cursor up", None)
        elif s[0] == "\x9b" or s[:2] == "\x1b[":
            body = s[1:] if s[0] == "\x9b" else s[2:]
            for c in body:
                if c in "\x08\t\x0b\x0c":  # (executed; VT and FF move down)
                    self.control(c)
            if "@" <= s[-1] <= "~":
                self._csi(body[:-1], s[-1])
            elif s[-1] in "\x84\x85\x88\x8d":  # (a C1 control that aborts it is executed)
                self._act(s[-1])
        elif len(s) > 1 and s[0] == "\x1b" and s[1] not in "[]PX^_":
            self._escape(s[1:])
        else:
            for c in s:  # (a string control: the backspaces and tabs it holds act)
                if c in "\x08\t":
                    self.control(c)

    def _escape(self, name: str) -> None:
        """A two-byte escape (ESC and ``name``)."""
        if name in _TWO_BYTE_BLOCKS:
            raise _unverifiable(_TWO_BYTE_BLOCKS[name])
        if name == "7":
            self.saved = (self.row, self.cursor)
        elif name == "8":
            self._restore("DECRC")
        elif name in ("D", "E"):
            self.down(1, to_start=name == "E")
        elif name == "M":
            self._lose("RI moves the cursor up", None)
        elif name == "c":
            self._clear()
            self.cursor, self.saved, self.last = 0, None, -1

    def _restore(self, name: str) -> None:
        if self.saved is not None and self.saved[0] == self.row:
            self.cursor = self.saved[1]
        else:
            self._lose(f"{name} restores a cursor saved on another row", self.saved[1] if self.saved else 0)

    def _csi(self, body: str, final: str) -> None:
        params, middle = _csi_parts(body + final)
        if middle:
            if (middle, final) in ((" ", "@"), (" ", "A"), ("'", "}"), ("'", "~")) or middle == "$":
                raise _unverifiable(f"CSI {middle}{final} shifts or fills cells")
            return
        if params[:1] in ("<", "=", ">", "?"):
            if params[0] == "?" and any(final in _PRIVATE_MODES.get(m, "") for m in params[1:].split(";")):
                raise _unverifiable("a private mode moves the screen or the cursor")
            if _enters_vt52(params, final):
                raise _unverifiable(_VT52)
            if params[0] == "?" and final in "JK":
                raise _unverifiable("a selective erase")
            return
        if final in "hl":
            if final == "h" and "4" in params.split(";"):
                raise _unverifiable("IRM sets insert mode")
            return
        if final in _BLOCKS:
            raise _unverifiable(_BLOCKS[final])
        fields = params.split(";")
        if any(f and not f.isdigit() for f in fields[:2]):
            raise _unverifiable(f"CSI {final} with a parameter read otherwise")
        number = int(fields[0]) if fields[0] else 0
        if final in _LOSES:
            column = None
            if final in "Hf":
                column = max(int(fields[1]) if len(fields) > 1 and fields[1] else 1, 1) - 1
            elif final == "F":
                column = 0
            self._check_column(column or 0)
            self._lose(_LOSES[final], column)
            return
        self._function(final, number, max(number, 1))

    def _check_column(self, column: int) -> None:
        if column > MAX_COLUMNS:
            raise CannotVerify("unverifiable-reading", f"a cursor movement past column {MAX_COLUMNS}")

    def _edit(self, name: str, grows: int = 0) -> None:
        self._writes(name)
        if len(self.cells) + grows > MAX_COLUMNS:
            raise CannotVerify("unverifiable-reading", f"{name} edits a row wider than {MAX_COLUMNS} columns")

    def _erase(self, a: int, b: int) -> None:
        cells = self.cells
        b = min(b, len(cells))
        if a >= b:
            return
        if cells[a] == WIDE_TAIL and a:
            cells[a - 1] = BLANK
        if b < len(cells) and cells[b] == WIDE_TAIL:
            cells[b] = BLANK
        cells[a:b] = [BLANK] * (b - a)

    def _function(self, final: str, number: int, n: int) -> None:
        """The CSI function ``final`` with its first parameter (``n``: 0 read as 1)."""
        cells = self.cells
        if final in _MOVE_BACK:
            self.cursor = max(self.cursor - n, 0)
        elif final in _MOVE_ON or final in _TO_COLUMN or final in _TABS:
            if final in _MOVE_ON:
                column = self.cursor + n
            elif final in _TO_COLUMN:
                column = n - 1
            elif final == "I":
                column = (self.cursor // 8 + min(n, MAX_COLUMNS)) * 8
            else:
                column = max(((self.cursor - 1) // 8 - min(n, MAX_COLUMNS) + 1) * 8, 0)
            self._check_column(column)
            self.cursor = column
        elif final == "X":
            self._edit("ECH")
            self._erase(self.cursor, self.cursor + n)
        elif final in "KJ":
            if final == "J" and number == 2:
                self._clear()
            elif number == 0:  # (erased to the end: the row ends there, blanks show nothing)
                self._writes("EL")
                if self.cursor < len(cells):
                    self._erase(self.cursor, self.cursor + 1)
                    del cells[self.cursor :]
            elif number == 1:
                self._edit("EL")
                self._erase(0, self.cursor + 1)
            elif number == 2:
                self._writes("EL")
                cells.clear()
        elif final == "P":
            self._edit("DCH")
            if self.cursor < len(cells):
                self._erase(self.cursor, self.cursor + 1)  # (a wide character cut in two is blanked)
                del cells[self.cursor : self.cursor + n]
                if self.cursor < len(cells) and cells[self.cursor] == WIDE_TAIL:
                    cells[self.cursor] = BLANK
        elif final == "@":
            self._edit("ICH", min(n, MAX_COLUMNS + 1))
            if self.cursor < len(cells):
                if cells[self.cursor] == WIDE_TAIL:
                    self._erase(self.cursor, self.cursor + 1)
                cells[self.cursor : self.cursor] = [BLANK] * n
        elif final == "b":
            if self.last < 0:
                raise _unverifiable("REP repeats a character written before the line")
            if self.cursor + n * self.last_width > MAX_COLUMNS:
                raise CannotVerify("unverifiable-reading", f"REP writes past column {MAX_COLUMNS}")
            for _ in range(n):
                self.put(self.last, self.last_width)
        elif final in _DOWN or final in _DOWN_TO_START:
            self.down(n, to_start=final in _DOWN_TO_START)
        elif final in _SCROLLED_AWAY:  # (SU, DL: the row scrolls away, a blank one takes its place)
            self._fresh_row()
            if final == "M":
                self.cursor = 0
        elif final == "s":
            self.saved = (self.row, self.cursor)
        elif final == "u":
            self._restore("SCORC")
