"""Self-exemption (issue 5): a change that adds a token and, in the same change, excuses it --
widens permitted-contexts, switches allow-inline-pragma on, puts the pragma on the line, adds
the token to the baseline.  By default such a finding is listed (not blocking) with
``excused_by`` and ``same_change``; with ``protect-exemptions = true`` the exemption excuses
nothing.  Every route, through real git, in every way a change is checked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from rehearsal_hook.findings import CheckResult, Finding
from rehearsal_hook.output.formats import render

from ..gitutil import Repo, init, install, pushed, server_hook

CONFIG = ".rehearsal-hook.toml"
PRAGMA = "# rehearsal-hook: allow"


@dataclass
class Route:
    """A way for a change to excuse its own token: the base state, then the change."""

    excuse: str
    base: dict[str, str]
    change: dict[str, str]
    baseline_in_change: bool = False
    # The base's own rules honour the exemption (only the line is new): where the base's rules
    # judge the change, it is still refused rather than simply not there.
    honoured_by_base: bool = False


def _config(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


ROUTES = {
    "widen-contexts": Route(
        "permitted-context",
        {CONFIG: _config('permitted-contexts = ["docs/**"]')},
        {CONFIG: _config('permitted-contexts = ["docs/**", "notes/**"]'), "notes/a.md": "CUTOVER_PASS\n"},
    ),
    # The pragma line was there before, but the pragma was off: editing it makes it part of the
    # change, and the change switches the pragma on.  (A line moved unchanged brings no new
    # occurrence to a range: see MOVED below.)
    "pragma-switch": Route(
        "pragma",
        {CONFIG: _config("allow-inline-pragma = false"), "a.md": f"x\ny\nz\nCUTOVER_PASS {PRAGMA}\n"},
        {CONFIG: _config("allow-inline-pragma = true"), "a.md": f"CUTOVER_PASS edited {PRAGMA}\nx\ny\nz\n"},
    ),
    "pragma-line": Route(
        "pragma",
        {CONFIG: _config("allow-inline-pragma = true"), "a.md": "x\n"},
        {"a.md": f"x\nCUTOVER_PASS {PRAGMA}\n"},
        honoured_by_base=True,
    ),
    "baseline-entry": Route(
        "baseline",
        {CONFIG: _config("allow-inline-pragma = true"), "a.md": "x\n"},
        {"a.md": "x\nCUTOVER_PASS\n"},
        baseline_in_change=True,
    ),
}

# Exemptions that were there before the change: never same_change, never refused.
OLD_ROUTES = {
    "old-context": Route(
        "permitted-context",
        {CONFIG: _config('permitted-contexts = ["docs/**"]'), "docs/a.md": "x\n"},
        {"docs/a.md": "x\nCUTOVER_PASS\n"},
    ),
    "moved-pragma-line": Route(
        "pragma",
        {CONFIG: _config("allow-inline-pragma = true"), "a.md": f"x\ny\nz\nCUTOVER_PASS {PRAGMA}\n"},
        {"a.md": f"CUTOVER_PASS {PRAGMA}\nx\ny\nz\n"},
    ),
}

MODES = ["check-staged", "check-range", "pre-push", "pre-push-new-ref", "check-base"]
# Under protect-exemptions at the base, these judge the change by the base's rules
# (tests/git/test_ci_rules.py): the change's widened contexts, pragma switch or baseline entry
# are not rules there at all, so its token is simply not excused.
BASE_RULES_MODES = {"check-range", "check-base"}
RANGE_MODES = ("check-range", "pre-push", "pre-push-new-ref")
MOVED = ("moved-pragma-line",)


def _with_protect(files: dict[str, str], protect: bool | None) -> dict[str, str]:
    if protect is None:
        return files
    out = dict(files)
    out[CONFIG] = out.get(CONFIG, "") + f"protect-exemptions = {'true' if protect else 'false'}\n"
    return out


def _write(repo: Repo, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        repo.write(name, text)
    return list(files)


def _setup(
    tmp_path: Path, route: Route, *, base_protect: bool | None = None, change_protect: bool | None = None
) -> tuple[Repo, str]:
    """A pushed base, then the change staged.  Returns (repo, base commit)."""
    # (Committed without hooks: a base may hold what its own rules refuse.)
    repo, _ = pushed(tmp_path, _with_protect(route.base, base_protect))
    base = repo.head()
    change = dict(route.change)
    if CONFIG in change or change_protect is not None:
        # The change keeps the base's protect-exemptions line unless it sets its own.
        protect = change_protect if change_protect is not None else base_protect
        change = _with_protect({**change, CONFIG: change.get(CONFIG, route.base.get(CONFIG, ""))}, protect)
    names = _write(repo, change)
    repo.git("add", "--", *names)
    if route.baseline_in_change:
        assert repo.cli("baseline").code == 0
        repo.git("add", "--", ".rehearsal-hook-baseline.json")
    return repo, base


def _run(repo: Repo, base: str, mode: str, fmt: str = "json") -> tuple[int, str]:
    if mode == "check-staged":
        result = repo.cli("check", "--staged", "--format", fmt)
    elif mode == "check-base":
        result = repo.cli("check", "--all-files", "--base", base, "--format", fmt)
    else:
        repo.commit("change")
        if mode == "check-range":
            result = repo.cli("check", "--range", f"{base}..HEAD", "--format", fmt)
        elif mode == "pre-push":
            stdin = f"refs/heads/main {repo.head()} refs/heads/main {base}\n".encode()
            result = repo.tool("pre-push", "--format", fmt, "origin", "url", stdin=stdin)
        else:  # a new branch: the range starts at its boundary with what the remote has
            stdin = f"refs/heads/new {repo.head()} refs/heads/new {'0' * 40}\n".encode()
            result = repo.tool("pre-push", "--format", fmt, "origin", "url", stdin=stdin)
    return result.code, result.out


def _token_findings(out: str) -> list[dict[str, object]]:
    doc = json.loads(out)
    return [f for f in doc["findings"] if f["rule"] == "seal-token"]


@pytest.mark.parametrize("protect", [False, True], ids=["listed", "protected"])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(ROUTES))
def test_self_exemption(tmp_path: Path, name: str, mode: str, protect: bool) -> None:
    """Listed with excused_by and same_change; with protect-exemptions, refused (it blocks)."""
    route = ROUTES[name]
    repo, base = _setup(tmp_path, route, base_protect=True if protect else None)
    code, out = _run(repo, base, mode)
    [finding] = _token_findings(out)
    if protect and mode in BASE_RULES_MODES and not route.honoured_by_base:
        assert code == 1, out
        assert finding["excused_by"] is None and finding["blocking"] is True
        assert finding["refused_exemption"] is None
        assert json.loads(out)["summary"]["rules"].startswith(f"the base {base[:12]}")
        return
    assert finding["same_change"] is True
    if protect:
        assert code == 1, out
        assert finding["excused_by"] is None and finding["blocking"] is True
        assert finding["refused_exemption"] == route.excuse
    else:
        assert code == 0, out
        assert finding["excused_by"] == route.excuse and finding["blocking"] is False
        assert finding["refused_exemption"] is None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(OLD_ROUTES))
def test_exemptions_from_before_the_change_still_excuse(tmp_path: Path, name: str, mode: str) -> None:
    route = OLD_ROUTES[name]
    repo, base = _setup(tmp_path, route, base_protect=True)
    code, out = _run(repo, base, mode)
    assert code == 0, out
    if name in MOVED and mode in RANGE_MODES:
        # A range counts occurrences per line text: a line moved unchanged introduces nothing.
        assert _token_findings(out) == []
        return
    [finding] = _token_findings(out)
    assert finding["excused_by"] == route.excuse and finding["same_change"] is False


@pytest.mark.parametrize("mode", ["check-staged", "check-range", "pre-push"])
def test_a_change_cannot_switch_protection_off_for_itself(tmp_path: Path, mode: str) -> None:
    repo, base = _setup(tmp_path, ROUTES["widen-contexts"], base_protect=True, change_protect=False)
    code, out = _run(repo, base, mode)
    assert code == 1, out
    # Where the base's rules judge (check-range), the widened context is no rule at all.
    expected = None if mode in BASE_RULES_MODES else "permitted-context"
    assert _token_findings(out)[0]["refused_exemption"] == expected


@pytest.mark.parametrize("mode", ["check-staged", "check-range"])
def test_protection_switched_on_in_the_change_applies_to_it(tmp_path: Path, mode: str) -> None:
    repo, base = _setup(tmp_path, ROUTES["pragma-line"], change_protect=True)
    code, out = _run(repo, base, mode)
    assert code == 1, out


def test_baseline_entry_count_raised_in_the_change(tmp_path: Path) -> None:
    """One copy of a line was baselined before; the change adds a second copy and raises the
    count: the first is an old exemption, the second a new one."""
    route = Route(
        "baseline", {"a.md": "CUTOVER_PASS\n"}, {"a.md": "CUTOVER_PASS\nCUTOVER_PASS\n"}, baseline_in_change=True
    )
    repo = init(tmp_path / "w", "-b", "main")
    _write(repo, route.base)
    repo.write(CONFIG, "protect-exemptions = true\n")
    repo.git("add", "a.md", CONFIG)
    assert repo.cli("baseline").code == 0
    repo.commit("base", "a.md", CONFIG, ".rehearsal-hook-baseline.json")
    base = repo.head()
    _write(repo, route.change)
    assert repo.cli("baseline", "--update").code == 0
    repo.git("add", "a.md", ".rehearsal-hook-baseline.json")
    code, out = _run(repo, base, "check-staged")
    assert code == 1, out
    first, second = _token_findings(out)
    assert (first["excused_by"], first["same_change"]) == ("baseline", False)
    assert (second["refused_exemption"], second["same_change"]) == ("baseline", True)


# ---------------------------------------------------------------------------------------------
# Through the real hooks: git commit, git push, the server


def test_real_commit_and_push_through_the_hooks(tmp_path: Path) -> None:
    repo, _ = _setup(tmp_path, ROUTES["widen-contexts"], base_protect=True)
    install(repo)
    result = repo.commit("self-excusing", verify=True)
    assert result.blocked and "[not excused: permitted-context arrived in this change" in result.out, result.out
    assert "CUTOVER_PASS" not in result.out
    repo.commit("self-excusing")  # --no-verify: the push must catch it
    result = repo.push("origin", "main")
    assert result.blocked and "[not excused: permitted-context" in result.out, result.out


def test_real_commit_lists_the_same_change_exemption_by_default(tmp_path: Path) -> None:
    repo, _ = _setup(tmp_path, ROUTES["pragma-line"])
    install(repo)
    result = repo.commit("pragma", verify=True)
    assert not result.blocked, result.out


def test_server_pragma_in_the_push(tmp_path: Path) -> None:
    """The server reads its rules from before the push, so widening contexts or the baseline in
    the push does not even apply there; a pragma on a pushed line does -- unless protected."""
    repo, server = pushed(tmp_path, {CONFIG: "protect-exemptions = true\n", "a.md": "x\n"}, remote="server.git")
    server_hook(server)
    repo.write("a.md", f"x\nCUTOVER_PASS {PRAGMA}\n")
    repo.commit("pragma", "a.md")
    result = repo.push("origin", "main", verify=False)
    assert result.blocked and "[not excused: pragma arrived in this change" in result.out, result.out
    # A widened context in the push is not the server's rule at all.
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.write(CONFIG, 'protect-exemptions = false\npermitted-contexts = ["notes/**"]\n')
    repo.write("notes/n.md", "CUTOVER_PASS\n")
    repo.commit("widen", CONFIG, "notes/n.md")
    result = repo.push("origin", "main", verify=False)
    assert (
        result.blocked
        and "notes/n.md:1:1: seal-token" in result.out
        and "excused" not in result.out.split("BLOCKED")[0]
    )


def test_server_without_protection_lists_the_pragma_as_same_change(tmp_path: Path) -> None:
    repo, server = pushed(tmp_path, {"a.md": "x\n"}, remote="server.git")
    server_hook(server)
    repo.write("a.md", f"x\nCUTOVER_PASS {PRAGMA}\n")
    repo.commit("pragma", "a.md")
    result = repo.push("origin", "main", verify=False)
    assert not result.blocked, result.out
    assert "[excused: pragma, same change]" in result.out


def test_commit_message_pragma_is_always_the_same_change(tmp_path: Path) -> None:
    repo, _ = _setup(tmp_path, ROUTES["pragma-line"], base_protect=True)
    msg = tmp_path / "MSG"
    msg.write_text(f"release notes: CUTOVER_PASS {PRAGMA}\n")
    result = repo.tool("commit-msg", "--format", "json", str(msg))
    assert result.code == 1
    [finding] = json.loads(result.out)["findings"]
    assert finding["refused_exemption"] == "pragma"


def test_check_base_needs_a_known_base_and_no_range(tmp_path: Path) -> None:
    repo, base = _setup(tmp_path, ROUTES["pragma-line"])
    result = repo.cli("check", "--all-files", "--base", "no-such-ref")
    assert result.code == 1 and "names no branch, tag or commit" in result.out
    result = repo.cli("check", "--range", f"{base}..HEAD", "--base", base)
    assert result.code == 2


def test_check_without_a_change_marks_nothing(tmp_path: Path) -> None:
    repo, _ = _setup(tmp_path, ROUTES["widen-contexts"], base_protect=True)
    result = repo.cli("check", "--all-files", "--format", "json")
    assert result.code == 0
    assert _token_findings(result.out)[0]["same_change"] is False


# ---------------------------------------------------------------------------------------------
# Every output format carries excused_by and same_change


def _report() -> CheckResult:
    return CheckResult(
        [
            Finding("a.md", 1, 1, "seal-token", "seal-like token X_P…", "X_P…", "pragma", None, same_change=True),
            Finding("b.md", 2, 1, "seal-token", "seal-like token Y_P…", "Y_P…", "baseline", None),
            Finding(
                "c.md",
                3,
                1,
                "seal-token",
                "seal-like token Z_P…",
                "Z_P…",
                None,
                None,
                same_change=True,
                refused="permitted-context",
            ),
        ],
        files=3,
    )


def test_every_format_shows_the_exemption_and_same_change() -> None:
    report = _report()
    text = render(report, "text")
    assert "a.md:1:1: seal-token seal-like token X_P… [excused: pragma, same change]" in text
    assert "b.md:2:1: seal-token seal-like token Y_P… [excused: baseline]" in text
    assert "c.md:3:1: seal-token seal-like token Z_P… [not excused: permitted-context arrived in this change" in text
    assert "1 by an exemption from this change" in text
    doc = json.loads(render(report, "json"))
    assert [(f["excused_by"], f["same_change"], f["refused_exemption"]) for f in doc["findings"]] == [
        ("pragma", True, None),
        ("baseline", False, None),
        (None, True, "permitted-context"),
    ]
    sarif = json.loads(render(report, "sarif"))
    results = sarif["runs"][0]["results"]
    assert results[0]["properties"] == {"excusedBy": "pragma", "sameChange": True}
    assert "arrived in this change" in results[0]["suppressions"][0]["justification"]
    assert results[1]["properties"] == {"excusedBy": "baseline", "sameChange": False}
    assert results[2]["properties"]["refusedExemption"] == "permitted-context" and "suppressions" not in results[2]
    github = render(report, "github")
    assert "::notice file=a.md" in github and "[excused: pragma, same change]" in github
    assert "::error file=c.md" in github and "[not excused: permitted-context" in github
    junit = render(report, "junit")
    assert 'message="excused by pragma (same change)"' in junit
    assert 'message="excused by baseline"' in junit
    assert "not excused: permitted-context" in junit
