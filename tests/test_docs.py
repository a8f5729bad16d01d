"""The README stays true: every command, config key, rule code, format and exit code it must
document has its row, and the snippets it tells people to copy work as written."""

from __future__ import annotations

import dataclasses
import json
import os
import re
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
from .gitutil import Repo, git_env, init, pull_request_clone

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
    ci = pull_request_clone(tmp_path)
    return ci, ci.out("merge-base", "origin/main", "HEAD")


PINNED_URL = "https://git.example.com/tools/rehearsal-hook@v0.1.0"


def as_installed_here(command: str, snapshot: tuple[Path, str]) -> str:
    """An install command of the README with its documented stand-ins (the repository's URL
    and a tag) replaced by a real repository: this checkout, committed, at its commit."""
    path, sha = snapshot
    return command.replace(PINNED_URL, f"file://{path}@{sha}")


def fresh_env(fresh_python: Path, **extra: str) -> dict[str, str]:
    """A runner's environment: an empty Python first on PATH, so `python -m pip install` in a
    snippet installs the tool there and its later steps run that copy, not the test's."""
    return git_env(PATH=f"{fresh_python}{os.pathsep}/usr/bin:/bin", **extra)


def _workflows() -> list[dict[str, object]]:
    return [b for b in yaml_blocks() if isinstance(b, dict) and "jobs" in b]


def _github_job() -> dict[str, list[dict[str, object]]]:
    [workflow] = [w for w in _workflows() if any("run" in s for j in w["jobs"].values() for s in j["steps"])]  # type: ignore[attr-defined]
    [job] = workflow["jobs"].values()  # type: ignore[attr-defined]
    return job  # type: ignore[no-any-return]


def run_github_steps(repo: Repo, env: dict[str, str], event: dict[str, str]) -> list[int]:
    """The workflow's `run:` steps after the install, as a runner runs them: each step's
    `env:` with the event's fields (``event``: `github.event.X` -> value), what a step appends
    to $GITHUB_ENV in the environment of the steps after it, every step run (`!cancelled()`),
    but a step whose `if:` names events only on those it names.  Their exit codes."""
    github_env = repo.path.parent / "github-env"
    github_env.write_text("")
    env = {**env, "GITHUB_ENV": str(github_env)}
    codes = []
    for step in [s for s in _github_job()["steps"] if "run" in s][1:]:
        names = re.findall(r"github\.event_name == '(\w+)'", str(step.get("if", "")))
        if names and env["GITHUB_EVENT_NAME"] not in names:
            continue
        fields: dict[str, str] = step.get("env", {})  # type: ignore[assignment]
        step_env = {k: re.sub(r"\$\{\{ *(\S+) *\}\}", lambda m: event[m.group(1)], v) for k, v in fields.items()}
        codes.append(run_steps(repo, [str(step["run"])], {**env, **step_env})[0])
        for line in github_env.read_text().splitlines():
            key, _, value = line.partition("=")
            env[key] = value
    return codes


