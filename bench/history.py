"""The blobs of a history scanned in process, whole (``scan_bytes``) and through the segment
cache (``segment_cache.scan_cached``), each blob's hits compared -- the exactness check of the
cache on real histories, and its CPU figures (bench/README.md).

Prepare the blobs once: ``--prepare REPO RANGE`` lists the range's new blobs in history order
(``git log --reverse --raw -m``), reads them with one ``git cat-file --batch`` and pickles
(path, blob id, bytes) to ``--pickle``.  Then ``--way both|whole|cached``, ``--every N`` (every
Nth path only, every version of it), ``--limit`` (the cache's bound in bytes).
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

from rehearsal_hook.errors import CannotVerify
from rehearsal_hook.scan.matcher import TokenHit, TokenMatcher
from rehearsal_hook.scan.segment_cache import LIMIT, SegmentCache, scan_cached, whole_only
from rehearsal_hook.scan.text import scan_bytes

Blob = tuple[str, str, bytes]


def prepare(repo: str, revisions: str, out: Path) -> None:
    raw = subprocess.run(
        ["git", "-C", repo, "log", "--reverse", "--raw", "--no-abbrev", "--no-renames", "-m", "--format=", revisions],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8", "surrogateescape")
    order: list[tuple[str, str]] = []
    seen: set[str] = set()
    for line in raw.splitlines():
        meta, path = line.split("\t", 1)
        fields = meta.split()
        new = fields[3]
        if fields[1] != "160000" and set(new) != {"0"} and new not in seen:
            seen.add(new)
            order.append((path, new))
    cat = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert cat.stdin is not None
    assert cat.stdout is not None
    ask = "".join(f"{oid}\n" for _, oid in order).encode()
    feeder = threading.Thread(target=lambda: (cat.stdin.write(ask), cat.stdin.close()))  # type: ignore[union-attr]
    feeder.start()
    blobs: list[Blob] = []
    for path, oid in order:
        header = cat.stdout.readline().split()
        if header[1] != b"blob":
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        blobs.append((path, oid, data))
    feeder.join()
    cat.wait()
    out.write_bytes(pickle.dumps(blobs, protocol=5))
    print(f"{len(blobs)} blobs, {sum(len(d) for _, _, d in blobs)} bytes -> {out}")


def _answer(scan: object) -> list[TokenHit] | str:
    try:
        return scan()  # type: ignore[operator,no-any-return]
    except CannotVerify as exc:
        return f"blocked: {exc}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pickle", type=Path, default=Path("/tmp/history_blobs.pickle"))
    ap.add_argument("--prepare", nargs=2, metavar=("REPO", "RANGE"))
    ap.add_argument("--way", choices=["both", "whole", "cached"], default="both")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--limit", type=int, default=LIMIT)
    ap.add_argument("--by-path", action="store_true", help="the versions of each path one after another")
    args = ap.parse_args()
    if args.prepare:
        prepare(args.prepare[0], args.prepare[1], args.pickle)
        return 0
    blobs: list[Blob] = [
        b for b in pickle.loads(args.pickle.read_bytes()) if zlib.crc32(b[0].encode()) % args.every == 0
    ]
    if args.by_path:
        blobs.sort(key=lambda blob: blob[0])
    matcher = TokenMatcher()
    cache = SegmentCache(matcher, args.limit)
    whole_cpu = cached_cpu = 0.0
    mismatches = hits = whole = 0
    for path, oid, data in blobs:
        if args.way != "cached":
            t = time.process_time()
            a = _answer(lambda data=data: scan_bytes(matcher, data))
            whole_cpu += time.process_time() - t
        if args.way != "whole":
            t = time.process_time()
            b = _answer(lambda data=data: scan_cached(cache, data))
            cached_cpu += time.process_time() - t
            whole += whole_only(data)
        if args.way == "both" and a != b:
            mismatches += 1
            print(f"MISMATCH {oid} {path}: whole {a!r} cached {b!r}", file=sys.stderr)
        hits += len(a if args.way != "cached" else b)
    size = sum(len(d) for _, _, d in blobs)
    print(f"{len(blobs)} blobs, {size / 1e6:.1f} MB, {hits} hits (or blocks' characters)")
    if args.way != "cached":
        print(f"whole: {whole_cpu:.2f} s CPU")
    if args.way != "whole":
        print(
            f"cached: {cached_cpu:.2f} s CPU; {whole} blobs read whole; segments asked {cache.asked}, "
            f"found {cache.found}; bytes cut {cache.cut_bytes}, read {cache.read_bytes}"
        )
    if args.way == "both":
        print(f"compared {len(blobs)} blobs: {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
