"""Report files through `check` and `probes`: inconsistent reports block, permitted contexts never
excuse them, the probes' own output passes and holds no token."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import cli, git, leaks
from ..unit.test_report_files import honest, mutate


def test_report_file_through_check(repo: Path) -> None:
    bad = repo / "rehearsal-probes.json"
    bad.write_text(json.dumps(mutate(honest(), "probe_count", 9)))
    good = repo / "nightly.rehearsal-report.json"
    good.write_text(json.dumps(honest()))
    run = cli(["check", "--format", "json", str(bad), str(good)])
    assert run.code == 1
    findings = json.loads(run.out)["findings"]
    assert {(f["path"], f["rule"]) for f in findings} == {("rehearsal-probes.json", "report-inconsistent")}


def test_permitted_contexts_never_exempt_reports(repo: Path) -> None:
    (repo / ".rehearsal-hook.toml").write_text('permitted-contexts = ["reports/**", "rehearsal/**"]\n')
    (repo / "reports").mkdir()
    (repo / "reports" / "rehearsal-x.json").write_text('{"note": "CUTOVER_PASS"}')
    (repo / "reports" / "notes.md").write_text("CUTOVER_PASS\n")
    run = cli(["check", "--format", "json", "reports"])
    assert run.code == 1
    by_path = {f["path"]: f for f in json.loads(run.out)["findings"]}
    assert by_path["reports/rehearsal-x.json"]["blocking"] is True
    assert by_path["reports/notes.md"]["excused_by"] == "permitted-context"


def test_probes_output_is_accepted_by_check(repo: Path) -> None:
    out = repo / "rehearsal-bad-input-probes.json"
    run = cli(["probes", "--output", str(out)])
    assert run.code == 0, run.out + run.err
    assert json.loads(out.read_text())["verdict"] == "ALL_FAIL_CLOSED"
    run = cli(["check", str(out)])
    assert run.code == 0, run.out


def test_seed_shaped_report_from_seed_harness_passes(repo: Path) -> None:
    # The seed harness's own output shape, its ten probes' ids (B10_PRODUCTION_PASS_FROM_REHEARSAL
    # is no token: the token is not a whole word there).
    doc = honest()
    assert doc["results"][9]["id"] == "B10_PRODUCTION_PASS_FROM_REHEARSAL"
    (repo / "rehearsal-bad-input-probes.json").write_text(json.dumps(doc, indent=2))
    assert cli(["check", "rehearsal-bad-input-probes.json"]).code == 0


def test_repository_probe_files_must_block(repo: Path) -> None:
    probes = repo / "rehearsal" / "probes"
    probes.mkdir(parents=True)
    (probes / "prod.json").write_text('{"target": "production", "action": "rehearsal_apply"}')
    (probes / "garbage.json").write_text("{not json")
    assert cli(["check", "rehearsal"]).code == 0
    before = json.loads(cli(["probes", "--format", "json"]).out)["probe_count"]
    git(repo, "add", "-A")  # probes takes the tracked probe files
    run = cli(["probes", "--format", "json"])
    assert run.code == 0
    assert json.loads(run.out)["probe_count"] == before + 2
    (probes / "oops.json").write_text(
        '{"target": "local_clone", "isolated_clone_proven": true, "action": "rehearsal_dry_run"}'
    )
    git(repo, "add", "-A")
    run = cli(["check", "--format", "json", "rehearsal"])
    assert run.code == 1
    assert [f["rule"] for f in json.loads(run.out)["findings"]] == ["probe-not-blocked"]
    run = cli(["probes", "--format", "json"])
    assert run.code == 1
    assert json.loads(run.out)["verdict"] == "DEFECT"


def test_probes_output_file_holds_no_token(repo: Path) -> None:
    probes = repo / "rehearsal" / "probes"
    probes.mkdir(parents=True)
    (probes / "CUTOVER_PASS.json").write_text('{"target": "production", "action": "SEAL_AUTHORIZED"}')
    git(repo, "add", "-A")
    out = repo / "rehearsal-probes.json"
    run = cli(["probes", "--output", str(out)])
    assert run.code == 0, run.out + run.err
    assert leaks(out.read_text()) == []
    assert cli(["check", str(out)]).code == 0


def test_a_report_that_refers_to_another_document_blocks_in_a_commit(repo: Path) -> None:
    (repo / "notes").mkdir()
    (repo / "notes" / "fake.json").write_text('{"verdict": "ALL_FAIL_CLOSED"}')  # no report file: unread
    (repo / "rehearsal-run.json").write_text('{"$ref": "notes/fake.json"}')
    git(repo, "add", ".")
    run = cli(["pre-commit", "--format", "json"])
    assert run.code == 1, run.out
    findings = json.loads(run.out)["findings"]
    assert [(f["path"], f["rule"]) for f in findings] == [("rehearsal-run.json", "report-invalid")]
