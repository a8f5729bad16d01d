"""rehearsal-hook: a fail-closed guard for production-rehearsal requests, reports and seal tokens."""

from __future__ import annotations

__version__ = "0.1.0"
