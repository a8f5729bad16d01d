"""The entry point, and the one place where outcomes become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from rehearsal_hook.errors import EXIT_CONFIG, EXIT_INTERNAL, EXIT_INTERRUPTED, RehearsalHookError
from rehearsal_hook.output.console import safe_text

# click >= 8.2 raises it for a bare `rehearsal-hook`; an empty tuple catches nothing before.
_NO_ARGS_IS_HELP: type[click.ClickException] | tuple[()] = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _write_err(text: str) -> None:
    try:
        sys.stderr.buffer.write(safe_text(text))
        sys.stderr.flush()
    except OSError:
        pass  # stderr itself is gone: the exit code still tells


def _say(message: str) -> None:
    _write_err("rehearsal-hook: " + message.rstrip("\n") + "\n")


def _traceback() -> None:
    import traceback  # only under --debug: it costs ~10 ms to import

    traceback.print_exc()


def _wants_debug(argv: Sequence[str]) -> bool:
    head = list(argv[: list(argv).index("--")] if "--" in argv else argv)
    return "--debug" in head or os.environ.get("REHEARSAL_HOOK_DEBUG") == "1"


def main(argv: Sequence[str] | None = None) -> int:
    from rehearsal_hook.cli.group import cli

    args = list(sys.argv[1:] if argv is None else argv)
    debug = _wants_debug(args)
    try:
        result = cli.main(args, prog_name="rehearsal-hook", standalone_mode=False)
    except RehearsalHookError as exc:
        if debug:
            _traceback()
        _say(f"error: {exc}")
        return exc.exit_code
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
        _say(f"error: {exc.format_message()}{ctx_help}")
        return EXIT_CONFIG
    except Exception as exc:
        if debug:
            _traceback()
        _say(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
        return EXIT_INTERNAL
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
