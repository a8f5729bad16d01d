"""A Jupyter notebook through ``rehearsal-hook check``: a cell's source lines, which the
renderers join, read joined (scan/arrays.py)."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import cli


def test_check_blocks_a_notebook_whose_cell_joins_a_token(repo: Path) -> None:
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["Status:\n", "CUTOVER_", "PASS\n"]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (repo / "n.ipynb").write_text(json.dumps(notebook, indent=1) + "\n")
    run = cli(["check", "n.ipynb"])
    assert run.code == 1, run.out
    assert run.out.splitlines()[0] == "n.ipynb:8:6: seal-token seal-like token CUTOVER_P\u2026"
    near = dict(notebook, cells=[dict(notebook["cells"][0], source=["CUTOVER_\n", "PASS\n"])])
    (repo / "n.ipynb").write_text(json.dumps(near, indent=1) + "\n")
    assert cli(["check", "n.ipynb"]).code == 0
