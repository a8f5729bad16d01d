"""The one family of fixtures and helpers every test folder uses (unit/, git/, cli/,
framework/ and the project-wide tests at the top): a hermetic git environment for every test,
``repo`` (a fresh work tree as the current directory), ``client``/``origin`` (a work tree with
the native hooks and its bare remote), the pre-commit framework's snapshot and home, the
in-process and real-process CLI runners, and ``leaks`` (the independent no-token oracle).
Helpers that drive git itself are in ``tests/gitutil.py``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from .gitutil import Repo, clean_git_env, git, in_process, install, pushed

# Property tests: no deadline (a shared or loaded machine makes one example slow now and then:
# timing is bench/'s job), and under CI the same examples every run (derandomize), so that a
# commit is judged by what it changed, not by a new random draw; a longer random search is
# `pytest -p no:cacheprovider --hypothesis-seed=random` or the fuzz target, by hand.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")

SEAL_LIKE = r"\b[A-Z][A-Z0-9_]*_(PASS|AUTHORIZED|GRANTED)\b"
_SEAL = re.compile(SEAL_LIKE, re.ASCII)
_LOOKALIKE = str.maketrans("АВЕЅІЈКМНОРСТХΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABESIJKMHOPCTXABEZHIKMNOPTYX")
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))
# Keys by which a reader brings another document in (JSON Reference, JSON-LD, include/extends
# conventions): refused as an informational field of a request and in every report alike
# (lane.brings_another_document, the one list of both).
BRINGING_IN = (
    *("$ref", "$REF", "\uff04ref", " $ref", "$include", "$Import", "$extends", "$merge", "$schema", "$id"),
    *("@context", "@import", "\uff20context"),
    *("extends", "include", "includes", "import", "inherits", "request_include", "Extends-From"),
)


def leaks(text: str) -> list[str]:
    """Seal-like tokens in ``text``, found independently of the scanner: the issue's regex on
    the raw text and on its NFKC form with format characters and look-alikes undone."""
    plain = _SEAL.findall(text)
    view = "".join(
        c
        for c in unicodedata.normalize("NFKC", text)
        if unicodedata.category(c) != "Cf" and c not in "\u00ad\u034f\ufe00\ufe0f\x00"
    ).translate(_LOOKALIKE)
    return plain + _SEAL.findall(view)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def reader_views(text: str) -> list[str]:
    """``text`` as each reader of an output format reads it: as printed; every string of it
    as JSON (json, sarif); every text and attribute as XML (junit, entities decoded); and each
    of those percent-decoded (SARIF URIs, GitHub annotation escapes such as %0A and %3A)."""
    import contextlib
    import json
    import xml.etree.ElementTree as ET
    from urllib.parse import unquote

    views = [text]
    with contextlib.suppress(ValueError):
        views += _strings(json.loads(text))
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        pass
    else:
        for el in root.iter():
            views += [el.text or "", el.tail or "", *el.attrib.values()]
    return views + [unquote(v, errors="surrogateescape") for v in views]


def leaks_decoded(text: str) -> list[str]:
    """Seal-like tokens (leaks()) in any reader's view of an output (reader_views())."""
    return [t for view in reader_views(text) for t in leaks(view)]


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _hermetic_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    for k in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(k)
    for k, v in clean_git_env().items():
        if k.startswith("GIT_"):
            monkeypatch.setenv(k, v)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)


def cli(args: Sequence[str], *, stdin: bytes = b"") -> Run:
    """Run the CLI in-process, the way the console script does."""
    code, out, err = in_process(args, stdin=stdin)
    return Run(code, out.decode("utf-8"), err.decode("utf-8"))


