"""The command line: exit codes, output formats, odd file names, faults without tracebacks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rehearsal_hook import __version__

from ..conftest import cli, cli_process, git


def test_version_and_help() -> None:
    run = cli(["--version"])
    assert run.code == 0
    assert __version__ in run.out
    for command in ([], ["check"], ["gate"], ["probes"]):
        run = cli([*command, "--help"])
        assert run.code == 0
        assert "Examples:" in run.out
        assert "Exit codes" in run.out


def test_every_command_says_its_exit_codes() -> None:
    from rehearsal_hook.cli.group import COMMANDS

    for name in COMMANDS:
        run = cli([name, "--help"])
        assert run.code == 0 and "Exit codes: 0 " in run.out, name


def test_text_output_reads_like_a_linter(repo: Path) -> None:
    (repo / "notes.md").write_text("fine\n  and CUTOVER_PASS here\n")
    run = cli(["check", "notes.md"])
    assert run.code == 1
    assert run.out.splitlines() == [
        "notes.md:2:7: seal-token seal-like token CUTOVER_P\u2026",
        "rehearsal-hook: BLOCKED: 1 finding in 1 file (1 file checked; excused: none)",
    ]


def test_clean_run(repo: Path) -> None:
    (repo / "notes.md").write_text("FOO_PASSWORD is not a token\n")
    run = cli(["check", "notes.md"])
    assert run.code == 0
    assert run.out.startswith("rehearsal-hook: CLEAN: 1 file checked")


def test_json_output_shape(repo: Path) -> None:
    (repo / "a.md").write_text("X_PASS # rehearsal-hook: allow\nY_GRANTED\n")
    run = cli(["check", "--format", "json", "a.md"])
    doc = json.loads(run.out)
    assert doc["verdict"] == "BLOCKED"
    assert doc["summary"] == {
        "files": 1,
        "commits": 0,
        "messages": 0,
        "refs": 0,
        "findings": 2,
        "blocking": 1,
        "excused": {"pragma": 1},
        "rules": None,  # the working tree's; named where other rules judge (server, CI base)
    }
    first = doc["findings"][0]
    assert set(first) >= {"path", "line", "column", "rule", "message", "token", "blocking", "excused_by"}
    assert (first["path"], first["line"], first["column"], first["rule"]) == ("a.md", 1, 1, "seal-token")
    assert first["token"] == "X_P\u2026"
    assert first["excused_by"] == "pragma"
    assert doc["findings"][1]["blocking"] is True


def test_gate_json_shape(repo: Path) -> None:
    (repo / "r.json").write_text('[{"target": "local_clone", "action": "cutover"}]')
    doc = json.loads(cli(["gate", "--format", "json", "r.json"]).out)
    [result] = doc["results"]
    assert result["source"] == "r.json[0]"
    assert result["verdict"] == "BLOCK_FAIL_CLOSED"
    assert result["allow"] is False
    assert {"code", "message", "line", "column"} == set(result["reasons"][0])
    # each reason points at what it is about: the action's value, the object lacking isolation
    where = {r["code"]: (r["line"], r["column"]) for r in result["reasons"]}
    assert where == {"forbidden-action": (1, 38), "target-not-isolated": (1, 2)}


ODD_NAMES = ["--version", "-h", "--all-files", "with space.md", "naïve-日本.md", "new\nline.md", "-", "--"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_file_names_are_data_never_options(repo: Path, name: str) -> None:
    (repo / name).write_text("CUTOVER_PASS\n")
    run = cli(["check", "--format", "json", "--", name])
    assert run.code == 1, run
    [finding] = json.loads(run.out)["findings"]
    assert finding["path"] == name
    text = cli(["check", "--", name]).out
    assert "\n" not in text.splitlines()[0]  # one finding, one line, even for a newline name


def test_directories_are_walked(repo: Path) -> None:
    (repo / "docs" / "deep").mkdir(parents=True)
    (repo / "docs" / "deep" / "x.txt").write_text("DEPLOY_GRANTED")
    (repo / "docs" / "ok.txt").write_text("ok")
    run = cli(["check", "--format", "json", "docs"])
    assert [f["path"] for f in json.loads(run.out)["findings"]] == ["docs/deep/x.txt"]
    assert json.loads(run.out)["summary"]["files"] == 2


def test_file_names_introduce_tokens(repo: Path) -> None:
    (repo / "CUTOVER_PASS.md").write_text("clean\n")
    run = cli(["check", "--format", "json", "CUTOVER_PASS.md"])
    assert run.code == 1
    [finding] = json.loads(run.out)["findings"]
    assert finding["rule"] == "seal-token-path"
    assert finding["path"] == "CUTOVER_P\u2026.md"  # redacted like any token
    assert "CUTOVER_PASS" not in run.out


def test_all_files_uses_the_index(repo: Path) -> None:
    (repo / "tracked.md").write_text("X_PASS\n")
    (repo / "untracked.md").write_text("Y_PASS\n")
    git(repo, "add", "tracked.md")
    run = cli(["check", "--format", "json", "--all-files"])
    assert [f["path"] for f in json.loads(run.out)["findings"]] == ["tracked.md"]


UNVERIFIABLE = ["missing", "fifo", "dangling", "vanished", "unreadable"]


def test_a_cursor_movement_is_read_and_one_to_another_row_blocks(repo: Path) -> None:
    """The terminal reading of cursor movements (scan/cursor.py), through the console script:
    a token a move back shows is a finding; a move up to an earlier row blocks, one line."""
    (repo / "shown.txt").write_bytes(b"CUTOVER_XXXX\x1b[4DPASS\n")
    (repo / "up.txt").write_bytes(b"CUTOVER_XXXX\n\x1b[1A\x1b[9GPASS\n")
    for name, rule, line in (("shown.txt", "seal-token", 1), ("up.txt", "unverifiable-reading", 1)):
        run = cli_process(["check", "--format", "json", name], cwd=repo)
        assert run.code == 1, run
        [finding] = json.loads(run.out)["findings"]
        assert (finding["rule"], finding["path"], finding.get("line")) == (rule, name, line), finding
        assert "CUTOVER_PASS" not in run.out and "\n" not in finding["message"], run.out
    assert "CUU moves the cursor up" in finding["message"]
    # A name holding such a code blocks as a finding of its own (found by the fuzz target: it
    # raised out of the name's check).
    name = "x\x1b[1A\x1b[9Gy.txt"
    (repo / name).write_text("plain\n")
    run = cli_process(["check", "--format", "json", name], cwd=repo)
    assert run.code == 1, run
    [finding] = json.loads(run.out)["findings"]
    assert finding["rule"] == "unverifiable-reading" and finding["message"].startswith("path: "), finding


@pytest.mark.parametrize("kind", UNVERIFIABLE)
def test_unverifiable_paths_block(repo: Path, kind: str) -> None:
    target = repo / "thing"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dangling":
        target.symlink_to(repo / "nowhere")
    elif kind == "vanished":
        target.write_text("x")
        git(repo, "add", "thing")
        target.unlink()
    elif kind == "unreadable":
        # a regular file whose read fails (EIO) even for root: this process's own memory
        target = Path("/proc/self/mem")
    args = ["check", "--format", "json", "--all-files" if kind == "vanished" else str(target)]
    run = cli(args)
    assert run.code == 1, run
    [finding] = json.loads(run.out)["findings"]
    assert finding["rule"] == "unreadable"


def test_symlink_is_scanned_as_its_text(repo: Path) -> None:
    (repo / "real.md").write_text("clean")
    (repo / "link").symlink_to("real.md")
    (repo / "CUTOVER_PASS.txt").write_text("clean")
    (repo / "link2").symlink_to("CUTOVER_PASS.txt")
    assert cli(["check", "link"]).code == 0
    assert cli(["check", "link2"]).code == 1


def test_usage_errors_are_exit_2(repo: Path) -> None:
    assert cli(["check"]).code == 2
    assert cli(["check", "--format", "xml", "x"]).code == 2
    assert cli(["nope"]).code == 2
    assert cli(["gate"]).code == 2
    run = cli(["check", "--bogus"])
    assert run.code == 2
    assert "Traceback" not in run.err


def test_the_console_script_ends_with_mains_code_and_all_its_output(repo: Path) -> None:
    """``run`` leaves without the interpreter's teardown (os._exit): every line written before
    still arrives through a pipe, and the exit code is main's -- as the console script and as
    ``python -m rehearsal_hook``, for the tool's output and for what click prints itself."""
    (repo / "many.md").write_text("".join(f"line {n} CUTOVER_PASS\n" for n in range(3000)))
    for command in ([str(Path(sys.executable).with_name("rehearsal-hook"))], [sys.executable, "-m", "rehearsal_hook"]):
        proc = subprocess.run([*command, "check", "many.md"], cwd=repo, capture_output=True, check=False, timeout=120)
        lines = proc.stdout.decode().splitlines()
        assert proc.returncode == 1, command
        assert len(lines) == 3001 and lines[-1].startswith("rehearsal-hook: BLOCKED: 3000 findings"), command
        version = subprocess.run([*command, "--version"], cwd=repo, capture_output=True, check=False, timeout=120)
        assert version.returncode == 0 and __version__ in version.stdout.decode(), command


