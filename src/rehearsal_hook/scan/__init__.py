"""The scanner: pure functions from bytes or text to token hits (no I/O)."""


def import_readings() -> None:
    """Import the modules the readings past the scan's fast path read through (views and what
    it imports, textruns) -- imported where a text first needs them, so that a hook checking
    plain text never loads them.  A process about to fork workers calls this first: each
    worker starts with them rather than importing them at its first such text, once a worker
    (about 50 ms of CPU each; a worker's own import is not shared with the others)."""
    from rehearsal_hook.scan import textruns, views  # noqa: F401
