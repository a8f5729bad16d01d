"""Real repositories: every class of disguised widening, shadowed field, lying report and
costly JSON blocks a real `git commit` through the installed hooks (the index is what is
judged) and `check --all-files` on history committed past the hooks, pointing at the line and
column of the offending key or value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import probe_report, probe_result
from ..gitutil import Repo, init

REQUEST = "req.rehearsal.json"
REPORT = "rehearsal-probes.json"


def request(**changes: object) -> str:
    req: dict[str, object] = {
        "target": "local_clone",
        "isolated_clone_proven": True,
        "action": "rehearsal_apply",
    }
    req.update(changes)
    return json.dumps(req, indent=2, ensure_ascii=False) + "\n"


def where(text: str, needle: str) -> str:
    """``line:column`` of the first ``needle`` in ``text`` (1-based, characters)."""
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def report(**changes: object) -> dict[str, object]:
    return probe_report([probe_result(1), probe_result(2)], **changes)


# (class, file, content, rule, the text the finding must point at, which occurrence of it)
CASES = [
    ("forbidden action, U+2010 hyphen", REQUEST, request(action="Cut\u2010Over"), "forbidden-action", '"Cut', 1),
    ("forbidden action, slash", REQUEST, request(action="secrets/change"), "forbidden-action", '"secrets/', 1),
    ("forbidden action, dots", REQUEST, request(action="cut.over"), "forbidden-action", '"cut.over"', 1),
    ("forbidden action, look-alikes", REQUEST, request(action="\u0441ut\u043ever"), "forbidden-action", '"\u0441', 1),
    ("production, inserted separator", REQUEST, request(target="pro_duction"), "production-target", '"pro_', 1),
    ("production, prod as a word", REQUEST, request(target="eu-prod-db"), "production-target", '"eu-prod', 1),
    ("shadowing field", REQUEST, request(Target="production"), "duplicate-key", '"Target"', 1),
    ("re-cased field alone", REQUEST, request().replace('"target"', '"TARGET"'), "unknown-field", '"TARGET"', 1),
    (
        "request nested under id",
        REQUEST,
        request(id={"target": "production", "action": "cutover"}),
        "invalid-type",
        "{",
        2,
    ),
    (
        "result verdict disagrees",
        REPORT,
        json.dumps(
            report(results=[probe_result(1), {**probe_result(2), "verdict": "ALLOW_REHEARSAL_CLONE"}]), indent=2
        ),
        "report-inconsistent",
        '"ALLOW_REHEARSAL_CLONE"',
        1,
    ),
    (
        "unknown result verdict",
        REPORT,
        json.dumps(report(results=[probe_result(1), {**probe_result(2), "verdict": "MOSTLY_CLOSED"}]), indent=2),
        "report-invalid",
        '"MOSTLY_CLOSED"',
        1,
    ),
    (
        "duplicate probe id",
        REPORT,
        json.dumps(report(results=[probe_result(1), {**probe_result(2), "id": "b1-production-target"}]), indent=2),
        "report-invalid",
        '"b1-production-target"',
        1,
    ),
    (
        "results re-cased",
        REPORT,
        json.dumps({**{k: v for k, v in report().items() if k != "results"}, "Results": []}, indent=2),
        "report-invalid",
        "{",
        1,
    ),
    (
        "variant keys in a report",
        REPORT,
        '{"verdict": "DEFECT", "Verdict": "ALL_FAIL_CLOSED"}\n',
        "duplicate-key",
        '"Verdict"',
        1,
    ),
    (
        "a report one level down",
        REPORT,
        json.dumps({"summary": report(production_mutation=True)}, indent=2),
        "report-invalid",
        '"verdict"',
        1,
    ),
    (
        "a pass under another key",
        REPORT,
        json.dumps({"status": "ALL_FAIL_CLOSED", "production_mutation": True}, indent=2),
        "report-invalid",
        '"ALL_FAIL_CLOSED"',
        1,
    ),
    # the bracket that goes one level too deep: the object is level 1, so the 64th "["
    (
        "too deep",
        REQUEST,
        '{"target": "local_clone", "ticket": ' + "[" * 70 + "]" * 70 + "}\n",
        "request-too-large",
        "[",
        64,
    ),
    # the old nesting check took minutes on this; it is one pass now: the unterminated string
    (
        "quote storm",
        REQUEST,
        '{"target": "local_clone", "ticket": "' + '\\"' * 100_000,
        "invalid-json",
        '"\\"',
        1,
    ),
]
IDS = [c[0] for c in CASES]


def position(text: str, needle: str, occurrence: int) -> str:
    """``line:column`` of the given occurrence of ``needle`` (1-based, in characters)."""
    i = -1
    for _ in range(occurrence):
        i = text.index(needle, i + 1)
    before = text[:i]
    return f"{before.count(chr(10)) + 1}:{i - (before.rfind(chr(10)) + 1) + 1}"


@pytest.mark.parametrize(("name", "path", "text", "rule", "needle", "nth"), CASES, ids=IDS)
def test_commit_is_refused_at_the_offending_place(
    client: Repo, name: str, path: str, text: str, rule: str, needle: str, nth: int
) -> None:
    client.write(path, text)
    client.git("add", "--", path)
    before = client.state()
    run = client.commit(name, verify=True)
    assert run.blocked, run.out
    assert f"{path}:{position(text, needle, nth)}: {rule}" in run.out, run.out
    assert client.state() == before


@pytest.mark.parametrize(("name", "path", "text", "rule", "needle", "nth"), CASES, ids=IDS)
def test_all_files_blocks_what_history_holds(
    tmp_path: Path, name: str, path: str, text: str, rule: str, needle: str, nth: int
) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write(path, text)
    repo.commit("planted past the hooks", path)
    run = repo.cli("check", "--all-files", "--format", "json")
    assert run.code == 1, run.out
    found = {f"{f['line']}:{f['column']}" for f in json.loads(run.out)["findings"] if f["rule"] == rule}
    assert position(text, needle, nth) in found, (found, run.out)


# Configuration narrows the lane, never widens it, in any spelling: a commit that brings such
# a file is refused, and a repository holding one cannot be checked (exit 2).
WIDENING = [
    ("allowed action, dots", 'allowed-actions = ["rehearsal_apply", "cut.over"]\n', "allowed-actions"),
    ("allowed action, U+2010", 'allowed-actions = ["Secrets\u2010Change"]\n', "allowed-actions"),
    ("isolated target, inserted separator", 'isolated-targets = ["pro_duction"]\n', "isolated-targets"),
    ("isolated target, prod as a word", 'isolated-targets = ["prod-clone"]\n', "isolated-targets"),
    ("grant, compacted forbidden action", 'lane-grants = ["CUT_OVER"]\n', "lane-grants"),
    ("grant, production execution", 'lane-grants = ["PROD_EXEC"]\n', "lane-grants"),
    ("grant, execution beside rehearsal", 'lane-grants = ["PRODUCTION_REHEARSAL_EXECUTION"]\n', "lane-grants"),
    ("informational field shadows target", 'informational-fields = ["id", "Target"]\n', "informational-fields"),
    ("informational field names a place", 'informational-fields = ["id", "environment"]\n', "informational-fields"),
    ("informational field brings in a file", 'informational-fields = ["id", "$ref"]\n', "informational-fields"),
]


@pytest.mark.parametrize(("name", "toml", "key"), WIDENING, ids=[w[0] for w in WIDENING])
def test_widening_config_is_refused(client: Repo, tmp_path: Path, name: str, toml: str, key: str) -> None:
    client.write(".rehearsal-hook.toml", toml)
    client.git("add", "--", ".rehearsal-hook.toml")
    before = client.state()
    run = client.commit(name, verify=True)
    assert run.blocked, run.out
    assert f"{key} may not include" in run.out, run.out
    assert client.state() == before

    repo = init(tmp_path / "w", "-b", "main")
    repo.write(".rehearsal-hook.toml", toml)
    repo.commit("planted past the hooks", ".rehearsal-hook.toml")
    run = repo.cli("check", "--all-files")
    assert run.code == 2, run.out
    assert f"{key} may not include" in run.out


def test_baseline_with_variant_keys_is_refused(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("notes.md", "nothing\n")
    repo.write(".rehearsal-hook-baseline.json", '{"version": 1, "entries": [], "Entries": []}\n')
    repo.commit("planted past the hooks", "notes.md", ".rehearsal-hook-baseline.json")
    run = repo.cli("check", "--all-files")
    assert run.code == 2, run.out
    assert "differ only by case or spelling" in run.out


def test_baseline_quote_storm_is_refused_in_one_pass(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    repo.write("notes.md", "nothing\n")
    repo.write(".rehearsal-hook-baseline.json", '{"version": 1, "entries": ["' + '\\"' * 200_000)
    repo.commit("planted past the hooks", "notes.md", ".rehearsal-hook-baseline.json")
    run = repo.cli("check", "--all-files")
    assert run.code == 2, run.out
    assert "Unterminated string" in run.out


def test_probe_that_passes_is_pointed_at(tmp_path: Path) -> None:
    repo = init(tmp_path / "w", "-b", "main")
    blocked = '{"target": "production", "action": "rehearsal_apply"}'
    allowed = '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}'
    repo.write("rehearsal/probes/p.json", f"[\n  {blocked},\n  {allowed}\n]\n")
    repo.commit("planted past the hooks", "rehearsal/probes/p.json")
    run = repo.cli("check", "--all-files", "--format", "json")
    assert run.code == 1, run.out
    [finding] = json.loads(run.out)["findings"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("probe-not-blocked", 3, 3)
