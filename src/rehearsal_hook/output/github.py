"""GitHub Actions workflow commands: one annotation a finding, then the summary."""

from __future__ import annotations

from rehearsal_hook.findings import CheckResult
from rehearsal_hook.output.formats import exemption_note, history_hint, listed, object_note, rules_line, summary_line


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def check_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation a finding, then the summary."""
    lines = []
    for f in listed(result):
        level = "error" if f.blocking else "notice"
        props = f"file={_gh_property(f.path)},line={max(1, f.line)},col={max(1, f.column)},title={_gh_property(f.rule)}"
        lines.append(f"::{level} {props}::{_gh_data(f.rule + ' ' + f.message + object_note(f) + exemption_note(f))}")
    lines += rules_line(result)
    lines += history_hint(result)
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def error_document(message: str) -> str:
    """A run that could not finish, as one error annotation."""
    return f"::error title=rehearsal-hook::{_gh_data('rehearsal-hook: error: ' + message)}\n"
