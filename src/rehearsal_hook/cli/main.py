"""The entry point, and the one place where outcomes become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import NoReturn, TextIO

import click

from rehearsal_hook.errors import (
    EXIT_CONFIG,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    OutputError,
    RehearsalHookError,
    loaded_tokens,
)
from rehearsal_hook.output.console import DEFAULT_MATCHER, safe_text
from rehearsal_hook.scan.matcher import SEED_FORBIDDEN_TOKENS, TokenMatcher

# click >= 8.2 raises it for a bare `rehearsal-hook`; an empty tuple catches nothing before.
_NO_ARGS_IS_HELP: type[click.ClickException] | tuple[()] = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _matcher(tokens: Iterable[str]) -> TokenMatcher:
    """The seal-like tokens, every configured token this process has loaded and ``tokens``
    (those of a configuration that failed to load)."""
    words = loaded_tokens().union(tokens)
    return TokenMatcher((*SEED_FORBIDDEN_TOKENS, *sorted(words))) if words else DEFAULT_MATCHER


def _write_err(text: str, tokens: Iterable[str] = ()) -> None:
    """Write to stderr, redacted (see ``_matcher``) and ``inert``."""
    from rehearsal_hook.output.formats import inert

    _write_redacted(sys.stderr, inert(text), tokens)


def _write_redacted(stream: TextIO, text: str, tokens: Iterable[str]) -> None:
    """Write ``text`` to ``stream`` redacted (see ``_matcher``); a stream that is gone is left
    alone: the run is ending, and its exit code still tells."""
    try:
        stream.buffer.write(safe_text(text, _matcher(tokens)))
        stream.flush()
    except OSError:
        pass


def _say(message: str, tokens: Iterable[str] = ()) -> None:
    _write_err("rehearsal-hook: " + message.rstrip("\n") + "\n", tokens)


def _error_tokens(exc: BaseException) -> set[str]:
    """The tokens carried by an error and every error it was raised from or while handling
    (a config error re-raised with more context keeps the failed config's tokens)."""
    found: set[str] = set()
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, RehearsalHookError):
            found.update(e.tokens)
        todo += [e.__cause__, e.__context__]
    return found


def _redaction_tokens(exc: BaseException, args: Sequence[str]) -> set[str]:
    """What an error message is redacted with besides the seal-like tokens (and those of every
    config loaded so far): the tokens the error carries, and those of the config in force here,
    read now on a best effort -- the error may have come before the command read its rules (a
    bad ``--range``)."""
    tokens = _error_tokens(exc)
    explicit = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(args):
            explicit = args[i + 1]
        elif arg.startswith("--config="):
            explicit = arg.partition("=")[2]
    # Both the given config and the repository's own: the given one may be what failed.
    for config_path in {explicit, None}:
        try:
            from rehearsal_hook.sources import worktree

            tokens.update(worktree.load_config(worktree.find_root(), config_path).forbidden_tokens)
        except Exception:  # noqa: S112 -- only a better redaction is lost; the error is still told
            continue
    return tokens


def _traceback(tokens: Iterable[str]) -> None:
    import traceback  # only under --debug: it costs ~10 ms to import

    # Through the redaction like every other message: a traceback quotes values too.
    _write_err(traceback.format_exc(), tokens)


def _requested_format(args: Sequence[str]) -> str | None:
    """The ``--format`` the failed command was given, read again from the command line
    without running anything (click's resilient parsing); None when there is none."""
    from rehearsal_hook.cli.group import cli

    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] != "--":
        rest.pop(0)  # the group's own options (--debug)
    if not rest:
        return None
    try:
        with click.Context(cli, resilient_parsing=True) as ctx:
            command = cli.get_command(ctx, rest[0])
            if command is None:
                return None
            sub = command.make_context(rest[0], rest[1:], parent=ctx, resilient_parsing=True)
    except Exception:  # a command line too broken to read: no document, the message still goes out
        return None
    fmt = sub.params.get("fmt")
    return fmt if isinstance(fmt, str) else None


