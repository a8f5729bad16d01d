"""The README stays true: every command, config key, rule code, format and exit code it must
document has its row, and the snippets it tells people to copy work as written."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shlex
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from rehearsal_hook import errors
from rehearsal_hook.cli.group import COMMANDS
from rehearsal_hook.cli.options import CHECK_FORMATS
from rehearsal_hook.config import Config
from rehearsal_hook.output.rulebook import RULES

from .conftest import PROJECT, cli, leaks
from .gitutil import Repo, git_env, init

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of one ``## title`` section, down to the next ``##`` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README + "\n## end", re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def table_rows(text: str) -> dict[str, list[str]]:
    """First cell (unquoted) -> the other cells, for every table row in ``text``."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_quick_start_commands_are_kept() -> None:
    assert "python3 -m venv .venv && .venv/bin/python -m pip install -e '.[dev]'" in README
    assert ".venv/bin/python -m pytest -n auto" in README


def test_every_command_is_in_the_synopsis() -> None:
    for name in COMMANDS:
        assert re.search(rf"^    rehearsal-hook {re.escape(name)}\b", section("The CLI"), re.M), name


def test_every_config_key_has_a_row_with_its_default() -> None:
    rows = table_rows(section("Configuration"))
    for field in dataclasses.fields(Config):
        if field.name == "source":
            continue
        key = field.name.replace("_", "-")
        assert key in rows, f"README's config table has no row for {key}"
        default = getattr(Config(), field.name)
        shown = re.findall(r"`([^`]*)`", rows[key][-1])
        if isinstance(default, bool):
            assert shown == [str(default).lower()], key
        elif default:
            assert tuple(shown) == default, key
        else:
            assert rows[key][-1].startswith("none"), key


def test_the_rules_table_is_the_rulebook() -> None:
    rows = {code: cells for code, cells in table_rows(section("Rules")).items() if code != "code"}
    assert list(rows) == list(RULES), "one row per rule code, in the rulebook's order"
    for code, (group, _) in rows.items():
        assert group == RULES[code].group, code


def test_every_exit_code_and_format_has_a_row() -> None:
    codes = {v for k, v in vars(errors).items() if k.startswith("EXIT_")}
    rows = table_rows(section("The CLI"))
    assert codes <= {int(k) for k in rows if k.isdigit()}
    for fmt in CHECK_FORMATS:
        assert fmt in rows, fmt


def test_every_help_prints_no_token() -> None:
    for name in COMMANDS:
        run = cli([name, "--help"])
        assert run.code == 0 and leaks(run.out + run.err) == [], name


def test_the_readme_passes_its_own_check() -> None:
    assert leaks(README) == []


# ---------------------------------------------------------------------------------------------
# The snippets, run as written


def yaml_blocks() -> list[dict[str, object]]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", README, re.S)]


def test_every_yaml_snippet_parses_and_uses_real_hook_ids() -> None:
    hook_ids = set(re.findall(r"^- id: (\S+)", (PROJECT / ".pre-commit-hooks.yaml").read_text(), re.M))
    blocks = yaml_blocks()
    assert len(blocks) >= 4
    for block in blocks:
        for repo in block.get("repos", []) if isinstance(block, dict) else []:
            assert {h["id"] for h in repo["hooks"]} <= hook_ids


def run_steps(repo: Repo, commands: list[str], env: dict[str, str]) -> list[int]:
    """Run shell commands as a CI runner does, one after the other, stopping at a failure."""
    codes = []
    for command in commands:
        proc = subprocess.run(["bash", "-e", "-c", command], cwd=repo.path, env=env, capture_output=True, check=False)
        codes.append(proc.returncode)
        if proc.returncode:
            break
    return codes


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Repo, str]:
    """A clone with its whole history, on a branch whose first commit adds a token and whose
    second removes it: the tree is clean, the history the merge would publish is not."""
    upstream = init(tmp_path / "upstream", "-b", "main")
    upstream.write("README.md", "hello\n")
    upstream.commit("initial", "README.md")
    subprocess.run(["git", "clone", "-q", str(upstream.path), str(tmp_path / "ci")], env=git_env(), check=True)
    ci = Repo(tmp_path / "ci")
    ci.git("checkout", "-q", "-b", "feature")
    ci.write("notes.md", "CUTOVER_PASS\n")
    ci.commit("add", "notes.md")
    ci.write("notes.md", "fine\n")
    ci.commit("remove", "notes.md")
    return ci, ci.out("merge-base", "origin/main", "HEAD")


def _not_an_install(command: str) -> bool:
    return "pip install" not in command


def test_the_github_workflow_runs(pull_request: tuple[Repo, str]) -> None:
    repo, _ = pull_request
    [workflow] = [b for b in yaml_blocks() if isinstance(b, dict) and "jobs" in b]
    [job] = workflow["jobs"].values()  # type: ignore[attr-defined]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert job["permissions"]["security-events"] == "write"
    runs = [s["run"] for s in job["steps"] if "run" in s and _not_an_install(s["run"])]
    assert any("--all-files --format sarif" in r for r in runs) and any("--range" in r for r in runs)
    env = git_env(GITHUB_BASE_REF="main", GITHUB_EVENT_NAME="pull_request")
    # The runner runs every step below, as `!cancelled()` says, even after a failure.
    codes = [run_steps(repo, [r], env)[0] for r in runs]
    assert codes == [0, 1], "the tree is clean; the pull request's history is not"
    sarif = json.loads((repo.path / upload["with"]["sarif_file"]).read_text())
    schema = json.loads((PROJECT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    annotations = subprocess.run(["bash", "-c", runs[1]], cwd=repo.path, env=env, capture_output=True).stdout
    assert annotations.startswith(b"::error file=notes.md,line=1,col=1,title=seal-token::")


def test_the_gitlab_job_runs(pull_request: tuple[Repo, str]) -> None:
    repo, base = pull_request
    [job] = [b["rehearsal-hook"] for b in yaml_blocks() if isinstance(b, dict) and "rehearsal-hook" in b]
    assert job["variables"]["GIT_DEPTH"] == 0
    script = [c for c in job["script"] if _not_an_install(c)]
    report = job["artifacts"]["reports"]["junit"]
    for mr_base, expected in ((base, [0, 1]), ("", [0, 0])):  # a merge request, then a branch pipeline
        env = git_env(CI_MERGE_REQUEST_DIFF_BASE_SHA=mr_base)
        assert run_steps(repo, script, env) == expected
        suite = ET.parse(repo.path / report).getroot()
        assert suite.get("failures") == "0"


def test_the_60_second_start_runs(tmp_path: Path) -> None:
    [block] = re.findall(r"## 60-second start\n\n```sh\n(.*?)```", README, re.S)
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    commands = [c for c in commands if c.startswith("rehearsal-hook ")]
    assert [shlex.split(c)[1] for c in commands] == ["init", "check", "install"]
    repo = init(tmp_path / "your-repository", "-b", "main")
    repo.write("notes.md", "fine\n")
    repo.git("add", "notes.md")
    assert run_steps(repo, commands, git_env()) == [0, 0, 0]
    assert (repo.path / ".rehearsal-hook.toml").is_file()
    hooks = Path(repo.out("rev-parse", "--absolute-git-dir")) / "hooks"
    assert all((hooks / h).is_file() for h in ("pre-commit", "pre-merge-commit", "commit-msg", "pre-push"))
    assert os.access(hooks / "pre-commit", os.X_OK)