def run_gitlab_script(repo: Repo, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The job's script after the install as GitLab runs it: its lines in one shell (a
    variable one sets is there for the next), stopping at the first that fails."""
    [job] = [b["rehearsal-hook"] for b in yaml_blocks() if isinstance(b, dict) and "rehearsal-hook" in b]
    script = "\n".join(job["script"][1:])
    return subprocess.run(["bash", "-e", "-c", script], cwd=repo.path, env=env, capture_output=True, check=False)


@pytest.mark.slow
def test_the_github_workflow_runs(
    pull_request: tuple[Repo, str], project_snapshot: tuple[Path, str], fresh_python: Path
) -> None:
    repo, _ = pull_request
    job = _github_job()
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # type: ignore[index]
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert job["permissions"]["security-events"] == "write"  # type: ignore[call-overload]
    [install, *runs] = [str(s["run"]) for s in job["steps"] if "run" in s]
    assert PINNED_URL in install
    assert any("--all-files --format sarif" in r for r in runs) and any("--range" in r for r in runs)
    env = fresh_env(fresh_python, GITHUB_BASE_REF="main", GITHUB_EVENT_NAME="pull_request")
    assert run_steps(repo, [as_installed_here(install, project_snapshot)], env) == [0]
    assert (fresh_python / "rehearsal-hook").exists()
    # The runner runs every step below, as `!cancelled()` says, even after a failure.
    event = {"github.event.before": "", "github.event.repository.default_branch": "main"}  # (a push's fields)
    assert run_github_steps(repo, env, event) == [0, 0, 1], "the tree is clean; the pull request's history is not"
    sarif = json.loads((repo.path / upload["with"]["sarif_file"]).read_text())  # type: ignore[index]
    schema = json.loads((PROJECT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    annotations = subprocess.run(
        ["bash", "-c", runs[-1]], cwd=repo.path, env={**env, "BASE": "origin/main"}, capture_output=True
    ).stdout
    assert annotations.startswith(b"::error file=notes.md,line=1,col=1,title=seal-token::")


def test_the_github_workflow_checks_a_push_commit_by_commit(pull_request: tuple[Repo, str]) -> None:
    """The spelt-out workflow runs on push too.  Before, a push ran the whole-tree check only:
    a push that added a token in one commit and removed it in the next passed.  Now a push of
    a branch is checked from the default branch, one to the default branch from its old tip,
    and an old tip the clone lacks (a first push, a force push) fails, closed -- as check
    --push decides, given the push as GitHub reports it."""
    repo, _ = pull_request
    added = repo.head("HEAD~1")
    event = {"github.event.before": added, "github.event.repository.default_branch": "main"}
    push = git_env(GITHUB_EVENT_NAME="push", GITHUB_REF="refs/heads/feature")
    assert run_github_steps(repo, push, event) == [0, 0, 1], "the branch's commits from main: one adds a token"
    repo.git("branch", "-q", "-f", "main")
    push["GITHUB_REF"] = "refs/heads/main"
    assert run_github_steps(repo, push, event) == [0, 0, 0], "the push to main brought the removal only"
    event["github.event.before"] = repo.head("origin/main")
    assert run_github_steps(repo, push, event) == [0, 0, 1]
    for before in ("0" * 40, "1" * 40, ""):
        event["github.event.before"] = before
        # (check --push decides the start: none in the clone, both checks block, saying why)
        assert run_github_steps(repo, push, event) == [0, 1, 1], before
    assert run_github_steps(repo, git_env(GITHUB_EVENT_NAME="workflow_dispatch"), event) == [0, 0], "the tree only"


@pytest.mark.slow
def test_the_gitlab_job_runs(
    pull_request: tuple[Repo, str], project_snapshot: tuple[Path, str], fresh_python: Path
) -> None:
    repo, base = pull_request
    [job] = [b["rehearsal-hook"] for b in yaml_blocks() if isinstance(b, dict) and "rehearsal-hook" in b]
    assert job["variables"]["GIT_DEPTH"] == 0
    install = job["script"][0]
    assert PINNED_URL in install
    assert run_steps(repo, [as_installed_here(install, project_snapshot)], fresh_env(fresh_python)) == [0]
    report = job["artifacts"]["reports"]["junit"]
    env = fresh_env(fresh_python, CI_MERGE_REQUEST_DIFF_BASE_SHA=base, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    assert run_gitlab_script(repo, env).returncode == 1
    suite = ET.parse(repo.path / report).getroot()
    assert suite.get("failures") == "0"


def test_the_gitlab_job_checks_every_pipeline_commit_by_commit(pull_request: tuple[Repo, str]) -> None:
    """Before, a branch pipeline ran the whole-tree check only: a push that added a token in
    one commit and removed it in the next passed.  Now a merge request is checked from its
    diff base, a branch pipeline from the default branch (fetched: GitLab fetches the pushed
    ref only), the default branch's from its old tip, and an old tip the clone lacks (all
    zeros on a first push, gone after a force push) fails, closed."""
    repo, base = pull_request
    report = repo.path / "rehearsal-hook.xml"
    merge_request = git_env(CI_MERGE_REQUEST_DIFF_BASE_SHA=base, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    assert run_gitlab_script(repo, merge_request).returncode == 1
    assert ET.parse(report).getroot().get("failures") == "0", "the tree is clean; the range is not"
    repo.git("update-ref", "-d", "refs/remotes/origin/main")  # as GitLab's clone of a branch has it
    branch = git_env(CI_COMMIT_BRANCH="feature", CI_DEFAULT_BRANCH="main", CI_COMMIT_BEFORE_SHA=repo.head("HEAD~1"))
    assert run_gitlab_script(repo, branch).returncode == 1, "the branch's commits from main: one adds a token"
    tag = git_env(CI_COMMIT_TAG="v1", CI_DEFAULT_BRANCH="main", CI_COMMIT_BEFORE_SHA="0" * 40)
    assert run_gitlab_script(repo, tag).returncode == 1
    repo.git("branch", "-q", "-f", "main")
    default = {**branch, "CI_COMMIT_BRANCH": "main"}
    assert run_gitlab_script(repo, default).returncode == 0, "the push to main brought the removal only"
    assert run_gitlab_script(repo, {**default, "CI_COMMIT_BEFORE_SHA": base}).returncode == 1
    for before in ("0" * 40, "1" * 40, ""):
        proc = run_gitlab_script(repo, {**default, "CI_COMMIT_BEFORE_SHA": before})
        # The tree check itself fails, and says why in the report.
        assert proc.returncode != 0 and ET.parse(report).getroot().get("errors") == "1", before


def test_a_merge_request_is_judged_by_its_target_branch_as_it_stands(tmp_path: Path) -> None:
    """A merge request's rules are the target branch's now, not its diff base's: that is the
    merge base (GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA), a commit of main the author picks by
    where the branch starts -- one from before main forbade a token judged the branch adding
    it by the rules without it (the job passed; attacking main)."""
    upstream = init(tmp_path / "upstream", "-b", "main")
    upstream.write(".rehearsal-hook.toml", "protect-exemptions = true\n")
    upstream.commit("rules", ".rehearsal-hook.toml")
    old = upstream.head()
    upstream.write(".rehearsal-hook.toml", 'protect-exemptions = true\nforbidden-tokens = ["ACME_SECRET"]\n')
    upstream.commit("tighten", ".rehearsal-hook.toml")
    subprocess.run(["git", "clone", "-q", str(upstream.path), str(tmp_path / "ci")], env=git_env(), check=True)
    ci = Repo(tmp_path / "ci")
    ci.git("checkout", "-q", "-b", "feature", old)
    ci.write("notes.md", "ACME_SECRET\n")
    ci.commit("add", "notes.md")
    ci.git("update-ref", "-d", "refs/remotes/origin/main")  # GitLab fetches the merge request's ref
    merge_request = git_env(
        CI_MERGE_REQUEST_DIFF_BASE_SHA=old, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_DEFAULT_BRANCH="main"
    )
    assert run_gitlab_script(ci, merge_request).returncode == 1
    report = (ci.path / "rehearsal-hook.xml").read_text()
    assert ET.fromstring(report).get("failures") == "1" and "notes.md" in report, report


def test_no_install_command_assumes_a_release() -> None:
    """Until a release is on the package index, every install the README tells people to run
    works today: from a clone or a git URL.  The index command is only named as what comes."""
    for paragraph in README.split("\n\n"):
        if re.search(r"pipx? install rehearsal-hook\b", paragraph):
            assert "release" in paragraph, paragraph
    assert "your-org" not in README


@pytest.mark.slow
def test_the_60_second_start_runs(tmp_path: Path, project_snapshot: tuple[Path, str]) -> None:
    """From nothing to a blocked commit, on a machine with git and Python only: the block as
    written, with REPO_URL standing for this repository (committed), in an empty HOME."""
    [block] = re.findall(r"## 60-second start\n.*?```sh\n(.*?)```", README, re.S)
    lines = [line for line in block.splitlines() if line.strip()]
    assert lines[0].startswith("git clone REPO_URL ") and "pip install" in block
    assert lines[-1].startswith("git add notes.md && git commit")
    script = block.replace("REPO_URL", str(project_snapshot[0]))
    # Everything but the last line must succeed; the last (the commit) must be refused.
    *setup, last = script.strip().splitlines()
    body = "set -e\n" + "\n".join(setup) + "\nset +e\n" + last + '\necho "commit-exit=$?"\n'
    home = tmp_path / "home"
    home.mkdir()
    env = git_env(HOME=str(home), PATH="/usr/bin:/bin")  # no rehearsal-hook anywhere yet
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", body], cwd=home, env=env, capture_output=True, timeout=600
    )
    out = proc.stdout.decode() + proc.stderr.decode()
    assert proc.returncode == 0, out[-3000:]
    assert "commit-exit=1" in out, out[-3000:]
    assert "notes.md:1:12: seal-token seal-like token CUTOVER_P" in out
    assert "rehearsal-hook: BLOCKED: 1 finding in 1 file (1 file checked; excused: none)" in out
    repo = Repo(home / "your-repository")
    assert repo.git("rev-parse", "--verify", "-q", "HEAD", ok=False).code != 0, "no commit was made"
    hooks = Path(repo.out("rev-parse", "--absolute-git-dir")) / "hooks"
    assert all((hooks / h).is_file() for h in ("pre-commit", "pre-merge-commit", "commit-msg", "pre-push"))
    assert os.access(hooks / "pre-commit", os.X_OK)


def test_the_valid_request_of_the_readme_passes_and_breaking_a_rule_blocks(repo: Path) -> None:
    [example] = re.findall(r"## What it checks\n.*?```json\n(.*?)```", README, re.S)
    (repo / "a.rehearsal.json").write_text(example)
    assert cli(["gate", "a.rehearsal.json"]).code == 0
    assert cli(["check", "a.rehearsal.json"]).code == 0
    request = json.loads(example)
    for field, value in (("target", "production"), ("action", "cutover"), ("isolated_clone_proven", False)):
        (repo / "b.rehearsal.json").write_text(json.dumps({**request, field: value}))
        assert cli(["gate", "b.rehearsal.json"]).code == 1, field


def test_the_readme_speaks_for_itself() -> None:
    """No knowledge of an original harness assumed: no 'seed', no 'Rule 2', no 'harness'."""
    assert not re.search(r"\bseed\b|\bRule \d|harness", README, re.I)


def test_what_the_readme_says_about_colour_and_the_baseline_is_true(repo: Path) -> None:
    """NO_COLOR: an empty value is ignored (no-color.org), and the README says so; the baseline
    holds paths as they are and tokens only redacted, as the README says."""
    assert "an empty one is ignored" in README and "`TERM=dumb`" in README
    assert "no token or path in the clear" not in README
    assert "holds each path as it is but every token only redacted" in README
    (repo / "notes.md").write_text("CUTOVER_PASS\n")
    subprocess.run(["git", "add", "notes.md"], cwd=repo, check=True, env=git_env())
    assert cli(["baseline"]).code == 0
    data = (repo / ".rehearsal-hook-baseline.json").read_text()
    assert '"path": "notes.md"' in data and leaks(data) == []
