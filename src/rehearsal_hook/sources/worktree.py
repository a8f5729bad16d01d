"""The working tree as a source: its root and its config file, and which paths a check
reads -- the paths given (sorted by the repository each belongs to), folders walked, every
tracked file, the probe files -- each as an Item that reads its file when asked (files.py)."""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, overload

from rehearsal_hook.checks.engine import Item
from rehearsal_hook.checks.entries import Content, Gitlink
from rehearsal_hook.checks.policy import GITLINK_MODE, Policy, class_key
from rehearsal_hook.config import CONFIG_FILE, PYPROJECT, Config, parse_config, select_config
from rehearsal_hook.errors import CannotVerify, ConfigError, remember_tokens
from rehearsal_hook.git.listings import index_entry, is_tracked, ls_files, ls_files_records
from rehearsal_hook.git.process import toplevel
from rehearsal_hook.sources.files import read_content


def find_root(cwd: str | None = None) -> str:
    """The root of the work tree ``cwd`` is in, or ``cwd`` itself outside a git work tree."""
    return toplevel(cwd) or os.path.abspath(cwd or os.curdir)


def load_config(root: str, explicit: str | None) -> Config:
    """``--config PATH``, else ``.rehearsal-hook.toml`` at the root, else ``[tool.rehearsal-hook]``
    in ``pyproject.toml`` there, else the defaults."""
    config = _load_config(root, explicit)
    remember_tokens(config.forbidden_tokens)  # every later error message is redacted with them
    return config


def _load_config(root: str, explicit: str | None) -> Config:
    if explicit is not None:
        return parse_config(_read_config(explicit, display=relpath(root, explicit)), source=relpath(root, explicit))

    def read(name: str) -> bytes | None:
        path = os.path.join(root, name)
        if os.path.islink(path):
            # Following it could read a file outside the repository (a hostile checkout
            # choosing its own rules); git stores the link text, which is what the server reads.
            raise ConfigError(f"config {name}: is a symbolic link; the config must be a regular file in the repository")
        # A dedicated config file that is not a file is an error; a pyproject.toml that is not
        # a file is simply not one.
        present = os.path.isfile(path) if name == PYPROJECT else os.path.lexists(path)
        return _read_config(path, display=name) if present else None

    _no_misnamed_config(root)
    return select_config(read)


# A config file under a name near ours (or pyproject.toml's, PyProject.toml) is read by no one
# (git too looks the exact name up): its rules would be dropped without a word.  (Matched
# against class_key, which has no case.)
_MISNAMED_CONFIG = re.compile(r"\.?rehearsal[-_.]?hooks?(?:[-_.]?config)?\.(?:toml|ya?ml|ini|cfg)|pyproject\.toml")


def refuse_misnamed_config(names: Iterable[str]) -> None:
    """ConfigError for a name at a repository's root (``names``) named like the config file but
    not it (``rehearsal-hook.toml``, ``.rehearsal-hook.yaml``; and names macOS or Windows open
    as the config while git, CI and the server find none: ``.rehearsal-hook.TOML``,
    ``.rehearsal-hook.toml.``, ``...toml::$DATA``, read as the path classes read them)."""
    for name in names:
        if name not in (CONFIG_FILE, PYPROJECT) and _MISNAMED_CONFIG.fullmatch(class_key(name)):
            raise ConfigError(f"config: {name!r} is not read (the config is {CONFIG_FILE} or {PYPROJECT}): rename it")


def _no_misnamed_config(root: str) -> None:
    try:
        names = os.listdir(root)
    except OSError:
        return
    refuse_misnamed_config(names)


def _read_config(path: str, *, display: str) -> bytes:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"config {display}: not a regular file")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ConfigError(f"config {display}: cannot read: {exc.strerror}") from None
    return data


