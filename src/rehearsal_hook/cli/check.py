"""``rehearsal-hook check``: scan paths for seal-like tokens, gate requests, check reports."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NoReturn

import click

from rehearsal_hook.checks.engine import Item, run_check
from rehearsal_hook.checks.entries import unrooted_class_finding
from rehearsal_hook.checks.parallel import default_jobs, run_check_jobs
from rehearsal_hook.checks.policy import Policy
from rehearsal_hook.cli.options import (
    baseline_option,
    check_format_option,
    complete_path,
    config_option,
    jobs_option,
    parse_history,
    parse_push,
    parse_range,
)
from rehearsal_hook.errors import EXIT_BLOCKED, EXIT_CLEAN, GitError, exit_codes_help
from rehearsal_hook.exemptions.apply import excuse_items, stale_text
from rehearsal_hook.findings import CheckResult
from rehearsal_hook.git.process import toplevel
from rehearsal_hook.git.repository import show_toplevel_and_gitdir
from rehearsal_hook.output import formats
from rehearsal_hook.output.console import Console
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher
from rehearsal_hook.sources import worktree
from rehearsal_hook.sources.attributes import attribute_findings, repository_paths
from rehearsal_hook.sources.checkouts import worktree_written_findings
from rehearsal_hook.sources.terms import change_terms, client_terms

EPILOG = """\b
Examples:
  rehearsal-hook check rehearsal/ docs/notes.md
  rehearsal-hook check --all-files --format json
  rehearsal-hook check -- --odd-file-name.md     (after --, names are never options)
  rehearsal-hook check ./-        ('-' is always a file name: check does not read stdin)
  rehearsal-hook check --history                 (every commit of every ref: the adoption audit)
  rehearsal-hook check --history main v1.0       (every commit reachable from these)
  rehearsal-hook check --push "$BEFORE" --ref "$GITHUB_REF" --default-branch main
                                                 (CI, on a push: the commits it brings)

