#!/usr/bin/env python3
"""The performance benchmark of issue 4: the tool against its references, side by side.

    python bench/run.py                 # full size: 20,000 files / 200 MB, 5 runs
    python bench/run.py --quick         # small corpus, smaller files, for a smoke run
    python bench/run.py --only check,startup --runs 9 --workdir /tmp/rh-bench

Every workload times the tool and its reference *alternately* (tool, ref, ref, tool, ...)
after one untimed warm-up run of each, and reports medians and the ratio against the issue's
goal.  Workloads whose command the tool does not have yet (``pre-commit``, ``pre-push``,
``check --jobs``) are reported as "not available" and picked up as soon as
``rehearsal-hook COMMAND --help`` succeeds.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus as own_corpus  # noqa: E402  (bench/ is not a package)

SHARED_MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
REGEX = r"\b[A-Z][A-Z0-9_]*_(PASS|AUTHORIZED|GRANTED)\b"
MIB = 1 << 20
WORKLOADS = (
    "correctness",
    "check",
    "jobs",
    "startup",
    "precommit",
    "prepush",
    "receive",
    "githistory",
    "bigline",
    "linear",
    "storm",
    "nested",
    "readings",
    "floors",
)
ZERO = "0" * 40

VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
TOOL = str(VENV_BIN / "rehearsal-hook") if (VENV_BIN / "rehearsal-hook").exists() else "rehearsal-hook"
RG = shutil.which("rg")
# The cores this benchmark may run on (a process's CPU affinity, as the tool's --jobs default counts them).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
GIT = shutil.which("git") or "git"
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
# git exports GIT_DIR & co. into hooks; none of them may leak into the measured commands.
ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "b@x",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "b@x",
    "GIT_AUTHOR_DATE": "2024-02-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-02-01T00:00:00Z",
}


# ---------------------------------------------------------------------------------------------
# Running and timing


@dataclass
class Cmd:
    label: str
    argv: list[str]
    cwd: Path
    stdin: bytes | None = None
    env: dict[str, str] | None = None
    rss: bool = False  # measure peak RSS (through /usr/bin/time: about 1 ms more per run)
    expect: tuple[int, ...] = (0,)  # exit codes of a valid run; any other makes the timing void


@dataclass
class Sample:
    seconds: float
    maxrss_kib: int
    rc: int
    error: str = ""  # first line of stderr when the exit code was not an expected one
    cpu: float = 0.0  # user + system seconds of the command and every child it waited for


@dataclass
class Measured:
    cmd: Cmd
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu(self) -> float:
        """Median CPU seconds: moves much less than wall time when others share the cores."""
        return statistics.median(s.cpu for s in self.samples)

    @property
    def best(self) -> float:
        return min(s.seconds for s in self.samples)

    @property
    def rss_mib(self) -> float:
        """Largest peak RSS over the runs; -1 when it was not measured."""
        return max(s.maxrss_kib for s in self.samples) / 1024 if self.cmd.rss and TIME else -1.0

    @property
    def rcs(self) -> list[int]:
        return sorted({s.rc for s in self.samples})

    @property
    def failures(self) -> list[Sample]:
        """Runs that ended with an unexpected exit code: a crash is fast, not a result."""
        return [s for s in self.samples if s.rc not in self.cmd.expect]


def run_once(cmd: Cmd, scratch: Path) -> Sample:
    """Run ``cmd`` once: wall time from spawn to reap; its peak RSS when ``cmd.rss``.
    Output goes to a real file (not /dev/null, which some tools treat as "quiet").

    The peak RSS comes from /usr/bin/time, not from wait4: Linux carries the parent's
    high-water RSS into a child across fork+exec, so wait4 would report the benchmark's own
    peak for any small child."""
    scratch.mkdir(parents=True, exist_ok=True)
    stdin_path = scratch / "stdin"
    stdin_path.write_bytes(cmd.stdin or b"")
    argv = cmd.argv
    rss_file = scratch / "rss"
    if cmd.rss and TIME:
        argv = [TIME, "-f", "%M", "-o", str(rss_file), *argv]
    with open(stdin_path, "rb") as fin, open(scratch / "stdout", "wb") as fout, open(scratch / "stderr", "wb") as ferr:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cmd.cwd, stdin=fin, stdout=fout, stderr=ferr, env=cmd.env or ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = -1
    if cmd.rss and TIME:
        lines = rss_file.read_text().split()
        rss = int(lines[-1]) if lines and lines[-1].isdigit() else -1
    error = ""
    if proc.returncode not in cmd.expect:
        err = (scratch / "stderr").read_text(errors="replace").strip().splitlines()
        error = next((x for x in err if "Command exited" not in x), "(no stderr)")[:200]
    return Sample(elapsed, rss, proc.returncode, error, usage.ru_utime + usage.ru_stime)


def output_of(cmd: Cmd, scratch: Path) -> tuple[Sample, bytes, bytes]:
    sample = run_once(cmd, scratch)
    return sample, (scratch / "stdout").read_bytes(), (scratch / "stderr").read_bytes()


def alternate(cmds: list[Cmd], runs: int, scratch: Path) -> list[Measured]:
    """One warm-up run of each command, then ``runs`` rounds, the order reversed every other
    round so neither side always runs first (on a warmer cache, a cooler CPU)."""
    measured = [Measured(c) for c in cmds]
    for m in measured:
        run_once(m.cmd, scratch)
    for i in range(runs):
        for m in measured if i % 2 == 0 else reversed(measured):
            m.samples.append(run_once(m.cmd, scratch))
    return measured


def set_tool(path: str) -> None:
    global TOOL  # one executable for the whole run
    TOOL = path


def byte_compile_tool() -> str:
    """Compile the measured tool's modules to bytecode, as ``pip install`` does, and say how.

    With PYTHONDONTWRITEBYTECODE set (it is on some shared machines) an editable install never
    gets its ``.pyc`` files, and every run of the tool compiles all of its source again (about
    35 ms of a hook's start-up, all of it absent from an installed tool), while the reference
    ``import click, pathspec`` loads the bytecode pip wrote.  Timing that would compare unlike
    things."""
    interpreter = PYTHON
    try:
        with open(TOOL if os.sep in TOOL else (shutil.which(TOOL) or TOOL), "rb") as fh:
            first = fh.readline()
        if first.startswith(b"#!") and b" " not in first.strip():
            interpreter = first[2:].strip().decode()
    except OSError:
        pass
    where = subprocess.run(
        [interpreter, "-c", "import os, rehearsal_hook; print(os.path.dirname(rehearsal_hook.__file__))"],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    ).stdout.strip()
    if not where:
        return "bytecode: rehearsal_hook not importable by the tool's interpreter; not compiled"
    proc = subprocess.run([interpreter, "-m", "compileall", "-q", where], capture_output=True, env=ENV, check=False)
    state = "compiled" if proc.returncode == 0 else f"compileall failed (exit {proc.returncode})"
    return f"bytecode: {where} {state} (as pip install does; PYTHONDONTWRITEBYTECODE would skip it)"


def tool_has(command: str) -> bool:
    """``rehearsal-hook COMMAND --help`` exits 0: the command exists."""
    proc = subprocess.run([TOOL, command, "--help"], capture_output=True, env=ENV, check=False)
    return proc.returncode == 0


def tool_help(command: str) -> str:
    proc = subprocess.run([TOOL, command, "--help"], capture_output=True, env=ENV, check=False, text=True)
    return proc.stdout if proc.returncode == 0 else ""


def git(repo: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [GIT, *args], cwd=repo, input=stdin, capture_output=True, env=ENV | GIT_IDENTITY | (env or {}), check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args[:3])} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode()


def git_shim(work: Path) -> tuple[dict[str, str], Path]:
    """An environment whose ``git`` logs each call, to count the git processes of a run."""
    shim = work / "shim"
    shim.mkdir(parents=True, exist_ok=True)
    log = work / "shim" / "calls.log"
    script = shim / "git"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{GIT}" "$@"\n')
    script.chmod(0o755)
    return ENV | {"PATH": f"{shim}{os.pathsep}{ENV.get('PATH', '')}"}, log


def count_git_calls(cmd: Cmd, work: Path) -> tuple[int, list[str], Sample]:
    env, log = git_shim(work)
    log.write_text("")
    sample = run_once(Cmd(cmd.label, cmd.argv, cmd.cwd, cmd.stdin, env), work / "scratch")
    calls = [_git_subcommand(x) for x in log.read_text().splitlines() if x]
    return len(calls), calls, sample


def _git_subcommand(line: str) -> str:
    """``-c a=b -c c=d log -p ...`` -> ``log -p ...``: what a logged git call did."""
    words = line.split()
    while len(words) >= 2 and words[0] == "-c":
        words = words[2:]
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# Reporting


class Report:
    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.data: dict[str, object] = {}

    def section(self, title: str) -> None:
        print(f"\n== {title} ==", flush=True)

    def line(self, text: str) -> None:
        print("  " + text, flush=True)

    def measured(self, ms: list[Measured]) -> None:
        width = max(len(m.cmd.label) for m in ms)
        for m in ms:
            runs = " ".join(f"{s.seconds:.3f}" for s in m.samples)
            rss = f"peak RSS {m.rss_mib:6.1f} MiB" if m.rss_mib >= 0 else "peak RSS      -    "
            times = f"median {m.median:7.3f} s  cpu {m.cpu:7.3f} s"
            self.line(f"{m.cmd.label:<{width}}  {times}  {rss}  exit {m.rcs}  runs [{runs}]")
            if m.failures:
                self.line(
                    f"  !! {len(m.failures)} run(s) exited {sorted({f.rc for f in m.failures})}, expected "
                    f"{list(m.cmd.expect)}: {m.failures[0].error}"
                )

    def goal(
        self, goal: str, measured: str, target: str, met: bool | None, note: str = "", ms: list[Measured] | None = None
    ) -> None:
        status = "n/a" if met is None else ("met" if met else "NOT MET")
        bad = [m for m in ms or [] if m.failures]
        if bad:
            status = "INVALID"
            note = "; ".join(x for x in (f"unexpected exit in: {', '.join(m.cmd.label for m in bad)}", note) if x)
        self.rows.append({"goal": goal, "measured": measured, "target": target, "status": status, "note": note})
        self.line(f"-> {goal}: {measured} (goal {target}): {status}{'  ' + note if note else ''}")

    def unavailable(self, goal: str, target: str, why: str) -> None:
        self.goal(goal, "not available", target, None, why)

    def summary(self) -> None:
        print("\n== summary ==")
        keys = ("goal", "measured", "target", "status")
        w = [max(len(k), *(len(r[k]) for r in self.rows)) for k in keys]
        print(f"  {'goal':<{w[0]}}  {'measured':<{w[1]}}  {'target':<{w[2]}}  {'status':<{w[3]}}")
        for r in self.rows:
            note = f"  {r['note']}" if r["note"] else ""
            print(f"  {r['goal']:<{w[0]}}  {r['measured']:<{w[1]}}  {r['target']:<{w[2]}}  {r['status']:<{w[3]}}{note}")


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


# ---------------------------------------------------------------------------------------------
# Workloads: building


@dataclass
class Corpus:
    repo: Path
    expected: list[dict[str, object]]
    summary: dict[str, object]

    @property
    def mb(self) -> float:
        return int(str(self.summary["bytes"])) / 1e6


def build_corpus(work: Path, files: int, mb: float, seed: int, rebuild: bool) -> Corpus:
    base = work / f"corpus-{files}-{mb:g}-{seed}"
    repo, expected_path = base / "repo", base / "expected.json"
    if not rebuild and expected_path.exists() and (repo / ".git").exists():
        doc = json.loads(expected_path.read_text())
        try:
            head = git(repo, "rev-parse", "main").strip()
            dirty = git(repo, "status", "--porcelain", "--untracked-files=all")
        except RuntimeError:
            head, dirty = "", "?"
        if head == doc["summary"]["head"] and not dirty:
            print(f"corpus: reusing {repo} ({doc['summary']['files']} files, {doc['summary']['bytes']} bytes)")
            return Corpus(repo, doc["tokens"], doc["summary"])
    base.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if SHARED_MAKE_CORPUS.exists():
        print(f"corpus: {SHARED_MAKE_CORPUS} --files {files} --mb {mb:g} --seed {seed}", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(SHARED_MAKE_CORPUS),
                "--out",
                str(repo),
                "--files",
                str(files),
                "--mb",
                str(mb),
                "--seed",
                str(seed),
                "--force",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            env=ENV,
        )
    else:
        print(f"corpus: {SHARED_MAKE_CORPUS} not found; bench/corpus.py --files {files} --mb {mb:g}", flush=True)
        own_corpus.make(repo, files, mb, seed)
    print(f"corpus: built in {time.perf_counter() - t0:.1f} s", flush=True)
    doc = json.loads(expected_path.read_text())
    return Corpus(repo, doc["tokens"], doc["summary"])


def small_source(r: random.Random, n_lines: int) -> str:
    words = own_corpus.WORDS
    out = []
    for i in range(n_lines):
        out.append(f"def f_{i}(x):\n    # {' '.join(r.choice(words) for _ in range(8))}\n    return x + {i}\n")
    return "".join(out)


STAGED_DIR = "bench_staged"


def stage_files(repo: Path, n: int = 10, with_token: bool = False) -> list[str]:
    r = random.Random(3)
    paths = []
    for i in range(n):
        rel = f"{STAGED_DIR}/staged_{i:02d}.py"
        full = repo / rel
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(small_source(r, 20))  # about 1.2 KB each
        paths.append(rel)
    if with_token:
        rel = f"{STAGED_DIR}/planted.py"
        (repo / rel).write_text('state = "DEPLOY_GRANTED"\n')
        paths.append(rel)
    git(repo, "add", "--", *paths)
    return paths


def unstage_files(repo: Path) -> None:
    if (repo / STAGED_DIR).exists():
        git(repo, "rm", "-q", "-r", "--cached", "--ignore-unmatch", "--", STAGED_DIR)
        shutil.rmtree(repo / STAGED_DIR)


def tiny_repo(work: Path) -> Path:
    repo = work / "tiny-repo"
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("tiny\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "--no-verify", "-m", "init")
    return repo


PUSH_BRANCH = "bench-push"


def build_push_branch(repo: Path, work: Path, n_commits: int) -> tuple[str, str, list[tuple[str, str, int]]]:
    """A remote ``origin`` that has ``main``, and a new local branch of ``n_commits`` commits on
    top of it (built with one ``git fast-import``).  Returns (tip, remote url, planted
    (commit, path, line))."""
    remote = work / "remote.git"
    if remote.exists():
        shutil.rmtree(remote)
    git(work, "clone", "-q", "--bare", "--shared", "--single-branch", "--branch", "main", str(repo), str(remote))
    if "origin" in git(repo, "remote").split():
        git(repo, "remote", "remove", "origin")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "fetch", "-q", "origin", "+refs/heads/main:refs/remotes/origin/main")
    git(repo, "update-ref", "-d", f"refs/heads/{PUSH_BRANCH}")
    base = git(repo, "rev-parse", "main").strip()

    r = random.Random(11)
    files: dict[str, list[str]] = {}
    planted: list[tuple[int, str, int]] = []
    token_commits = {n_commits // 10, 4 * n_commits // 10, 7 * n_commits // 10, n_commits - 1}
    stream = bytearray()

    def data(b: bytes) -> None:
        stream.extend(b"data %d\n" % len(b) + b + b"\n")

    for i in range(n_commits):
        when = 1706745600 + 60 * i
        stream.extend(f"commit refs/heads/{PUSH_BRANCH}\nmark :{i + 1}\n".encode())
        stream.extend(f"author bench <b@x> {when} +0000\ncommitter bench <b@x> {when} +0000\n".encode())
        data(f"bench commit {i}".encode())
        if i == 0:
            stream.extend(f"from {base}\n".encode())
        changed = [f"pushed/mod_{k:02d}.py" for k in r.sample(range(50), 2)]
        if i % 10 == 0:
            changed.append(f"pushed/new_{i:04d}.md")
        for j, path in enumerate(changed):
            lines = files.setdefault(path, [])
            new = [f"# {' '.join(r.choice(own_corpus.WORDS) for _ in range(9))}" for _ in range(5)]
            if i in token_commits and j == 0:
                new[2] = 'status = "RELEASE_AUTHORIZED"'
                planted.append((i, path, len(lines) + 3))
            lines.extend(new)
            stream.extend(f"M 100644 inline {path}\n".encode())
            data(("\n".join(lines) + "\n").encode())
    git(repo, "fast-import", "--quiet", stdin=bytes(stream))
    shas = git(repo, "rev-list", "--reverse", PUSH_BRANCH, "--not", "main").split()
    assert len(shas) == n_commits, (len(shas), n_commits)
    return shas[-1], str(remote), [(shas[i], p, ln) for i, p, ln in planted]


def write_bigline(path: Path, size: int) -> None:
    """One line of ``size`` bytes (no newline at all) of lower-case words, ending in a token."""
    token = b" PRODUCTION_PASS"
    if path.exists() and path.stat().st_size == size:
        return
    r = random.Random(5)
    words = [w.encode() for w in own_corpus.WORDS]
    block = bytearray()
    while len(block) < MIB:
        block += r.choice(words) + b" "
    block = bytes(block[:MIB])
    with open(path, "wb") as fh:
        left = size - len(token)
        while left > 0:
            chunk = block[: min(left, MIB)]
            fh.write(chunk)
            left -= len(chunk)
        fh.write(token)


def write_pattern(path: Path, unit: bytes, pad: bytes, size: int) -> None:
    """One line of ``size`` bytes: whole copies of ``unit`` (never cut, which could make a
    token of a near-miss), then ``pad`` bytes, then a newline."""
    if path.exists() and path.stat().st_size == size:
        return
    n = (size - 1) // len(unit)
    path.write_bytes(unit * n + pad * (size - 1 - n * len(unit)) + b"\n")


# ---------------------------------------------------------------------------------------------
# Workloads: measuring


def findings_of(stdout: bytes) -> list[dict[str, object]] | None:
    try:
        doc = json.loads(stdout)
    except ValueError:
        return None
    found = doc.get("findings") if isinstance(doc, dict) else None
    return found if isinstance(found, list) else None


def wl_correctness(rep: Report, c: Corpus, work: Path) -> None:
    rep.section("correctness: check --all-files --format json vs expected.json")
    cmd = Cmd("check json", [TOOL, "check", "--all-files", "--format", "json"], c.repo)
    sample, out, err = output_of(cmd, work / "scratch")
    found = findings_of(out)
    if found is None:
        rep.goal("1. findings == expected.json", f"no JSON (exit {sample.rc})", "exact", False, err.decode()[:200])
        return
    want = collections.Counter((str(t["path"]), int(str(t["line"]))) for t in c.expected)
    got = collections.Counter((str(f["path"]), int(str(f["line"]))) for f in found if f.get("rule") == "seal-token")
    others = collections.Counter(str(f.get("rule")) for f in found if f.get("rule") != "seal-token")
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    count_diff = sorted(k for k in set(want) & set(got) if want[k] != got[k])
    rep.line(
        f"expected {sum(want.values())} tokens on {len(want)} lines; got {sum(got.values())} seal-token "
        f"findings on {len(got)} lines; exit {sample.rc}; other rules: {dict(others) or 'none'}"
    )
    for label, items in (("missing", missing), ("extra", extra), ("count differs", count_diff)):
        if items:
            rep.line(f"{label} ({len(items)}): " + ", ".join(f"{p}:{ln}" for p, ln in items[:8]))
    by_enc = collections.Counter(str(t["encoding"]) for t in c.expected if (t["path"], t["line"]) in set(missing))
    if by_enc:
        rep.line(f"missing by encoding: {dict(by_enc)}")
    ok = not missing and not extra and not others and sample.rc == 1
    if sample.rc != 1:
        rep.line(f"exit {sample.rc}, want 1; stderr: {err.decode(errors='replace').strip()[:200]}")
    rep.goal(
        "1. findings == expected.json",
        f"{len(missing)} missing, {len(extra)} extra lines",
        "0 / 0",
        ok,
        "" if not count_diff else f"{len(count_diff)} lines with a different token count",
    )
    rep.data["correctness"] = {"missing": missing, "extra": extra, "count_differs": count_diff, "rc": sample.rc}


def wl_check(rep: Report, c: Corpus, work: Path, runs: int) -> None:
    rep.section(f"check --all-files on {c.summary['files']} files / {c.mb:.0f} MB vs rg -j1")
    tool = Cmd("rehearsal-hook check --all-files", [TOOL, "check", "--all-files"], c.repo, rss=True, expect=(1,))
    cmds = [tool]
    if RG:
        cmds.append(Cmd("rg -c --no-ignore -j1", [RG, "-c", "--no-ignore", "-j1", "-e", REGEX, "."], c.repo, rss=True))
    else:
        rep.line("rg (ripgrep) is not installed: apt-get install ripgrep; the ratio is skipped")
    ms = alternate(cmds, runs, work / "scratch")
    rep.measured(ms)
    rep.line(
        f"throughput: tool {c.mb / ms[0].median:.0f} MB/s" + (f", rg {c.mb / ms[1].median:.0f} MB/s" if RG else "")
    )
    rep.data["check"] = {m.cmd.label: m.median for m in ms}
    if RG:
        x = ratio(ms[0].median, ms[1].median)
        # (the goal is wall time, the tool as a user runs it -- its default --jobs, a process per
        # core -- against one rg thread: the CPU ratio beside it is the work done, like for like)
        cpu = ratio(ms[0].cpu, ms[1].cpu)
        rep.line(f"cpu (user+sys, medians): tool / rg -j1 {cpu:.2f}x ({ms[0].cpu:.3f} / {ms[1].cpu:.3f} s)")
        rep.data["check_cpu"] = {m.cmd.label: m.cpu for m in ms}
        rep.goal(
            "1. check --all-files / rg -j1",
            f"{x:.2f}x ({ms[0].median:.3f} / {ms[1].median:.3f} s)",
            "<= 1.5x",
            x <= 1.5,
            f"wall: the tool's default --jobs, a process per core ({CORES} here); CPU {cpu:.2f}x",
            ms=ms,
        )
    else:
        rep.unavailable("1. check --all-files / rg -j1", "<= 1.5x", "rg not installed")


def wl_floors(rep: Report, c: Corpus, work: Path, runs: int) -> None:
    """What any full scan in Python pays, side by side with the tool and rg -j1 (bench/floors.py):
    the runtime dependencies' import; listing, reading every file and searching the needles
    (the least a scan can do); and Python's ``re`` running the token pattern itself on every
    file.  The figures the full-scan goal is judged against, in one run."""
    rep.section(f"floors of a full scan in Python on {c.summary['files']} files / {c.mb:.0f} MB vs rg -j1")
    if not RG:
        rep.unavailable("(1) floors / rg -j1", "report", "rg not installed")
        return
    floors = str(HERE / "floors.py")
    cmds = [
        Cmd("rehearsal-hook check --all-files", [TOOL, "check", "--all-files"], c.repo, expect=(1,)),
        Cmd("rg -c --no-ignore -j1", [RG, "-c", "--no-ignore", "-j1", "-e", REGEX, "."], c.repo),
        Cmd("python -c 'import click, pathspec'", [PYTHON, "-c", "import click, pathspec"], c.repo),
        Cmd(f"floors.py find --jobs {CORES}", [PYTHON, floors, "find", "--jobs", str(CORES)], c.repo),
        Cmd(f"floors.py regex --jobs {CORES}", [PYTHON, floors, "regex", "--jobs", str(CORES)], c.repo),
        Cmd("floors.py regex --jobs 1", [PYTHON, floors, "regex", "--jobs", "1"], c.repo),
    ]
    ms = alternate(cmds, runs, work / "scratch")
    rep.measured(ms)
    rg = ms[1]
    for m in ms:
        rep.line(
            f"{m.cmd.label:<36} / rg -j1: wall {ratio(m.median, rg.median):5.2f}x  cpu {ratio(m.cpu, rg.cpu):5.2f}x"
        )
    rep.data["floors"] = {m.cmd.label: {"wall": m.median, "cpu": m.cpu} for m in ms}
    rep.goal(
        "(1) floors: read + find, re's token pattern / rg -j1",
        f"{ratio(ms[3].median, rg.median):.2f}x, {ratio(ms[4].median, rg.median):.2f}x "
        f"(tool {ratio(ms[0].median, rg.median):.2f}x)",
        "report",
        None,
        f"wall, {CORES} processes; the goal 1.5x is {1.5 * rg.median:.3f} s",
        ms=ms,
    )


def wl_jobs(rep: Report, c: Corpus, work: Path, runs: int) -> None:
    rep.section("check --all-files --jobs 2 vs rg -j2")
    if "--jobs" not in tool_help("check"):
        rep.unavailable("5. check --jobs 2 / rg -j2", "report", "check has no --jobs option yet")
        return
    cmds = [
        Cmd(
            f"rehearsal-hook check --all-files --jobs {j}",
            [TOOL, "check", "--all-files", "--jobs", str(j)],
            c.repo,
            rss=True,
            expect=(1,),
        )
        for j in (2, 1)
    ]
    if RG:
        cmds.append(Cmd("rg -c --no-ignore -j2", [RG, "-c", "--no-ignore", "-j2", "-e", REGEX, "."], c.repo, rss=True))
    ms = alternate(cmds, runs, work / "scratch")
    rep.measured(ms)
    rep.line(f"speed-up of --jobs 2 over --jobs 1: {ratio(ms[1].median, ms[0].median):.2f}x")
    rep.data["jobs"] = {m.cmd.label: m.median for m in ms}
    if RG:
        x = ratio(ms[0].median, ms[2].median)
        rep.goal(
            "5. check --jobs 2 / rg -j2",
            f"{x:.2f}x ({ms[0].median:.3f} / {ms[2].median:.3f} s)",
            "report",
            None,
            "as close to 1x as it gets",
            ms=ms,
        )
    else:
        rep.unavailable("5. check --jobs 2 / rg -j2", "report", "rg not installed")


def wl_startup(rep: Report, c: Corpus, work: Path, runs: int) -> None:
    rep.section("start-up: --help and imports vs python -c 'import click, pathspec'")
    base = Cmd("python -c 'import click, pathspec'", [PYTHON, "-c", "import click, pathspec"], c.repo)
    cmds = [
        base,
        Cmd("rehearsal-hook --help", [TOOL, "--help"], c.repo),
        Cmd("python -c 'import rehearsal_hook.cli.group'", [PYTHON, "-c", "import rehearsal_hook.cli.group"], c.repo),
        Cmd("python -c pass", [PYTHON, "-c", "pass"], c.repo),
    ]
    ms = alternate(cmds, max(runs, 10), work / "scratch")
    rep.measured(ms)
    rep.data["startup"] = {m.cmd.label: m.median for m in ms}
    x = ratio(ms[1].median, ms[0].median)
    rep.goal(
        "(2) --help / import click, pathspec",
        f"{x:.2f}x ({ms[1].median * 1000:.0f} / {ms[0].median * 1000:.0f} ms)",
        "<= 1.5x",
        x <= 1.5,
        "start-up floor of any command",
        ms=ms,
    )


def wl_precommit(rep: Report, c: Corpus, work: Path, runs: int) -> None:
    rep.section("pre-commit with 10 small files staged vs python -c 'import click, pathspec'")
    goal = "2. pre-commit / import click, pathspec"
    if not tool_has("pre-commit"):
        rep.unavailable(goal, "<= 1.5x", "`rehearsal-hook pre-commit --help` fails: command not there yet")
        return
    tiny = tiny_repo(work)
    unstage_files(c.repo)
    try:
        stage_files(c.repo)
        stage_files(tiny)
        cmds = [
            Cmd("rehearsal-hook pre-commit (corpus)", [TOOL, "pre-commit"], c.repo),
            Cmd("python -c 'import click, pathspec'", [PYTHON, "-c", "import click, pathspec"], c.repo),
            Cmd("rehearsal-hook pre-commit (1-file repo)", [TOOL, "pre-commit"], tiny),
        ]
        ms = alternate(cmds, max(runs, 10), work / "scratch")
        rep.measured(ms)
        n_git, calls, _ = count_git_calls(cmds[0], work)
        rep.line(f"git processes: {n_git}: " + " | ".join(x[:60] for x in calls[:5]))
        unstage_files(c.repo)
        stage_files(c.repo, with_token=True)
        planted, _, _ = output_of(cmds[0], work / "scratch")
    finally:
        unstage_files(c.repo)
    rep.data["precommit"] = {m.cmd.label: m.median for m in ms} | {"git_processes": n_git}
    x = ratio(ms[0].median, ms[1].median)
    ok_rc = ms[0].rcs == [0] and planted.rc == 1
    rep.goal(
        goal,
        f"{x:.2f}x ({ms[0].median * 1000:.0f} / {ms[1].median * 1000:.0f} ms)",
        "<= 1.5x",
        x <= 1.5,
        "" if ok_rc else f"exit codes clean={ms[0].rcs} planted={planted.rc} (want [0] and 1)",
        ms=ms,
    )
    rep.goal("2. pre-commit git processes", str(n_git), "<= 3", n_git <= 3)
    y = ratio(ms[0].median, ms[2].median)
    rep.goal("2. pre-commit corpus / 1-file repo", f"{y:.2f}x", "~1x (no O(repo) work)", y <= 1.3, ms=ms)


def wl_prepush(rep: Report, c: Corpus, work: Path, runs: int, n_commits: int) -> None:
    rep.section(f"pre-push of a new branch of {n_commits} commits vs git log -p -U0")
    goal = "3. pre-push / git log -p -U0"
    if not tool_has("pre-push"):
        rep.unavailable(goal, "<= 1.0x", "`rehearsal-hook pre-push --help` fails: command not there yet")
        return
    t0 = time.perf_counter()
    tip, url, planted = build_push_branch(c.repo, work, n_commits)
    rep.line(
        f"branch {PUSH_BRANCH} built in {time.perf_counter() - t0:.1f} s; tip {tip[:12]}; {len(planted)} planted tokens"
    )
    help_text = tool_help("pre-push")
    usage = next((x for x in help_text.splitlines() if x.lower().startswith("usage:")), "")
    positional = [w for w in re.findall(r"\b[A-Z][A-Z_]+\b", usage) if w not in ("OPTIONS",)]
    args = ["origin", url] if positional else []
    stdin = f"refs/heads/{PUSH_BRANCH} {tip} refs/heads/{PUSH_BRANCH} {ZERO}\n".encode()
    tool = Cmd("rehearsal-hook pre-push", [TOOL, "pre-push", *args], c.repo, stdin=stdin, rss=True, expect=(1,))
    ref = Cmd(
        "git log -p -U0 (same commits)", [GIT, "log", "-p", "-U0", tip, "--not", "--remotes=origin"], c.repo, rss=True
    )
    cmds = [tool, ref]
    if "--jobs" in help_text:
        # One git log process against the default (the cores, for a range this long): what the
        # second core buys, and the figure for a one-core machine.
        cmds.append(
            Cmd(
                "rehearsal-hook pre-push --jobs 1",
                [TOOL, "pre-push", "--jobs", "1", *args],
                c.repo,
                stdin=stdin,
                rss=True,
                expect=(1,),
            )
        )
    ms = alternate(cmds, runs, work / "scratch")
    rep.line(f"invoked as: rehearsal-hook pre-push {' '.join(args)} < '{stdin.decode().strip()}'")
    rep.measured(ms)
    n_git, calls, _ = count_git_calls(tool, work)
    rep.line(f"git processes: {n_git}: " + " | ".join(x[:60] for x in calls[:12]))
    note = "" if ms[0].rcs == [1] else f"exit {ms[0].rcs}, want [1] (the branch has {len(planted)} tokens)"
    if "--format" in help_text:
        _, out, _ = output_of(Cmd("", [*tool.argv, "--format", "json"], c.repo, stdin=stdin), work / "scratch")
        found = findings_of(out) or []
        got = {
            (str(f.get("commit")), str(f["path"]), int(str(f["line"]))) for f in found if f.get("rule") == "seal-token"
        }
        want = set(planted)
        rep.line(f"planted {len(want)}; found {len(got)}; missing {len(want - got)}; extra {len(got - want)}")
        if want != got:
            note += f" findings differ from planted ({len(want - got)} missing, {len(got - want)} extra)"
    rep.data["prepush"] = {m.cmd.label: m.median for m in ms} | {"git_processes": n_git}
    x = ratio(ms[0].median, ms[1].median)
    rep.goal(goal, f"{x:.2f}x ({ms[0].median:.3f} / {ms[1].median:.3f} s)", "<= 1.0x", x <= 1.0, note.strip(), ms=ms)
    rep.goal("3. pre-push git processes", str(n_git), f"a few (<= 10), not one per commit ({n_commits})", n_git <= 10)
    if len(ms) > 2:
        x1 = ratio(ms[2].median, ms[1].median)
        rep.goal(
            "3. pre-push --jobs 1 / git log -p -U0",
            f"{x1:.2f}x ({ms[2].median:.3f} / {ms[1].median:.3f} s)",
            "report",
            None,
            "one git log process (a one-core machine)",
            ms=[ms[2], ms[1]],
        )


def wl_receive(rep: Report, c: Corpus, work: Path, runs: int) -> None:
    """The first push of an existing repository: its whole history (the corpus is one root
    commit) through pre-receive, against check --all-files of the same tree."""
    goal = "6. pre-receive of the corpus root / check --all-files"
    rep.section("pre-receive of the corpus's root commit (a first push) vs check --all-files")
    bare = work / "receive.git"
    tip = git(c.repo, "rev-parse", "main").strip()
    try:
        have = (bare / "objects").exists() and git(bare, "cat-file", "-t", tip).strip() == "commit"
    except RuntimeError:
        have = False
    if not have:
        if bare.exists():
            shutil.rmtree(bare)
        git(work, "init", "-q", "--bare", str(bare))
        # The objects arrive as a push sends them (one pack); no ref is left, as before a first push.
        git(c.repo, "push", "-q", "--no-verify", str(bare), "main:refs/heads/incoming")
        git(bare, "update-ref", "-d", "refs/heads/incoming")
    n = len(git(bare, "rev-list", tip).split())
    stdin = f"{ZERO} {tip} refs/heads/main\n".encode()
    tool = Cmd(
        "rehearsal-hook pre-receive (first push)", [TOOL, "pre-receive"], bare, stdin=stdin, rss=True, expect=(1,)
    )
    ref = Cmd(
        "rehearsal-hook check --all-files (same tree)", [TOOL, "check", "--all-files"], c.repo, rss=True, expect=(1,)
    )
    ms = alternate([tool, ref], runs, work / "scratch")
    rep.line(f"{n} commit(s), {c.summary['files']} files / {c.mb:.0f} MB")
    rep.measured(ms)
    rep.data["receive"] = {m.cmd.label: m.median for m in ms}
    x = ratio(ms[0].median, ms[1].median)
    rep.goal(goal, f"{x:.2f}x ({ms[0].median:.3f} / {ms[1].median:.3f} s)", "<= 1.5x", x <= 1.5, ms=ms)


# git's own history (issue 13): a real history, from a clone or mirror given with --git-repo.
GIT_RANGE = "0717a424..1a3e64c6"


def new_blobs(repo: Path, revisions: str) -> list[str]:
    """The blobs a range's commits bring (each file's new version; no submodule, no deletion)."""
    out = git(repo, "log", "--no-renames", "--format=", "--raw", "--no-abbrev", revisions)
    found: dict[str, None] = {}
    for line in out.splitlines():
        if line.startswith(":"):
            _, mode, _, blob, *_ = line[1:].split()
            if mode != "160000" and set(blob) != {"0"}:
                found[blob] = None
    return list(found)


def wl_githistory(rep: Report, work: Path, runs: int, gitrepo: str) -> None:
    goal = f"7. check --range {GIT_RANGE} / git log -p -U0 (git's history)"
    rep.section(f"git's own history: check --range {GIT_RANGE} vs git log -p -U0; check --history")
    if not gitrepo:
        rep.unavailable(goal, "<= 0.7x", "no --git-repo (a clone or mirror of git's repository) given")
        return
    repo = Path(gitrepo)
    n = len(git(repo, "rev-list", GIT_RANGE).split())
    tool = Cmd("rehearsal-hook check --range", [TOOL, "check", "--range", GIT_RANGE], repo, rss=True, expect=(0, 1))
    one = Cmd(
        "rehearsal-hook check --range --jobs 1",
        [TOOL, "check", "--range", GIT_RANGE, "--jobs", "1"],
        repo,
        rss=True,
        expect=(0, 1),
    )
    ref = Cmd(
        "git log -p -U0 --no-ext-diff (same range)",
        [GIT, "log", "-p", "-U0", "--no-ext-diff", GIT_RANGE],
        repo,
        rss=True,
    )
    # The floor of reading every new version whole (bench/floors.py blobs): git delivering the
    # range's new blobs through a pipe, and a Python process taking each and searching its needles.
    ids = work / "scratch" / "range-blobs.txt"
    ids.parent.mkdir(parents=True, exist_ok=True)
    ids.write_text("".join(f"{b}\n" for b in new_blobs(repo, GIT_RANGE)))
    floor = Cmd(
        f"floors.py blobs ({len(ids.read_text().split())} new blob versions)",
        [PYTHON, str(HERE / "floors.py"), "blobs", str(ids)],
        repo,
    )
    ms = alternate([tool, ref, one, floor], runs, work / "scratch")
    rep.line(f"{n} commits")
    rep.measured(ms)
    rep.line(
        f"floor (read each new version whole, find the needles) / git log -p -U0: "
        f"{ratio(ms[3].median, ms[1].median):.2f}x wall, {ratio(ms[3].cpu, ms[1].cpu):.2f}x cpu"
    )
    x = ratio(ms[0].median, ms[1].median)
    rep.goal(goal, f"{x:.2f}x ({ms[0].median:.3f} / {ms[1].median:.3f} s)", "<= 0.7x", x <= 0.7, ms=ms[:2])
    x1 = ratio(ms[2].median, ms[1].median)
    rep.goal(
        "7. ... --jobs 1 / git log -p -U0",
        f"{x1:.2f}x ({ms[2].median:.3f} / {ms[1].median:.3f} s)",
        "report",
        None,
        ms=[ms[2], ms[1]],
    )
    # The whole history of the default branch, once: time and peak memory (the largest
    # process, git's included: /usr/bin/time reports the most any one of them held).
    total = len(git(repo, "rev-list", "HEAD").split())
    whole = Cmd(
        "rehearsal-hook check --history HEAD", [TOOL, "check", "--history", "HEAD"], repo, rss=True, expect=(0, 1)
    )
    [m] = alternate([whole], 1, work / "scratch")
    rep.measured([m])
    rep.data["githistory"] = {x.cmd.label: x.median for x in [*ms, m]} | {"range_commits": n, "history_commits": total}
    rep.goal(
        f"7. check --history HEAD ({total} commits)",
        f"{m.median:.1f} s, peak RSS {m.rss_mib:.0f} MiB",
        "report; RSS <= 300 MiB",
        m.rss_mib <= 300 if m.rss_mib >= 0 else None,
        ms=[m],
    )


def wl_bigline(rep: Report, work: Path, runs: int, size: int) -> None:
    rep.section(f"check on one {size // MIB} MiB single-line file with a token at its very end")
    d = work / "bigline"
    d.mkdir(parents=True, exist_ok=True)
    path = d / "oneline.txt"
    write_bigline(path, size)
    cmds = [Cmd("rehearsal-hook check oneline.txt", [TOOL, "check", "oneline.txt"], d, rss=True, expect=(1,))]
    if RG:
        cmds.append(
            Cmd("rg -c -j1 oneline.txt", [RG, "-c", "--no-ignore", "-j1", "-e", REGEX, "oneline.txt"], d, rss=True)
        )
    ms = alternate(cmds, max(1, min(runs, 3)), work / "scratch")
    rep.measured(ms)
    _, out, err = output_of(Cmd("", [TOOL, "check", "--format", "json", "oneline.txt"], d), work / "scratch")
    found = [f for f in findings_of(out) or [] if f.get("rule") == "seal-token"]
    ok_found = len(found) == 1 and found[0].get("line") == 1
    rep.line(
        f"findings: {[(f.get('line'), f.get('column')) for f in found]}"
        + ("" if found else f"  stderr: {err.decode(errors='replace')[:160]}")
    )
    rep.data["bigline"] = {"seconds": ms[0].median, "peak_rss_mib": ms[0].rss_mib, "found": ok_found}
    goal = f"4. peak RSS, {size // MIB} MiB one-line file"
    if ms[0].rss_mib < 0:
        rep.goal(goal, f"not measured ({ms[0].median:.2f} s)", "<= 100 MiB, token found", None, "/usr/bin/time missing")
        return
    rep.goal(
        goal,
        f"{ms[0].rss_mib:.0f} MiB ({ms[0].median:.2f} s)",
        "<= 100 MiB, token found",
        ms[0].rss_mib <= 100 and ok_found,
        "" if ok_found else "token NOT found",
        ms=ms,
    )


# The needle-storm files (issue 12): shared with the linear workload, whose files they are.
STORM = {  # name: (unit, pad)
    "near-misses": (b"FOO_PASSWORD ", b" "),  # a needle every 13 bytes, never a token
    "capital-word-with-needles": (b"AB_PASSC", b"C"),  # one huge word, a needle every 8 bytes
}


def wl_linear(rep: Report, work: Path, runs: int, size: int) -> None:
    rep.section(f"linearity: fastest run at {size // MIB} MiB and {4 * size // MIB} MiB, start-up subtracted")
    d = work / "linear"
    d.mkdir(parents=True, exist_ok=True)
    (d / "tiny.txt").write_text("nothing here\n")
    patterns = {  # name: (unit, pad)
        "near-misses": STORM["near-misses"],
        "capitals": (b"A", b"A"),  # one word, no needle
        "capital-word-with-needles": STORM["capital-word-with-needles"],
    }
    tiny = Cmd("check tiny.txt", [TOOL, "check", "tiny.txt"], d, rss=True)
    for name, (unit, pad) in patterns.items():
        cmds = [tiny]
        for k in (1, 4):
            p = d / f"{name}-{k * size // MIB}M.txt"
            write_pattern(p, unit, pad, k * size)
            cmds.append(Cmd(f"check {p.name}", [TOOL, "check", p.name], d, rss=True))
        ms = alternate(cmds, max(1, min(runs, 3)), work / "scratch")
        rep.measured(ms)
        # The fastest run of each: growth is what counts here, and noise only ever adds time.
        t0, t1, t4 = (m.best for m in ms)
        a, b = t1 - t0, t4 - t0
        bad_rc = [m.cmd.label for m in ms[1:] if m.rcs != [0]]
        note = f"exit codes {[m.rcs for m in ms[1:]]}, want 0 (no token)" if bad_rc else ""
        if ms[2].rss_mib >= 0:
            note = f"peak RSS {ms[2].rss_mib:.0f} MiB at {4 * size // MIB} MiB; {note}".rstrip("; ")
        if a < 0.05:
            # Too fast at S to take a ratio: no quadratic blow-up is all that can be said.
            note = "; ".join(x for x in ("below timer resolution", note) if x)
            measured = f"+{a * 1000:.0f} -> +{b * 1000:.0f} ms over start-up"
            rep.goal(f"4. linear: {name}", measured, "~4x", b < 0.3 and not bad_rc, note, ms=ms)
        else:
            x = ratio(b, a)
            rep.goal(
                f"4. linear: {name}",
                f"{x:.1f}x ({a:.2f} -> {b:.2f} s)",
                "~4x (<= 6)",
                x <= 6 and not bad_rc,
                note,
                ms=ms,
            )
        rep.data.setdefault("linear", {})[name] = {"S": a, "4S": b}  # type: ignore[index]
    _linear_random_binary(rep, d, runs, tiny, work)


def write_random(path: Path, size: int) -> None:
    """``size`` random bytes, the same every time (a seed per size): a binary file (NULs and
    bytes that are not UTF-8), compressed data or an image as the scanner sees it."""
    if path.exists() and path.stat().st_size == size:
        return
    path.write_bytes(random.Random(size).randbytes(size))


def _linear_random_binary(rep: Report, d: Path, runs: int, tiny: Cmd, work: Path) -> None:
    """Random bytes of 1, 2, 4 and 8 MiB (issue 12): a binary file is read for its ASCII forms
    and its text runs (scan/textruns.py), each run that can show a token read as text; the
    cost must stay linear.  No token (exit 0)."""
    cmds = [tiny]
    for mib in (1, 2, 4, 8):
        p = d / f"random-binary-{mib}M.bin"
        write_random(p, mib * MIB)
        cmds.append(Cmd(f"check {p.name}", [TOOL, "check", p.name], d, rss=True))
    ms = alternate(cmds, max(1, min(runs, 3)), work / "scratch")
    rep.measured(ms)
    t0, *ts = (m.best for m in ms)
    past = [t - t0 for t in ts]
    bad_rc = [m.cmd.label for m in ms[1:] if m.rcs != [0]]
    growth = [ratio(b, a) for a, b in itertools.pairwise(past)]
    note = f"exit codes {[m.rcs for m in ms[1:]]}, want 0 (no token)" if bad_rc else ""
    if ms[-1].rss_mib >= 0:
        note = f"peak RSS {ms[-1].rss_mib:.0f} MiB at 8 MiB; {note}".rstrip("; ")
    times = " -> ".join(f"{t:.2f}" for t in past) + " s over start-up"
    if past[0] < 0.05:
        # (1 MiB is read in some tens of ms: ratios of such figures are noise -- no blow-up is
        # what can be said, and the 8 MiB figure)
        note = "; ".join(x for x in ("below timer resolution at 1 MiB", note) if x)
        rep.goal("12. linear: random binary", times, "~2x per doubling", past[-1] < 1.0 and not bad_rc, note, ms=ms)
    else:
        rep.goal(
            "12. linear: random binary",
            ", ".join(f"{x:.1f}x" for x in growth) + f" ({times})",
            "~2x per doubling (<= 3)",
            all(x <= 3 for x in growth) and not bad_rc,
            note,
            ms=ms,
        )
    rep.data.setdefault("linear", {})["random binary"] = dict(zip(("1M", "2M", "4M", "8M"), past, strict=True))  # type: ignore[index]


def wl_storm(rep: Report, work: Path, runs: int, size: int) -> None:
    """Files dense with needles, none a token: ``check FILE`` against ``rg -c -j1`` on the same
    file, side by side, at S and 4S (issue 12: <= 3x rg).  Both start-ups (a one-line file) are
    reported too, and the ratio of what each spends past its start-up."""
    rep.section(f"needle storms: check FILE vs rg -c -j1 FILE at {size // MIB} and {4 * size // MIB} MiB")
    if not RG:
        rep.unavailable("12. needle storms / rg -j1", "<= 3x", "rg not installed")
        return
    d = work / "linear"
    d.mkdir(parents=True, exist_ok=True)
    (d / "tiny.txt").write_text("nothing here\n")
    start = alternate(
        [
            Cmd("check tiny.txt", [TOOL, "check", "tiny.txt"], d),
            Cmd("rg -c -j1 tiny.txt", [RG, "-c", "--no-ignore", "-j1", "-e", REGEX, "tiny.txt"], d, expect=(1,)),
            # (the floor of any command: a goal of 3x rg below it cannot be met by a click tool)
            Cmd("python -c 'import click, pathspec'", [PYTHON, "-c", "import click, pathspec"], d),
        ],
        runs,
        work / "scratch",
    )
    rep.measured(start)
    for name, (unit, pad) in STORM.items():
        for k in (1, 4):
            p = d / f"{name}-{k * size // MIB}M.txt"
            write_pattern(p, unit, pad, k * size)
            cmds = [
                Cmd(f"check {p.name}", [TOOL, "check", p.name], d, rss=True),
                # rg exits 1 when it finds nothing, as it must here
                Cmd(f"rg -c -j1 {p.name}", [RG, "-c", "--no-ignore", "-j1", "-e", REGEX, p.name], d, expect=(1,)),
            ]
            ms = alternate(cmds, runs, work / "scratch")
            rep.measured(ms)
            x = ratio(ms[0].median, ms[1].median)
            past = [ms[i].median - start[i].median for i in (0, 1)]
            note = f"past start-up {ratio(*past):.1f}x ({past[0]:.3f} / {past[1]:.3f} s)"
            note += f"; 3x rg is {3 * ms[1].median:.3f} s, the import floor {start[2].median:.3f} s"
            if ms[0].rss_mib >= 0:
                note += f"; peak RSS {ms[0].rss_mib:.0f} MiB"
            rep.goal(
                f"12. storm: {name}, {k * size // MIB} MiB / rg -j1",
                f"{x:.2f}x ({ms[0].median:.3f} / {ms[1].median:.3f} s)",
                "<= 3x",
                x <= 3,
                note,
                ms=ms,
            )
            rep.data.setdefault("storm", {})[f"{name}-{k * size // MIB}M"] = {  # type: ignore[index]
                "tool": ms[0].median,
                "rg": ms[1].median,
                "tool start-up": start[0].median,
                "rg start-up": start[1].median,
            }


def wl_nested(rep: Report, work: Path, runs: int) -> None:
    """Strict JSON (issue 12): doubling a request or baseline about doubles the time."""
    rep.section("nested JSON: fastest run at S, 2S and 4S, start-up subtracted")
    d = work / "nested"
    d.mkdir(parents=True, exist_ok=True)
    (d / "tiny.txt").write_text("nothing here\n")
    kib = 1 << 10
    # One request whose informational field holds the bulk: one verdict, so the time is the
    # parse, not the output.
    req = b'{"target": "local_clone", "action": "rehearsal_apply", "ticket": '
    shapes = {  # name: (file name, unit repeated to the size, head, tail, command, size S, exit code)
        # the shape that kept the old nesting check busy for minutes: escaped quotes, unclosed
        "gate: escaped quotes": ("q.rehearsal.json", b'\\"', req + b'"', b"", "gate", 256 * kib, 1),
        "gate: strings of escapes": ("s.rehearsal.json", b'"\\"\\"",', req + b"[", b"1]}", "gate", 256 * kib, 1),
        "gate: 64 deep, repeated": (
            "d.rehearsal.json",
            b"[" * 62 + b"]" * 62 + b",",
            req + b"[",
            b"1]}",
            "gate",
            256 * kib,
            1,
        ),
        "check --baseline: escaped quotes": (
            "b.json",
            b'\\"',
            b'{"version": 1, "entries": ["',
            b"",
            "base",
            2 * MIB,
            2,
        ),
    }
    tiny = Cmd("check tiny.txt", [TOOL, "check", "tiny.txt"], d)
    for name, (fname, unit, head, tail, how, size, rc) in shapes.items():
        cmds = [tiny]
        for k in (1, 2, 4):
            p = d / f"{k}-{fname}"
            n = (k * size - len(head) - len(tail)) // len(unit)
            p.write_bytes(head + unit * n + tail)
            argv = [TOOL, "gate", p.name] if how == "gate" else [TOOL, "check", "--baseline", p.name, "tiny.txt"]
            cmds.append(Cmd(f"{how} {p.name} ({k * size // kib} KiB)", argv, d, expect=(rc,)))
        ms = alternate(cmds, max(1, min(runs, 3)), work / "scratch")
        rep.measured(ms)
        t0, t1, t2, t4 = (m.best for m in ms)
        a, b, c = t1 - t0, t2 - t0, t4 - t0
        if a < 0.05:
            measured = f"+{a * 1000:.0f} -> +{b * 1000:.0f} -> +{c * 1000:.0f} ms over start-up"
            rep.goal(f"12. linear: {name}", measured, "~2x per doubling", c < 0.5, "below timer resolution", ms=ms)
        else:
            rep.goal(
                f"12. linear: {name}",
                f"{ratio(b, a):.1f}x, {ratio(c, b):.1f}x ({a:.2f} -> {b:.2f} -> {c:.2f} s)",
                "~2x per doubling (<= 3)",
                ratio(b, a) <= 3 and ratio(c, b) <= 3,
                ms=ms,
            )
        rep.data.setdefault("nested", {})[name] = {"S": a, "2S": b, "4S": c}  # type: ignore[index]


def wl_readings(rep: Report, work: Path, runs: int) -> None:
    """The scanner's readings (issue 12): doubling a line of disguised tokens, a line of
    escapes, NUL-dense non-ASCII or ASCII text or text of long comments, tags across lines and long
    terminal codes about doubles the time."""
    rep.section("readings: fastest run at S, 2S and 4S, start-up subtracted")
    d = work / "readings"
    d.mkdir(parents=True, exist_ok=True)
    (d / "tiny.txt").write_text("nothing here\n")
    token = "CUTOVER" + "_PASS"
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in token)
    shapes = {  # name: (unit repeated on one line, size S, exit code)
        "a line of disguised tokens": ((fullwidth + " ").encode(), 256 << 10, 1),
        "a line of escapes": (token.replace("_", "\\u005f").encode() + b" ", 256 << 10, 1),
        # Escape syntaxes of other readers (scan/roff.py, tex.py): a font change or a group inside each token, and
        # words full of escapes that join no token.
        "a line of roff escapes": (token.replace("_", "_\\fB").encode() + b"\\fR ", 256 << 10, 1),
        "a line of roff near-misses": (b"word\\fBword\\fR\\(ul\\&x ", 1 * MIB, 0),
        "a line of TeX groups": (token.replace("_", "{\\_}").encode() + b" ", 256 << 10, 1),
        "a line of TeX near-misses": (b"{word}\\textbf{word}^^41\\relax x ", 1 * MIB, 0),
        # A join that runs to its line's end (roff's \\c\\", TeX's %) and finds no line break
        # there was tried again from each opener: 4x the time per doubling until session 20
        # (joins.read_joins).
        # A line of many CRs and places the view finds (an open OSC code, a zero-width space):
        # each place walked its line's CRs from the start until session 20 (viewlines).
        "a line of open OSC codes and CRs": ("\x1b]\u200b\\u{5f}\r ".encode(), 64 << 10, 0),
        # roff's names in brackets that no ']' closes (\\[, \\*[, \\f[, \\s[): each scanned to the
        # line's end until session 20 (roff._Closer).
        "a line of unclosed roff names": (b"\\char95 \\[AB^{} \\*[x \\f[y &\\s[z ", 128 << 10, 0),
        "a line of roff comment joins": (b'word\\fB\\c\\" x ', 256 << 10, 0),
        # roff's alternating font macro (scan/roff.py): one line of arguments joined, needles
        # spaced out, quoted, led by a digit (each a place of scan/near.py).
        "a line of roff macro arguments": (b'.BR CUTOVER _PA SS "," 9_PASS ', 256 << 10, 1),
        "a line of TeX comments": (b"x%5Fz\\u005f \\_ ", 256 << 10, 0),
        "a line of disguised near-misses": ((fullwidth + "ＷＯＲＤ ").encode(), 1 * MIB, 0),
        "NUL-dense non-ASCII text": ("é\x00ж\x00文".encode(), 2 * MIB, 0),
        # ASCII holding NULs is read as text too (text.scan_nul_ascii): control-dense with
        # constructs (every reading built), and NUL-padded records (nul_text_is_stored skips it)
        "NUL-dense control ASCII": (
            b"WORD\x00_PASSWORD\x1b[0m\x08x&#95;y%5Fz\\u005f<b>q</b>\x01\x00\x00 ",
            64 << 10,
            0,
        ),
        "NUL-padded ASCII records": (b"record 0001 name=value FOO_PASSWORD" + b"\x00" * 12 + b"\n", 1 * MIB, 0),
        # Constructs of any length (a browser or terminal removes them, joining wordword: no
        # token): one line of long comments, comments across lines, long OSC codes.
        "a line of long comments": (b"word<!--" + b"x " * 150 + b"-->word ", 1 * MIB, 0),
        "comments across lines": (b"word<!--\n" + b"x\n" * 50 + b"-->word\n", 1 * MIB, 0),
        "a line of long terminal codes": (b"word\x1b]0;" + b"x" * 300 + b"\x07word ", 1 * MIB, 0),
        # A stream's cut looks back over a chain of 8-bit openers (U+009B in UTF-8): quadratic
        # until each form of opener was searched back only from its last occurrence.
        "a line of 8-bit terminal openers": ("word\u009b".encode() + "\u009b".encode() * 500, 1 * MIB, 0),
        # Inline HTML whose closer never comes (scan/markdown.py): a CDATA section's and a
        # processing instruction's lazy body ran to the line's end once per opener -- 512 KiB
        # took 45 s (the red-team pass of session 20); one ``>`` at the end keeps every tag
        # form possible.
        "a line of unclosed CDATA and instructions": (b"word_P<![CDATA[x <?y <!z ", 64 << 10, 0),
        # The same with a separator in each unit (so cuts are tested: each construct's span was
        # kept, 237 MiB peak at 4 MiB), and a line that reorders with a backspace every few
        # characters (its display cuts and the views' line selection).
        "a line of 8-bit openers and separators": ("w\u009b\u009b;".encode(), 1 * MIB, 0),
        # The same openers as bytes of a Latin-1 text (every single-byte codec reads it; ISO-8859-8
        # and -6 as U+009B, which rtl_lines listed an int per character for: 222 MiB at 4 MiB until
        # session 21), and a right-to-left paragraph in windows-1255 that cannot be cut (laid out
        # whole, both directions: bidi.py held lists of ints per character, 120 MiB at 256 KiB).
        "a Latin-1 line of 8-bit openers": (b"word\x9b" + b"\x9b" * 500, 64 << 10, 0),
        "a Hebrew paragraph in windows-1255": (
            ("\u05e9\u05dc\u05d5\u05dd \u05d0" + "1X_PA" + "SSx ").encode("cp1255"),
            64 << 10,
            0,
        ),
        "a line that reorders, with backspaces": ("wo\brd \u202e".encode(), 256 << 10, 0),
        # The markups GitHub renders (scan/org.py, textile.py, rdoc.py): a token each unit, in a line of
        # constructs.
        "a line of Org markup": (
            b"x CUTOVER\\under{}PASS [[https://x.y/][a]] y^{2} _{i} @@html:<b>@@ {{{e}}} <<t>> /i/ \\alpha ",
            256 << 10,
            1,
        ),
        # The terminal's row (scan/cursor.py), at its worst: a row 4000 columns wide, then
        # deletes and inserts at its start, each shifting the whole row -- on one line (4S
        # stays under a piece: a longer line that moves the cursor blocks) and on many.
        "a line of cursor moves": (b"y" * 4000 + b"\r" + b"\x1b[P\x1b[@" * 2000, 60 << 10, 0),
        "lines of cursor moves": (b"y" * 4000 + b"\r" + b"\x1b[P\x1b[@" * 2000 + b"\n", 1 * MIB, 0),
        "a line of Textile markup": (
            b'x CUTOVER_[*PA*]SS [%{a:b}c%] d==e==f "g":https://x.y/ h??i?? [-j-] k[^2^] ',
            256 << 10,
            1,
        ),
        "a line of RDoc markup": (
            b"x CUTOVER_+PASS+ *b* _e_ {l}[rdoc-ref:x] w[https://x.y/] link:z a_b+c ",
            256 << 10,
            1,
        ),
    }
    tiny = Cmd("check tiny.txt", [TOOL, "check", "tiny.txt"], d, rss=True)
    for name, (unit, size, rc) in shapes.items():
        cmds = [tiny]
        for k in (1, 2, 4):
            p = d / f"{name.replace(' ', '-')}-{k}.txt"
            write_pattern(p, unit, b" ", k * size)
            cmds.append(
                Cmd(f"check {p.name} ({k * size >> 10} KiB)", [TOOL, "check", p.name], d, expect=(rc,), rss=True)
            )
        ms = alternate(cmds, max(1, min(runs, 3)), work / "scratch")
        rep.measured(ms)
        t0, t1, t2, t4 = (m.best for m in ms)
        a, b, c = t1 - t0, t2 - t0, t4 - t0
        note = f"peak RSS {ms[3].rss_mib:.0f} MiB at 4S" if ms[3].rss_mib >= 0 else ""
        rep.goal(
            f"12. linear: {name}",
            f"{ratio(b, a):.1f}x, {ratio(c, b):.1f}x ({a:.2f} -> {b:.2f} -> {c:.2f} s)",
            "~2x per doubling (<= 3)",
            ratio(b, a) <= 3 and ratio(c, b) <= 3,
            note,
            ms=ms,
        )
        rep.data.setdefault("readings", {})[name] = {"S": a, "2S": b, "4S": c}  # type: ignore[index]


# ---------------------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                model = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    py = subprocess.run([PYTHON, "-V"], capture_output=True, text=True, check=False).stdout.strip()
    rg = "no rg"
    if RG:
        rg = subprocess.run([RG, "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    gitv = subprocess.run([GIT, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return f"{os.cpu_count()} CPUs ({model}), {py}, {rg}, {gitv}, {platform.system()} {platform.release()}"


def revision() -> str:
    """The measured source: commit, and whether src/ had uncommitted changes."""
    head = subprocess.run([GIT, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    dirty = subprocess.run(
        [GIT, "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return head.stdout.strip() + (" + uncommitted changes in src/" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small corpus and files (a smoke run)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    ap.add_argument(
        "--workdir",
        default=os.path.join(tempfile.gettempdir(), "rehearsal-hook-bench"),
        help="where workloads are built and kept between runs",
    )
    ap.add_argument("--only", default="", help=f"comma-separated workloads: {','.join(WORKLOADS)}")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the corpus even if a good one exists")
    ap.add_argument("--json", default="", help="also write the results to this file")
    ap.add_argument("--git-repo", default="", help="a clone or mirror of git's repository, for githistory")
    ap.add_argument("--tool", default=TOOL, help=f"the rehearsal-hook executable to measure (default {TOOL})")
    a = ap.parse_args(argv)
    set_tool(a.tool)
    only = [x.strip() for x in a.only.split(",") if x.strip()] or list(WORKLOADS)
    unknown = set(only) - set(WORKLOADS)
    if unknown:
        ap.error(f"unknown workload(s) {sorted(unknown)}; choose from {', '.join(WORKLOADS)}")
    work = Path(a.workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    files, mb, seed = (1000, 10.0, 1) if a.quick else (20000, 200.0, 1)
    bigline = (128 if a.quick else 512) * MIB
    linear = (1 if a.quick else 8) * MIB
    n_commits = 200 if a.quick else 1000

    rep = Report()
    print(f"machine: {machine()}")
    print(f"source: {revision()}; tool: {TOOL}; runs: {a.runs}; workdir: {work}")
    print(byte_compile_tool())
    load0 = os.getloadavg()
    print(f"load average at start: {load0[0]:.2f} (anything else running on the machine skews the figures)")
    if not RG:
        print("rg (ripgrep) not found: the ratios against it are skipped (apt-get install ripgrep)")
    needs_corpus = set(only) & {"correctness", "check", "floors", "jobs", "startup", "precommit", "prepush", "receive"}
    c = build_corpus(work, files, mb, seed, a.rebuild) if needs_corpus else None
    for name in only:
        if name == "bigline":
            wl_bigline(rep, work, a.runs, bigline)
        elif name == "linear":
            wl_linear(rep, work, a.runs, linear)
        elif name == "storm":
            wl_storm(rep, work, a.runs, linear)
        elif name == "githistory":
            wl_githistory(rep, work, a.runs, a.git_repo)
        elif name == "nested":
            wl_nested(rep, work, a.runs)
        elif name == "readings":
            wl_readings(rep, work, a.runs)
        else:
            assert c is not None
            if name == "correctness":
                wl_correctness(rep, c, work)
            elif name == "check":
                wl_check(rep, c, work, a.runs)
            elif name == "jobs":
                wl_jobs(rep, c, work, a.runs)
            elif name == "floors":
                wl_floors(rep, c, work, a.runs)
            elif name == "startup":
                wl_startup(rep, c, work, a.runs)
            elif name == "precommit":
                wl_precommit(rep, c, work, a.runs)
            elif name == "prepush":
                wl_prepush(rep, c, work, a.runs, n_commits)
            elif name == "receive":
                wl_receive(rep, c, work, a.runs)
    rep.summary()
    load1 = os.getloadavg()
    print(f"\nload average at start {load0[0]:.2f}, at end {load1[0]:.2f} (1-minute; this run itself adds about 1)")
    results = {
        "machine": machine(),
        "source": revision(),
        "runs": a.runs,
        "quick": a.quick,
        "goals": rep.rows,
        "data": rep.data,
    }
    (work / "results.json").write_text(json.dumps(results, indent=1, default=str))
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
