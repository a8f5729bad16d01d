"""`rehearsal-hook gate`: the gate's bad-input table through the CLI, stdin, unreadable paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import cli
from ..unit.test_gate import BAD, valid


@pytest.mark.parametrize(("name", "data", "code"), BAD[:8], ids=[b[0] for b in BAD[:8]])
def test_bad_input_blocks_through_cli(repo: Path, name: str, data: bytes, code: str) -> None:
    path = repo / "req.rehearsal.json"
    path.write_bytes(data)
    run = cli(["gate", "--format", "json", str(path)])
    assert run.code == 1
    assert code in {r["code"] for res in json.loads(run.out)["results"] for r in res["reasons"]}


def test_gate_reads_stdin(repo: Path) -> None:
    run = cli(["gate", "-"], stdin=valid(action="real_run"))
    assert run.code == 1
    assert "forbidden-action" in run.out
    assert cli(["gate", "-"], stdin=valid()).code == 0


def test_gate_unreadable_file_blocks(repo: Path) -> None:
    run = cli(["gate", "--format", "json", str(repo / "missing.json")])
    assert run.code == 1
    assert json.loads(run.out)["results"][0]["reasons"][0]["code"] == "unreadable"


def test_gate_directory_blocks(repo: Path) -> None:
    (repo / "d").mkdir()
    run = cli(["gate", str(repo / "d")])
    assert run.code == 1
    assert "directory" in run.out
