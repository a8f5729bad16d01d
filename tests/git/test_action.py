"""The composite GitHub Action (action.yml), run as a runner runs it: each `run:` step as
written, under bash, with the GitHub variables set, against a real clone whose pull request
adds a token in one commit and removes it in the next.  The install step really installs the
tool, from the action's own copy, into an empty virtual environment."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from ..conftest import PROJECT
from ..gitutil import Repo, git_env, pull_request_clone

ACTION = yaml.safe_load((PROJECT / "action.yml").read_text())
SCHEMA = json.loads((PROJECT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def _value(expr: str, context: dict[str, str]) -> str:
    """A GitHub expression's value: the few forms action.yml uses."""
    expr = expr.strip()
    if expr in context:
        return context[expr]
    raise AssertionError(f"action.yml uses an expression this test does not know: {expr}")


def _substitute(text: str, context: dict[str, str]) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: _value(m.group(1), context), text)


def _condition(text: str | None, context: dict[str, str]) -> bool:
    """An `if:`: `!cancelled()` (nothing is cancelled here), `&&`, and `a == 'b'` tests."""
    if text is None:
        return True
    inner = text.strip().removeprefix("${{").removesuffix("}}")
    for term in inner.split("&&"):
        term = term.strip()
        if term == "!cancelled()":
            continue
        negated = "!=" in term
        left, op, right = term.partition("!=" if negated else "==")
        assert op, f"unknown condition {term!r}"
        if (_value(left, context) == right.strip().strip("'")) == negated:
            return False
    return True


# The event's fields the action reads (empty where an event has none, as on GitHub).
EVENT_FIELDS = (
    "pull_request.head.sha",
    "merge_group.base_sha",
    "merge_group.head_sha",
    "before",
    "repository.default_branch",
)
INSTALL = "Install rehearsal-hook (from this action's copy)"


def run_action(
    repo: Repo, env: dict[str, str], tmp_path: Path, event: dict[str, str] | None = None, *, install: bool = True
) -> tuple[int, dict[str, str], list[dict[str, object]]]:
    """Run the action's steps; (the job's exit code, the outputs, the `uses:` steps reached
    with their `with:` resolved).  ``event``: the event's fields (EVENT_FIELDS); ``install``:
    False leaves out the install step (the tool is then the one on ``env``'s PATH)."""
    context = {f"inputs.{k}": str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    context["github.event_name"] = env["GITHUB_EVENT_NAME"]
    context.update({f"github.event.{k}": (event or {}).get(k, "") for k in EVENT_FIELDS})
    for step_id in [s["id"] for s in ACTION["runs"]["steps"] if "id" in s]:
        for out in ("code", "sarif", "base", "push", "range"):
            context[f"steps.{step_id}.outputs.{out}"] = ""  # a step that did not run has no outputs
    used: list[dict[str, object]] = []
    code = 0
    for n, step in enumerate(ACTION["runs"]["steps"]):
        if not _condition(step.get("if"), context) or (code and step.get("if") is None):
            continue
        if not install and step.get("name") == INSTALL:
            continue
        if "uses" in step:
            used.append(
                {"uses": step["uses"], **{k: _substitute(str(v), context) for k, v in step.get("with", {}).items()}}
            )
            continue
        output = tmp_path / f"output-{n}"
        output.write_text("")
        step_env = {**env, "GITHUB_OUTPUT": str(output)}
        step_env.update({k: _substitute(str(v), context) for k, v in step.get("env", {}).items()})
        assert step["shell"] == "bash"
        # As the runner does: bash --noprofile --norc -eo pipefail {0}
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo.path,
            env=step_env,
            capture_output=True,
            check=False,
            timeout=600,
        )
        code = proc.returncode
        assert code == 0 or step.get("id") == "event" or step.get("name") == "Verdict", proc.stderr.decode()[-2000:]
        context["stdout"] = context.get("stdout", "") + proc.stdout.decode()
        context["stderr"] = context.get("stderr", "") + proc.stderr.decode()
        for line in output.read_text().splitlines():
            key, _, value = line.partition("=")
            if "id" in step:
                context[f"steps.{step['id']}.outputs.{key}"] = value
    return code, context, used