def _document(
    args: Sequence[str], message: str, exit_code: int, tokens: Iterable[str], code: str | None = None
) -> None:
    """For the machine formats (json, sarif, junit, github), a document recording the failed
    run on standard output, so CI never reads an empty file."""
    from rehearsal_hook.output.formats import error_document, inert

    fmt = _requested_format(args)
    if fmt is None:
        return
    document = error_document(fmt, message, exit_code=exit_code, code=code)
    if document is not None:
        _write_redacted(sys.stdout, inert(document, fmt), tokens)


def _one_line(message: str) -> str:
    """An error's message on one line: it quotes names and values as given (``--config``'s
    path, a revision), and a line feed in one would start a line of the tool's own (``a`` LF
    ``rehearsal-hook: CLEAN: ...``), a terminal code act on the line."""
    from rehearsal_hook.output.formats import display_path

    return display_path(message)


def _fail(args: Sequence[str], message: str, exit_code: int, exc: BaseException) -> int:
    """The one way a run that could not finish ends: the message on standard error, the
    document for the machine formats, and the exit code unchanged."""
    tokens = _redaction_tokens(exc, args)
    _say(f"error: {message}", tokens)
    _document(args, message, exit_code, tokens, getattr(exc, "code", None))
    return exit_code


def _wants_debug(argv: Sequence[str]) -> bool:
    head = list(argv[: list(argv).index("--")] if "--" in argv else argv)
    return "--debug" in head or os.environ.get("REHEARSAL_HOOK_DEBUG") == "1"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return its exit code: the
    one place an error becomes a code -- CannotVerify and the other RehearsalHookError types
    their own, usage errors 2, an interruption 130, any other exception 3 with a one-line
    message (the traceback only under ``--debug``).  Errors come back as codes, not raised;
    every message is redacted."""
    from rehearsal_hook.cli.group import cli

    args = list(sys.argv[1:] if argv is None else argv)
    debug = _wants_debug(args)
    try:
        result = cli.main(args, prog_name="rehearsal-hook", standalone_mode=False)
    except OutputError as exc:
        if debug:
            _traceback(_redaction_tokens(exc, args))
        # The output itself failed: no second document after part of one.
        _say(f"error: {_one_line(str(exc))}", _redaction_tokens(exc, args))
        return exc.exit_code
    except RehearsalHookError as exc:
        if debug:
            _traceback(_redaction_tokens(exc, args))
        return _fail(args, _one_line(str(exc)), exc.exit_code, exc)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except _NO_ARGS_IS_HELP as exc:
        # No command at all: the help itself, not an error message wrapped round it.
        _write_err(exc.format_message() + "\n")
        return EXIT_CONFIG
    except click.ClickException as exc:
        # Usage errors: click's own message, sanitised like every other output.
        ctx_help = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            ctx_help = f"\nTry '{exc.ctx.command_path} --help' for help."
        return _fail(args, f"{_one_line(exc.format_message())}{ctx_help}", EXIT_CONFIG, exc)
    except Exception as exc:
        if debug:
            _traceback(_redaction_tokens(exc, args))
        message = f"internal error: {type(exc).__name__}: {_one_line(str(exc))} (run with --debug for a traceback)"
        tokens = _redaction_tokens(exc, args)
        _say(message, tokens)
        _document(args, message, EXIT_INTERNAL, tokens)
        return EXIT_INTERNAL
    return int(result) if isinstance(result, int) else 0


def run() -> NoReturn:
    """The console script (and ``python -m rehearsal_hook``): ``main``'s exit code, given once
    standard output and error are flushed, without the interpreter's teardown -- which frees
    every module, compiled pattern and object one by one: 4-13 ms of every run (a full scan's
    20,000 paths), releasing nothing the system would not.  (Every file this process wrote is
    closed and every child reaped when ``main`` returns; a failed flush is left to the
    interpreter's own exit, which says so, as before.)"""
    code = main()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    run()