def test_all_files_outside_git_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(["check", "--all-files"])
    assert run.code == 3
    assert "git" in run.err and "Traceback" not in run.err


def test_all_files_in_a_bare_repository_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No work tree to read: said as such (and inside a checkout's .git folder too)."""
    git(tmp_path, "init", "-q", "--bare", "b.git")
    git(tmp_path, "init", "-q", "w")
    for where in (tmp_path / "b.git", tmp_path / "w" / ".git"):
        monkeypatch.chdir(where)
        run = cli(["check", "--all-files"])
        assert run.code == 3, where
        assert "no work tree here" in run.err and "Traceback" not in run.err


def test_git_missing_is_exit_3(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "empty-bin"))
    run = cli(["check", "--all-files"])
    assert run.code == 3
    assert "git is not installed" in run.err


def test_internal_error_is_one_line_exit_3(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: object, **_kw: object) -> None:
        raise RuntimeError("kaboom CUTOVER_PASS")

    monkeypatch.setattr("rehearsal_hook.cli.check.run_check_jobs", boom)
    (repo / "a").write_text("x")
    run = cli(["check", "a"])
    assert run.code == 3
    assert run.err.count("\n") == 1
    assert "kaboom" in run.err and "CUTOVER_PASS" not in run.err and "Traceback" not in run.err
    run = cli(["--debug", "check", "a"])
    assert run.code == 3
    assert "Traceback" in run.err


