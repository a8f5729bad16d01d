#!/usr/bin/env python3
"""Where the time goes: a profile of ``check --all-files`` on the benchmark corpus, and the
start-up cost (``-X importtime`` and ``--help`` wall time against the import baseline).

    .venv/bin/pip install py-spy pyinstrument   # not project dependencies: only this script
    python bench/profile.py                     # full corpus (built by bench/run.py if missing)
    python bench/profile.py --quick --top 25 -- check --all-files --jobs 1

py-spy (the default when installed) samples the real process from outside without stopping
it, so it costs the run little and attributes time to source lines (now and then it reads a
stack mid-change and shows an impossible parent; ``--blocking`` gives exact stacks at ~3x the
run time); pyinstrument (``--profiler
pyinstrument``) runs inside it and roughly doubles the run, inflating functions that are
called often (per-file code), but shows the C functions (``BufferedReader.read``) too.

Prints the hottest functions by self and inclusive time (percentages of the run's samples,
waiting included), the hottest lines, the slowest imports and the start-up wall times.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  (bench/ is not a package)

INNER = r"""
import collections, os, sys, time
from pyinstrument import Profiler
from rehearsal_hook.cli.main import main

args, out_path, tree_path, top = sys.argv[1:-3], sys.argv[-3], sys.argv[-2], int(sys.argv[-1])
saved = os.dup(1)
fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
os.dup2(fd, 1)
profiler = Profiler(interval=0.0005)
t0 = time.perf_counter()
profiler.start()
rc = main(args)
profiler.stop()
wall = time.perf_counter() - t0
sys.stdout.flush()
os.dup2(saved, 1)
root = profiler.last_session.root_frame()
self_time = collections.Counter()
total_time = collections.Counter()

def walk(frame, stack):
    key = f"{frame.function}  ({frame.file_path_short}:{frame.line_no})"
    own = frame.time - sum(c.time for c in frame.children if not c.is_synthetic_leaf)
    self_time[key] += own
    if key not in stack:  # inclusive time counted once per call chain (recursion)
        total_time[key] += frame.time
    for c in frame.children:
        if not c.is_synthetic_leaf:
            walk(c, stack | {key})

walk(root, frozenset())
whole = root.time
print(f"exit {rc}; profiled wall {wall:.3f} s; sampled {whole:.3f} s")
print(f"\nTop {top} functions by SELF time:")
for key, t in self_time.most_common(top):
    print(f"  {100 * t / whole:5.1f}%  {t:7.3f} s  {key}")
print(f"\nTop {top} functions by INCLUSIVE time:")
for key, t in total_time.most_common(top):
    print(f"  {100 * t / whole:5.1f}%  {t:7.3f} s  {key}")
text = profiler.output_text(unicode=True, color=False, show_all=False)
with open(tree_path, "w") as fh:
    fh.write(text)
