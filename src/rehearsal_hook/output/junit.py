"""JUnit XML: one test case a finding, for CI systems that show test reports."""

from __future__ import annotations

import re

from rehearsal_hook.findings import CheckResult
from rehearsal_hook.output.formats import checked_text, format_finding, listed

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry these characters at all, not even escaped: show them as escapes."""
    return _XML_BAD.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def check_junit(result: CheckResult) -> str:
    """JUnit XML: one test case a finding (a blocking one fails, an excused one is skipped),
    or one passing case for a clean run."""
    import xml.etree.ElementTree as ET

    blocking = len(result.blocking)
    skipped = len(listed(result)) - blocking
    cases = max(1, len(listed(result)))
    suites = ET.Element("testsuites", name="rehearsal-hook", tests=str(cases), failures=str(blocking))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="rehearsal-hook",
        tests=str(cases),
        failures=str(blocking),
        errors="0",
        skipped=str(skipped),
    )
    properties = ET.SubElement(suite, "properties")
    if result.terms_source:
        ET.SubElement(properties, "property", name="rules", value=_xml_safe(result.terms_source))
    for f in listed(result):
        case = ET.SubElement(
            suite, "testcase", classname=f"rehearsal-hook.{f.rule}", name=_xml_safe(f"{f.path}:{f.line}:{f.column}")
        )
        if f.blocking:
            failure = ET.SubElement(case, "failure", message=_xml_safe(f.message), type=f.rule)
            failure.text = _xml_safe(format_finding(f))
        else:
            ET.SubElement(
                case,
                "skipped",
                message=_xml_safe(f"excused by {f.excused_by}" + (" (same change)" if f.same_change else "")),
            )
    if not listed(result):
        ET.SubElement(suite, "testcase", classname="rehearsal-hook", name=f"{checked_text(result)} checked")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def error_document(message: str, *, exit_code: int, code: str | None) -> str:
    """A run that could not finish, as one test case in error."""
    import xml.etree.ElementTree as ET

    suites = ET.Element("testsuites", name="rehearsal-hook", tests="1", failures="0", errors="1")
    suite = ET.SubElement(suites, "testsuite", name="rehearsal-hook", tests="1", failures="0", errors="1", skipped="0")
    ET.SubElement(suite, "properties")
    case = ET.SubElement(suite, "testcase", classname="rehearsal-hook", name="run")
    error = ET.SubElement(case, "error", message=_xml_safe(message), type=code or f"exit-{exit_code}")
    error.text = _xml_safe(f"rehearsal-hook: error: {message}")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
