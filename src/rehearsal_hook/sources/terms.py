"""Where the terms of a check come from: the config (compiled into a ``Policy``) and the
baseline, read from the work tree, the index or a commit.  The terms files are the config
file, pyproject.toml and the baseline file."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from rehearsal_hook.checks.policy import GITLINK_MODE, LINK_MODE, PROBE, REPORT, REQUEST, Policy
from rehearsal_hook.config import CONFIG_FILE, PYPROJECT, Config, parse_config, select_config
from rehearsal_hook.errors import CannotVerify, ConfigError, remember_tokens
from rehearsal_hook.exemptions.baseline import BASELINE_FILE, Baseline, parse_baseline
from rehearsal_hook.git.catfile import cat_file
from rehearsal_hook.git.listings import is_tracked, ls_tree, root_names
from rehearsal_hook.git.revisions import exact_ref, has_refs, ref_namespace, resolve_commits, symbolic_head
from rehearsal_hook.sources import worktree
from rehearsal_hook.sources.files import read_file

TERMS_FILES = (CONFIG_FILE, PYPROJECT, BASELINE_FILE)
GATED = (PROBE, REQUEST, REPORT)
# The config's keys that excuse findings rather than say what is checked (and the file it came
# from, itself a permitted context): a change checked against a base that does not protect
# exemptions brings these, listed as its own, and never the rest (it may switch protection on).
EXEMPTION_KEYS = ("permitted_contexts", "allowed_tokens", "allow_inline_pragma", "protect_exemptions", "source")


# ---------------------------------------------------------------------------------------------
# Terms: the policy (the config compiled) and the baseline


class RulesFiles(NamedTuple):
    """Where a repository's rules files are, relative to its root: ``--config``/``--baseline``
    when they name a file inside its work tree, else (None) the usual names.  A file there is
    the repository's, which a change can edit: it pins nothing, and is read at a change's base
    as the usual names are (only a file outside the repository is pinned)."""

    config: str | None = None
    baseline: str | None = None


USUAL_FILES = RulesFiles()


class Terms(NamedTuple):
    """What a change is checked under: the policy (the config compiled) and the baseline, and
    the names of the repository's files they came from."""

    policy: Policy
    baseline: Baseline
    files: RulesFiles = USUAL_FILES


def rules_files(root: str | None, config_path: str | None, baseline_path: str | None) -> RulesFiles:
    """The ``RulesFiles`` of ``--config``/``--baseline`` given in the work tree at ``root``."""
    return RulesFiles(_in_repository(root, config_path), _in_repository(root, baseline_path))


def pinned_rules(root: str | None, config_path: str | None, baseline_path: str | None) -> tuple[bool, bool]:
    """Whether the config and the baseline are pinned: given, and outside the repository (a
    change cannot edit them)."""
    files = rules_files(root, config_path, baseline_path)
    return config_path is not None and files.config is None, baseline_path is not None and files.baseline is None


def _in_repository(root: str | None, path: str | None) -> str | None:
    """``path``, relative to ``root`` with '/' separators, when it is a file of the repository:
    in its work tree and tracked (the change holds it).  Else None: a file outside, in .git,
    or one CI puts in the work tree untracked is pinned.  Refused in a folder the repository tracks
    as a link or a submodule: the change points it (ci -> evil, or the submodule's commit)."""
    if root is None or path is None:
        return None
    if (link := worktree.tracked_link_along(os.path.dirname(os.path.abspath(path)))) is not None:
        raise ConfigError(f"{path}: reached through {link!r}, a symbolic link the repository tracks")
    real_root = os.path.realpath(root)
    # (the folder resolved, not the file: a link there is read as its text, as git stores it)
    where = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
    rel = os.path.relpath(where, real_root)
    parts = rel.split(os.sep)
    if parts[0] in (os.curdir, os.pardir, ".git") or os.path.isabs(rel):
        return None
    name = "/".join(parts)
    if any(is_tracked(root, "/".join(parts[:i])) for i in range(1, len(parts))):  # (a gitlink)
        raise ConfigError(f"{path}: in a submodule the repository tracks, whose commit the change chooses")
    return name if is_tracked(root, name) else None


def load_baseline(root: str | None, explicit: str | None) -> Baseline:
    """``--baseline FILE``, else ``.rehearsal-hook-baseline.json`` at the root, else none."""
    if explicit is None:
        if root is None:
            return Baseline()
        path, shown = os.path.join(root, BASELINE_FILE), BASELINE_FILE
        if not os.path.lexists(path):
            return Baseline()
    else:
        path, shown = explicit, explicit
    try:
        data = read_file(path)
    except CannotVerify as exc:
        raise ConfigError(f"baseline {shown}: {exc.message}") from None
    return parse_baseline(data, source=shown)


