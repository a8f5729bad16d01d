"""Type, lint and layout gates run with the tests, so `.ci/run` enforces them."""

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


def test_every_module_is_named_in_the_code_layout() -> None:
    """README's "How the code is laid out" maps every module of src/ to its stage: a module of
    a folder is named in that folder's row (a command module by its name alone), a top-level
    one in some row.  A module added without its mention leaves the map wrong; a static test,
    so that every landing runs it."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("\n## How the code is laid out\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in layout.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            first, *rest = (c.strip() for c in line.strip().strip("|").split(" | "))
            rows[first.strip("`")] = rest
    package = PROJECT / "src" / "rehearsal_hook"
    missing = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        folder = path.parent.relative_to(package).as_posix()
        cells = (
            [" ".join(rows.get(folder + "/", []))]
            if folder != "."
            else [f"`{k}` " + " ".join(v) for k, v in rows.items()]
        )
        if not any(f"`{path.name}`" in c or f"`{path.stem}`" in c for c in cells):
            missing.append(path.relative_to(package).as_posix())
    assert missing == []
