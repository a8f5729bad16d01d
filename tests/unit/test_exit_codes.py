"""The one builder of the "Exit codes" help paragraph (errors.exit_codes_help)."""

from __future__ import annotations

from rehearsal_hook.errors import exit_codes_help


def test_every_code_in_order_and_130_always() -> None:
    assert exit_codes_help("clean") == (
        "Exit codes: 0 clean, 1 blocked (findings or input that cannot be verified), "
        "2 usage or configuration error, 3 internal, git or output error, 130 interrupted."
    )


def test_a_command_that_never_blocks_has_no_1() -> None:
    assert exit_codes_help("written", None, usage="exists", internal="broken") == (
        "Exit codes: 0 written, 2 exists, 3 broken, 130 interrupted."
    )
