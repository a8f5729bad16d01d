"""The tool's error types.  Each carries the exit code it becomes; ``main`` is the one place
that turns them into a process exit status."""

from __future__ import annotations

from collections.abc import Iterable

EXIT_CLEAN = 0
EXIT_BLOCKED = 1
EXIT_CONFIG = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def exit_codes_help(
    clean: str,
    blocked: str | None = "blocked (findings or input that cannot be verified)",
    *,
    usage: str = "usage or configuration error",
    internal: str = "internal, git or output error",
) -> str:
    """The "Exit codes" paragraph of a command's help: what 0, 1 (None: the command never
    blocks), 2 and 3 mean for that command; 130 (interrupted) is the same for every command.
    One builder, so the codes keep the order and meaning ``main`` gives them."""
    codes = [(EXIT_CLEAN, clean), (EXIT_BLOCKED, blocked), (EXIT_CONFIG, usage), (EXIT_INTERNAL, internal)]
    listed = [f"{code} {meaning}" for code, meaning in codes if meaning is not None]
    return "Exit codes: " + ", ".join([*listed, f"{EXIT_INTERRUPTED} interrupted"]) + "."


# The forbidden tokens of every configuration this process has loaded.  An error is printed by
# main, far from the rules that were in force when it was raised, and every message is
# redacted with these too (a path, a ref or a config value can hold a configured token).  The
# one piece of process state: the sources that load rules add to it, main reads it.
_LOADED_TOKENS: set[str] = set()


def remember_tokens(tokens: Iterable[str]) -> None:
    """Add a loaded configuration's forbidden tokens to those every error message is redacted with."""
    _LOADED_TOKENS.update(tokens)


def loaded_tokens() -> frozenset[str]:
    """The forbidden tokens of every configuration this process has loaded (for ``main``)."""
    return frozenset(_LOADED_TOKENS)


class RehearsalHookError(Exception):
    """Base class: a failure with a one-line message and a fixed exit code."""

    exit_code = EXIT_INTERNAL
    # Words the message must not show in clear besides the seal-like ones: the forbidden
    # tokens of the configuration the error is about (main redacts with them too).
    tokens: tuple[str, ...] = ()


class CannotVerify(RehearsalHookError):
    """Input that cannot be verified.  It always blocks (exit 1) and carries a rule code, so
    the engine can report it as a finding on the file it came from."""

    exit_code = EXIT_BLOCKED

    def __init__(self, code: str, message: str, *, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


class ConfigError(RehearsalHookError):
    """The configuration or the command line is wrong (exit 2)."""

    exit_code = EXIT_CONFIG


class GitError(RehearsalHookError):
    """git failed or is missing (exit 3)."""

    exit_code = EXIT_INTERNAL


class OutputError(RehearsalHookError):
    """The tool could not write its own output (exit 3)."""

    exit_code = EXIT_INTERNAL
