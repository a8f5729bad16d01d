"""The repository itself: where it is, where its hooks are, what its config and attributes
say, who the commit being made is by, and where a checkout comes from."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import NamedTuple

from rehearsal_hook.errors import GitError
from rehearsal_hook.git.process import run_git, run_git_status
from rehearsal_hook.git.revisions import SHA_RE


def identities(cwd: str | None = None) -> bytes:
    """The author and committer the commit being made will record (``GIT_AUTHOR_IDENT``, then
    ``GIT_COMMITTER_IDENT``: name, email, date), one a line, from ``git var -l`` (one process
    for both; git passes ``--author`` and the like to hooks in the environment)."""
    out = run_git(("var", "-l"), cwd=cwd)
    lines = out.split(b"\n")
    found = []
    for key in (b"GIT_AUTHOR_IDENT=", b"GIT_COMMITTER_IDENT="):
        # The last one: git prints the variables after the config, whose values may hold a
        # newline followed by anything (found in review: a false block, never a hidden name).
        matches = [line for line in lines if line.startswith(key)]
        if not matches:
            raise GitError("git var -l named no author or committer")
        found.append(matches[-1].partition(b"=")[2])
    return b"\n".join(found)


def check_attributes(
    paths: Sequence[str], names: Sequence[str], *, cwd: str, source: str | None = None
) -> dict[str, dict[str, str]]:
    """cased_attributes' two answers merged: a value other than ``unspecified`` or ``unset``
    in either is the one returned, attribute by attribute."""
    return merged_attributes(cased_attributes(paths, names, cwd=cwd, source=source))


def merged_attributes(answers: Sequence[dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    """check_attributes of cased_attributes' answers."""
    found: dict[str, dict[str, str]] = {}
    for answer in answers:
        for path, got in answer.items():
            values = found.setdefault(path, {})
            for name, value in got.items():
                if values.get(name, "unspecified") in ("unspecified", "unset"):
                    values[name] = value
    return found


def cased_attributes(
    paths: Sequence[str], names: Sequence[str], *, cwd: str, source: str | None = None
) -> list[dict[str, dict[str, str]]]:
    """The attributes ``names`` of each path (repository-relative) as git check-attr answers
    (``unspecified``, ``unset``, ``set`` or the value), in one process.  ``source``: None for
    the work tree's .gitattributes (then the index's, as git does), ``"index"`` for the index
    only, else a commit or tree, whose .gitattributes are read through a temporary index (git
    before 2.40 has no ``check-attr --source``).  Paths go on stdin, NUL-terminated.

    Asked twice, with patterns matched with and without case (``core.ignorecase``): a checkout
    on macOS or Windows applies ``*.JSON export-subst`` to ``x.json`` as well, and a line that
    matches only one way can unset what the other sets.  Both answers, each as one checkout
    reads them (attributes read together, ``text`` with ``eol``, are judged within one:
    ``text=auto`` in one and ``text`` in the other converts on one machine)."""
    if not paths:
        return [{}, {}]
    request = b"".join(os.fsencode(p) + b"\0" for p in paths)
    # No "--": after it git would take the names for paths.  They are our constants.
    args = ("check-attr", "-z", "--stdin", *(("--cached",) if source is not None else ()), *names)
    cased = (("-c", "core.ignorecase=false", *args), ("-c", "core.ignorecase=true", *args))
    if source is None or source == "index":
        outs = [run_git(a, cwd=cwd, stdin=request) for a in cased]
    else:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="rehearsal-hook-attr-") as tmp:
            env = {**os.environ, "GIT_INDEX_FILE": os.path.join(tmp, "index")}
            if not SHA_RE.fullmatch(source):
                raise GitError(f"not an object id: {source!r}")
            run_git(("read-tree", source), cwd=cwd, env=env)
            outs = [run_git(a, cwd=cwd, stdin=request, env=env) for a in cased]
    answers: list[dict[str, dict[str, str]]] = []
    for out in outs:
        found: dict[str, dict[str, str]] = {}
        fields = out.split(b"\0")
        for i in range(0, len(fields) - 2, 3):
            values = found.setdefault(os.fsdecode(fields[i]), {})
            values[fields[i + 1].decode("utf-8", "replace")] = fields[i + 2].decode("utf-8", "replace")
        answers.append(found)
    return answers