@pytest.fixture
def pull_request(tmp_path: Path) -> Repo:
    return pull_request_clone(tmp_path)


@pytest.mark.slow
def test_the_action_runs_as_written(
    pull_request: Repo, project_snapshot: tuple[Path, str], fresh_python: Path, tmp_path: Path
) -> None:
    assert ACTION["runs"]["using"] == "composite"
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    base_env = git_env(
        PATH=f"{fresh_python}{os.pathsep}/usr/bin:/bin",  # the tool only as the action installs it
        GITHUB_ACTION_PATH=str(project_snapshot[0]),
        RUNNER_TEMP=str(runner_temp),
        GITHUB_WORKSPACE=str(pull_request.path),
    )
    # A pull request: the tree is clean, its history is not.
    env = {**base_env, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "feature"}
    code, context, used = run_action(pull_request, env, tmp_path)
    assert (fresh_python / "rehearsal-hook").exists(), "installed from the action's own copy"
    assert context["steps.tree.outputs.code"] == "0" and context["steps.range.outputs.code"] == "1"
    assert code == 1, "the job fails: a commit of the pull request adds a token"
    [upload] = [u for u in used if str(u["uses"]).startswith("github/codeql-action/upload-sarif@")]
    sarif = json.loads(Path(str(upload["sarif_file"])).read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert upload["category"] == "rehearsal-hook"

    # A push of the branch's last commit to the default branch: the tree and that commit, clean.
    pull_request.git("branch", "-q", "-f", "main")
    push_env = {**base_env, "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/main"}
    push = {"before": pull_request.head("HEAD~1"), "repository.default_branch": "main"}
    code, context, used = run_action(pull_request, {**push_env, "GITHUB_SHA": pull_request.head()}, tmp_path, push)
    assert code == 0 and context["steps.range.outputs.code"] == "0"
    assert any(str(u["uses"]).startswith("github/codeql-action/upload-sarif@") for u in used)

    # A token in the tree blocks, and the SARIF is still uploaded.
    pull_request.write("other.md", "PERMIT_PASS\n")
    pull_request.commit("token", "other.md")
    push_env["GITHUB_SHA"] = pull_request.head()
    code, context, used = run_action(pull_request, push_env, tmp_path, push)
    assert code == 1 and context["steps.tree.outputs.code"] == "1"
    [upload] = [u for u in used if str(u["uses"]).startswith("github/codeql-action/upload-sarif@")]
    assert json.loads(Path(str(upload["sarif_file"])).read_text())["runs"][0]["results"]


def test_the_readme_shows_how_to_use_the_action() -> None:
    readme = (PROJECT / "README.md").read_text()
    usage = re.search(r"```yaml\n(# \.github/workflows/rehearsal-hook-action\.yml.*?)```", readme, re.S)
    assert usage, "README has a workflow that uses the action"
    workflow = yaml.safe_load(usage.group(1))
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert any("rehearsal-hook@" in s.get("uses", "") for s in steps)
    assert job["permissions"]["security-events"] == "write"


@pytest.mark.parametrize(
    ("event", "tree", "range_", "expected"),
    [
        ("pull_request", "0", "0", 0),
        ("pull_request", "0", "1", 1),
        ("pull_request", "0", "", 3),  # the range check left no code: cannot verify
        ("pull_request", "", "0", 3),
        ("pull_request", "2", "1", 2),
        ("push", "0", "", 3),  # a push's range check left no code (or its start was not in the clone)
        ("push", "0", "0", 0),
        ("push", "", "", 3),
        ("workflow_dispatch", "0", "", 0),  # no range check: the tree only
        ("pull_request_target", "0", "", 3),  # (its range check ran and left no code, or never ran)
        ("pull_request_target", "0", "0", 0),
        ("merge_group", "0", "", 3),
        ("merge_group", "0", "1", 1),
        ("pull_request_target", "", "", 3),  # the checkout was not the pull request's head
    ],
)
def test_the_verdict_fails_closed_on_a_missing_code(event: str, tree: str, range_: str, expected: int) -> None:
    [verdict] = [s for s in ACTION["runs"]["steps"] if s.get("name") == "Verdict"]
    context = {"github.event_name": event, "steps.tree.outputs.code": tree, "steps.range.outputs.code": range_}
    env = {k: _substitute(str(v), context) for k, v in verdict["env"].items()}
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", verdict["run"]],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        check=False,
    )
    assert proc.returncode == expected, proc.stderr


