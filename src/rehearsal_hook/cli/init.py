"""``rehearsal-hook init``: a commented config with every key and its default, and the
pre-commit snippet.  It never overwrites a file."""

from __future__ import annotations

import os

import click

from rehearsal_hook.config import CONFIG_FILE, Config
from rehearsal_hook.errors import EXIT_CLEAN, ConfigError, exit_codes_help
from rehearsal_hook.output.console import Console
from rehearsal_hook.sources import worktree

_DOCS = {
    "request-files": "Rehearsal request files (gitignore-style patterns): each is gated.",
    "report-files": "Generated reports: strict JSON, always scanned; probe reports must be consistent.",
    "probe-files": "The repository's own bad-input fixtures: each must be blocked by the gate.",
    "permitted-contexts": "Paths where tokens are excused (listed, not blocking). Never exempts requests or reports.",
    "forbidden-tokens": "Extra whole-word tokens to forbid, besides every seal-like token.",
    "allowed-tokens": "Exact seal-like words that claim nothing here (an API's constant, a variable name): "
    "counted, not findings. Never the six literal tokens or a forbidden-tokens word; under "
    "protect-exemptions a change cannot add one for itself.",
    "lane-grants": "Grants this rehearsal lane holds. Production or irreversible grants are refused.",
    "isolated-targets": "Targets that count as isolated clones. A target naming production is refused.",
    "allowed-actions": "The action allowlist. Forbidden (production/irreversible) actions are refused.",
    "informational-fields": "Request fields the gate ignores.",
    "allow-inline-pragma": "Honour 'rehearsal-hook: allow' on a line.",
    "protect-exemptions": "An exemption that arrives in the change being checked (a widened permitted-contexts, "
    "the pragma switched on, a new pragma or baseline entry) excuses nothing in that change.",
}

SNIPPET = """\
# .pre-commit-config.yaml
repos:
  # repo: the git URL of rehearsal-hook's repository (or your mirror of it) -- {repo_note}
  # rev: a tag of that repository or a full commit id (not a branch; 'pre-commit autoupdate'
  #      moves it to the newest tag, 'pre-commit autoupdate --freeze' pins the commit id).
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: rehearsal-check       # commits: staged files
      - id: rehearsal-pre-push    # pushes: every pushed commit
"""

UNKNOWN_REPO = "GIT-URL-OF-REHEARSAL-HOOK"
UNKNOWN_REV = "TAG-OR-FULL-COMMIT-ID"


def install_source() -> tuple[str | None, str | None]:
    """Where this copy of the tool was installed from, as pip recorded it (PEP 610's
    direct_url.json): a git URL and commit, or a local checkout (its origin URL, else its
    path, and its HEAD).  (None, None) when pip recorded nothing (an index install)."""
    import json
    from importlib import metadata
    from urllib.parse import unquote, urlparse

    try:
        raw = metadata.distribution("rehearsal-hook").read_text("direct_url.json")
        doc = json.loads(raw) if raw else None
    except (metadata.PackageNotFoundError, ValueError):
        return None, None
    if not isinstance(doc, dict) or not isinstance(doc.get("url"), str):
        return None, None
    url: str = doc["url"]
    vcs = doc.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id")
        return url.removeprefix("git+"), commit if isinstance(commit, str) else None
    parsed = urlparse(url)
    if parsed.scheme == "file" and os.path.isdir(unquote(parsed.path)):
        from rehearsal_hook.git.repository import checkout_source

        path = unquote(parsed.path)
        origin, head = checkout_source(path)
        if head is None:
            return None, None
        return origin or path, head
    return None, None


def snippet() -> str:
    repo, rev = install_source()
    if repo and rev:
        note = "this is where this copy was installed from"
    else:
        note = "pip recorded none for this copy: fill in both"
    return SNIPPET.format(repo=repo or UNKNOWN_REPO, rev=rev or UNKNOWN_REV, repo_note=note)


def render_config() -> str:
    defaults = Config()
    lines = ["# rehearsal-hook configuration: every key with its default.", ""]
    for key, doc in _DOCS.items():
        value = getattr(defaults, key.replace("-", "_"))
        lines.append(f"# {doc}")
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        else:
            items = ", ".join(f'"{v}"' for v in value)
            lines.append(f"{key} = [{items}]")
        lines.append("")
    return "\n".join(lines)


INIT_EPILOG = """\b
Example:
  cd your-repository && rehearsal-hook init

\b
The file goes to the root of the git repository you are in (outside one: the current
folder, and it says so).
"""
INIT_EPILOG += "\n" + exit_codes_help(
    "written", None, usage="the file already exists", internal="internal or file-system error"
)


@click.command("init", epilog=INIT_EPILOG)
def init_command() -> int:
    """Write a commented .rehearsal-hook.toml (never overwriting) and print the pre-commit snippet."""
    from rehearsal_hook.git.process import toplevel

    in_repository = toplevel() is not None
    root = worktree.find_root()
    path = os.path.join(root, CONFIG_FILE)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ConfigError(f"{CONFIG_FILE} already exists; not overwriting it") from None
    except OSError as exc:
        raise ConfigError(f"cannot create {CONFIG_FILE}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(render_config())
    console = Console()
    where = (
        path
        if in_repository
        else f"{path} (not in a git repository: in the current folder; move it to the root of the "
        "repository to guard, or run git init here)"
    )
    console.out(
        f"wrote {where}\n\nTo run the checks through the pre-commit framework instead of "
        f"'rehearsal-hook install' (pick one), add this to .pre-commit-config.yaml:\n\n{snippet()}"
    )
    return EXIT_CLEAN
