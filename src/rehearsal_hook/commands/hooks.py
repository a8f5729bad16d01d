"""The git hook modes: ``pre-commit``, ``pre-merge-commit``, ``commit-msg``, ``pre-push`` and
``pre-receive``.  Each reads what git hands its hook and checks what the commit or the push
takes -- git objects, never the working tree."""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING

import click

from rehearsal_hook import git, reporters, workspace
from rehearsal_hook.changes import range_change, settle, staged_change
from rehearsal_hook.commands.common import complete_path, config_option, jobs_option, report_format_option
from rehearsal_hook.console import Console
from rehearsal_hook.engine import Rules
from rehearsal_hook.errors import EXIT_BLOCKED, EXIT_CLEAN, CannotVerify
from rehearsal_hook.findings import CheckReport
from rehearsal_hook.gitsources import (
    RangeSpec,
    RuleSet,
    client_rules,
    load_baseline,
    message_findings,
    range_report,
    ref_findings,
    require_staged_rules,
    staged_report,
    staged_rules_files,
    tree_rules,
)
from rehearsal_hook.scanner import SEED_FORBIDDEN_TOKENS, TokenMatcher

if TYPE_CHECKING:
    from rehearsal_hook.pushes import PushPlan, RefUpdate

# git's cut line (``commit -v``, ``cleanup=scissors``): what follows it is not committed.
_SCISSORS = re.compile(rb"^\S -{24} >8 -{24}$", re.MULTILINE)

EPILOG = """\b
Installed by `rehearsal-hook install` (or the scripts in the project's hooks/ folder).
Exit codes: 0 clean, 1 blocked (findings or input that cannot be verified),
2 usage or configuration error, 3 internal, git or output error, 130 interrupted.
"""


def baseline_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--baseline", "baseline_path", metavar="FILE", default=None, shell_complete=complete_path,
        help="Baseline file (default: .rehearsal-hook-baseline.json at the root, if present).",
    )(f)  # fmt: skip


def report_exit(matcher: TokenMatcher, report: CheckReport, fmt: str) -> int:
    console = Console(matcher)
    console.out(reporters.render(report, fmt, color=console.color))
    return EXIT_BLOCKED if report.blocking else EXIT_CLEAN


def _work_tree(mode: str) -> str:
    root = git.toplevel()
    if root is None:
        raise CannotVerify("no-work-tree", f"{mode} needs a git work tree")
    return root


# ``progress``: only ``check`` asks for a progress line; a hook never draws one.


def run_staged(
    fmt: str, config_path: str | None, baseline_path: str | None, *, progress: bool = False, base: str | None = None
) -> int:
    """The index; "the change" is the staged diff against ``base`` (``--base``), else HEAD."""
    root = _work_tree("checking the index")
    ruleset = client_rules(root, config_path, baseline_path)
    change = staged_change(root, base, config_path=config_path, baseline_path=baseline_path)
    with Console(ruleset.rules.matcher).progress("files", enabled=progress) as tick:
        report = staged_report(root, ruleset, config_path=config_path, baseline_path=baseline_path, progress=tick)
    return report_exit(ruleset.rules.matcher, settle(report, ruleset, change), fmt)


def run_range(
    fmt: str, config_path: str | None, baseline_path: str | None, spec: RangeSpec, *, progress: bool = False,
    jobs: int = 0,
) -> int:
    """A commit range on the client: the rules come from the working tree."""
    root, _ = git.show_toplevel_and_gitdir()
    ruleset = client_rules(root, config_path, baseline_path)
    with Console(ruleset.rules.matcher).progress("commits", enabled=progress) as tick:
        report = range_report(ruleset, spec, cwd=None, progress=tick, jobs=jobs)
    change = range_change(spec, fixed_config=config_path is not None, fixed_baseline=baseline_path is not None)
    return report_exit(ruleset.rules.matcher, settle(report, ruleset, change), fmt)


def parse_range(text: str) -> RangeSpec:
    """``BASE..HEAD``: the commits of HEAD that BASE does not have."""
    base, sep, head = text.partition("..")
    if not sep or not base or not head or head.startswith("."):
        raise click.BadParameter(f"{text!r}: expected BASE..HEAD", param_hint="--range")
    base_id, head_id = git.resolve_commits([base, head])
    if base_id is None:
        raise CannotVerify(
            "missing-base",
            f"range base {base!r} is not a commit in this repository: fetch more history "
            "(git fetch --unshallow, or fetch-depth: 0 in CI)",
        )
    if head_id is None:
        raise CannotVerify("missing-head", f"range head {head!r} is not a commit in this repository")
    return RangeSpec((head_id,), (base_id,), (), (head_id,))


@click.command("pre-commit", epilog=EPILOG)
@report_format_option
@config_option
@baseline_option
def pre_commit_command(fmt: str, config_path: str | None, baseline_path: str | None) -> int:
    """Check the staged content (the index, not the working tree): what `git commit` takes."""
    return run_staged(fmt, config_path, baseline_path)


