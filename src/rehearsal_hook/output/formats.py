"""Reporters only format: findings in, text out.  Redaction of the whole output happens once,
where it is written (``console.Console``), so no reporter can leak a token."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, get_args

from rehearsal_hook.findings import BY_ALLOWED, CheckResult, Finding

if TYPE_CHECKING:
    from rehearsal_hook.checks.gate import GateResult

# C0, DEL and C1: U+009B is a terminal's CSI as surely as ESC [ (xterm in UTF-8).  And what
# a terminal with bidirectional layout, a browser's log viewer or an annotation lays text out
# by: the bidirectional controls (embeddings, overrides, isolates, LRM/RLM/ALM), which turn the
# rest of a line around (a name a\u202e...: Trojan Source), and the line and paragraph
# separators a Unicode-aware viewer breaks a line at.
_LAYOUT = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_LAYOUT}]")


def display_path(path: str) -> str:
    """A path (or an error message quoting one) on one line: control characters (newlines
    included) shown as escapes."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], path)


# GitHub's runner runs a workflow command from any line of a step's log: ``::NAME ...::`` at a
# line's start (after blanks) and the older ``##[NAME ...]`` anywhere in it (actions/runner,
# ActionCommand.TryParseV2 and TryParse).  Names and values are anyone's to choose -- a file
# named ``x##[group]y.md`` folded the rest of a report away, ``##[stop-commands]`` stopped the
# annotations after it -- so no line the tool prints is one: each format escapes them as it can
# (JSON and XML keep the value; text shows an escape, as it does for control characters).
_V1_COMMAND = "##["
_LINE_BREAKS = re.compile(r"(\r\n|\r|\n)")
_ANNOTATIONS = ("::error ", "::notice ")


# What a terminal (or a log viewer) acts on that a machine format may still hold raw: JSON
# escapes C0 but not DEL, C1 (U+009B, a CSI) and the layout characters, XML carries them;
# --format github's values are raw but for CR and LF.  Text shows its values through
# display_path, and its colours are its own ESC codes, so it is left as it is.
_C1 = re.compile(f"[\x7f-\x9f{_LAYOUT}]")
_NOT_LF = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_LAYOUT}]")


def inert(text: str, fmt: str = "text") -> str:
    """``text``, printed in format ``fmt``, with nothing GitHub's runner would run as a workflow
    command but the annotations of ``--format github`` themselves, and in a machine format no
    character a terminal acts on (JSON and XML keep the value, github shows an escape)."""
    if fmt in ("json", "sarif"):
        # (only inside strings: the rest of a JSON document is ASCII)
        return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace(_V1_COMMAND, "##\\u005b"))
    if fmt == "junit":
        return _C1.sub(lambda m: f"&#{ord(m.group())};", _each_line(text.replace(_V1_COMMAND, "##&#91;"), "&#58;"))
    keep = _ANNOTATIONS if fmt == "github" else ()
    if fmt == "github":
        text = _NOT_LF.sub(lambda m: display_path(m.group()), text)
    return _each_line(text.replace(_V1_COMMAND, "##\\x5b"), "\\x3a", keep)


def _each_line(text: str, colon: str, keep: tuple[str, ...] = ()) -> str:
    """``text`` with the first colon of each line that starts with ``::`` (after blanks) given
    as ``colon``, but lines that start with one of ``keep``."""
    if "::" not in text:
        return text
    parts = _LINE_BREAKS.split(text)
    for i in range(0, len(parts), 2):
        line = parts[i]
        body = line.lstrip()
        if body.startswith("::") and not (keep and line.startswith(keep)):
            at = len(line) - len(body)
            parts[i] = line[:at] + colon + line[at + 1 :]
    return "".join(parts)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 file``, ``2 files``; ``words`` for an irregular plural (``entries``)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def listed(result: CheckResult) -> list[Finding]:
    """The findings a report lists: all of them, except words of allowed-tokens -- they are not
    findings, only counted in the summary -- unless the allowance arrived in the change being
    checked (a reviewer must see a change that allows its own token) or was refused."""
    return [f for f in result.findings if f.excused_by != BY_ALLOWED or f.same_change]


def exemption_note(f: Finding) -> str:
    """What excuses a finding (or was refused), for people: `` [excused: pragma, same change]``."""
    if f.refused:
        return f" [not excused: {f.refused} arrived in this change (protect-exemptions)]"
    if f.excused_by:
        return f" [excused: {f.excused_by}{', same change' if f.same_change else ''}]"
    return ""


def object_note(f: Finding) -> str:
    """The git object a finding was read in, for people: `` (commit 0123456789ab)``, `` (tag ...)``."""
    return f" ({f.object_type} {f.commit[:12]})" if f.commit else ""


def format_finding(f: Finding) -> str:
    where = f"{display_path(f.path)}:{f.line}:{f.column}:"
    return f"{where} {f.rule} {f.message}{object_note(f)}{exemption_note(f)}"


