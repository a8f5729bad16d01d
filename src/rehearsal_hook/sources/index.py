"""The staged index as a source: every staged file checked as git will commit it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence

from rehearsal_hook.checks.engine import Item, Progress, run_check
from rehearsal_hook.checks.entries import Gitlink, LinkText
from rehearsal_hook.checks.policy import GITLINK_MODE, LINK_MODE
from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.exemptions.apply import apply_baseline
from rehearsal_hook.findings import CheckResult, ContentKey
from rehearsal_hook.git.catfile import blobs, cat_file
from rehearsal_hook.git.listings import ls_files, staged_changes
from rehearsal_hook.sources.attributes import attribute_findings, is_attributes_file
from rehearsal_hook.sources.checkouts import attribute_folders, staged_encoded_findings
from rehearsal_hook.sources.terms import TERMS_FILES, Terms, blob_contents, require_staged_terms

# ---------------------------------------------------------------------------------------------
# The index


def check_staged(
    root: str,
    terms: Terms,
    *,
    config_path: str | None = None,
    baseline_path: str | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Check what the next commit takes: the staged blob of every added, copied, modified,
    renamed or type-changed path (symlinks as their link text; gitlinks by name: their content
    is another repository's business).  Also blocks when the rules files are not staged as they are."""
    entries = staged_changes(root)
    unmerged = [path for status, _, _, path in entries if status == "U"]
    if unmerged:
        raise CannotVerify("unmerged", f"unmerged paths in the index ({len(unmerged)}): resolve and stage them first")
    # A deletion only counts for the attributes it may change (below).
    attributes_changed = any(is_attributes_file(path) for _, _, _, path in entries)
    entries = [e for e in entries if e.status != "D"]
    files = [(oid, path, mode) for _, mode, oid, path in entries if mode != GITLINK_MODE]
    # A submodule has no blob here, but a name like any other entry.
    gitlinks = [path for _, mode, _, path in entries if mode == GITLINK_MODE]
    # The .gitattributes above the staged files come last, read once the files are checked.
    folders = attribute_folders([p for _, p, _ in files]) if not attributes_changed else []
    names = [":" + n for n in TERMS_FILES] + [oid for oid, _, _ in files] + (folders or [])
    results = cat_file(names, cwd=root)
    index = dict(zip(TERMS_FILES, blob_contents(names[: len(TERMS_FILES)], results), strict=True))
    require_staged_terms(root, index, config_path=config_path, baseline_path=baseline_path)

    def items() -> Iterator[Item]:
        # Read lazily: each blob is checked as it arrives and then dropped.
        for (_, path, mode), (kind, data) in zip(files, itertools.islice(results, len(files)), strict=True):
            if mode == LINK_MODE and data is not None:
                data = LinkText(data)
            yield Item(path, _loaded(kind, data, "staged blob"))
        for path in gitlinks:
            yield Item(path, Gitlink)

    tick = None if progress is None else (lambda done, _: progress(done, len(files) + len(gitlinks)))
    result = run_check(terms.policy, items(), tick)
    # A .gitattributes changed (or removed) can rewrite gated files the commit does not touch.
    staged = [p for _, p, _ in files]
    asked = [p for mode, p in ls_files(root) if mode != GITLINK_MODE] if attributes_changed else staged
    result.findings += attribute_findings(terms.policy, asked, cwd=root, source="index")
    rules = [data if kind == "blob" else None for kind, data in results if kind != "missing"]
    encodable = [(p, oid) for oid, p, mode in files if mode != LINK_MODE]
    result.findings += staged_encoded_findings(
        terms.policy, root, encodable, rules if folders is not None else [None], rules_changed=attributes_changed
    )
    blob_of: dict[ContentKey, str] = {(path, None): oid for oid, path, _ in files}
    return apply_baseline(result, terms, lambda keys: _fetch_blobs(keys, blob_of, cwd=root))


def _loaded(kind: str, data: bytes | None, what: str) -> Callable[[], bytes]:
    def load() -> bytes:
        if kind != "blob" or data is None:
            raise CannotVerify("unreadable", f"{what} is {kind}: cannot read it")
        return data

    return load


def _fetch_blobs(
    keys: Sequence[ContentKey], blob_of: Mapping[ContentKey, str], *, cwd: str | None
) -> dict[ContentKey, bytes]:
    """The staged (or committed) content of the wanted files whose blob id is known."""
    wanted = [k for k in keys if k in blob_of]
    return blobs(wanted, [blob_of[k] for k in wanted], cwd=cwd)
