"""Type and lint gates run with the tests, so `.ci/run` enforces them."""

from __future__ import annotations

import subprocess
import sys

from .conftest import PROJECT


def test_mypy_strict_on_src() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "tools", "fuzz"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_project_passes_its_own_hook() -> None:
    """The repository dogfoods the hook: every tracked file passes `check --all-files`."""
    exe = str(__import__("pathlib").Path(sys.executable).with_name("rehearsal-hook"))
    proc = subprocess.run([exe, "check", "--all-files"], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr


def test_ruff_format_clean() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "bench", "tools", "fuzz"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
