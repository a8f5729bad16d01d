"""Options and plumbing shared by the commands."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rehearsal_hook.errors import ConfigError, OutputError, exit_codes_help
from rehearsal_hook.git.revisions import ref_tips
from rehearsal_hook.output.console import write_stdout
from rehearsal_hook.output.formats import CHECK_FORMATS

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from rehearsal_hook.sources.ranges import RangeSpec

F = TypeVar("F", bound=Callable[..., Any])


def complete_path(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion for a file name: the shell lists the files itself.  (click.Path would
    do the same, but it stats every argument -- and the pre-commit hook gets thousands.)"""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="file")]


FORMATS = ("text", "json")


def format_option(f: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Output format.",
    )(f)


# Commands that report findings can speak to CI systems too.


def check_format_option(f: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(CHECK_FORMATS),
        default="text",
        show_default=True,
        help="Output format: text (linter style), json, sarif (SARIF 2.1.0), github (workflow "
        "annotations) or junit (JUnit XML).",
    )(f)


def config_option(f: F) -> F:
    return click.option(
        "--config",
        "config_path",
        metavar="FILE",
        default=None,
        shell_complete=complete_path,
        help="Config file (default: .rehearsal-hook.toml, else [tool.rehearsal-hook] in pyproject.toml).",
    )(f)


def jobs_option(f: F) -> F:
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="At most this many processes for large scans and long commit ranges (0: the machine's "
        "cores, for ranges at most 4; fewer when there is not enough work: thousands of files, "
        "2,000 new blobs a process).",
    )(f)


def write_output(path: str, data: bytes) -> None:
    """Write a file the user named (``probes --output``, a baseline), ``data`` already redacted.

    * ``-``: standard output.
    * A regular file, or a new name: replaced atomically (``write_atomic``), keeping its mode.
    * A symbolic link to a regular file: the file it points to is updated, atomically and with
      its own mode; the link stays a link.  A link to nothing is refused (exit 3), and so is a
      link a repository tracks, the file's or a folder's above it (exit 2).
    * A character device, a FIFO, or a link to one (``/dev/stdout``, ``/dev/null``): written
      through, never replaced by a regular file (as root that would destroy the device).
    Any failure to write, a full disk included, is an OutputError (exit 3)."""
    import stat

    if path == "-":
        from rehearsal_hook.output.formats import inert

        # (a CI log: a name in the document must not be a workflow command; both are JSON)
        write_stdout(inert(data.decode("utf-8", "surrogateescape"), "json").encode("utf-8", "surrogateescape"))
        return
    from rehearsal_hook.sources.worktree import tracked_link_along

    link = tracked_link_along(path)
    if link is not None:
        # (found attacking main: a cloned repository's rehearsal-probes.json -> .git/hooks/pre-commit
        # had 'probes --output rehearsal-probes.json' replace the installed hook)
        raise ConfigError(
            f"cannot write {path!r}: {link!r} is a symbolic link the repository holds, and where "
            "the tool writes is not the repository's choice: give another name"
        )
    try:
        st = os.stat(path)  # follows links: what the name leads to decides
    except FileNotFoundError:
        if os.path.islink(path):
            raise OutputError(f"cannot write {path!r}: a symbolic link to nothing") from None
        write_atomic(path, data)
        return
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ConfigError(f"{path!r} is a directory; give a file name")
    if stat.S_ISREG(st.st_mode):
        write_atomic(os.path.realpath(path) if os.path.islink(path) else path, data)
        return
    _write_through(path, data)


def _write_through(path: str, data: bytes) -> None:
    """Write into a device or FIFO as it is: no temporary file, no rename, no truncation.  (A
    FIFO waits for its reader, as with any program writing to one.)"""
    import stat

    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            # Swapped for a regular file since we looked: never write one in place.
            raise OutputError(f"cannot write {path!r}: it changed while being opened")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    finally:
        os.close(fd)