def checked_text(result: CheckResult) -> str:
    """What a run checked, counted as it was checked: ``12 files``, ``3 commits (5 files,
    3 messages)``, ``1 message`` -- never a file count for what was not a file.  What held no
    commit says so, then what was read all the same: ``no commit (the push holds none), 1 ref
    name, 1 tag message``."""
    if result.no_commit is not None:
        what, at = result.no_commit
        parts = [f"no commit ({display_path(what)} holds none)"]
        parts += [f"{plural(result.files, 'file')} {at}"] if result.files else []
        parts += [plural(result.refs, "ref name")] if result.refs else []
        # (with no commit, a message read can only be an annotated tag's)
        parts += [plural(result.messages, "tag message")] if result.messages else []
        return ", ".join(parts)
    if result.commits:
        parts = [plural(result.files, "file"), plural(result.messages, "message")]
        return f"{plural(result.commits, 'commit')} ({', '.join(parts)})"
    if result.messages and not result.files:
        return plural(result.messages, "message")
    if result.messages:
        return f"{plural(result.files, 'file')}, {plural(result.messages, 'message')}"
    return plural(result.files, "file")


def summary_line(result: CheckResult) -> str:
    blocking = result.blocking
    excused = result.excused_counts()
    excused_text = ", ".join(f"{n} by {k}" for k, n in sorted(excused.items())) or "none"
    same = sum(1 for f in result.findings if f.same_change and f.excused_by)
    if same:
        excused_text += f"; {same} by an exemption from this change"
    if blocking:
        return (
            f"rehearsal-hook: BLOCKED: {plural(len(blocking), 'finding')} in {_where(blocking)} "
            f"({checked_text(result)} checked; excused: {excused_text})"
        )
    read = result.files or result.refs or result.messages
    if result.no_commit is not None and not read and not result.findings:
        # (exit 0, as gitleaks over an empty --log-opts range: a range that brings no commit
        # brings nothing to block -- a branch pushed where the default branch already is)
        return f"rehearsal-hook: CLEAN: {display_path(result.no_commit[0])} holds no commit: nothing to check"
    return f"rehearsal-hook: CLEAN: {checked_text(result)} checked, no blocking findings (excused: {excused_text})"


# What a finding's path names when it is not a file: a commit's or tag's message or header, a
# ref's name.
_NOT_FILES = {"seal-token-message": "message", "seal-token-ref": "ref name"}


def _where(blocking: list[Finding]) -> str:
    """Where the blocking findings are, counted as what they are: ``2 files``, ``1 file and 1
    message`` -- a message or a ref name is not a file."""
    paths: dict[str, set[str]] = {}
    for f in blocking:
        paths.setdefault(_NOT_FILES.get(f.rule, "file"), set()).add(f.path)
    counts = [plural(len(paths[what]), what) for what in ("file", "message", "ref name") if what in paths]
    return " and ".join(counts) if len(counts) < 3 else f"{counts[0]}, {counts[1]} and {counts[2]}"


HISTORY_RULES = frozenset({"seal-token", "seal-token-path", "seal-token-message"})


def history_hint(result: CheckResult) -> list[str]:
    """For a token that blocks in a commit (a push, a range): a later commit that removes it
    does not help -- the commit that added it is pushed all the same -- so say so (one line;
    none otherwise)."""
    types = {f.object_type for f in result.blocking if f.commit and f.rule in HISTORY_RULES}
    hints = []
    if "commit" in types:
        hints.append(
            "rehearsal-hook: a token in a commit stays in the history even when a later commit removes "
            "it: rewrite that commit (git commit --amend, git rebase -i, git filter-repo); see "
            "'rehearsal-hook explain seal-token'"
        )
    if "tag" in types:
        # (a tag object is not in any commit's history: only a new tag object replaces it)
        hints.append(
            "rehearsal-hook: a token in an annotated tag is in the tag object: re-create the tag (git tag -fa)"
        )
    return hints