def cli_process(args: Sequence[str], *, cwd: Path, stdin: bytes = b"", env: dict[str, str] | None = None) -> Run:
    """Run the installed console script in a real process."""
    exe = Path(sys.executable).with_name("rehearsal-hook")
    proc = subprocess.run(
        [str(exe), *args], cwd=cwd, input=stdin, capture_output=True, env=env, check=False, timeout=120
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh git work tree as the current directory."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    return root


@pytest.fixture(name="client")
def client_fixture(tmp_path: Path) -> Repo:
    """A work tree on branch main with the native hooks installed and one clean commit, pushed
    to a bare ``origin`` (without a server hook)."""
    repo, _ = pushed(tmp_path, {"README.md": "hello\n"}, work="client")
    install(repo)
    return repo


@pytest.fixture(name="origin")
def origin_fixture(client: Repo) -> Repo:
    """The ``client`` fixture's bare remote."""
    return Repo(client.path.parent / "origin.git")


PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project_snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout as it is on disk (uncommitted changes included), committed into a
    throw-away repository, so the pre-commit framework installs exactly the code under test."""
    dest = tmp_path_factory.mktemp("snapshot") / "rehearsal-hook"
    dest.mkdir()
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
        env=clean_git_env(),
    ).stdout
    for raw in listed.split(b"\0"):
        if not raw:
            continue
        src = PROJECT / os.fsdecode(raw)
        if not src.is_file() and not src.is_symlink():
            continue  # deleted in the work tree
        target = dest / os.fsdecode(raw)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return dest, git(dest, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PRE_COMMIT_HOME for the whole session, so the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def hooked_repo(repo: Path, project_snapshot: tuple[Path, str], pre_commit_home: Path) -> Path:
    """``repo`` with the pre-commit framework installed, running this checkout's hook."""
    snapshot, sha = project_snapshot
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {sha}\n    hooks:\n      - id: rehearsal-check\n"
    )
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "config")
    subprocess.run(
        [PRE_COMMIT, "install"], cwd=repo, env=pre_commit_env(pre_commit_home), check=True, capture_output=True
    )
    return repo


def pre_commit_env(home: Path) -> dict[str, str]:
    env = clean_git_env()
    env["PRE_COMMIT_HOME"] = str(home)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("VIRTUAL_ENV", None)
    return env


# Property tests scale with REHEARSAL_HOOK_EXAMPLES_SCALE (e.g. 10 for a long local or nightly run).
EXAMPLES_SCALE = int(os.environ.get("REHEARSAL_HOOK_EXAMPLES_SCALE", "1"))


def examples(n: int) -> int:
    return n * EXAMPLES_SCALE


@pytest.fixture(scope="session")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty virtual environment, as on a fresh machine: its bin folder, to put first on
    PATH for snippets that install the tool themselves (``python -m pip install ...``)."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    return venv / "bin"


def probe_result(i: int, allow: bool = False) -> dict[str, Any]:
    """One result of a probe report, consistent with itself: blocked (with a reason), or allowed;
    its id the seed's probe ``i`` (1-10) or, past them, ``B<i>_X``."""
    from rehearsal_hook.checks.report_files import seed_probe_ids

    seed = seed_probe_ids()
    return {
        "id": seed[i - 1] if 1 <= i <= len(seed) else f"B{i}_X",
        "verdict": "ALLOW_REHEARSAL_CLONE" if allow else "BLOCK_FAIL_CLOSED",
        "allow": allow,
        "fail_open": allow,
        "token_leaked": False,
        "reasons": [] if allow else ["forbidden-action: x"],
    }


def probe_report(results: list[dict[str, Any]] | None = None, /, **changes: Any) -> dict[str, Any]:
    """An honest probe report over ``results`` (the seed's ten, blocked, by default): every figure
    follows from the results; ``changes`` then overwrite keys (to forge one)."""
    if results is None:
        results = [probe_result(i) for i in range(1, 11)]
    opened = sum(1 for r in results if r["allow"])
    doc: dict[str, Any] = {
        "doc": "d",
        "date": "2026-06-12",
        "harness_scope": "LOCAL",
        "probe_count": len(results),
        "fail_closed_count": len(results) - opened,
        "any_fail_open": opened > 0,
        "forbidden_token_leaked": False,
        "control": {"id": "C", "allowed": True, "controls_pass": True},
        "results": results,
        "verdict": "DEFECT" if opened else "ALL_FAIL_CLOSED",
        "production_mutation": False,
    }
    doc.update(changes)
    return doc
