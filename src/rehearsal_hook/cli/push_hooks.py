"""The push hook modes: ``pre-push`` and ``pre-receive``: every commit a push brings."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from rehearsal_hook.checks.engine import Rules
from rehearsal_hook.cli.options import (
    HOOK_EPILOG,
    baseline_option,
    config_option,
    jobs_option,
    parse_range,
    report_format_option,
)
from rehearsal_hook.cli.runs import report_exit
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.findings import CheckReport
from rehearsal_hook.git.process import is_zero_sha
from rehearsal_hook.git.queries import resolve_commits, show_toplevel_and_gitdir
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher
from rehearsal_hook.sources import worktree
from rehearsal_hook.sources.changes import range_change, settle
from rehearsal_hook.sources.commits import range_report
from rehearsal_hook.sources.objects import ref_findings
from rehearsal_hook.sources.rulesource import (
    RuleSet,
    client_rules,
    load_baseline,
    require_staged_rules,
    staged_rules_files,
    tree_rules,
)

if TYPE_CHECKING:
    from rehearsal_hook.sources.pushes import PushPlan, RefUpdate


@click.command("pre-push", epilog=HOOK_EPILOG)
@report_format_option
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
    ruleset = client_rules(root, config_path, baseline_path)
    require_staged_rules(
        root, staged_rules_files(root) if root else {}, config_path=config_path, baseline_path=baseline_path
    )
    if pre_commit_env:
        plan = framework_plan(ruleset.rules)
    elif remote is None:
        raise click.UsageError("pre-push needs git's arguments: REMOTE URL (and the ref lines on stdin)")
    else:
        from rehearsal_hook.sources.pushes import parse_ref_updates, plan_push

        updates = parse_ref_updates(sys.stdin.buffer.read(), server=False)
        plan = plan_push(ruleset.rules, updates, remote=remote, server=False, cwd=None)
    report = range_report(ruleset, plan.spec, cwd=None, report=CheckReport(plan.findings), jobs=jobs)
    change = range_change(plan.spec, fixed_config=config_path is not None, fixed_baseline=baseline_path is not None)
    return report_exit(ruleset.rules.matcher, settle(report, ruleset, change), fmt)


def framework_plan(rules: Rules) -> PushPlan:
    """The pre-commit framework's push: FROM..TO, or, when it gives no range (a push that
    includes a root commit), the local branch's commits on no ref of the remote.  The
    framework passes only the first ref of a push (the native hook sees them all)."""
    env = os.environ
    from_ref, to_ref = env.get("PRE_COMMIT_FROM_REF"), env.get("PRE_COMMIT_TO_REF")
    remote_branch = env.get("PRE_COMMIT_REMOTE_BRANCH")
    names = ref_findings(rules, remote_branch) if remote_branch else []
    if from_ref and to_ref:
        from rehearsal_hook.sources.pushes import PushPlan

        return PushPlan(parse_range(f"{from_ref}..{to_ref}"), names)
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
    return plan_push(rules, [update], remote=remote, server=False, cwd=None)


@click.command("pre-receive", epilog=HOOK_EPILOG)
@report_format_option
@config_option
@baseline_option
@jobs_option
def pre_receive_command(fmt: str, config_path: str | None, baseline_path: str | None, jobs: int) -> int:
    """Server side: check every pushed commit (``old new ref`` lines on stdin) inside git's
    quarantine.  The rules come from --config/--baseline or from each ref's current tip (the
    default branch's for a new ref) -- never from the commits being pushed."""
    from rehearsal_hook.sources.pushes import parse_ref_updates, plan_push

    updates = parse_ref_updates(sys.stdin.buffer.read(), server=True)
    cwd = os.getcwd()
    explicit_config = worktree.load_config(cwd, config_path) if config_path else None
    explicit_baseline = load_baseline(None, baseline_path) if baseline_path else None
    groups: dict[tuple[bytes | None, ...], tuple[RuleSet, list[RefUpdate]]] = {}
    for u in updates:
        if is_zero_sha(u.new):
            continue  # a deletion sends nothing
        rev = "HEAD" if is_zero_sha(u.old) else u.old
        files, ruleset = tree_rules(rev, cwd=None)
        if explicit_config is not None:
            ruleset = RuleSet(Rules(explicit_config), ruleset.baseline)
            files = (None, None, files[2])
        if explicit_baseline is not None:
            ruleset = RuleSet(ruleset.rules, explicit_baseline)
            files = (*files[:2], None)
        groups.setdefault(files, (ruleset, []))[1].append(u)
    total = CheckReport()
    tokens: set[str] = set()
    for ruleset, members in groups.values():
        plan = plan_push(ruleset.rules, members, remote=None, server=True, cwd=None)
        report = range_report(ruleset, plan.spec, cwd=None, report=CheckReport(plan.findings), jobs=jobs)
        # The rules never come from the push; a pragma on a pushed line still can.
        report = settle(report, ruleset, range_change(plan.spec, fixed_config=True, fixed_baseline=True))
        total.findings.extend(report.findings)
        total.files += report.files
        total.commits += report.commits
        total.messages += report.messages
        tokens.update(ruleset.rules.matcher.extra_tokens)
    return report_exit(TokenMatcher((*SEED_FORBIDDEN_TOKENS, *tokens)), total, fmt)