print("\nCall tree (pyinstrument, condensed; full tree in " + tree_path + "):")
print("\n".join(text.splitlines()[:60]))
"""


def pyspy(pyspy_bin: str, args: list[str], repo: Path, work: Path, top: int, blocking: bool) -> None:
    raw = work / "py-spy.raw"
    cmd = [
        pyspy_bin,
        "record",
        "--idle",
        *([] if blocking else ["--nonblocking"]),
        "-r",
        "1000",
        "-f",
        "raw",
        "-o",
        str(raw),
        "--",
        bench.TOOL,
        *args,
    ]
    t0 = bench.time.perf_counter()
    with open(work / "profile.out", "wb") as out:
        proc = subprocess.run(cmd, cwd=repo, env=bench.ENV, stdout=out, stderr=subprocess.PIPE, check=False)
    wall = bench.time.perf_counter() - t0
    self_fn: collections.Counter[str] = collections.Counter()
    incl_fn: collections.Counter[str] = collections.Counter()
    self_line: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        funcs = [re.sub(r":\d+\)$", ")", f) for f in frames]
        self_fn[funcs[-1]] += n
        self_line[frames[-1]] += n
        for f in set(funcs):
            incl_fn[f] += n
    print(f"py-spy exit {proc.returncode}; wall {wall:.2f} s under py-spy; {total} samples at 1 kHz (idle included)")
    for title, counter in (
        ("SELF time by function", self_fn),
        ("INCLUSIVE time by function", incl_fn),
        ("SELF time by source line", self_line),
    ):
        print(f"\nTop {top}, {title}:")
        for key, n in counter.most_common(top):
            print(f"  {100 * n / max(total, 1):5.1f}%  {key}")


def importtime(module: str, top: int, repeat: int = 5) -> None:
    """``-X importtime`` ``repeat`` times; each module's fastest self time (noise only adds)."""
    best: dict[str, tuple[int, int, int, str]] = {}
    for _ in range(repeat):
        proc = subprocess.run(
            [bench.PYTHON, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            env=bench.ENV,
            check=False,
        )
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if m:
                row = (int(m.group(1)), int(m.group(2)), len(m.group(3)), m.group(4))
                if row[3] not in best or row[0] < best[row[3]][0]:
                    best[row[3]] = row
    rows = list(best.values())
    total = sum(r[0] for r in rows)
    print(
        f"\n-X importtime -c 'import {module}': {len(rows)} modules, {total / 1000:.1f} ms of import self time"
        f" (fastest of {repeat} runs per module)"
    )
    print("  by package (self time summed over the package's modules):")
    pkgs: collections.Counter[str] = collections.Counter()
    for self_us, _, _, name in rows:
        pkgs[name.split(".")[0]] += self_us
    for name, us in pkgs.most_common(top):
        print(f"    {us / 1000:6.1f} ms  {100 * us / max(total, 1):5.1f}%  {name}")
    print("  slowest single modules (self):")
    for self_us, cum_us, _, name in sorted(rows, reverse=True)[:top]:
        print(f"    {self_us / 1000:6.1f} ms self  {cum_us / 1000:6.1f} ms cumulative  {name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="profile the small corpus")
    ap.add_argument("--workdir", default=os.path.join(bench.tempfile.gettempdir(), "rehearsal-hook-bench"))
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--runs", type=int, default=10, help="runs of each start-up command")
    ap.add_argument("--profiler", choices=("auto", "py-spy", "pyinstrument"), default="auto")
    ap.add_argument(
        "--blocking",
        action="store_true",
        help="py-spy pauses the process for each sample: exact stacks, ~3x slower run",
    )
    ap.add_argument("command", nargs="*", help="tool arguments (default: check --all-files)")
    a = ap.parse_args(argv)
    pyspy_bin = shutil.which("py-spy", path=f"{Path(bench.PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    has_pyinstrument = subprocess.run([bench.PYTHON, "-c", "import pyinstrument"], capture_output=True).returncode == 0
    profiler = a.profiler
    if profiler == "auto":
        profiler = "py-spy" if pyspy_bin else "pyinstrument" if has_pyinstrument else ""
    if (
        not profiler
        or (profiler == "py-spy" and not pyspy_bin)
        or (profiler == "pyinstrument" and not has_pyinstrument)
    ):
        print(f"no profiler: {Path(bench.PYTHON).parent}/pip install py-spy pyinstrument")
        return 2
    work = Path(a.workdir).resolve()
    files, mb = (1000, 10.0) if a.quick else (20000, 200.0)
    corpus = bench.build_corpus(work, files, mb, 1, rebuild=False)
    args = a.command or ["check", "--all-files"]
    print(f"machine: {bench.machine()}")
    what = f"rehearsal-hook {' '.join(args)} on {corpus.summary['files']} files / {corpus.mb:.0f} MB"
    print(f"\n== {profiler}: {what} ==")
    if profiler == "py-spy":
        assert pyspy_bin
        pyspy(pyspy_bin, args, corpus.repo, work, a.top, a.blocking)
    else:
        inner = [bench.PYTHON, "-c", INNER, *args, str(work / "profile.out"), str(work / "profile.txt"), str(a.top)]
        subprocess.run(inner, cwd=corpus.repo, env=bench.ENV, check=False)

    print("\n== start-up ==")
    importtime("rehearsal_hook.cli.main", 8)
    importtime("rehearsal_hook.cli.group", a.top)
    importtime("click, pathspec", 8)

    def py(code: str) -> bench.Cmd:
        return bench.Cmd(f"python -c '{code}'", [bench.PYTHON, "-c", code], corpus.repo)

    cmds = [
        py("import click, pathspec"),
        bench.Cmd("rehearsal-hook --help", [bench.TOOL, "--help"], corpus.repo),
        py("import rehearsal_hook.cli.group"),
        py("import rehearsal_hook.cli.main"),
        py("pass"),
    ]
    print("\nwall time (alternating runs):")
    rep = bench.Report()
    rep.measured(bench.alternate(cmds, a.runs, work / "scratch"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