_RED, _YELLOW, _GREEN, _BOLD, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[1m", "\x1b[0m"


def rules_line(result: CheckResult) -> list[str]:
    """The line that names the rules that judged the run, when the report says."""
    return [f"rehearsal-hook: rules: {display_path(result.terms_source)}"] if result.terms_source else []


def check_text(result: CheckResult, *, color: bool = False, quiet: bool = False) -> str:
    """Linter-style lines, then the summary.  ``quiet`` (the hook modes, which run on every
    commit and push): what blocks is listed, and an exemption that arrived in this very
    change; exemptions already in force are only counted in the summary; a run where nothing
    blocks prints nothing at all -- or just the summary, when it excused something."""
    shown = [f for f in listed(result) if f.blocking or f.same_change] if quiet else listed(result)
    if quiet and not shown and not result.excused_counts():
        return ""
    lines = []
    for f in shown:
        text = format_finding(f)
        if color:
            where, _, rest = text.partition(f": {f.rule} ")
            tint = _RED if f.blocking else _YELLOW
            text = f"{_BOLD}{where}:{_RESET} {tint}{f.rule}{_RESET} {rest}"
        lines.append(text)
    if shown or not quiet:
        lines += rules_line(result)
    lines += history_hint(result)
    summary = summary_line(result)
    lines.append(f"{_RED if result.blocking else _GREEN}{summary}{_RESET}" if color else summary)
    return "\n".join(lines) + "\n"


def finding_dict(f: Finding) -> dict[str, object]:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "rule": f.rule,
        "message": f.message,
        "token": f.token,
        "commit": f.commit,
        "object_type": f.object_type if f.commit else None,
        "blocking": f.blocking,
        "excused_by": f.excused_by,
        "same_change": f.same_change,
        "refused_exemption": f.refused,
    }


def check_json(result: CheckResult) -> str:
    import json

    doc = {
        "verdict": result.verdict,
        "findings": [finding_dict(f) for f in listed(result)],
        "summary": {
            "files": result.files,
            "commits": result.commits,
            "messages": result.messages,
            "refs": result.refs,
            "findings": len(listed(result)),
            "blocking": len(result.blocking),
            "excused": result.excused_counts(),
            "rules": result.terms_source,
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def gate_dicts(results: Sequence[tuple[str, GateResult]]) -> list[dict[str, object]]:
    return [
        {
            "source": source,
            "verdict": r.verdict,
            "allow": r.allow,
            "reasons": [{"code": x.code, "message": x.message, "line": x.line, "column": x.column} for x in r.reasons],
        }
        for source, r in results
    ]


def gate_json(results: Sequence[tuple[str, GateResult]]) -> str:
    """The ``gate`` command's JSON document for ``(source, result)`` pairs: ``{"results": [...]}``
    (one object a request: its verdict and reasons).  Not yet redacted (the console does it)."""
    import json

    return json.dumps({"results": gate_dicts(results)}, indent=2, ensure_ascii=False) + "\n"


def gate_text(results: Sequence[tuple[str, GateResult]]) -> str:
    """The ``gate`` command's text for ``(source, result)`` pairs: each request's verdict and
    its reasons at line:column, then a summary line.  Not yet redacted (the console does it)."""
    lines = []
    for source, r in results:
        lines.append(f"{display_path(source)}: {r.verdict}")
        lines.extend(f"  - {x.line}:{x.column} {x.code}: {x.message}" for x in r.reasons)
    blocked = sum(1 for _, r in results if not r.allow)
    lines.append(f"rehearsal-hook: {plural(len(results), 'request')} gated, {blocked} blocked")
    return "\n".join(lines) + "\n"


# The formats: text and JSON here; SARIF 2.1.0, GitHub workflow commands and JUnit XML in
# sarif.py, github.py and junit.py.

CheckFormat = Literal["text", "json", "sarif", "github", "junit"]
CHECK_FORMATS: tuple[CheckFormat, ...] = get_args(CheckFormat)


def render(result: CheckResult, fmt: str, *, color: bool = False, quiet: bool = False) -> str:
    """The one dispatch from a format name to its reporter (``quiet``: see ``check_text``;
    the machine formats are always complete)."""
    if fmt == "json":
        return check_json(result)
    # The machine formats are imported when asked for: a hook's start-up pays for text only.
    if fmt == "sarif":
        from rehearsal_hook.output import sarif

        return sarif.check_sarif(result)
    if fmt == "github":
        from rehearsal_hook.output import github

        return github.check_github(result)
    if fmt == "junit":
        from rehearsal_hook.output import junit

        return junit.check_junit(result)
    return check_text(result, color=color, quiet=quiet)


# ---------------------------------------------------------------------------------------------
# A run that could not finish (configuration error, missing base, git failing): the machine
# formats still get a document, so a CI step that uploads the output uploads a record of the
# failure instead of an empty file.  The exit code is unchanged (cli/main.py decides it).


def error_document(fmt: str, message: str, *, exit_code: int, code: str | None = None) -> str | None:
    """The failed run in ``fmt``; None for text, whose error goes to standard error only."""
    if fmt == "json":
        import json

        doc: dict[str, object] = {
            "verdict": "ERROR",
            "error": {"message": message, "code": code, "exit_code": exit_code},
            "findings": [],
            "summary": None,
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        from rehearsal_hook.output import sarif

        return sarif.error_document(message, exit_code=exit_code, code=code)
    if fmt == "junit":
        from rehearsal_hook.output import junit

        return junit.error_document(message, exit_code=exit_code, code=code)
    if fmt == "github":
        from rehearsal_hook.output import github

        return github.error_document(message)
    return None
