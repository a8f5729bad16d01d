"""The baseline file as data: parsing, rendering and what it excuses, as functions."""

from __future__ import annotations

import pytest

from rehearsal_hook.errors import ConfigError
from rehearsal_hook.exemptions.baseline import Baseline, Entry, parse_baseline, render_baseline

E = Entry("p", "seal-token", "X_P…", "a" * 64, 2)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"version": 1, "entries": []}', None),
        (render_baseline([E]).decode(), None),
        ('{"version": 2, "entries": []}', "expected"),
        ('{"version": 1, "entries": [], "entries": []}', "duplicate"),
        ('{"version": 1, "entries": {}}', "must be a list"),
        (render_baseline([E]).decode().replace('"seal-token"', '"target-not-isolated"'), "cannot be baselined"),
        (render_baseline([E]).decode().replace('"count": 2', '"count": 0'), "count"),
        (render_baseline([E]).decode().replace('"count": 2', '"count": true'), "count"),
        (render_baseline([E]).decode().replace("a" * 64, "A" * 64), "fingerprint"),
        (render_baseline([E, E]).decode(), "listed twice"),
        ("not json", "baseline"),
    ],
)
def test_parse_baseline(text: str, error: str | None) -> None:
    if error is None:
        assert isinstance(parse_baseline(text.encode(), source="b"), Baseline)
    else:
        with pytest.raises(ConfigError, match=error):
            parse_baseline(text.encode(), source="b")
