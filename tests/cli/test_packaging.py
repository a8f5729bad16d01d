"""The sdist is complete: it builds, carries the LICENSE the metadata names, and the tests in
it collect (helpers, data, hook scripts and the framework's hook list included)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from ..conftest import PROJECT, git


@pytest.mark.slow
def test_the_sdist_builds_and_its_tests_collect(project_snapshot: tuple[Path, str], tmp_path: Path) -> None:
    snapshot, _ = project_snapshot
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(dist), str(snapshot)],
        capture_output=True,
        check=False,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr.decode()[-2000:]
    [sdist] = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    [root] = (tmp_path / "unpacked").iterdir()
    shipped = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    tracked = set(git(PROJECT, "ls-files").split("\n")) - {""}
    wanted = {p for p in tracked if p.startswith(("tests/", "hooks/", "fuzz/", "src/")) or "/" not in p}
    assert wanted - {".gitignore"} <= shipped, sorted(wanted - shipped)
    assert {
        "LICENSE",
        ".pre-commit-hooks.yaml",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/gitutil.py",
    } <= shipped
    assert "tests/data/sarif-schema-2.1.0.json" in shipped
    license_text = (root / "LICENSE").read_text()
    assert "MIT License" in license_text and "2026 rehearsal-hook authors" in license_text
    pkg_info = (root / "PKG-INFO").read_text()
    assert "License-Expression: MIT" in pkg_info and "License-File: LICENSE" in pkg_info
    collect = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        check=False,
        timeout=600,
    )
    out = collect.stdout.decode()
    assert collect.returncode == 0, out[-3000:] + collect.stderr.decode()[-2000:]
    assert "error" not in out.lower().splitlines()[-1], out[-500:]
    collected = [line for line in out.splitlines() if "::" in line]
    assert len(collected) > 500 and any(line.startswith("tests/test_docs.py::") for line in collected)