def client_terms(root: str | None, config_path: str | None, baseline_path: str | None) -> Terms:
    """The client's rules: from ``--config``/``--baseline`` or the working tree."""
    if root is None:
        # A bare repository has no working tree: its rules are the defaults or the options.
        config = worktree.load_config(os.getcwd(), config_path) if config_path else Config()
    else:
        config = worktree.load_config(root, config_path)
    return Terms(Policy(config), load_baseline(root, baseline_path), rules_files(root, config_path, baseline_path))


def unstaged_terms_files(
    root: str, index: Mapping[str, bytes | None], *, config_path: str | None, baseline_path: str | None
) -> list[str]:
    """The rules files whose working-tree version is not the staged one.  ``index`` maps each
    of TERMS_FILES to its staged bytes (None when not in the index)."""
    changed = []
    for name in TERMS_FILES:
        if (name == BASELINE_FILE and baseline_path) or (name != BASELINE_FILE and config_path):
            continue
        path = os.path.join(root, name)
        try:
            current = read_file(path) if os.path.lexists(path) else None
        except CannotVerify:
            current = None
        if current == index[name]:
            continue
        # pyproject.toml changes all the time: only its [tool.rehearsal-hook] table matters.
        if name == PYPROJECT and _same_config(current, index[name]):
            continue
        changed.append(name)
    return changed + _unstaged_named_files(root, config_path, baseline_path)


def _unstaged_named_files(root: str, config_path: str | None, baseline_path: str | None) -> list[str]:
    """``--config``/``--baseline`` files the repository tracks whose working-tree version is
    not the staged one: they are the repository's rules too (``RulesFiles``)."""
    files = rules_files(root, config_path, baseline_path)
    named = [n for n in (files.config, files.baseline) if n is not None]
    specs = [":0:" + n for n in named]  # (none: cat_file starts no process)
    staged = blob_contents(specs, cat_file(specs, cwd=root))
    changed = []
    for name, data in zip(named, staged, strict=True):
        try:
            current = read_file(os.path.join(root, name))
        except CannotVerify:
            current = None
        if current != data:
            changed.append(name)
    return changed


def _same_config(a: bytes | None, b: bytes | None) -> bool:
    try:
        left = parse_config(a, source=PYPROJECT) if a is not None else Config()
        right = parse_config(b, source=PYPROJECT) if b is not None else Config()
    except ConfigError:
        return False
    return left == right


def require_staged_terms(
    root: str | None, index: Mapping[str, bytes | None], *, config_path: str | None, baseline_path: str | None
) -> None:
    """Block when the config or baseline in the working tree is not what is staged: what is
    checked must be what is committed."""
    if root is None:
        return
    changed = unstaged_terms_files(root, index, config_path=config_path, baseline_path=baseline_path)
    if changed:
        names = " ".join(changed)
        raise CannotVerify(
            "rules-unstaged",
            f"{', '.join(changed)}: unstaged changes to the rules; stage them (git add -- {names}) "
            "or undo them, so that what is checked is what is committed",
        )


def staged_terms_files(root: str) -> dict[str, bytes | None]:
    """The staged bytes of each terms file (config, pyproject.toml, baseline), None where it is
    not in the index.  Raises CannotVerify when one is there but is not a file."""
    names = [":" + n for n in TERMS_FILES]
    return dict(zip(TERMS_FILES, blob_contents(names, cat_file(names, cwd=root)), strict=True))


def blob_contents(names: Sequence[str], results: Iterator[tuple[str, bytes | None]]) -> list[bytes | None]:
    """The content of the next result for each name if it is a blob; None for a missing
    object.  Anything else where a file should be (a folder named like a config file) cannot
    be verified."""
    out = []
    for name, (kind, data) in zip(names, itertools.islice(results, len(names)), strict=True):
        if kind == "blob":
            out.append(data)
        elif kind == "missing":
            out.append(None)
        else:
            raise CannotVerify("not-a-file", f"{name}: is a {kind}, not a file")
    return out


