from __future__ import annotations

from rehearsal_hook.cli.main import run

run()
