"""Runs shared by several commands: check the index or a commit range and render the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rehearsal_hook.errors import EXIT_BLOCKED, EXIT_CLEAN, CannotVerify
from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.git.process import toplevel
from rehearsal_hook.git.repository import show_toplevel_and_gitdir
from rehearsal_hook.output import formats
from rehearsal_hook.output.console import Console
from rehearsal_hook.scan.matcher import TokenMatcher
from rehearsal_hook.sources.changes import range_change, settle, staged_change
from rehearsal_hook.sources.index import check_staged
from rehearsal_hook.sources.terms import change_terms, pinned_rules

if TYPE_CHECKING:
    from rehearsal_hook.sources.ranges import RangeSpec


def render_result(matcher: TokenMatcher, result: CheckResult, fmt: str, *, quiet: bool = False) -> int:
    """Print the result and give the exit code.  ``quiet`` for the client hook modes: nothing
    when nothing blocks (see ``formats.check_text``)."""
    console = Console(matcher)
    console.out(formats.render(result, fmt, color=console.color, quiet=quiet), fmt)
    return EXIT_BLOCKED if result.blocking else EXIT_CLEAN


def work_tree(mode: str) -> str:
    root = toplevel()
    if root is None:
        raise CannotVerify("no-work-tree", f"{mode} needs a git work tree")
    return root


# ``progress``: only ``check`` asks for a progress line; a hook never draws one.


def run_staged(
    fmt: str,
    config_path: str | None,
    baseline_path: str | None,
    *,
    progress: bool = False,
    base: str | None = None,
    quiet: bool = False,
) -> int:
    """The index; "the change" is the staged diff against ``base`` (``--base``), else HEAD.
    With ``--base`` the base's rules judge (``change_terms``)."""
    root = work_tree("checking the index")
    terms, source = change_terms(root, base, config_path, baseline_path)
    change = staged_change(root, base, config_path=config_path, baseline_path=baseline_path)
    if source is not None:
        change = change._replace(fixed_config=True, fixed_baseline=True)
    with Console(terms.policy.matcher).progress("files", enabled=progress) as tick:
        result = check_staged(root, terms, config_path=config_path, baseline_path=baseline_path, progress=tick)
    result.terms_source = source
    return render_result(terms.policy.matcher, settle(result, terms, change), fmt, quiet=quiet)


def run_range(
    fmt: str,
    config_path: str | None,
    baseline_path: str | None,
    spec: RangeSpec,
    *,
    shown: str,
    ref: str | None = None,
    progress: bool = False,
    jobs: int = 0,
) -> int:
    """A commit range on the client (``check --range BASE..HEAD``, ``shown`` as given): the
    rules come from the working tree -- or, under protect-exemptions at the base, from the base
    (``change_terms``).  A range that holds no commit is said to be empty, and passes.  ``ref``:
    the ref a push CI reports sets (``check --push``), whose name -- and a tag's annotated
    tags -- are checked as a push's are."""
    root, _ = show_toplevel_and_gitdir()
    base = spec.exclude[0] if len(spec.exclude) == 1 else None  # parse_range: BASE..HEAD
    terms, source = change_terms(root, base, config_path, baseline_path)
    result = CheckResult()
    if ref is not None:
        from rehearsal_hook.sources.objects import pushed_findings, ref_findings
        from rehearsal_hook.sources.pushes import ci_pushed_tag

        tag = ci_pushed_tag(ref)  # (before the range: a tag the clone lacks blocks at once)
        result = (
            pushed_findings(terms.policy, tag)
            if tag is not None
            else CheckResult(ref_findings(terms.policy, ref), refs=1)
        )
    with Console(terms.policy.matcher).progress("commits", enabled=progress) as tick:
        from rehearsal_hook.sources.commits import check_range  # only the range modes load the engine

        result.add(check_range(terms, spec, cwd=None, progress=tick, jobs=jobs))
    fixed = source is not None
    pin_config, pin_baseline = pinned_rules(root, config_path, baseline_path)
    change = range_change(spec, fixed_config=fixed or pin_config, fixed_baseline=fixed or pin_baseline)
    result.terms_source = source
    if not result.commits:
        result.no_commit = (f"the range {shown}", "at its head")
    return render_result(terms.policy.matcher, settle(result, terms, change), fmt)


def run_history(
    fmt: str,
    config_path: str | None,
    baseline_path: str | None,
    spec: RangeSpec,
    *,
    revs: tuple[str, ...] = (),
    jobs: int = 0,
) -> int:
    """A whole-history audit (``check --history [REV...]``): the rules come from the working
    tree.  It judges no change, so no exemption is told apart as arriving in one.  Also what a
    push of the refs sends besides their commits -- each ref's name, each annotated tag, a blob
    a ref names (objects.pushed_findings), which a push blocks as it blocks a commit: every ref
    with no ``revs``, else the refs they name (``feature``, ``v1``: a name ``git log
    --decorate`` shows beside the commits audited)."""
    root, _ = show_toplevel_and_gitdir()
    terms, _ = change_terms(root, None, config_path, baseline_path)  # no base: the working tree's
    with Console(terms.policy.matcher).progress("commits") as tick:
        from rehearsal_hook.sources.commits import check_range  # only the range modes load the engine

        result = check_range(terms, spec, cwd=None, progress=tick, jobs=jobs)
    from rehearsal_hook.git.revisions import named_refs, ref_targets
    from rehearsal_hook.sources.objects import pushed_findings
    from rehearsal_hook.sources.pushes import REPLACE_REF_REFUSED, Pushed, RefUpdate, is_replace_ref

    # A replace ref, which a push refuses outright, is one finding here: the audit goes on to
    # list the rest (the commits it names are read above, as --all reaches them).
    targets = named_refs(revs) if revs else ref_targets()
    stand_ins = [ref for ref, _ in targets if is_replace_ref(ref)]
    updates = [RefUpdate(ref, oid, "0" * len(oid)) for ref, oid in targets if ref not in stand_ins]
    result.findings += [Finding(ref, 0, 0, "unverifiable-ref", REPLACE_REF_REFUSED) for ref in stand_ins]
    result.add(pushed_findings(terms.policy, Pushed(updates, cwd=None)))
    return render_result(terms.policy.matcher, result, fmt)