def attribute_file_candidates(*, cwd: str, source: str | None) -> list[str]:
    """The tracked files of the index (``source`` None or ``"index"``) or of a commit that may
    be named ``.gitattributes`` as macOS or Windows open it, for the caller to pick
    (``attributes.is_attributes_file``): those named so in some case (``.GITATTRIBUTES``), and
    those whose name is not ASCII (``.gitattributeſ``) -- the index by pathspecs, a commit's
    tree by its names."""
    if source is None or source == "index":
        out = run_git(("ls-files", "-z", "--", ":(glob,icase)**/.gitattributes", ":(glob)**/*[^ -~]*"), cwd=cwd)
    else:
        if not SHA_RE.fullmatch(source):
            raise GitError(f"not an object id: {source!r}")
        out = run_git(("ls-tree", "-r", "-z", "--name-only", "--full-tree", source, "--"), cwd=cwd)
        if b".gitattributes" not in out.lower() and out.isascii():
            return []
    names = (name.rpartition(b"/")[2] for name in out.split(b"\0"))
    return [
        os.fsdecode(path)
        for path, name in zip(out.split(b"\0"), names, strict=True)
        if name and (name.lower() == b".gitattributes" or not name.isascii())
    ]


def remote_names(cwd: str | None = None) -> list[str]:
    """The names of the repository's remotes (``git remote``)."""
    return os.fsdecode(run_git(("remote",), cwd=cwd)).split()


def commit_cut_config(cwd: str | None = None) -> dict[str, str | None]:
    """The settings that decide where ``git commit`` cuts a message: ``core.commentchar``,
    ``core.commentstring``, ``commit.verbose``, ``commit.cleanup`` -- the last value of each
    (git's own rule), None for a key given without ``=`` (a boolean true), absent when unset."""
    out = run_git(
        ("config", "-z", "--get-regexp", r"^(core\.comment(char|string)|commit\.(verbose|cleanup))$"),
        cwd=cwd,
        ok_codes=(0, 1),
    )
    found: dict[str, str | None] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        key, newline, value = record.partition(b"\n")
        found[key.decode("utf-8", "replace").lower()] = value.decode("utf-8", "surrogateescape") if newline else None
    return found


def show_toplevel_and_gitdir(cwd: str | None = None) -> tuple[str | None, str]:
    """(work tree root or None when there is none, absolute git dir), in one process."""
    # --show-toplevel fails (128) without a work tree, after printing the other two answers.
    code, out = run_git_status(
        ("rev-parse", "--is-bare-repository", "--absolute-git-dir", "--show-toplevel"), cwd=cwd, ok_codes=(0, 128)
    )
    bare, sep, rest = out.decode("utf-8", "surrogateescape").partition("\n")
    if not sep or bare not in ("true", "false") or not rest.endswith("\n"):
        raise GitError("not in a git repository")
    if code != 0 or bare == "true":
        return None, rest[:-1]
    gitdir, sep, root = rest[:-1].partition("\n")
    if not sep:
        raise GitError("not in a git repository")
    if "\n" in root:
        # A path holding a line feed (git prints paths as they are, one a line): the root
        # asked alone says where the git dir ends.  (Split at the first line feed, a
        # repository at /tmp/a<LF>b read its rules from the relative "b/.git" -- none --
        # and passed its configured tokens.)
        alone = run_git(("rev-parse", "--show-toplevel"), cwd=cwd).decode("utf-8", "surrogateescape")
        if not alone.endswith("\n") or not rest.endswith("\n" + alone):
            raise GitError("git could not name the work tree's root")
        gitdir, root = rest[: -len(alone) - 1], alone[:-1]
    return root or None, gitdir


class HooksDir(NamedTuple):
    """Where git looks for a repository's hooks.  ``shared_by``: the config scope (``global``,
    ``system``) of a ``core.hooksPath`` that names one folder for every repository that reads
    that config -- hooks written there run in each of them; None for the repository's own."""

    path: str
    shared_by: str | None = None