def _quick_env(pull_request: Repo, tmp_path: Path, event: str, **extra: str) -> dict[str, str]:
    """The runner's variables for ``event``, the tool from this test run's environment."""
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir(exist_ok=True)
    return git_env(
        RUNNER_TEMP=str(runner_temp), GITHUB_WORKSPACE=str(pull_request.path), GITHUB_EVENT_NAME=event, **extra
    )


def test_a_merge_group_is_checked_commit_by_commit(pull_request: Repo, tmp_path: Path) -> None:
    """A merge queue's group (merge_group) brings commits as a pull request does: they are
    checked from the group's base.  Before, only pull_request ran the range check: a group
    whose tree is clean and whose history adds a token passed."""
    env = _quick_env(pull_request, tmp_path, "merge_group")
    event = {"merge_group.base_sha": pull_request.head("origin/main"), "merge_group.head_sha": pull_request.head()}
    code, context, _ = run_action(pull_request, env, tmp_path, event, install=False)
    assert context["steps.tree.outputs.code"] == "0" and context["steps.range.outputs.code"] == "1"
    assert code == 1
    event["merge_group.head_sha"] = pull_request.head("origin/main")  # a checkout of another commit
    code, context, _ = run_action(pull_request, env, tmp_path, event, install=False)
    assert code == 3 and context["steps.tree.outputs.code"] == ""


def test_pull_request_target_checks_the_head_or_fails(pull_request: Repo, tmp_path: Path) -> None:
    """pull_request_target runs with the base branch checked out unless the workflow checks
    out the pull request's head: the checks then judged the base and passed, whatever the
    pull request held.  Now the job fails there (3) with the reason, and with the head
    checked out its commits are checked."""
    head = pull_request.head()
    env = _quick_env(pull_request, tmp_path, "pull_request_target", GITHUB_BASE_REF="main", GITHUB_HEAD_REF="feature")
    code, context, _ = run_action(pull_request, env, tmp_path, {"pull_request.head.sha": head}, install=False)
    assert context["steps.range.outputs.code"] == "1" and code == 1
    pull_request.git("checkout", "-q", "--detach", "origin/main")  # (what actions/checkout does there)
    code, context, used = run_action(pull_request, env, tmp_path, {"pull_request.head.sha": head}, install=False)
    assert code == 3 and context["steps.tree.outputs.code"] == ""
    assert not [u for u in used if str(u["uses"]).startswith("github/codeql-action/upload-sarif@")]
    assert f"the checkout is not the pull_request_target's head {head[:12]}" in context["stdout"]


def _push(pull_request: Repo, tmp_path: Path, ref: str, before: str) -> tuple[int, dict[str, str]]:
    """The action on a push of HEAD to ``ref`` whose old tip was ``before``."""
    env = _quick_env(pull_request, tmp_path, "push", GITHUB_REF=ref, GITHUB_SHA=pull_request.head())
    event = {"before": before, "repository.default_branch": "main"}
    code, context, _ = run_action(pull_request, env, tmp_path, event, install=False)
    return code, context