def write_atomic(path: str, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that an interrupted write never leaves a half file: the
    data goes to a temporary file in the same folder, is fsynced, then renamed over the target.
    On Linux the temporary file has no name until it is complete (O_TMPFILE), so even a
    process killed in the middle of the write leaves nothing behind.  ``mode`` (else the
    replaced file's, else what the umask gives) is set before the rename, so the file never
    exists with another one (a hook that is not executable yet is silently skipped by git).
    It replaces the entry ``path`` itself, whatever it is: for a name the user gave, use
    ``write_output``, which never replaces a device, a FIFO or a link."""
    if os.path.isdir(path):
        raise ConfigError(f"{path!r} is a directory; give a file name")
    if mode is None:
        mode = _default_mode(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = _open_temporary(folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
            if tmp is None:
                tmp = _give_name(fh.fileno(), folder)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    finally:
        # Also on KeyboardInterrupt: no temporary file is left behind.
        if tmp is not None and os.path.lexists(tmp):
            os.unlink(tmp)


_TEMP_PREFIX = ".rehearsal-hook-tmp-"


def _open_temporary(folder: str) -> tuple[int, str | None]:
    """(fd, None) for an unnamed file in ``folder`` where the system has them, else (fd, name)
    of a named temporary file."""
    unnamed = getattr(os, "O_TMPFILE", 0)
    if unnamed and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(folder, unnamed | os.O_WRONLY | os.O_CLOEXEC, 0o600), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
            # this file system has no unnamed files: fall back to a named one
    import tempfile

    return tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=folder)


def _give_name(fd: int, folder: str) -> str:
    """Link a complete unnamed file into ``folder`` under a fresh temporary name."""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for _ in range(100):
            name = _TEMP_PREFIX + os.urandom(6).hex()
            try:
                # dst_dir_fd makes os.link use linkat(AT_SYMLINK_FOLLOW), which links the file
                # behind the /proc magic link rather than the link itself.
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=dir_fd, follow_symlinks=True)
            except FileExistsError:
                continue
            return os.path.join(folder, name)
    finally:
        os.close(dir_fd)
    raise OSError(errno.EEXIST, "no free temporary file name")


def _default_mode(path: str) -> int:
    import stat

    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


HOOK_EPILOG = """\b
Installed by `rehearsal-hook install` (or the scripts in the project's hooks/ folder).
Client hooks are quiet unless something blocks: excused findings are only counted
('check' lists them).
"""
HOOK_EPILOG += "\n" + exit_codes_help("clean")


def baseline_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--baseline",
        "baseline_path",
        metavar="FILE",
        default=None,
        shell_complete=complete_path,
        help="Baseline file (default: .rehearsal-hook-baseline.json at the root, if present).",
    )(f)


def parse_range(text: str) -> RangeSpec:
    """``BASE..HEAD``: the commits of HEAD that BASE does not have."""
    # The range engine is imported by the modes that read a range, not by every commit hook.
    from rehearsal_hook.sources.ranges import RangeSpec, require_commits

    base, sep, head = text.partition("..")
    if not sep or not base or not head or head.startswith("."):
        raise click.BadParameter(f"{text!r}: expected BASE..HEAD", param_hint="--range")
    base_id, head_id = require_commits([(base, "range base", "missing-base"), (head, "range head", "missing-head")])
    return RangeSpec((head_id,), (base_id,), (), (head_id,))


def parse_push(before: str, ref: str | None, default_branch: str | None) -> tuple[str, str]:
    """``--push OLD --ref REF --default-branch NAME``: where the push CI reports starts, (its
    commit, its name for the output) -- decided in one place (pushes.ci_push_start)."""
    from rehearsal_hook.sources.pushes import ci_push_start

    if ref is None or default_branch is None:
        raise click.UsageError("--push OLD needs --ref REF (the pushed ref) and --default-branch NAME")
    if not ref.startswith(("refs/heads/", "refs/tags/")):
        # (a bare branch name would not be told from the default branch's: the push to it
        # would be judged from the default branch as fetched, i.e. from itself -- nothing)
        raise click.BadParameter(f"{ref!r}: give the full ref, refs/heads/NAME or refs/tags/NAME", param_hint="--ref")
    return ci_push_start(before, ref, default_branch)


def parse_history(revs: tuple[str, ...]) -> RangeSpec:
    """``--history [REV...]``: every commit reachable from the revisions, root commits
    included; with none, from every ref (and HEAD)."""
    # The range engine is imported by the modes that read a range, not by every commit hook.
    from rehearsal_hook.sources.ranges import RangeSpec, require_commits

    if not revs:
        tips = ref_tips()
    else:
        tips = list(dict.fromkeys(require_commits([(rev, "revision", "missing-head") for rev in revs])))
    return RangeSpec(tuple(tips), (), (), tuple(tips))
