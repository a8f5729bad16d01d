"""The working tree as a source: finding the root and the config, walking paths, reading
files.  Every failure to read becomes CannotVerify on that path, never a skip."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

from rehearsal_hook import git
from rehearsal_hook.config import CONFIG_FILE, PYPROJECT, Config, parse_config
from rehearsal_hook.engine import Content, Item, Rules
from rehearsal_hook.errors import CannotVerify, ConfigError

GITLINK_MODE = "160000"


def find_root(cwd: str | None = None) -> str:
    return git.toplevel(cwd) or os.path.abspath(cwd or os.curdir)


def load_config(root: str, explicit: str | None) -> Config:
    """``--config PATH``, else ``.rehearsal-hook.toml`` at the root, else ``[tool.rehearsal-hook]``
    in ``pyproject.toml`` there, else the defaults."""
    if explicit is not None:
        return _read_config(explicit, display=relpath(root, explicit))
    candidate = os.path.join(root, CONFIG_FILE)
    if os.path.lexists(candidate):
        return _read_config(candidate, display=CONFIG_FILE)
    pyproject = os.path.join(root, PYPROJECT)
    if os.path.isfile(pyproject):
        cfg = _read_config(pyproject, display=PYPROJECT)
        if cfg != Config():
            return cfg
    return Config()


def _read_config(path: str, *, display: str) -> Config:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"config {display}: not a regular file")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ConfigError(f"config {display}: cannot read: {exc.strerror}") from None
    return parse_config(data, source=display)


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


# Files larger than this are scanned as a stream, in bounded memory.
STREAM_THRESHOLD = 64 << 20


def read_content(path: str) -> Content:
    """``read_file``, except that a file over STREAM_THRESHOLD comes back as a chunk stream."""
    try:
        st = os.lstat(path)
    except OSError:
        return read_file(path)  # let read_file say what is wrong
    if stat.S_ISREG(st.st_mode) and st.st_size > STREAM_THRESHOLD:
        return lambda: _stream(path)
    return read_file(path)


def _stream(path: str) -> Iterator[bytes]:
    from rehearsal_hook.scanner import CHUNK_SIZE

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb", buffering=0) as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise CannotVerify("unreadable", "cannot scan: not a regular file")
            while chunk := fh.read(CHUNK_SIZE):
                yield chunk
    except OSError as exc:
        raise CannotVerify("unreadable", f"cannot read: {exc.strerror}") from None


def read_file(path: str) -> bytes:
    """The bytes git would store for ``path``: a regular file's content, a symlink's target
    text.  FIFOs, sockets, devices, dangling links and vanished files cannot be verified."""
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            target = os.readlink(path)
            if not os.path.exists(path):
                raise CannotVerify("unreadable", "dangling symlink: its target does not exist")
            return os.fsencode(target)
        if not stat.S_ISREG(st.st_mode):
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (FIFO, socket or device)"
            raise CannotVerify("unreadable", f"cannot scan: {kind}")
        # O_NONBLOCK: if the path was swapped for a FIFO after lstat, open must not hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise CannotVerify("unreadable", "cannot scan: not a regular file")
            return fh.read()
    except FileNotFoundError:
        raise CannotVerify("unreadable", "file vanished or does not exist") from None
    except OSError as exc:
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "error")
        raise CannotVerify("unreadable", f"cannot read: {reason}") from None


def _item(root: str, path: str) -> Item:
    return Item(relpath(root, path), lambda: read_content(path))


def path_items(root: str, paths: list[str]) -> Iterator[Item]:
    """Items for the given paths; directories are walked (``.git`` excluded), symlinks are
    not followed."""
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            for dirpath, dirnames, filenames in os.walk(path, onerror=_raise_walk):
                dirnames[:] = sorted(d for d in dirnames if d != ".git")
                for d in list(dirnames):
                    if os.path.islink(os.path.join(dirpath, d)):
                        yield _item(root, os.path.join(dirpath, d))
                for name in sorted(filenames):
                    yield _item(root, os.path.join(dirpath, name))
        else:
            yield _item(root, path)


def _raise_walk(exc: OSError) -> None:
    raise CannotVerify("unreadable", f"cannot list {exc.filename!r}: {exc.strerror}")


def all_files_items(root: str) -> Iterator[Item]:
    """Every path git tracks, read from the working tree; submodules are skipped (their own
    repository is checked on its own)."""
    for mode, path in git.ls_files(root):
        if mode == GITLINK_MODE:
            continue
        full = os.path.join(root, path)
        yield Item(path, lambda full=full: read_content(full))  # type: ignore[misc]


def probe_file_items(root: str, rules: Rules) -> list[Item]:
    """The repository's own probe files: tracked ones when in a git work tree, else every
    matching file below the root."""
    if not rules.config.probe_files:
        return []
    if git.toplevel(root):
        paths = [p for mode, p in git.ls_files(root) if mode != GITLINK_MODE]
    else:
        paths = [relpath(root, it.path) for it in path_items(root, [root])]
    return [_item(root, os.path.join(root, p)) for p in paths if rules.classify(p) == "probe"]