def relpath(root: str, path: str) -> str:
    """The path as the rules see it: relative to the root with '/' separators when inside it."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        return path
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        return path if rel != os.curdir else "."
    return rel.replace(os.sep, "/")


def _item(root: str, path: str) -> Item:
    return Item(relpath(root, path), lambda: read_content(path))


# How deep ``check DIR`` walks.  Past it a folder is a finding (too-deep), never a crash: git's
# own trees go to 4,096 (core.maxTreeDepth), but no real tree nests a request this deep, and a
# bounded walk keeps the paths -- and the memory they take -- bounded too.
MAX_WALK_DEPTH = 256


def path_items(root: str, paths: list[str]) -> Iterator[Item]:
    """Items for the given paths, relative to ``root``; directories are walked (``.git``
    excluded), symlinks are not followed.  The walk is a loop over a stack, not recursion:
    depth costs no frames."""
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            for shown, load in _walk(path):
                yield Item(relpath(root, shown), load)
        else:
            yield _item(root, path)


class PathGroup(NamedTuple):
    """The paths given to ``check`` that belong to one repository other than the current one:
    items relative to its ``root`` (its path classes are), and how each is shown (as given, or
    as walked from what was given)."""

    root: str
    items: list[Item]
    shown: dict[str, str]


class GivenPaths(NamedTuple):
    """``check PATHS`` sorted by the repository each path belongs to: ``here`` in the current
    one (relative to its root), ``unrooted`` in none (their root, which path classes are
    relative to, is unknown), ``elsewhere`` one group per other repository (a sibling clone, a
    nested one, a submodule's checkout)."""

    here: list[Item]
    unrooted: list[Item]
    elsewhere: list[PathGroup]


def given_paths(root: str, home: str | None, paths: Sequence[str]) -> GivenPaths:
    """Sort ``paths`` by repository: the nearest folder above each (itself, for a folder) that
    holds a ``.git``.  ``home`` is the current repository's root (None: not in one); paths in
    none are relative to ``root`` (the current folder then).  A walked folder that holds a
    ``.git`` of its own is another repository too, and is not walked as part of this one."""
    repos: dict[str, str | None] = {}
    here: list[Item] = []
    unrooted: list[Item] = []
    elsewhere: dict[str, PathGroup] = {}
    todo: list[tuple[str, str | None]] = [(path, None) for path in paths]  # (path, its repository if known)
    links: dict[str, str | None] = {}  # (each folder's _link_above, asked once)

    def add(repo: str | None, walked: Sequence[tuple[str, Callable[[], Content]]]) -> None:
        if repo is not None and home is not None and _same_folder(repo, home, repos):
            # Relative to the repository as the path spells it: git names the root with links
            # resolved, a path may reach it through a link above it (/tmp -> /private/tmp).
            base, out, shown = repo, here, None
        elif repo is None:
            base, out, shown = root, unrooted, None
        else:
            group = elsewhere.setdefault(repo, PathGroup(repo, [], {}))
            base, out, shown = repo, group.items, group.shown
        for name, load in walked:
            item = Item(relpath(base, name), load)
            out.append(item)
            if shown is not None:
                shown[item.path] = os.path.normpath(name)

    while todo:
        path, known = todo.pop(0)
        absolute = os.path.abspath(path)
        folder = os.path.isdir(absolute) and not os.path.islink(absolute)
        above = absolute if folder else os.path.dirname(absolute)
        repo = known or _repository_of(above, repos)
        link = _link_into(absolute, repos) if repo is None else _link_above(repo, above, links)
        load: Callable[[], Content] = functools.partial(read_content, path)
        if link is not None:  # (a folder there too: its files are not the repository's by those names)
            load, folder = functools.partial(_through_link, link), False
        walked: list[tuple[str, Callable[[], Content]]] = [(path, load)]
        if folder:
            nested: list[str] = []
            walked = list(_walk(path, nested))
            todo += [(sub, os.path.abspath(sub)) for sub in nested]
            # Its name is an entry of this tree (a submodule's, as git sees it): checked here.
            walked += [(sub, Gitlink) for sub in nested]
            outer = _repository_of(os.path.dirname(absolute), repos) if repo == absolute and known is None else None
            if outer is not None and home is not None and _same_folder(outer, home, repos):
                # A repository in this one, given by its own name, is that entry of this one
                # too, as when its folder is walked (found attacking main: the pre-commit
                # framework passes a submodule added at rehearsal/requests by that name, and
                # only its own files were checked: CLEAN, while the native hook blocks it).
                add(outer, [(path, Gitlink)])
        add(repo, walked)
    return GivenPaths(here, unrooted, list(elsewhere.values()))


def _link_above(repo: str, folder: str, cache: dict[str, str | None]) -> str | None:
    """The first folder from ``repo`` down to ``folder`` (inside it, as written; itself
    included) that is a symbolic link, relative to ``repo``: git stores no file below one, and
    opening a file there follows it.  ``cache``: each folder's answer (a file's folders are
    mostly its neighbours')."""
    if folder in cache:
        return cache[folder]
    rel = os.path.relpath(folder, repo)
    found: str | None = None
    if rel != os.curdir and not rel.startswith(os.pardir):
        parent = os.path.dirname(folder)
        found = _link_above(repo, parent, cache) if parent != folder else None
        if found is None and os.path.islink(folder):
            found = rel.replace(os.sep, "/")
    cache[folder] = found
    return found


def tracked_link_along(path: str) -> str | None:
    """The link a repository tracks along ``path`` (itself or a folder above it; each asked of its
    own folder's repository -- the path's, found through a tracked out -> .., was the outer one
    of a repository inside another), relative to that root: where it points is its choice."""
    along, cache = [os.path.abspath(path)], dict[str, str | None]()
    while (up := os.path.dirname(along[-1])) != along[-1]:
        along.append(up)
    for name in reversed(along):
        repo = _repository_of(os.path.dirname(name), cache) if os.path.islink(name) else None
        if repo is not None and is_tracked(repo, rel := os.path.relpath(name, repo).replace(os.sep, "/")):
            return rel
    return None


def _link_into(path: str, cache: dict[str, str | None]) -> str | None:
    """For a path in no repository as written: the nearest link along it (itself included) when,
    followed, it lies in one (``outside/link`` -> ``repo/rehearsal``, or a file's own link): the
    repository's files under names in no repository; else None."""
    real = os.path.realpath(path)
    if real == path or _repository_of(real, cache) is None:
        return None
    current = path
    while not os.path.islink(current) and os.path.dirname(current) != current:
        current = os.path.dirname(current)
    return current


def _through_link(link: str) -> Content:
    # A path given through a linked folder names a file that is not in the repository by that
    # name: opening it follows the link to another one (found attacking main: `check
    # docs/link/x.json`, docs/link -> rehearsal/requests, read the request under an ungated
    # name, CLEAN).  Links are never followed: the path it stands for is to be given.
    raise CannotVerify("unreadable", f"reached through the symbolic link {link!r}, which is never followed")


def _same_folder(a: str, b: str, cache: dict[str, str | None]) -> bool:
    """Whether two folder names are one folder (git names its root with links resolved)."""
    if a == b:
        return True
    key = "\0same\0" + a  # one realpath per repository, not per path
    if key not in cache:
        cache[key] = os.path.realpath(a)
    return cache[key] == os.path.realpath(b)


def _repository_of(folder: str, cache: dict[str, str | None]) -> str | None:
    """The nearest folder at or above ``folder`` holding ``.git`` (a folder, or a file: a
    worktree, a submodule), or None.  Cached per folder: thousands of paths share a few."""
    seen = []
    current = folder
    while True:
        if current in cache:
            found = cache[current]
            break
        seen.append(current)
        if os.path.lexists(os.path.join(current, ".git")):
            found = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            found = None
            break
        current = parent
    for f in seen:
        cache[f] = found
    return found


def _walk(top: str, nested: list[str] | None = None) -> Iterator[tuple[str, Callable[[], Content]]]:
    """(path as walked, loader) of every file below ``top``, top-down and sorted as ``os.walk``
    would go: in each folder its links to folders and its files, then its subfolders.  A
    folder past MAX_WALK_DEPTH is reported, not entered; with ``nested``, a subfolder holding a
    ``.git`` (another repository) is listed there instead of walked."""
    stack = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        if depth > MAX_WALK_DEPTH:
            yield folder, _too_deep
            continue
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            raise CannotVerify("unreadable", f"cannot list {exc.filename!r}: {exc.strerror}") from None
        subfolders, links, files = [], [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False  # read as a file: reading it then says what is wrong
            if is_dir:
                if entry.name == ".git":
                    continue
                if nested is not None and os.path.lexists(os.path.join(entry.path, ".git")):
                    nested.append(entry.path)
                else:
                    subfolders.append(entry.path)
            elif entry.is_symlink() and os.path.isdir(entry.path):
                links.append(entry.path)  # a link to a folder: its text, as git stores it
            else:
                files.append(entry.path)
        for path in (*links, *files):
            yield path, functools.partial(read_content, path)
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))


