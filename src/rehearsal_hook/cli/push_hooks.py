"""The push hook modes: ``pre-push`` and ``pre-receive``: every commit a push brings."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from rehearsal_hook.checks.engine import Policy
from rehearsal_hook.cli.options import (
    HOOK_EPILOG,
    baseline_option,
    check_format_option,
    config_option,
    jobs_option,
    parse_range,
)
from rehearsal_hook.cli.runs import render_result
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.git.process import is_zero_sha
from rehearsal_hook.git.queries import resolve_commits, show_toplevel_and_gitdir
from rehearsal_hook.sources.changes import range_change, settle
from rehearsal_hook.sources.commits import check_range
from rehearsal_hook.sources.objects import ref_findings
from rehearsal_hook.sources.terms import Terms, client_terms, require_staged_terms, staged_terms_files

if TYPE_CHECKING:
    from rehearsal_hook.sources.pushes import PushPlan


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
    root, _ = show_toplevel_and_gitdir()
    terms = client_terms(root, config_path, baseline_path)
    require_staged_terms(
        root, staged_terms_files(root) if root else {}, config_path=config_path, baseline_path=baseline_path
    )
    if pre_commit_env:
        plan = framework_plan(terms.policy)
    elif remote is None:
        raise click.UsageError("pre-push needs git's arguments: REMOTE URL (and the ref lines on stdin)")
    else:
        from rehearsal_hook.sources.pushes import parse_ref_updates, plan_push

        updates = parse_ref_updates(sys.stdin.buffer.read(), server=False)
        plan = plan_push(terms.policy, updates, remote=remote, cwd=None)
    result = check_push(
        terms, plan, jobs=jobs, fixed_config=config_path is not None, fixed_baseline=baseline_path is not None
    )
    return render_result(terms.policy.matcher, result, fmt, quiet=True)


def check_push(terms: Terms, plan: PushPlan, *, jobs: int, fixed_config: bool, fixed_baseline: bool) -> CheckResult:
    """Every range of a push checked and settled, in one report.  A commit in two ranges (two
    refs of one push reaching it) is reported once."""
    total = CheckResult(list(plan.findings))
    seen: set[Finding] = set()
    for spec in plan.specs:
        result = check_range(terms, spec, cwd=None, jobs=jobs)
        result = settle(result, terms, range_change(spec, fixed_config=fixed_config, fixed_baseline=fixed_baseline))
        total.findings.extend(f for f in result.findings if f not in seen)
        seen.update(result.findings)
        total.files += result.files
        total.commits += result.commits
        total.messages += result.messages
    return total


def framework_plan(policy: Policy) -> PushPlan:
    """The pre-commit framework's push: FROM..TO, or, when it gives no range (a push that
    includes a root commit), the local branch's commits on no ref of the remote.  The
    framework passes only the first ref of a push (the native hook sees them all)."""
    env = os.environ
    from_ref, to_ref = env.get("PRE_COMMIT_FROM_REF"), env.get("PRE_COMMIT_TO_REF")
    remote_branch = env.get("PRE_COMMIT_REMOTE_BRANCH")
    names = ref_findings(policy, remote_branch) if remote_branch else []
    if from_ref and to_ref:
        from rehearsal_hook.sources.pushes import PushPlan

        return PushPlan([parse_range(f"{from_ref}..{to_ref}")], names)
    remote, local = env.get("PRE_COMMIT_REMOTE_NAME"), env.get("PRE_COMMIT_LOCAL_BRANCH")
    if not remote or not local:
        raise CannotVerify(
            "no-push-range",
            "the pre-commit framework gave no push range (PRE_COMMIT_FROM_REF/TO_REF or "
            "PRE_COMMIT_REMOTE_NAME/LOCAL_BRANCH): run this hook from git push",
        )
    (tip,) = resolve_commits([local])
    if tip is None:
        raise CannotVerify("no-push-range", f"local branch {local!r} is not a commit")
    from rehearsal_hook.sources.pushes import RefUpdate, plan_push

    update = RefUpdate(remote_branch or local, tip, "0" * len(tip))
    return plan_push(policy, [update], remote=remote, cwd=None)


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
    from rehearsal_hook.sources.pushes import parse_ref_updates, plan_receive
    from rehearsal_hook.sources.terms import server_terms

    updates = parse_ref_updates(sys.stdin.buffer.read(), server=True)
    pushed = [u.new for u in updates if not is_zero_sha(u.new)]
    trusted = server_terms(config_path, baseline_path, pushed, cwd=os.getcwd())
    plan = plan_receive(trusted.terms.policy, updates, trusted.tip, trusted_branch=trusted.branch, cwd=None)
    # The rules never come from the push; a pragma on a pushed line still can.
    result = check_push(trusted.terms, plan, jobs=jobs, fixed_config=True, fixed_baseline=True)
    result.terms_source = trusted.source
    # Not quiet: a push to the server is told which rules judged it, clean or not.
    return render_result(trusted.terms.policy.matcher, result, fmt)
