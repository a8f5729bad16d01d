"""The push hook modes: ``pre-push`` and ``pre-receive``: every commit a push brings."""

from __future__ import annotations

import os
import sys

import click

from rehearsal_hook.cli.options import (
    HOOK_EPILOG,
    baseline_option,
    check_format_option,
    config_option,
    jobs_option,
)
from rehearsal_hook.git.process import StreamSet, is_zero_sha
from rehearsal_hook.git.repository import show_toplevel_and_gitdir
from rehearsal_hook.sources.pushes import (
    as_received,
    branch_tip,
    framework_plan,
    parse_ref_updates,
    plan_push,
    plan_receive,
    push_options,
)
from rehearsal_hook.sources.ranges import RangeListing

# pre-push loads only git until its range is listing: the rules, the scanner and the range
# engine are imported after that (in the commands), about 25 ms on a 1,000-commit push, during
# which git lists the commits and what they change on another core.


@click.command("pre-push", epilog=HOOK_EPILOG)
@check_format_option
@config_option
@baseline_option
@click.option(
    "--pre-commit-env",
    is_flag=True,
    help="Take the range from the pre-commit framework's PRE_COMMIT_* variables instead of stdin.",
)
@jobs_option
@click.argument("remote", required=False)
@click.argument("url", required=False)
def pre_push_command(
    fmt: str,
    config_path: str | None,
    baseline_path: str | None,
    pre_commit_env: bool,
    jobs: int,
    remote: str | None,
    url: str | None,
) -> int:
    """Check every commit a push sends (git's ref lines on stdin, every one of them): the lines
    each commit adds, whole blobs git shows no diff for, messages, new file and ref names,
    tags; and the gated files at the pushed tips."""
    if not pre_commit_env and remote is None:
        raise click.UsageError("pre-push needs git's arguments: REMOTE URL (and the ref lines on stdin)")
    with StreamSet() as streams:
        if pre_commit_env:
            plan = framework_plan(os.environ, cwd=None)
        else:
            plan = plan_push(parse_ref_updates(sys.stdin.buffer.read(), server=False), remote=remote, cwd=None)
        listings = [RangeListing(spec, streams) for spec in plan.specs]
        from rehearsal_hook.cli.runs import render_result
        from rehearsal_hook.sources.commits import check_push
        from rehearsal_hook.sources.terms import client_terms, pinned_rules, require_staged_terms, staged_terms_files

        root, _ = show_toplevel_and_gitdir()
        terms = client_terms(root, config_path, baseline_path)
        require_staged_terms(
            root, staged_terms_files(root) if root else {}, config_path=config_path, baseline_path=baseline_path
        )
        fixed_config, fixed_baseline = pinned_rules(root, config_path, baseline_path)
        result = check_push(
            terms, plan, jobs=jobs, fixed_config=fixed_config, fixed_baseline=fixed_baseline, listings=listings
        )
    return render_result(terms.policy.matcher, result, fmt, quiet=True)


@click.command("pre-receive", epilog=HOOK_EPILOG)
@check_format_option
@config_option
@baseline_option
@jobs_option
def pre_receive_command(fmt: str, config_path: str | None, baseline_path: str | None, jobs: int) -> int:
    """Server side: check every pushed commit ('OLD NEW REF' lines on stdin) inside git's
    quarantine, under ONE set of rules for every ref: --config/--baseline, else the default
    branch's as they are before the push (the built-in defaults only for the first push to an
    empty repository) -- never a pushed ref's own.  Each ref's range is everything it is to
    reach that it does not reach now and the default branch does not: a commit that another
    ref brought in under other rules is judged again when it moves onto this one."""
    from rehearsal_hook.cli.runs import render_result
    from rehearsal_hook.sources.commits import check_push
    from rehearsal_hook.sources.objects import message_findings
    from rehearsal_hook.sources.terms import require_readable_rules, server_terms
    from rehearsal_hook.sources.tips import new_rules_findings

    updates = as_received(parse_ref_updates(sys.stdin.buffer.read(), server=True), cwd=None)
    pushed = [u.new for u in updates if not is_zero_sha(u.new)]
    trusted = server_terms(config_path, baseline_path, pushed, cwd=os.getcwd())
    plan = plan_receive(updates, trusted.tip, trusted_branch=trusted.branch, cwd=None)
    tip = branch_tip(plan, trusted.branch)
    left = require_readable_rules(trusted.branch, tip) if trusted.branch is not None and tip is not None else None
    # The rules never come from the push; a pragma on a pushed line still can.
    result = check_push(trusted.terms, plan, jobs=jobs, fixed_config=True, fixed_baseline=True)
    for i, option in enumerate(push_options(os.environ), 1):
        # (found attacking main: a token in a push option passed)
        result.findings += message_findings(
            trusted.terms.policy, option, f"(push option {i})", None, what="push option"
        )
        result.messages += 1
    if left is not None and trusted.branch is not None and tip is not None and config_path is None:
        # ... but those it leaves the default branch judge what is there from then on.
        policies = trusted.terms.policy, left.policy
        result.findings += new_rules_findings(*policies, trusted.branch, tip, result.findings, cwd=None)
    result.terms_source = trusted.source
    # Not quiet: a push to the server is told which rules judged it, clean or not.
    return render_result(trusted.terms.policy.matcher, result, fmt)
