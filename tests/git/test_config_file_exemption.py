"""The active config file's own exemption (issue 11): only the words of its one-line
``forbidden-tokens = [...]`` array are exempt -- the file has to name the tokens it forbids.
A token anywhere else in it (pyproject.toml's description, another tool's table, a comment of
.rehearsal-hook.toml) is scanned like any file, even under protect-exemptions, in every mode."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ..gitutil import install, pushed, server_hook

TOML = ".rehearsal-hook.toml"
PYPROJECT = "pyproject.toml"
RULES = 'protect-exemptions = true\nforbidden-tokens = ["GO_LIVE_OK"]\n'
PYPROJECT_BASE = '[project]\nname = "x"\ndescription = "a tool"\n\n[tool.rehearsal-hook]\n' + RULES


@dataclass
class Placement:
    """The active config file before and after a change that puts a token in it (``line``)."""

    path: str
    base: str
    change: str
    line: int


PLACEMENTS = {
    "pyproject description": Placement(
        PYPROJECT, PYPROJECT_BASE, PYPROJECT_BASE.replace('"a tool"', '"CUTOVER_PASS"'), 3
    ),
    "pyproject other tool's table": Placement(
        PYPROJECT, PYPROJECT_BASE, PYPROJECT_BASE + '\n[tool.other]\nsecret = "CUTOVER_PASS"\n', 10
    ),
    "toml comment": Placement(TOML, RULES, "# reviewed: CUTOVER_PASS\n" + RULES, 1),
    # Lines that read like a forbidden-tokens line but are not the config's key: inside a
    # multi-line string, in another tool's table (found in review: each was excused).
    "pyproject description holding a forbidden-tokens line": Placement(
        PYPROJECT,
        PYPROJECT_BASE,
        PYPROJECT_BASE.replace('"a tool"', '"""\nforbidden-tokens = ["CUTOVER_PASS"]\n"""'),
        4,
    ),
    "pyproject other tool's forbidden-tokens": Placement(
        PYPROJECT, PYPROJECT_BASE, PYPROJECT_BASE + '\n[tool.other]\nforbidden-tokens = ["CUTOVER_PASS"]\n', 10
    ),
    "toml string holding a forbidden-tokens line": Placement(
        TOML, RULES, RULES + "permitted-contexts = ['''\nforbidden-tokens = [\"CUTOVER_PASS\"]\n''']\n", 4
    ),
}

MODES = ["check-paths", "check-all-files", "check-staged", "check-range", "pre-commit", "pre-push", "pre-receive"]


def _run(tmp_path: Path, placement: Placement, mode: str) -> tuple[int, str]:
    repo, bare = pushed(tmp_path, {placement.path: placement.base, "README.md": "hello\n"})
    base = repo.head()
    repo.write(placement.path, placement.change)
    if mode == "check-paths":
        result = repo.cli("check", placement.path)
    elif mode == "check-all-files":
        result = repo.cli("check", "--all-files")
    elif mode == "check-staged":
        repo.git("add", placement.path)
        result = repo.cli("check", "--staged")
    elif mode == "check-range":
        repo.commit("change", placement.path)
        result = repo.cli("check", "--range", f"{base}..HEAD")
    elif mode == "pre-commit":
        install(repo)
        repo.git("add", placement.path)
        result = repo.commit("change", verify=True)
    elif mode == "pre-push":
        install(repo)
        repo.commit("change", placement.path)
        result = repo.push("origin", "main")
    else:
        server_hook(bare)
        repo.commit("change", placement.path)
        result = repo.push("origin", "main", verify=False)
    return result.code, result.out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(PLACEMENTS))
def test_a_token_elsewhere_in_the_config_file_blocks(tmp_path: Path, name: str, mode: str) -> None:
    placement = PLACEMENTS[name]
    code, out = _run(tmp_path, placement, mode)
    assert code != 0, out
    lines = [line for line in out.splitlines() if f"{placement.path}:{placement.line}:" in line]
    assert lines and all("seal-token" in line and "[excused" not in line for line in lines), out
    assert "CUTOVER_PASS" not in out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", [TOML, PYPROJECT])
def test_the_forbidden_tokens_line_names_tokens_without_a_finding(tmp_path: Path, path: str, mode: str) -> None:
    """A change that forbids one more (seal-like) token: tightening, so not refused either."""
    base = RULES if path == TOML else PYPROJECT_BASE
    change = base.replace('["GO_LIVE_OK"]', '["GO_LIVE_OK", "CUTOVER_PASS"]')
    code, out = _run(tmp_path, Placement(path, base, change, 0), mode)
    assert code == 0, out
    assert "CUTOVER_PASS" not in out