@click.command("pre-merge-commit", epilog=EPILOG)
@report_format_option
@config_option
@baseline_option
def pre_merge_commit_command(fmt: str, config_path: str | None, baseline_path: str | None) -> int:
    """Check the staged merge result, as pre-commit does."""
    return run_staged(fmt, config_path, baseline_path)


@click.command("commit-msg", epilog=EPILOG)
@report_format_option
@config_option
@baseline_option
@click.argument("message_file", metavar="MESSAGE_FILE", shell_complete=complete_path)
def commit_msg_command(fmt: str, config_path: str | None, baseline_path: str | None, message_file: str) -> int:
    """Check the commit message git is about to record, and the author and committer it will
    record with it."""
    root = _work_tree("commit-msg")
    ruleset = client_rules(root, config_path, baseline_path)
    require_staged_rules(root, staged_rules_files(root), config_path=config_path, baseline_path=baseline_path)
    data = workspace.read_file(message_file)
    cut = _SCISSORS.search(data)
    if cut:
        data = data[: cut.start()]
    findings = message_findings(ruleset.rules, data, "(commit message)", None)
    # The names the commit will record are read by everyone too (the push would stop them; this
    # says so before the commit is made).
    findings += message_findings(ruleset.rules, git.identities(root), "(commit author, committer)", None, what="header")
    report = CheckReport(findings, files=1)
    change = staged_change(root, None, config_path=config_path, baseline_path=baseline_path)
    return report_exit(ruleset.rules.matcher, settle(report, ruleset, change), fmt)


@click.command("pre-push", epilog=EPILOG)
@report_format_option
@config_option
@baseline_option
@click.option(
    "--pre-commit-env", is_flag=True,
    help="Take the range from the pre-commit framework's PRE_COMMIT_* variables instead of stdin.",
)  # fmt: skip
@jobs_option
@click.argument("remote", required=False)
@click.argument("url", required=False)
def pre_push_command(
    fmt: str, config_path: str | None, baseline_path: str | None, pre_commit_env: bool, jobs: int,
    remote: str | None, url: str | None,
) -> int:  # fmt: skip
    """Check every commit a push sends (git's ref lines on stdin, every one of them): the lines
    each commit adds, whole blobs git shows no diff for, messages, new file and ref names,
    tags; and the gated files at the pushed tips."""
    root, _ = git.show_toplevel_and_gitdir()
    ruleset = client_rules(root, config_path, baseline_path)
    require_staged_rules(
        root, staged_rules_files(root) if root else {}, config_path=config_path, baseline_path=baseline_path
    )
    if pre_commit_env:
        plan = framework_plan(ruleset.rules)
    elif remote is None:
        raise click.UsageError("pre-push needs git's arguments: REMOTE URL (and the ref lines on stdin)")
    else:
        from rehearsal_hook.pushes import parse_ref_updates, plan_push

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
        from rehearsal_hook.pushes import PushPlan

        return PushPlan(parse_range(f"{from_ref}..{to_ref}"), names)
    remote, local = env.get("PRE_COMMIT_REMOTE_NAME"), env.get("PRE_COMMIT_LOCAL_BRANCH")
    if not remote or not local:
        raise CannotVerify(
            "no-push-range",
            "the pre-commit framework gave no push range (PRE_COMMIT_FROM_REF/TO_REF or "
            "PRE_COMMIT_REMOTE_NAME/LOCAL_BRANCH): run this hook from git push",
        )
    (tip,) = git.resolve_commits([local])
    if tip is None:
        raise CannotVerify("no-push-range", f"local branch {local!r} is not a commit")
    from rehearsal_hook.pushes import RefUpdate, plan_push

    update = RefUpdate(remote_branch or local, tip, "0" * len(tip))
    return plan_push(rules, [update], remote=remote, server=False, cwd=None)


@click.command("pre-receive", epilog=EPILOG)
@report_format_option
@config_option
@baseline_option
@jobs_option
def pre_receive_command(fmt: str, config_path: str | None, baseline_path: str | None, jobs: int) -> int:
    """Server side: check every pushed commit (``old new ref`` lines on stdin) inside git's
    quarantine.  The rules come from --config/--baseline or from each ref's current tip (the
    default branch's for a new ref) -- never from the commits being pushed."""
    from rehearsal_hook.pushes import parse_ref_updates, plan_push

    updates = parse_ref_updates(sys.stdin.buffer.read(), server=True)
    cwd = os.getcwd()
    explicit_config = workspace.load_config(cwd, config_path) if config_path else None
    explicit_baseline = load_baseline(None, baseline_path) if baseline_path else None
    groups: dict[tuple[bytes | None, ...], tuple[RuleSet, list[RefUpdate]]] = {}
    for u in updates:
        if git.is_zero_sha(u.new):
            continue  # a deletion sends nothing
        rev = "HEAD" if git.is_zero_sha(u.old) else u.old
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
        tokens.update(ruleset.rules.matcher.extra_tokens)
    return report_exit(TokenMatcher((*SEED_FORBIDDEN_TOKENS, *tokens)), total, fmt)
