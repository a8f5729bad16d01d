"""The benchmark's own corpus generator, used when ``../shared/bench/make_corpus.py`` is absent.

Deterministic (one ``random.Random(seed)``, fixed git dates): the same arguments give the same
files and the same commit id.  It writes a git repository at ``out`` with one commit, and the
planted tokens to ``out/../expected.json`` in the shared generator's format
(``{"summary": {...}, "tokens": [{"path", "line", "token", "kind", "encoding"}]}``).

Smaller and plainer than the shared one, but it keeps what a scanner must get right: decoy
constants that hold a needle and must not match, non-ASCII UTF-8, CRLF line ends, files
without a final newline, and two UTF-16 files with a BOM.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

SEAL_LIKE = r"\b[A-Z][A-Z0-9_]*_(PASS|AUTHORIZED|GRANTED)\b"
_RX = re.compile(SEAL_LIKE)
LITERALS = ["PRODUCTION_PASS", "REAL_RUN_PASS", "CUTOVER_PASS", "SEAL_AUTHORIZED", "QT001_PASS", "PERMIT_PASS"]
REGEX_ONLY = ["DEPLOY_GRANTED", "RELEASE_AUTHORIZED", "CANARY_PASS", "GATE7_GRANTED", "X_PASS", "A1_AUTHORIZED"]
DECOYS = [
    "FOO_PASSWORD",
    "PASSED_FLAG",
    "BYPASS_MODE",
    "UNAUTHORIZED",
    "GRANTED_SCOPES",
    "SEAL_AUTHORIZED_BY",
    "PRODUCTION_PASS_RATE",
    "test_PASS",
    "Deploy_GRANTED",
]
_WORDS = (
    "the of and to in is that for it as with was on be by this are from at or an have not which "
    "but all were when we there can more if will one about up out them would request value cache "
    "build deploy service node cluster queue worker review change branch merge release config "
    "schema test check report metric signal window buffer stream session account policy rule gate"
)
WORDS = _WORDS.split()
CONSTS = ["MAX_RETRIES", "DEFAULT_TIMEOUT", "LOG_LEVEL", "BUFFER_SIZE", "API_VERSION", "HTTP_OK"]
NON_ASCII = [
    "Größenänderung der Übertragungspuffer.",
    "設定ファイルを読み込みます。",
    "Проверка завершена.",
    "Déploiement validé à l’étape « préproduction ».",
]
PLANT = ['    status = "{T}"', "- [x] {T} recorded by ops", "gate = {T}", "Statut : {T} — validé"]
EXTS = [".py", ".md", ".txt", ".yaml", ".log"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "corpus",
    "GIT_AUTHOR_EMAIL": "c@x",
    "GIT_COMMITTER_NAME": "corpus",
    "GIT_COMMITTER_EMAIL": "c@x",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}


def _line(r: random.Random, non_ascii: bool) -> str:
    x = r.random()
    if non_ascii and x < 0.1:
        return r.choice(NON_ASCII)
    if x < 0.001:
        return f"{r.choice(DECOYS)} = os.environ.get('x', '')"
    if x < 0.05:
        return f"{r.choice(CONSTS)} = {r.randint(0, 9999)}"
    words = [r.choice(WORDS) for _ in range(r.randint(4, 14))]
    return ("    # " if x < 0.5 else "") + " ".join(words) + "."


def make(out: Path, files: int, mb: float, seed: int) -> dict[str, object]:
    """Write the corpus; return its summary (also stored in expected.json)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    r = random.Random(seed)
    n_tokens = max(12, files // 50)
    avg = int(mb * 1_000_000 / files)
    plan: dict[int, int] = {}
    for _ in range(n_tokens):
        i = r.randrange(files)
        plan[i] = plan.get(i, 0) + 1
    utf16 = {0: "utf-16-le", 1: "utf-16-be"}
    plan[0] = plan.get(0, 0) + 1
    plan[1] = plan.get(1, 0) + 1
    tokens: list[dict[str, object]] = []
    total = 0
    for i in range(files):
        enc = utf16.get(i, "utf-8")
        non_ascii = enc != "utf-8" or r.random() < 0.05
        size = max(200, int(avg * r.lognormvariate(0, 0.8)))
        lines: list[str] = []
        length = 0
        while length < size:
            lines.append(_line(r, non_ascii))
            length += len(lines[-1]) + 1
        path = f"d{r.randrange(max(1, files // 25)):04d}/f_{i:05d}" + (".txt" if enc != "utf-8" else r.choice(EXTS))
        chosen = sorted(r.sample(range(len(lines)), min(plan.get(i, 0), len(lines))))
        for li in chosen:
            tok = r.choice(LITERALS + REGEX_ONLY)
            lines[li] = r.choice(PLANT).replace("{T}", tok)
            tokens.append(
                {
                    "path": path,
                    "line": li + 1,
                    "token": tok,
                    "kind": "literal" if tok in LITERALS else "regex_only",
                    "encoding": enc,
                }
            )
        text = "\n".join(lines) + ("" if r.random() < 0.05 else "\n")
        if enc != "utf-8" or r.random() < 0.03:
            text = text.replace("\n", "\r\n")
        if enc == "utf-16-le":
            data = b"\xff\xfe" + text.encode("utf-16-le")
        elif enc == "utf-16-be":
            data = b"\xfe\xff" + text.encode("utf-16-be")
        else:
            data = text.encode("utf-8")
        assert enc != "utf-8" or sum(1 for _ in _RX.finditer(text)) == len(chosen), path
        full = out / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(data)
        total += len(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "gc.auto", "0"],
        ["config", "maintenance.auto", "false"],
        ["add", "-A"],
        ["commit", "-q", "--no-verify", "-m", f"corpus seed={seed}"],
    ):
        subprocess.run(["git", *args], cwd=out, env=env, check=True, stdout=subprocess.DEVNULL)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=out, env=env, check=True, capture_output=True, text=True)
    tokens.sort(key=lambda d: (str(d["path"]), int(str(d["line"]))))
    summary: dict[str, object] = {
        "args": {"files": files, "mb": mb, "seed": seed, "tokens": len(tokens)},
        "repo": str(out),
        "head": head.stdout.strip(),
        "files": files,
        "bytes": total,
        "tokens": len(tokens),
        "regex": SEAL_LIKE,
        "generator": "bench/corpus.py",
    }
    (out.parent / "expected.json").write_text(json.dumps({"summary": summary, "tokens": tokens}, indent=1))
    return summary
