"""Reports for machines and people: SARIF, GitHub annotations, JUnit, colour, explain, init."""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rehearsal_hook.config import Config, parse_config
from rehearsal_hook.output.rulebook import RULES

from ..conftest import PROJECT, Run, cli, git, leaks
from ..unit.test_formats import SCHEMA


@pytest.fixture
def findings_repo(repo: Path) -> Path:
    (repo / "notes dir").mkdir()
    (repo / "notes dir" / "a,b:c%.md").write_text("ok\n  CUTOVER_PASS\nX_PASS # rehearsal-hook: allow\n")
    (repo / "r.rehearsal.json").write_text('{"target": "production", "action": "cutover"}')
    (repo / "DEPLOY_GRANTED.txt").write_text("")
    return repo


def test_sarif_is_valid_and_complete(findings_repo: Path) -> None:
    run = cli(["check", "--format", "sarif", "."])
    assert run.code == 1
    doc = json.loads(run.out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    [sarif_run] = doc["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "rehearsal-hook"
    rule_ids = [r["id"] for r in driver["rules"]]
    results = sarif_run["results"]
    json_findings = json.loads(cli(["check", "--format", "json", "."]).out)["findings"]
    assert len(results) == len(json_findings)
    for res in results:
        # what GitHub code scanning requires
        assert res["ruleId"] in rule_ids
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1
        assert res["partialFingerprints"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "notes%20dir/a%2Cb%3Ac%25.md" in uris
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == 1 and suppressed[0]["level"] == "note"
    for rule in driver["rules"]:
        assert rule["help"]["text"] and rule["shortDescription"]["text"]


def test_sarif_for_a_range_names_the_commit(repo: Path) -> None:
    (repo / "a.md").write_text("clean\n")
    git(repo, "add", "a.md")
    git(repo, "commit", "-qm", "base")
    (repo / "a.md").write_text("clean\nCUTOVER_PASS\n")
    git(repo, "commit", "-qam", "token")
    head = git(repo, "rev-parse", "HEAD").strip()
    run = cli(["check", "--format", "sarif", "--range", "HEAD~1..HEAD"])
    assert run.code == 1, run
    doc = json.loads(run.out)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    commits = {r.get("properties", {}).get("commit") for r in doc["runs"][0]["results"]}
    assert head in commits


def test_github_format_through_cli(findings_repo: Path) -> None:
    run = cli(["check", "--format", "github", "."])
    assert run.code == 1
    errors = [line for line in run.out.splitlines() if line.startswith("::error ")]
    assert len(errors) == json.loads(cli(["check", "--format", "json", "."]).out)["summary"]["blocking"]


@pytest.mark.parametrize("clean", [True, False])
def test_junit_parses_and_counts_failures(findings_repo: Path, clean: bool) -> None:
    args = ["check", "--format", "junit", "r.rehearsal.json" if not clean else "notes dir"]
    if clean:
        (findings_repo / "notes dir" / "a,b:c%.md").write_text("clean\n")
    run = cli(args)
    root = ET.fromstring(run.out)
    suite = root.find("testsuite")
    assert suite is not None
    failures = suite.findall("testcase/failure")
    assert int(root.get("failures", "-1")) == int(suite.get("failures", "-1")) == len(failures)
    assert len(failures) == (0 if clean else 3)
    assert run.code == (0 if clean else 1)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_no_format_prints_a_token(findings_repo: Path, fmt: str) -> None:
    (findings_repo / "\uff30\uff32\uff2f\uff24_\uff30\uff21\uff33\uff33.md").write_text("PRO\u200bD_PASS")
    run = cli(["check", "--format", fmt, "."])
    assert run.code == 1
    assert leaks(run.out) == [] and leaks(run.err) == []


# ---------------------------------------------------------------------------------------------
# explain, init, docs in step


def test_every_rule_has_an_explanation_and_a_readme_row() -> None:
    readme = (PROJECT / "README.md").read_text()
    for code in RULES:
        run = cli(["explain", code])
        assert run.code == 0
        assert run.out.startswith(code) and "Why it blocks" in run.out and "How to fix" in run.out
        assert f"| `{code}` |" in readme, f"README has no row for {code}"
    assert cli(["explain", "no-such-rule"]).code == 2
    listing = cli(["explain", "--list"]).out
    assert all(code in listing for code in RULES)


def test_every_rule_code_the_code_can_emit_is_documented() -> None:
    source = "\n".join(p.read_text() for p in (PROJECT / "src" / "rehearsal_hook").rglob("*.py"))
    emitted = set(re.findall(r'(?:CannotVerify|Reason|bad|inconsistent)\(\s*"([a-z]+(?:-[a-z]+)+)"', source))
    emitted |= set(re.findall(r'"(seal-token[a-z-]*|probe-not-blocked|rules-unstaged)"', source))
    assert emitted, "the pattern must find the codes"
    assert emitted <= set(RULES), emitted - set(RULES)


def test_every_hook_id_is_in_the_readme() -> None:
    hooks = (PROJECT / ".pre-commit-hooks.yaml").read_text()
    readme = (PROJECT / "README.md").read_text()
    ids = re.findall(r"^- id: (\S+)", hooks, re.M)
    assert ids
    for hook_id in ids:
        assert hook_id in readme


def test_documentation_commands_print_no_token() -> None:
    for args in (
        ["explain", "--list"],
        *[["explain", c] for c in RULES],
        ["--help"],
        *[[c, "--help"] for c in ("check", "gate", "probes", "init", "explain", "pre-push")],
    ):
        run = cli(args)
        assert leaks(run.out + run.err) == [], args


def test_init_writes_every_key_and_never_overwrites(repo: Path) -> None:
    run = cli(["init"])
    assert run.code == 0
    assert "rehearsal-check" in run.out and "rehearsal-pre-push" in run.out
    text = (repo / ".rehearsal-hook.toml").read_text()
    keys = set(tomllib.loads(text))
    assert keys == {f.replace("_", "-") for f in Config.__dataclass_fields__ if f != "source"}
    assert parse_config(text.encode(), source=".rehearsal-hook.toml") == Config()
    (repo / ".rehearsal-hook.toml").write_text("# mine\n")
    run = cli(["init"])
    assert run.code == 2
    assert (repo / ".rehearsal-hook.toml").read_text() == "# mine\n"


# GitHub's runner runs a workflow command from any line of a step's output: ``::NAME ...::`` at
# the start of a line (after blanks) and the older ``##[NAME ...]`` anywhere in it
# (actions/runner ActionCommand.TryParseV2 and TryParse).  A file name is anyone's to choose:
# found in session 29, ``x##[group]y.md`` folded the rest of a text report away, and
# ``##[stop-commands]`` in a JSON report stopped the annotations after it.
WORKFLOW_NAMES = ["x##[group]y.md", "a##[add-mask]b.md", " ::warning::w.md", "::error::e.md", "m##[stop-commands]s.md"]


def _workflow_commands(text: str, fmt: str) -> list[str]:
    """The lines of ``text`` GitHub's runner would take for commands, but the tool's own
    annotations (``--format github``: the runner reads such a line as that one command, and
    its file= must name the file as it is)."""
    ours = ("::error file=", "::notice file=", "::error title=rehearsal-hook::")
    return [
        line
        for line in text.splitlines()
        if not (fmt == "github" and line.startswith(ours)) and ("##[" in line or line.lstrip().startswith("::"))
    ]


def _names_checked(repo: Path, names: list[str], request: str, fmt: str) -> tuple[Run, Any, set[str]]:
    """``check`` in ``fmt`` of files named ``names`` holding a token and of a production request
    named ``request``: it blocks; the run, its JSON (json, sarif) and its JUnit cases' names."""
    for name in names:
        (repo / name).write_text("x CUTOVER_PASS\n")
    (repo / request).write_text('{"target": "production", "action": "cutover"}')
    run = cli(["check", "--format", fmt, "."])
    assert run.code == 1
    doc = json.loads(run.out) if fmt in ("json", "sarif") else None  # (still JSON)
    cases = ET.fromstring(run.out).iter("testcase") if fmt == "junit" else ()
    return run, doc, {case.get("name", "").split(":1:")[0] for case in cases}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_no_report_line_is_a_workflow_command(repo: Path, fmt: str) -> None:
    run, doc, junit_names = _names_checked(repo, WORKFLOW_NAMES, "q##[error]r.rehearsal.json", fmt)
    assert _workflow_commands(run.out + run.err, fmt) == []
    if fmt == "json":
        text = json.dumps(doc, ensure_ascii=False)  # the names themselves, exactly
        assert all(json.dumps(name, ensure_ascii=False)[1:-1] in text for name in WORKFLOW_NAMES)
    if fmt == "junit":
        assert {"x##[group]y.md", "::error::e.md"} <= junit_names


# Names that act on a terminal or a log viewer when printed raw: ESC's CSI and OSC (colours,
# concealed text, a hyperlink), BEL, a backspace, DEL and the 8-bit CSI U+009B (xterm in UTF-8).
# Found in session 30: --format github printed them raw in file= and JSON and JUnit the C1 ones.
# And what lays a line out: a bidirectional override, isolate or mark turns the rest of the
# line around where it is shown (a terminal with bidirectional layout, GitHub's log viewer and
# annotations), a line separator breaks it there (found in session 31: printed raw by every
# format, a name i<RLO>j.md showing the finding's line reversed after it).
TERMINAL_NAMES = [
    *("a\x1b[8mb.md", "c\x1b]8;;x\x07d.md", "e\x9b2Jf.md", "g\x08\x7fh.md"),
    *("i\u202ej.md", "k\u2067l\u2069.md", "m\u200fn\u061co.md", "p\u2028q.md"),
]
_ACTS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_no_report_byte_acts_on_a_terminal(repo: Path, fmt: str) -> None:
    run, doc, junit_names = _names_checked(repo, TERMINAL_NAMES, "q\x9b1mr.rehearsal.json", fmt)
    assert _ACTS.findall(run.out + run.err) == []
    if fmt == "json":
        assert {f["path"] for f in doc["findings"]} >= set(TERMINAL_NAMES)  # the names exactly
    if fmt == "junit":
        assert "e\x9b2Jf.md" in junit_names  # (XML carries it as a character reference)
    if fmt == "github":
        assert "::error file=a\\x1b[8mb.md,line=1,col=3," in run.out


def test_gate_output_acts_on_no_terminal(repo: Path) -> None:
    (repo / "q\x9b1mr.rehearsal.json").write_text('{"target": "prod\\u009b2J", "action": "cutover"}')
    for fmt in ("text", "json"):
        run = cli(["gate", "--format", fmt, "q\x9b1mr.rehearsal.json"])
        assert run.code == 1 and _ACTS.findall(run.out + run.err) == []


def test_no_gate_or_error_line_is_a_workflow_command(repo: Path) -> None:
    (repo / "q##[error]r.rehearsal.json").write_text('{"target": "production", "action": "cutover"}')
    for fmt in ("text", "json"):
        run = cli(["gate", "--format", fmt, "q##[error]r.rehearsal.json"])
        assert run.code == 1 and _workflow_commands(run.out + run.err, fmt) == []
    run = cli(["check", "--config", "c##[error]d.toml", "."])
    assert run.code == 2 and _workflow_commands(run.out + run.err, "text") == []


def test_documents_written_to_standard_output_are_inert(repo: Path) -> None:
    probe = repo / "rehearsal" / "probes" / "x##[group]y.json"
    probe.parent.mkdir(parents=True)
    probe.write_text('{"target": "production", "action": "cutover"}')
    git(repo, "add", ".")
    run = cli(["probes", "--output", "-"])  # (the report, then the text summary)
    report, _ = json.JSONDecoder().raw_decode(run.out)
    assert _workflow_commands(run.out, "text") == [] and "x##[group]y.json" in json.dumps(report)
    (repo / "n##[group]m.md").write_text("x CUTOVER_PASS\n")
    git(repo, "add", ".")
    run = cli(["baseline", "--baseline", "-"])  # (the baseline, then what it excuses)
    baseline, _ = json.JSONDecoder().raw_decode(run.out)
    assert _workflow_commands(run.out + run.err, "text") == []
    assert baseline["entries"][0]["path"] == "n##[group]m.md"
