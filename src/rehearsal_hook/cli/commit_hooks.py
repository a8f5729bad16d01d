"""The commit hook modes: ``pre-commit``, ``pre-merge-commit`` and ``commit-msg``.  Each reads
what git hands its hook and checks what the commit takes -- git objects, never the work tree."""

from __future__ import annotations

import os

import click

from rehearsal_hook.checks.entries import Content, LinkText
from rehearsal_hook.cli.options import HOOK_EPILOG, baseline_option, check_format_option, complete_path, config_option
from rehearsal_hook.cli.runs import render_result, run_staged, work_tree
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import CheckResult
from rehearsal_hook.git.repository import commit_cut_config, identities
from rehearsal_hook.sources.changes import settle, staged_change
from rehearsal_hook.sources.files import read_content
from rehearsal_hook.sources.objects import (
    comment_prefixes,
    cut_at_scissors,
    message_findings,
    recorded_message_findings,
    scissors_line,
)
from rehearsal_hook.sources.terms import client_terms, require_staged_terms, staged_terms_files


@click.command("pre-commit", epilog=HOOK_EPILOG)
@check_format_option
@config_option
@baseline_option
def pre_commit_command(fmt: str, config_path: str | None, baseline_path: str | None) -> int:
    """Check the staged content (the index, not the working tree): what `git commit` takes."""
    return run_staged(fmt, config_path, baseline_path, quiet=True)


@click.command("pre-merge-commit", epilog=HOOK_EPILOG)
@check_format_option
@config_option
@baseline_option
def pre_merge_commit_command(fmt: str, config_path: str | None, baseline_path: str | None) -> int:
    """Check the staged merge result, as pre-commit does."""
    return run_staged(fmt, config_path, baseline_path, quiet=True)


@click.command("commit-msg", epilog=HOOK_EPILOG)
@check_format_option
@config_option
@baseline_option
@click.argument("message_file", metavar="MESSAGE_FILE", shell_complete=complete_path)
def commit_msg_command(fmt: str, config_path: str | None, baseline_path: str | None, message_file: str) -> int:
    """Check the commit message git is about to record, and the author and committer it will
    record with it."""
    return _check_message(fmt, config_path, baseline_path, message_file, commit=True)


@click.command("pre-applypatch", epilog=HOOK_EPILOG)
@check_format_option
@config_option
@baseline_option
def pre_applypatch_command(fmt: str, config_path: str | None, baseline_path: str | None) -> int:
    """Check the patch `git am` applied to the index, before it commits it, as pre-commit does."""
    return run_staged(fmt, config_path, baseline_path, quiet=True)


@click.command("applypatch-msg", epilog=HOOK_EPILOG)
@check_format_option
@config_option
@baseline_option
@click.argument("message_file", metavar="MESSAGE_FILE", shell_complete=complete_path)
def applypatch_msg_command(fmt: str, config_path: str | None, baseline_path: str | None, message_file: str) -> int:
    """Check the message of the patch `git am` is about to commit, as commit-msg does."""
    return _check_message(fmt, config_path, baseline_path, message_file, commit=False)


def _check_message(
    fmt: str, config_path: str | None, baseline_path: str | None, message_file: str, *, commit: bool
) -> int:
    """commit-msg (``commit``) and applypatch-msg: the message file as git will record it, and
    the author and committer.  ``git am`` records a patch's message as it is (no editor, no
    scissors, no comment stripped: ``--scissors`` cut the mail before the hook) and the
    patch's own author (read in the commit's headers by the push)."""
    root = work_tree("commit-msg" if commit else "applypatch-msg")
    terms = client_terms(root, config_path, baseline_path)
    require_staged_terms(root, staged_terms_files(root), config_path=config_path, baseline_path=baseline_path)
    # What git will record: the whole file (streamed when large), up to the scissors line
    # where git will cut it.  Git tells a hook that no editor runs with GIT_EDITOR=':'.
    config = commit_cut_config(root) if commit else {}
    line = scissors_line(config, editor=os.environ.get("GIT_EDITOR") != ":") if commit else None
    content = read_content(message_file)
    if isinstance(content, LinkText):
        # Read as a link's text it would not be the message git records (git writes through it).
        raise CannotVerify("unreadable", f"{message_file}: the message file is a symbolic link")
    message: Content = content
    if line is not None:
        if isinstance(content, bytes):
            message = b"".join(cut_at_scissors((content,), line))
        else:
            stream = content
            message = lambda: cut_at_scissors(stream(), line)  # noqa: E731 -- opened again for a rescan
    # (and as git records it where it strips comment lines, after this hook)
    prefixes = comment_prefixes(config) if commit else []
    findings = recorded_message_findings(terms.policy, message, prefixes, "(commit message)")
    # The names the commit will record are read by everyone too (the push would stop them; this
    # says so before the commit is made).
    findings += message_findings(terms.policy, identities(root), "(commit author, committer)", None, what="header")
    result = CheckResult(findings, messages=1)
    change = staged_change(root, None, config_path=config_path, baseline_path=baseline_path)
    return render_result(terms.policy.matcher, settle(result, terms, change), fmt, quiet=True)