def test_output_to_a_directory_or_unwritable_place(repo: Path) -> None:
    (repo / "d").mkdir()
    assert cli(["probes", "--output", "d"]).code == 2
    run = cli(["probes", "--output", "/proc/version/x"])
    assert run.code == 3
    assert "cannot write" in run.err


def test_output_to_full_disk_leaves_no_half_file(repo: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    proc = subprocess.run(
        f'"{Path(sys.executable).with_name("rehearsal-hook")}" probes --format json > /dev/full',
        shell=True,
        cwd=repo,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 3
    assert b"cannot write output" in proc.stderr


def test_stdout_closed_early_is_exit_3(repo: Path) -> None:
    for i in range(3000):
        (repo / f"f{i}.md").write_text("X_PASS\n")
    exe = str(Path(sys.executable).with_name("rehearsal-hook"))
    proc = subprocess.Popen([exe, "check", "."], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 3
    assert b"broken pipe" in err and b"Traceback" not in err and b"Exception ignored" not in err


def test_non_utf8_locale(repo: Path) -> None:
    (repo / "naïve CUTOVER_PASS.md").write_text("é X_PASS\n")
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    run = cli_process(["check", "."], cwd=repo, env=env)
    assert run.code == 1
    assert "X_P\u2026" in run.out and "CUTOVER_PASS" not in run.out


def test_non_utf8_file_name(repo: Path) -> None:
    name = os.fsdecode(b"bad-\xff-name.md")
    (repo / name).write_text("X_PASS\n")
    run = cli_process(["check", "."], cwd=repo)
    assert run.code == 1
    assert "\\udcff" in run.out or "\\xff" in run.out


def test_sigint_is_exit_130(repo: Path) -> None:
    exe = str(Path(sys.executable).with_name("rehearsal-hook"))
    # Started as a shell starts a foreground command: SIGINT at its default and not blocked.
    # A child inherits an ignored or blocked signal, and in a full parallel run the test
    # process's own disposition is not to be relied on (the signal was lost there, twice).
    launch = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT]); os.execv(sys.argv[1], sys.argv[1:])"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", launch, exe, "gate", "-"], cwd=repo, stdin=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None
    # The readiness handshake: a write four times a pipe's buffer returns only once the gate
    # has read most of it, so the gate is then inside its read of stdin, waiting for the rest.
    proc.stdin.write(b" " * (256 << 10))
    proc.stdin.flush()
    # Which signals the tool ignores, blocks and catches, for the message if it ever fails again.
    status = [line for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines() if line.startswith("Sig")]
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, status
    assert b"interrupted" in err and b"Traceback" not in err