def test_a_push_is_checked_commit_by_commit(pull_request: Repo, tmp_path: Path) -> None:
    """A push brings commits as a pull request does.  Before, a push ran the whole-tree check
    only: a push that added a token in one commit and removed it in the next passed.  Now a
    push to the default branch is checked from its old tip, and a push of another branch from
    the default branch (a new branch's old tip is all zeros, a force push's is gone)."""
    added = pull_request.head("HEAD~1")  # feature: main's tip, then the token added, then removed
    main = pull_request.head("origin/main")
    zeros = "0" * 40
    for before in (main, added, zeros, "1" * 40):  # whatever the old tip, from the default branch
        code, context = _push(pull_request, tmp_path, "refs/heads/feature", before)
        assert context["steps.tree.outputs.code"] == "0" and context["steps.range.outputs.code"] == "1"
        assert code == 1, before
    pull_request.git("branch", "-q", "-f", "main")
    code, context = _push(pull_request, tmp_path, "refs/heads/main", main)
    assert context["steps.range.outputs.code"] == "1" and code == 1, "the default branch, from its old tip"
    code, context = _push(pull_request, tmp_path, "refs/heads/main", added)
    assert context["steps.range.outputs.code"] == "0" and code == 0, "the push brought the removal only"


@pytest.mark.parametrize("before", ["0" * 40, "1" * 40, ""])
def test_a_push_without_its_start_fails_closed(pull_request: Repo, tmp_path: Path, before: str) -> None:
    """The default branch's first push (old tip all zeros), a force push whose old tip the
    clone lacks, an event without one: nothing tells which commits the push brings, and the
    default branch has nothing older to judge it by.  Both checks fail (1), the tool saying
    why (check --push decides it, no longer the action's shell).  So does another branch's
    push where the clone lacks the default branch (a shallow checkout fetches the pushed ref
    only)."""
    pull_request.git("branch", "-q", "-f", "main")
    code, context = _push(pull_request, tmp_path, "refs/heads/main", before)
    assert code == 1 and context["steps.tree.outputs.code"] == "1" and context["steps.range.outputs.code"] == "1"
    assert "rehearsal-hook: error: the push's start" in context["stderr"], context["stderr"]
    assert "cannot tell which commits it brings" in context["stderr"]
    pull_request.git("update-ref", "-d", "refs/remotes/origin/main")
    code, context = _push(pull_request, tmp_path, "refs/heads/feature", pull_request.head("HEAD~1"))
    assert code == 1 and context["steps.tree.outputs.code"] == "1"
    assert "the default branch origin/main is not in the clone" in context["stderr"]


def test_a_pushed_ref_named_like_a_seal_blocks(pull_request: Repo, tmp_path: Path) -> None:
    """Review: a ref's name is text a reader sees (git branch, git log --decorate); the hooks
    check it, the CI range did not (it knew no ref).  check --push names the ref: a clean
    push of a branch named like a seal blocks in the action."""
    pull_request.git("reset", "-q", "--hard", "origin/main")
    pull_request.git("commit", "-q", "--allow-empty", "--no-verify", "-m", "clean")
    code, context = _push(pull_request, tmp_path, "refs/heads/CUTOVER_PASS", "0" * 40)
    assert context["steps.tree.outputs.code"] == "0" and context["steps.range.outputs.code"] == "1" and code == 1
    assert "::error file=refs/heads/CUTOVER_P…,line=1,col=12,title=seal-token-ref::" in context["stdout"]
    code, context = _push(pull_request, tmp_path, "refs/heads/clean", "0" * 40)
    assert code == 0, context["stdout"]


def test_a_push_whose_checkout_is_another_commit_fails(pull_request: Repo, tmp_path: Path) -> None:
    env = _quick_env(pull_request, tmp_path, "push", GITHUB_REF="refs/heads/feature", GITHUB_SHA="2" * 40)
    code, context, _ = run_action(pull_request, env, tmp_path, {"repository.default_branch": "main"}, install=False)
    assert code == 3 and "the checkout is not the push's head 222222222222" in context["stdout"]
