"""Type, lint and layout gates run with the tests, so `.ci/run` enforces them."""

from __future__ import annotations

import ast
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


def test_every_entry_point_another_package_uses_has_a_docstring() -> None:
    """A public function or class of src/ that a module of another package imports (by name,
    or as ``module.name`` after importing its module) is an entry point of its stage: it says
    what it takes, returns and raises."""
    src = PROJECT / "src"
    trees = {
        ".".join(path.relative_to(src).with_suffix("").parts): ast.parse(path.read_text(encoding="utf-8"))
        for path in (src / "rehearsal_hook").rglob("*.py")
    }
    public = {
        (module, node.name): node
        for module, tree in trees.items()
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    }
    used: set[tuple[str, str]] = set()
    for module, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or node.module is None:
                continue
            for alias in node.names:
                imported = f"{node.module}.{alias.name}"
                if node.module in trees and node.module.rpartition(".")[0] != module.rpartition(".")[0]:
                    used.add((node.module, alias.name))
                elif imported in trees and node.module != module.rpartition(".")[0]:
                    name = alias.asname or alias.name
                    used.update(
                        (imported, n.attr)
                        for n in ast.walk(tree)
                        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == name
                    )
    undocumented = sorted(f"{m}.{n}" for m, n in used if (m, n) in public and ast.get_docstring(public[m, n]) is None)
    assert undocumented == []


def test_no_command_module_imports_another() -> None:
    """A command parses options, calls the core and renders its result: what two commands
    share lives in cli/options.py, cli/runs.py or the core, never in one of them."""
    from rehearsal_hook.cli.group import COMMANDS

    commands = {target.partition(":")[0] for target in COMMANDS.values()}
    imports = []
    for module in sorted(commands):
        path = PROJECT / "src" / (module.replace(".", "/") + ".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module is not None:
                named = {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
            elif isinstance(node, ast.Import):
                named = {alias.name for alias in node.names}
            else:
                continue
            imports += [f"{module} imports {other}" for other in sorted(named & (commands - {module}))]
    assert imports == []


def test_no_module_in_src_over_400_lines() -> None:
    """One job a module, small enough to read whole (issue 10): none in src/ is over 400 lines
    but a generated table (its docstring says so)."""
    too_long = []
    for path in sorted((PROJECT / "src").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > 400 and not text.startswith('"""Generated by '):
            too_long.append(f"{path.relative_to(PROJECT)}: {lines} lines")
    assert too_long == []
