"""Patterns compiled on first use: what only some texts need is not paid for at every hook's
start, where each module's patterns compiled at import cost what the hook's own work costs
(bench/README.md: a pre-commit of a few small files is mostly start-up)."""

from __future__ import annotations

import functools
import re
from typing import AnyStr


@functools.cache
def compiled(source: AnyStr) -> re.Pattern[AnyStr]:
    """``source`` compiled, once.  (re's own cache would do it too, but it holds 512 and drops
    the oldest: a full scan compiles more, and each dropped one would be compiled again.)"""
    return re.compile(source)