def tree_terms(rev: str, *, cwd: str | None, where: RulesFiles = USUAL_FILES) -> tuple[tuple[bytes | None, ...], Terms]:
    """The rules as committed at ``rev`` (the server's view: never the pushed commits), with the
    raw files they came from (to group refs that share them); ``where``: their names there."""
    baseline_name = where.baseline or BASELINE_FILE
    wanted = ((where.config,) if where.config else (CONFIG_FILE, PYPROJECT)) + (baseline_name,)
    names = [f"{rev}:{n}" for n in wanted]
    files = tuple(blob_contents(names, cat_file(names, cwd=cwd)))
    by_name = dict(zip(wanted, files, strict=True))
    # A rules file committed as a symbolic link reads as its target's name, one committed as a
    # submodule whose commit is not here as no file (cat-file: missing): refused, as a client
    # refuses either in its working tree (the target may change without the link).
    odd = [e for e in ls_tree(rev, wanted, cwd=cwd) if e.mode in (LINK_MODE, GITLINK_MODE)]
    if odd:
        kind = "symbolic link" if odd[0].mode == LINK_MODE else "submodule"
        raise ConfigError(f"{odd[0].path}: is a {kind} (as committed at {rev[:12]}); the rules must be a regular file")
    try:
        if where.config:
            # One the base lacks is the change's (found in session 31: a pull request committing
            # a file where CI writes its rules made the defaults judge it).
            if (data := by_name[where.config]) is None:
                raise ConfigError(f"{where.config}: --config names a file this change adds: it would choose its rules")
            config = parse_config(data, source=where.config)
        else:
            config = select_config(by_name.__getitem__)
        baseline_data = by_name[baseline_name]
        baseline = parse_baseline(baseline_data, source=baseline_name) if baseline_data is not None else Baseline()
    except ConfigError as exc:
        raise ConfigError(f"{exc} (as committed at {rev[:12]})") from None
    remember_tokens(config.forbidden_tokens)  # every later error message is redacted with them
    return files, Terms(Policy(config), baseline, where)


# ---------------------------------------------------------------------------------------------
# The server's rules: one trusted rule set for every ref of a push


class TrustedTerms(NamedTuple):
    """What judges a whole push on the server.  ``tip``: the default branch's commit before
    the push (None in an empty repository): its history is what is already merged, so no
    ref's range needs to go past it.  ``source`` says where the rules came from, for the
    output.  ``branch``: the default branch whose rules are trusted, or that the first push
    makes (None when the rules are pinned or ``HEAD`` is detached): a push may not delete it
    or leave it rules that cannot be read."""

    terms: Terms
    source: str
    tip: str | None
    branch: str | None = None


def server_terms(
    config_path: str | None, baseline_path: str | None, pushed: Sequence[str], *, cwd: str
) -> TrustedTerms:
    """The rules the server trusts for every ref: ``--config``/``--baseline``, else the default
    branch's (``HEAD``'s) as committed before this push -- never a pushed ref's own, a ref the
    same push moves, or a blob's.  The built-in defaults only while the repository has no ref
    at all (its first push); a repository with refs but no commit on ``HEAD`` has no rules to
    trust and is refused.  ``pushed``: the pushed ids, to say which of their rules files were
    not trusted."""
    pinned_config = worktree.load_config(cwd, config_path) if config_path else None
    pinned_baseline = load_baseline(None, baseline_path) if baseline_path else None
    pinned = [f"--config {config_path}"] * bool(config_path) + [f"--baseline {baseline_path}"] * bool(baseline_path)
    # A push into a namespace (GIT_NAMESPACE) is to a repository of its own, whose HEAD names the
    # default branch (found attacking main: the root's HEAD and rules judged team's pushes).
    namespace = ref_namespace()
    head = symbolic_head(namespace=namespace)
    if head is not None and not head.startswith(namespace):
        raise ConfigError(f"pre-receive: {namespace}HEAD names {head}, outside its namespace: no rules to trust")
    head = head.removeprefix(namespace) if head is not None else None
    # Exactly that ref: with that branch unborn, git would read the name "HEAD" as
    # refs/tags/HEAD or refs/heads/HEAD, and refs/heads/main as refs/refs/heads/main, refs a
    # pusher can create.  A detached HEAD holds an id: nothing to guess.
    oid = exact_ref(namespace + (head or "HEAD")) if head is not None or namespace else "HEAD"
    (tip,) = resolve_commits([oid], cwd=None) if oid is not None else (None,)
    if pinned_config is not None and pinned_baseline is not None:
        return TrustedTerms(Terms(Policy(pinned_config), pinned_baseline), "pinned: " + " ".join(pinned), tip)
    branch = namespace + (head or "HEAD")
    if tip is not None:
        _, at_tip = tree_terms(tip, cwd=None)
        terms = Terms(
            Policy(pinned_config) if pinned_config is not None else at_tip.policy,
            pinned_baseline if pinned_baseline is not None else at_tip.baseline,
        )
        where = f"the default branch {branch} at {tip[:12]} (before this push)"
        return TrustedTerms(terms, "; ".join([*pinned, where]), tip, head)
    if has_refs(namespace=namespace):
        raise ConfigError(
            f"pre-receive: no rules to trust: the default branch {branch} has no commit while the "
            "repository has refs (the built-in defaults would judge the push, and its own rules are "
            "never trusted); point HEAD at the branch whose rules count (git symbolic-ref "
            f"{namespace}HEAD {namespace}refs/heads/NAME) or pin the rules (pre-receive --config FILE --baseline FILE)"
        )
    terms = Terms(
        Policy(pinned_config) if pinned_config is not None else Policy(Config()),
        pinned_baseline if pinned_baseline is not None else Baseline(),
    )
    source = "; ".join([*pinned, "built-in defaults: the repository had no commits"])
    untrusted = _pushed_terms_files(pushed, config=pinned_config is None, baseline=pinned_baseline is None)
    if untrusted:
        both = len(untrusted) > 1
        source += (
            f"; the pushed {' and '.join(untrusted)} {'are' if both else 'is'} not trusted (to bootstrap: "
            "pin the rules for the first push, pre-receive --config FILE / --baseline FILE, "
            "or install this hook after the first push)"
        )
    # The first push makes the default branch: it too must leave it rules that can be read.
    return TrustedTerms(terms, source, None, head)