def _too_deep() -> bytes:
    raise CannotVerify("too-deep", f"folder nested deeper than {MAX_WALK_DEPTH} levels: not walked further")


class TrackedFiles(Sequence[Item]):
    """Every path git tracks, read from the working tree (a submodule by its name only: its own
    repository is checked on its own), as items made when asked for: the workers of a full
    scan each make the items of their own share, in parallel, from the listing's records."""

    def __init__(self, root: str) -> None:
        self._prefix = root.rstrip(os.sep) + os.sep
        self._records = ls_files_records(root)

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self._item(r) for r in self._records[index]]
        return self._item(self._records[index])

    def __iter__(self) -> Iterator[Item]:
        return map(self._item, self._records)

    def paths(self) -> list[str]:
        """Every path, without making the items.  (Each record is read whole, and refused if
        git listed it wrong, when its item is made: a check makes every item.)"""
        return [r.partition("\t")[2] for r in self._records]

    def _item(self, record: str) -> Item:
        mode, path = index_entry(record)
        if mode == GITLINK_MODE:
            return Item(path, Gitlink)
        return Item(path, functools.partial(read_content, self._prefix + path))


def item_paths(items: Sequence[Item]) -> list[str]:
    """The paths of ``items`` (of TrackedFiles without making its items)."""
    return items.paths() if isinstance(items, TrackedFiles) else [it.path for it in items]