"""
EPILOG += "\n" + exit_codes_help("clean")


@click.command("check", epilog=EPILOG)
@check_format_option
@config_option
@click.option("--all-files", is_flag=True, help="Check every file git tracks (read from the working tree).")
@click.option("--staged", is_flag=True, help="Check the staged content (the index), as the pre-commit hook does.")
@click.option(
    "--range",
    "range_",
    metavar="BASE..HEAD",
    default=None,
    help="Check every commit in a range (CI); one that holds no commit passes (0) and says so.",
)
@click.option(
    "--history",
    is_flag=True,
    help="Check every commit reachable from the REVs given as arguments (default: every ref), "
    "root commits included, and the refs they name (a name, an annotated tag): the audit to run "
    "when adopting the tool.",
)
@baseline_option
@click.option(
    "--base",
    "base",
    metavar="REF",
    default=None,
    help="Where the change being checked starts (with PATHS/--all-files, or --staged instead of HEAD): "
    "exemptions that arrived since are marked same_change (and refused under protect-exemptions).",
)
@click.option(
    "--push",
    "push_before",
    metavar="OLD",
    default=None,
    help="The change is a push CI reports: OLD is the ref's old tip as CI gives it (all zeros for a new ref). "
    "With --ref and --default-branch it decides where the push starts -- the old tip for the default "
    "branch, the default branch (origin/NAME) for any other ref -- and checks the commits from there "
    "(and the ref's name, and a tag's message as the clone has it); with PATHS, --all-files or --staged "
    "it is their --base.  A start or tag the clone lacks (a first push, a force push, a shallow clone) "
    "blocks with the reason.",
)
@click.option(
    "--ref", "push_ref", metavar="REF", default=None, help="With --push: the pushed ref (refs/heads/X, refs/tags/X)."
)
@click.option(
    "--default-branch", "default_branch", metavar="NAME", default=None, help="With --push: the default branch's name."
)
@jobs_option
@click.argument("paths", nargs=-1, metavar="[PATHS|REVS]...", shell_complete=complete_path)
def check_command(
    fmt: str,
    config_path: str | None,
    all_files: bool,
    staged: bool,
    range_: str | None,
    history: bool,
    baseline_path: str | None,
    base: str | None,
    push_before: str | None,
    push_ref: str | None,
    default_branch: str | None,
    jobs: int,
    paths: tuple[str, ...],
) -> int:
    """Scan files for seal-like tokens and gate the rehearsal requests and reports among them.

    Every path is token-scanned; request files are gated, report files checked for
    consistency, probe files must be blocked.  Directories are walked.  '-' is a file name, never
    standard input (gate reads stdin; check does not).
    """
    if sum(((bool(paths) and not history) or all_files, staged, range_ is not None, history)) > 1:
        raise click.UsageError("give one of: PATHS/--all-files, --staged, --range, --history [REV...]")
    if base is not None and (range_ is not None or history):
        raise click.UsageError(
            "--range BASE..HEAD names its base and --history has none; --base is for PATHS, --all-files, --staged"
        )
    if push_before is not None and (base is not None or range_ is not None or history):
        raise click.UsageError("--push OLD decides where the change starts: give it without --base, --range, --history")
    if push_before is None and (push_ref is not None or default_branch is not None):
        raise click.UsageError("--ref and --default-branch go with --push OLD")
    # (The modes that read the index, a range or a base, and what they need, are imported
    # where they run: ``check FILE`` -- the pre-commit framework's hook -- loads none of them.)
    base_id = None
    if push_before is not None:
        base_id, start = parse_push(push_before, push_ref, default_branch)
        if not paths and not all_files and not staged:
            from rehearsal_hook.cli import runs
            from rehearsal_hook.sources.ranges import RangeSpec, require_commits

            [head] = require_commits([("HEAD", "push head", "missing-head")])
            spec = RangeSpec((head,), (base_id,), (), (head,))
            return runs.run_range(
                fmt, config_path, baseline_path, spec, shown=f"{start}..HEAD", ref=push_ref, progress=True, jobs=jobs
            )
    elif base is not None:
        from rehearsal_hook.sources.changes import resolve_base

        base_id = resolve_base(base)
    if staged or range_ is not None or history:
        from rehearsal_hook.cli import runs

        if staged:
            return runs.run_staged(fmt, config_path, baseline_path, progress=True, base=base_id)
        if range_ is not None:
            spec = parse_range(range_)
            return runs.run_range(fmt, config_path, baseline_path, spec, shown=range_, progress=True, jobs=jobs)
        spec = parse_history(paths)
        return runs.run_history(fmt, config_path, baseline_path, spec, revs=paths, jobs=jobs)
    if not paths and not all_files:
        raise click.UsageError("nothing to check: give PATHS, --all-files, --staged, --range or --history")
    home = toplevel()
    if all_files and home is None:
        _no_work_tree()
    root = home or os.path.abspath(os.curdir)
    # The working tree's rules -- or with --base, the base's (its exemptions too under
    # protect-exemptions there).
    terms, source = change_terms(root, base_id, config_path, baseline_path)
    policy = terms.policy
    items: Sequence[Item] = worktree.TrackedFiles(root) if all_files else []
    if "-" in paths and not os.path.lexists("-"):
        # '-' is a file name here, as the pre-commit framework passes it (a file named '-'):
        # reading standard input instead could check nothing where a file was meant.
        raise click.UsageError(
            "'-' is not a file here, and check does not read standard input: save the input to a "
            "file and check that (or pipe a request to 'rehearsal-hook gate -')"
        )
    # Each path is classified relative to the repository it is in, under that one's rules.
    given = worktree.given_paths(root, home, paths)
    if given.here or given.unrooted:
        linked = worktree.gitlinks_named(root, policy, given.here) if home is not None else []
        items = [*items, *given.here, *linked, *given.unrooted]
    elsewhere = [_check_elsewhere(group, config_path) for group in given.elsewhere]
    tokens = {t for _, policy_there in elsewhere for t in policy_there.matcher.extra_tokens}
    console = Console(TokenMatcher((*SEED_FORBIDDEN_TOKENS, *policy.matcher.extra_tokens, *sorted(tokens))))
    with console.progress("files") as progress:
        result = run_check_jobs(policy, items, jobs or default_jobs(len(items)), progress)
    checked = worktree.item_paths(items)
    result.findings += attribute_findings(policy, repository_paths(root, policy, checked), cwd=root)
    result.findings += worktree_written_findings(policy, root, checked, tracked=all_files)
    for item in given.unrooted:
        unrooted = unrooted_class_finding(policy, item.path, os.path.normpath(os.path.join(root, item.path)))
        if unrooted is not None:
            result.findings.append(unrooted)
    # Stale baseline entries only mean something after a full scan.
    result, stale = excuse_items(result, terms, items)
    if stale and all_files:
        console.err(stale_text(stale))
    if base_id is not None:
        from rehearsal_hook.sources.changes import settle, worktree_change

        change = worktree_change(root, base_id, config_path=config_path, baseline_path=baseline_path)
        if source is not None:
            change = change._replace(fixed_config=True, fixed_baseline=True)
        result = settle(result, terms, change)
    for there, _ in elsewhere:
        result.findings += there.findings
        result.files += there.files
    result.terms_source = source
    console.out(formats.render(result, fmt, color=console.color), fmt)
    return EXIT_BLOCKED if result.blocking else EXIT_CLEAN


def _no_work_tree() -> NoReturn:
    """Why ``--all-files`` found no work tree: git missing, not in a repository, or a bare one,
    said as such, not as a failed git ls-files.  (Asked only then: a full scan's start-up ran
    this git process every time, before the one that finds the root.)"""
    try:
        tree, _ = show_toplevel_and_gitdir()
    except GitError as exc:
        raise GitError(f"{exc}: --all-files checks the files git tracks (give PATHS to check files here)") from None
    if tree is None:
        raise GitError("no work tree here (a bare repository): --all-files checks the files of a checkout")
    raise GitError("git could not name the work tree's root: --all-files checks the files git tracks")


def _check_elsewhere(group: worktree.PathGroup, config_path: str | None) -> tuple[CheckResult, Policy]:
    """The paths given from another repository, checked as that repository's own check would:
    relative to its root, under its config (or ``--config``) and its baseline; shown as given."""
    terms = client_terms(group.root, config_path, None)
    group.items.extend(worktree.gitlinks_named(group.root, terms.policy, group.items))
    result = run_check(terms.policy, group.items)
    found = repository_paths(group.root, terms.policy, [it.path for it in group.items])
    result.findings += attribute_findings(terms.policy, found, cwd=group.root)
    result.findings += worktree_written_findings(
        terms.policy, group.root, [it.path for it in group.items], tracked=False
    )
    result, _ = excuse_items(result, terms, group.items)
    result.findings = [f._replace(path=group.shown.get(f.path, f.path)) for f in result.findings]
    return result, terms.policy
