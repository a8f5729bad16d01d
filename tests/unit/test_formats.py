"""The output formats as functions of a CheckResult: GitHub annotations, JUnit, SARIF, colour."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema

from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.output.formats import check_text
from rehearsal_hook.output.github import check_github
from rehearsal_hook.output.junit import check_junit
from rehearsal_hook.output.sarif import check_sarif

from ..conftest import PROJECT

SCHEMA = json.loads((PROJECT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def test_github_annotations_escape_properties_and_data() -> None:
    report = CheckResult(
        [
            Finding("d,ir/a:b%.md", 3, 7, "seal-token", "line1\nline2\r 100%", "X_P\u2026"),
            Finding("ok.md", 0, 2, "seal-token-path", "m", excused_by="pragma"),
        ],
        files=2,
    )
    lines = check_github(report).splitlines()
    assert (
        lines[0] == "::error file=d%2Cir/a%3Ab%25.md,line=3,col=7,title=seal-token::seal-token line1%0Aline2%0D 100%25"
    )
    assert lines[1].startswith("::notice file=ok.md,line=1,col=2,")
    assert lines[2].startswith("rehearsal-hook: BLOCKED: 1 finding")


def test_junit_survives_control_characters_in_names() -> None:
    report = CheckResult([Finding("bad\x01\x1b name\udcff.md", 1, 1, "seal-token", "x <&> \x00")], files=1)
    root = ET.fromstring(check_junit(report))
    [case] = root.iter("testcase")
    # What XML 1.0 cannot carry is shown as a visible escape; markup characters round-trip.
    assert case.get("name") == "bad\\x01\\x1b name\\udcff.md:1:1"
    assert case.get("classname") == "rehearsal-hook.seal-token"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "x <&> \\x00"
    assert failure.get("type") == "seal-token"
    assert failure.text == "bad\\x01\\x1b name\\udcff.md:1:1: seal-token x <&> \\x00"
    assert (root.get("tests"), root.get("failures")) == ("1", "1")


def test_sarif_and_github_with_no_findings() -> None:
    report = CheckResult([], files=3)
    doc = json.loads(check_sarif(report))
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert doc["runs"][0]["results"] == []
    assert check_github(report).startswith("rehearsal-hook: CLEAN")


def test_colour_only_when_asked() -> None:
    report = CheckResult([Finding("a.md", 1, 1, "seal-token", "m")], files=1)
    assert "\x1b[" not in check_text(report)
    coloured = check_text(report, color=True)
    assert "\x1b[31mseal-token\x1b[0m" in coloured
    assert re.sub(r"\x1b\[\d+m", "", coloured) == check_text(report)