def test_python_dash_m_works(repo: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "rehearsal_hook", "--version"], capture_output=True, check=False)
    assert proc.returncode == 0
    assert __version__.encode() in proc.stdout


def _forty_files(repo: Path) -> None:
    """Forty files, 14 holding a token, a production request and a dangling link, staged."""
    for i in range(40):
        (repo / f"f{i:02}.md").write_text("x\n" * (i % 5) + ("CUTOVER_PASS\n" if i % 3 == 0 else "clean\n"))
    (repo / "r.rehearsal.json").write_text('{"target": "production", "action": "cutover"}')
    (repo / "gone").symlink_to(repo / "nowhere")
    git(repo, "add", "-A")


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_jobs_give_the_same_report(repo: Path, jobs: str) -> None:
    _forty_files(repo)
    one = cli(["check", "--format", "json", "--all-files", "-j", "1"])
    many = cli(["check", "--format", "json", "--all-files", "-j", jobs])
    assert one.code == many.code == 1
    assert one.out == many.out
    rules = [f["rule"] for f in json.loads(one.out)["findings"]]
    assert rules.count("seal-token") == 14
    assert rules.count("unreadable") == 1
    assert "forbidden-action" in rules


def test_jobs_fall_back_to_one_process_where_the_runs_cannot_be_dealt(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the pipe does not take the runs' numbers whole (never seen: checks/parallel.py's
    _Runs.dealt), one process checks every item: nothing forked, the same report (the
    fallback e514d99 added had no test: session 25's review)."""
    _forty_files(repo)
    one = cli(["check", "--format", "json", "--all-files", "-j", "1"])

    def no_fork(*args: object, **kwargs: object) -> object:
        raise AssertionError("a worker was forked")

    monkeypatch.setattr("rehearsal_hook.checks.parallel.put_whole", lambda fd, data: False)
    monkeypatch.setattr("rehearsal_hook.checks.parallel.fork_child", no_fork)
    two = cli(["check", "--format", "json", "--all-files", "-j", "2"])
    assert one.code == two.code == 1
    assert one.out == two.out


def test_default_jobs() -> None:
    from rehearsal_hook.checks.parallel import default_jobs

    assert default_jobs(10) == 1  # a commit's few files: no second process
    assert 1 <= default_jobs(100_000) <= (os.cpu_count() or 1)