def require_readable_rules(branch: str, commit: str) -> Terms:
    """The rules a push leaves the default branch (at ``commit``), which must be readable: they
    judge every later push, and unreadable ones refused them all -- the fix included -- until an
    admin pinned others (found attacking main: any pusher could lock the repository so)."""
    try:
        # A config file named like ours is read by no one (the server included) while every
        # client refuses it, and on macOS or Windows .rehearsal-hook.TOML is the config.
        worktree.refuse_misnamed_config(root_names(commit))
        return tree_terms(commit, cwd=None)[1]
    except ConfigError as exc:
        raise ConfigError(
            f"the push would leave the default branch {branch} with rules that cannot be read, and every "
            f"later push would be refused: {exc}"
        ) from None


def _pushed_terms_files(pushed: Sequence[str], *, config: bool, baseline: bool) -> list[str]:
    """Which kinds of rules file (``config``, ``baseline``) some pushed tree carries, of the
    kinds asked about."""
    found: list[str] = []
    names = [f"{oid}:{name}" for oid in pushed for name in TERMS_FILES]
    present: set[str] = set()
    for name, (kind, data) in zip(names, cat_file(names), strict=True):
        file = name.rpartition(":")[2]
        if kind != "blob" or data is None:
            continue
        if file == PYPROJECT:
            try:
                if parse_config(data, source=PYPROJECT) == Config():
                    continue
            except ConfigError:
                pass  # a broken table is a config the push brings all the same
        present.add(BASELINE_FILE if file == BASELINE_FILE else CONFIG_FILE)
    if config and CONFIG_FILE in present:
        found.append("config")
    if baseline and BASELINE_FILE in present:
        found.append("baseline")
    return found


# ---------------------------------------------------------------------------------------------
# A change checked against its base (--range, --base): who chooses the rules


def change_terms(
    root: str | None, base: str | None, config_path: str | None, baseline_path: str | None
) -> tuple[Terms, str | None]:
    """The rules that judge a change from ``base`` (``check --range``/``--base``), and what to
    name them in the output (None: the working tree's, as ever).  The base's rules always judge
    -- a change cannot loosen the rules that judge it: empty ``request-files`` or
    ``report-files``, ``probe-files`` that cover its own request, a forbidden token dropped, a
    wider lane; its new rules take effect once merged.  Its exemptions (contexts, allowed
    tokens, the pragma switch, the baseline) are the head's, listed as the change's own, unless
    the base protects exemptions: then the base's config and baseline judge whole.
    ``--config``/``--baseline`` still win."""
    current = client_terms(root, config_path, baseline_path)
    # (a --config/--baseline inside the repository is its file, which the change can edit:
    # read at the base like the usual names -- it pinned the change's own entries before)
    pin_config, pin_baseline = pinned_rules(root, config_path, baseline_path)
    if base is None or (pin_config and pin_baseline):
        return current, None
    _, at_base = tree_terms(base, cwd=None, where=current.files)
    pinned = [f"--config {config_path}"] * bool(config_path) + [f"--baseline {baseline_path}"] * bool(baseline_path)
    head = current.policy.config
    if not (head if pin_config else at_base.policy.config).protect_exemptions:
        if pin_config:
            return current, None
        # (the base's rules with the head's exemptions: what issue 5 leaves a change by default)
        try:
            mixed = replace(at_base.policy.config, **{k: getattr(head, k) for k in EXEMPTION_KEYS})
        except ConfigError as exc:  # (each valid alone: say that it is the two together)
            raise ConfigError(
                f"{exc} -- in the base {base[:12]}'s config with this change's exemptions, which judge it"
            ) from None
        if mixed == head:
            return current, None
        where = f"the base {base[:12]} (a change does not choose the rules that judge it; its exemptions excuse)"
        return Terms(Policy(mixed), current.baseline, current.files), "; ".join([*pinned, where])
    terms = Terms(
        current.policy if pin_config else at_base.policy,
        current.baseline if pin_baseline else at_base.baseline,
        current.files,
    )
    where = f"the base {base[:12]} (protect-exemptions there: a change does not choose the rules that judge it)"
    return terms, "; ".join([*pinned, where])
