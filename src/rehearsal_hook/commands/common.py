"""Options and plumbing shared by the commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from rehearsal_hook.errors import ConfigError, OutputError

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "json")


def format_option(f: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
        help="Output format.",
    )(f)  # fmt: skip


# Commands that report findings can speak to CI systems too.
REPORT_FORMATS = ("text", "json", "sarif", "github", "junit")


def report_format_option(f: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
        help="Output format: text (linter style), json, sarif (SARIF 2.1.0), github (workflow "
        "annotations) or junit (JUnit XML).",
    )(f)  # fmt: skip


def config_option(f: F) -> F:
    return click.option(
        "--config", "config_path", metavar="FILE", default=None,
        help="Config file (default: .rehearsal-hook.toml, else [tool.rehearsal-hook] in pyproject.toml).",
    )(f)  # fmt: skip


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that an interrupted write never leaves a half file:
    a temporary file in the same folder, fsync, then rename over the target."""
    if os.path.isdir(path):
        raise ConfigError(f"--output {path!r} is a directory; give a file name")
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rehearsal-hook-", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path!r}: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
