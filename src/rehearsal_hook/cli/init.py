"""``rehearsal-hook init``: a commented config with every key and its default, and the
pre-commit snippet.  It never overwrites a file."""

from __future__ import annotations

import os

import click

from rehearsal_hook.config import CONFIG_FILE, Config
from rehearsal_hook.errors import EXIT_CLEAN, ConfigError
from rehearsal_hook.output.console import Console
from rehearsal_hook.sources import worktree

_DOCS = {
    "request-files": "Rehearsal request files (gitignore-style patterns): each is gated.",
    "report-files": "Generated reports: strict JSON, always scanned; probe reports must be consistent.",
    "probe-files": "The repository's own bad-input fixtures: each must be blocked by the gate.",
    "permitted-contexts": "Paths where tokens are excused (listed, not blocking). Never exempts requests or reports.",
    "forbidden-tokens": "Extra whole-word tokens to forbid, besides every seal-like token.",
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
  - repo: https://github.com/your-org/rehearsal-hook
    rev: v0.1.0
    hooks:
      - id: rehearsal-check       # commits: staged files
      - id: rehearsal-pre-push    # pushes: every pushed commit
"""


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


@click.command("init", epilog="\b\nExample:\n  rehearsal-hook init")
def init_command() -> int:
    """Write a commented .rehearsal-hook.toml (never overwriting) and print the pre-commit snippet."""
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
    console.out(f"wrote {CONFIG_FILE}\n\nAdd this to .pre-commit-config.yaml:\n\n{SNIPPET}")
    return EXIT_CLEAN
