"""What a hook imports to check plain text: a hook's start-up is most of its time (bench/,
goal "the commit hook <= 1.5x the import of its own dependencies"), and every module of the
readings imported or pattern compiled is paid by every commit.  The readings are imported
where a text first needs them; these tests keep them off the path of plain ASCII files (a
structural check, not a timing) and show that a file which needs them still gets them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..gitutil import git

# Modules only a text that reads otherwise than stored needs (the rendered, parsed, terminal
# and display readings, the Unicode view, the streamed scan) and what only a baseline or a
# JSON array needs.
READINGS = {
    "rehearsal_hook.scan.views",
    "rehearsal_hook.scan.readings",
    "rehearsal_hook.scan.pieces",
    "rehearsal_hook.scan.parsed",
    "rehearsal_hook.scan.constructs",
    "rehearsal_hook.scan.carriage",
    "rehearsal_hook.scan.bidi",
    "rehearsal_hook.scan.pod",
    "rehearsal_hook.scan.markdown",
    "rehearsal_hook.scan.compose",
    "rehearsal_hook.scan.stream",
    "rehearsal_hook.checks.strictjson",
    "json",
    "_multibytecodec",  # (every CJK codec's: only a text that declares one decodes in it)
}
# What only a text holding a trigger of the rendered reading (``&``, ``%``, a backslash...)
# needs: what AsciiDoc, Org and Textile remove there (hints.joins_a_maker).
TRIGGERED = {"rehearsal_hook.scan.asciidoc", "rehearsal_hook.scan.org", "rehearsal_hook.scan.textile"}
# What only check's other modes need (the index, a range, the history, a base): `check FILE`
# -- the pre-commit framework's hook -- loads none of it.
OTHER_MODES = {
    "rehearsal_hook.cli.runs",
    "rehearsal_hook.sources.changes",
    "rehearsal_hook.sources.index",
    "rehearsal_hook.sources.ranges",
    "rehearsal_hook.sources.commits",
}

PLAIN = "def total(values):\n    return sum(v for v in values if v > 0)  # 5% of [a, b]\n"


def _modules_after(cwd: Path, *args: str) -> tuple[int, set[str]]:
    """The exit code of ``rehearsal-hook ARGS`` run in ``cwd`` and the modules it imported."""
    code = (
        "import sys\nfrom rehearsal_hook.cli.main import main\ntry:\n    rc = main(sys.argv[1:])\n"
        "except SystemExit as e:\n    rc = e.code\n"
        "sys.stdout.flush()\nsys.stderr.write(f'\\nEXIT {rc} MODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, check=False)
    head, _, modules = proc.stderr.rpartition(" MODULES ")
    return int(head.rpartition("EXIT ")[2] or 0), set(modules.split())


def _staged(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).write_text(text)
    git(repo, "add", "--", *files)


def test_pre_commit_of_plain_text_imports_no_reading(repo: Path) -> None:
    _staged(repo, {"a.py": PLAIN, "b.md": "A note, nothing more.\n", "c.txt": "x = 1\r\ny = 2\r\n"})
    rc, modules = _modules_after(repo, "pre-commit")
    assert rc == 0
    assert "rehearsal_hook.scan.text" in modules  # (the scan ran)
    assert not modules & READINGS, sorted(modules & READINGS)


def test_check_of_a_plain_file_imports_no_reading(repo: Path) -> None:
    (repo / "plain.py").write_text(PLAIN)
    rc, modules = _modules_after(repo, "check", "plain.py")
    assert rc == 0
    assert "rehearsal_hook.scan.text" in modules
    assert not modules & (READINGS | OTHER_MODES), sorted(modules & (READINGS | OTHER_MODES))
    (repo / "plain.py").write_text(PLAIN.replace("  # 5% of [a, b]", ""))  # (no trigger)
    rc, modules = _modules_after(repo, "check", "plain.py")
    assert rc == 0
    assert not modules & TRIGGERED, sorted(modules & TRIGGERED)


def test_check_s_other_modes_still_load_what_they_need(repo: Path) -> None:
    (repo / "plain.py").write_text(PLAIN)
    git(repo, "add", "plain.py")
    git(repo, "commit", "-qm", "plain")
    (repo / "t.md").write_text("CUTOVER_PASS\n")
    git(repo, "add", "t.md")
    rc, modules = _modules_after(repo, "check", "--staged")
    assert rc == 1
    assert {"rehearsal_hook.cli.runs", "rehearsal_hook.sources.index"} <= modules
    rc, modules = _modules_after(repo, "check", "--base", "HEAD", "t.md")
    assert rc == 1
    assert "rehearsal_hook.sources.changes" in modules
    git(repo, "commit", "-qm", "t")
    rc, modules = _modules_after(repo, "check", "--range", "HEAD~1..HEAD")
    assert rc == 1
    assert "rehearsal_hook.sources.ranges" in modules


def test_a_text_that_needs_a_reading_still_gets_it(repo: Path) -> None:
    # (a reference the rendered reading decodes, an array of strings a notebook joins, a lone
    # CR a terminal overwrites with: each blocks, read through the modules imported on use)
    _staged(
        repo,
        {
            "ref.md": "CUTOVER&#95;PASS\n",
            "cell.json": '{"source": ["DEPLOY_", "GRANTED"]}\n',
            "cr.txt": "xxxxxx_PASS\rDEPLOY\n",
        },
    )
    rc, modules = _modules_after(repo, "pre-commit")
    assert rc == 1
    assert {"rehearsal_hook.scan.views", "rehearsal_hook.scan.readings", "rehearsal_hook.scan.carriage"} <= modules
    assert modules >= TRIGGERED  # (a reference is a trigger)
    out = subprocess.run(
        [str(Path(sys.executable).parent / "rehearsal-hook"), "pre-commit"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    for place in ("ref.md:1:1", "cell.json:1:14", "cr.txt:2:1"):  # (a lone CR ends a line)
        assert place in out, out


def test_a_check_that_forks_imports_the_readings_once_before_it_forks(repo: Path) -> None:
    """Workers forked for a check start with the readings imported (scan.import_readings),
    rather than each importing them at its first text that needs them; one process imports
    them only on use.  Plain files only: no worker's text needs them, so only the import
    before the fork can have loaded them in this process."""
    _staged(repo, {"a.py": PLAIN, "b.md": "A note, nothing more.\n"})
    rc, modules = _modules_after(repo, "check", "--all-files", "--jobs", "2")
    assert rc == 0
    assert "rehearsal_hook.scan.views" in modules
    rc, modules = _modules_after(repo, "check", "--all-files", "--jobs", "1")
    assert rc == 0
    assert "rehearsal_hook.scan.views" not in modules