def gitlinks_named(root: str, policy: Policy, items: Sequence[Item]) -> list[Item]:
    """The index's submodules where gated files can lie (``Policy.gated_entry``: a
    ``gated-link`` each), as items, when the root's ``.gitmodules`` is among ``items`` and they
    are not: the pre-commit framework passes a submodule added at ``rehearsal/requests`` as its
    ``.gitmodules`` alone -- the submodule is a folder to it, which it never passes (passed,
    its folder would be walked: ignored files and all) -- and it was committed so (found
    attacking main; the native hook blocks it)."""
    given = {it.path for it in items}
    if ".gitmodules" not in given:
        return []
    return [
        Item(path, Gitlink)
        for mode, path in ls_files(root)
        if mode == GITLINK_MODE and path not in given and policy.gated_entry(path, mode)
    ]


def probe_file_items(root: str, policy: Policy) -> list[Item]:
    """The repository's own probe files: tracked ones when in a git work tree, else every
    matching file below the root."""
    if not policy.config.probe_files:
        return []
    if toplevel(root):
        paths = [p for mode, p in ls_files(root) if mode != GITLINK_MODE]
    else:
        paths = [relpath(root, it.path) for it in path_items(root, [root])]
    return [_item(root, os.path.join(root, p)) for p in paths if policy.classify(p) == "probe"]