def hooks_dir(root: str) -> HooksDir:
    """Where git looks for this repository's hooks: ``core.hooksPath`` when set (relative to
    the work tree), else the common git dir's ``hooks`` (shared by every worktree)."""
    # SAFE_CONFIG points core.hooksPath at /dev/null for our own calls ("command" scope):
    # the repository's hooks are where the last value from a config file says.
    out = run_git(("config", "--show-scope", "-z", "--get-all", "core.hooksPath"), cwd=root, ok_codes=(0, 1))
    fields = out.split(b"\0")
    values = [(fields[i], fields[i + 1]) for i in range(0, len(fields) - 1, 2) if fields[i] != b"command"]
    scope, configured = (values[-1][0].decode("ascii", "replace"), os.fsdecode(values[-1][1])) if values else ("", "")
    if configured:
        path = os.path.expanduser(configured)
        # (a relative path is each repository's own folder, wherever it is set)
        shared = scope if scope in ("global", "system") and os.path.isabs(path) else None
        return HooksDir(os.path.join(root, path), shared)
    common = os.fsdecode(run_git(("rev-parse", "--git-common-dir"), cwd=root).rstrip(b"\n"))
    return HooksDir(os.path.join(root, common, "hooks"))


def checkout_source(path: str) -> tuple[str | None, str | None]:
    """Where a checkout of a repository comes from: (its ``origin`` URL, else None; its HEAD
    commit id, else None).  Both None when ``path`` is not a git work tree."""
    try:
        head = run_git(("rev-parse", "--verify", "--quiet", "HEAD^{commit}"), cwd=path, ok_codes=(0, 1)).strip()
        url = run_git(("config", "--get", "remote.origin.url"), cwd=path, ok_codes=(0, 1)).strip()
    except GitError:
        return None, None
    return (os.fsdecode(url) or None), (head.decode("ascii", "replace") or None)


def git_bool(value: str | None) -> bool | None:
    """A git boolean-or-integer setting (``commit.verbose``, ``GIT_ATTR_NOSYSTEM``) as git reads
    it: a word or any integer, non-zero true; None when it is neither (git dies on it)."""
    if value is None:
        return True  # ``[commit] verbose`` with no value
    word = value.strip().lower()
    if word in ("true", "yes", "on"):
        return True
    if word in ("false", "no", "off", ""):
        return False
    try:
        return int(word, 0) != 0
    except ValueError:
        return None


@functools.cache
def outside_attributes(cwd: str | None = None) -> tuple[bytes | None, ...]:
    """The texts of the attribute files git applies besides a tree's ``.gitattributes`` -- the
    repository's ``info/attributes``, ``core.attributesFile`` (unset: the XDG one) and the
    system's (unless GIT_ATTR_NOSYSTEM) -- that exist; None for one that cannot be read.
    A server's are its ``git archive``'s (the downloads a host builds), applied to every tree
    a push brings; check-attr reads them too, but a reader that skips asking where no tree's
    file names an attribute must ask these as well (checkouts.encoded_entries)."""
    # (--show-cdup: the way up to the work tree's top, where git itself runs and so opens a
    # relative core.attributesFile; it prints nothing in a bare repository, which git opens
    # it from where it was started)
    here = cwd or os.getcwd()
    info, _, rest = os.fsdecode(
        run_git(("rev-parse", "--git-path", "info/attributes", "--show-cdup"), cwd=cwd)
    ).partition("\n")
    top = os.path.join(here, rest.partition("\n")[0])
    paths = [os.path.join(here, info)]
    configured = run_git(("config", "--path", "--get", "core.attributesFile"), cwd=cwd, ok_codes=(0, 1))
    if configured.strip():
        # (found attacking main: opened from the process's own directory, a relative one was
        # missed by check --range run in a subfolder, which then passed what it blocked at
        # the top)
        paths.append(os.path.join(top, os.fsdecode(configured.rstrip(b"\n"))))
    else:
        home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
        paths.append(os.path.join(home, "git", "attributes"))
    # (read as git reads it: GIT_ATTR_NOSYSTEM=2 skips them too; where git would die on the
    # value, they are read -- more, never less)
    if not git_bool(os.environ.get("GIT_ATTR_NOSYSTEM", "")):
        # (git's $(sysconfdir): /etc for a /usr prefix, else <prefix>/etc -- both asked, the
        # prefix the one git runs from: <prefix>/bin/git; no process asked for it)
        import shutil  # (here: its import, bz2 and lzma with it, cost every command 2 ms)

        git = shutil.which("git")
        prefix = os.path.dirname(os.path.dirname(os.path.realpath(git))) if git else "/usr"
        paths += ["/etc/gitattributes", os.path.join(prefix, "etc", "gitattributes")]
    texts: list[bytes | None] = []
    for path in dict.fromkeys(paths):
        try:
            with open(path, "rb") as f:
                texts.append(f.read())
        except FileNotFoundError:
            continue
        except OSError:
            texts.append(None)  # (there, and not read: it may name anything)
    return tuple(texts)
