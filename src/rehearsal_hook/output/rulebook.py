"""What every rule code means: why it blocks and how to fix or legitimately exempt it.

One table feeds ``rehearsal-hook explain``, the SARIF rule descriptors and the README's rule
table (a test keeps the three in step).  The texts use only redacted examples (``CUTOVER_P…``),
so even the documentation prints no seal-like token.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    code: str
    group: str
    summary: str
    why: str
    fix: str


_SEAL_ADVICE = (
    "Remove the token. If the text must name it (a glossary, a test fixture), put the file in "
    "permitted-contexts, add the inline pragma 'rehearsal-hook: allow' on that line (unless "
    "allow-inline-pragma = false), or record existing findings with 'rehearsal-hook baseline'. "
    "A word that matches the pattern but claims nothing (a constant such as PERMISSION_G\u2026) "
    "goes into allowed-tokens."
)
# A finding that names its commit (pre-push, pre-receive, check --range) is in the history.
_HISTORY_ADVICE = (
    " Found in a commit (the finding names it): a later commit that removes the token does not "
    "help, because the commit that added it is still pushed and stays in the history. Rewrite "
    "that commit: git commit --amend for the last one, git rebase -i BASE (mark it 'edit') for an "
    "older one, git filter-repo for many; then push (--force-with-lease for a branch already "
    "pushed). The baseline helps only for a token still in the files: 'rehearsal-hook baseline' "
    "records what the working tree holds, so a token already removed cannot be baselined, and on "
    "the server (or under protect-exemptions) a baseline entry that arrives in the same push "
    "excuses nothing."
)

_GATE_FIX = "Correct the request so that it describes a rehearsal on a proven isolated clone."
_UNVERIFIABLE = "Input that cannot be verified is never let through: the hook fails closed."

RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        # -- the scanner
        Rule(
            "seal-token",
            "scanner",
            "A seal-like or forbidden token in a file's content.",
            "A token such as CUTOVER_P\u2026 claims a production pass; a rehearsal proves no such thing, so "
            "a report or note carrying one could be mistaken for real authorisation. Tokens are found "
            "as whole words, also in disguise (full-width, zero-width, look-alike letters, UTF-16).",
            _SEAL_ADVICE + _HISTORY_ADVICE,
        ),
        Rule(
            "seal-token-path",
            "scanner",
            "A token in a file or folder name.",
            "A file named after a token (CUTOVER_P\u2026.md) introduces the token as surely as its content.",
            "Rename the file. Permitted contexts exempt names too." + _HISTORY_ADVICE,
        ),
        Rule(
            "seal-token-message",
            "git",
            "A token in a commit message or header (author, committer, merged tag), or a pushed tag's.",
            "Commit messages are read as claims as much as files are.",
            "From the commit-msg hook the commit was not made: commit again with another message "
            "(what you wrote is kept: git commit -e -F .git/COMMIT_EDITMSG); for a name, set another "
            "(git config user.name) first. From a push or a range the commit exists: reword it (git "
            "commit --amend for the last, git rebase -i BASE and 'reword' for an older one; "
            "--reset-author for a name), then push again; a later commit does not replace it.",
        ),
        Rule(
            "seal-token-ref",
            "git",
            "A token in a pushed branch or tag name.",
            "A ref name is shown to everyone who fetches.",
            "Push under another name.",
        ),
        Rule(
            "unreadable",
            "input",
            "A path that cannot be read or is not a file.",
            _UNVERIFIABLE + " Missing or vanished files, FIFOs, sockets, devices, directories given as "
            "files, dangling symlinks and I/O errors all block.",
            "Check the path; remove or fix it.",
        ),
        Rule(
            "too-deep",
            "input",
            "A folder nested deeper than the walk goes (256 levels).",
            _UNVERIFIABLE + " What lies below the limit is not read, so it cannot pass.",
            "Flatten the tree, or check the deep folder from nearer its files.",
        ),
        Rule(
            "unverifiable-reading",
            "input",
            "A reading of the text that cannot be followed: a terminal code that moves the cursor to another "
            "row, or a streamed file (over 64 MiB) beyond the stream's limits.",
            _UNVERIFIABLE + " A terminal code stored in a line that moves the cursor up or to a row the line "
            "does not tell (CUU, CPL, RI, CUP, HVP, VPA, a cursor restored from another row), then writes "
            "there or leaves the next line to, shows text over another line's; one that changes where later "
            "lines land (insert mode, tab stops, margins, the alternate screen, scrolling down) or edits a row "
            "wider than 4096 columns cannot be read line by line either. A streamed file is read in segments "
            "of at most 16 MiB of a line; a tag, comment or terminal code open for longer than that right "
            "after a word (where it closes, a browser or terminal shows the words around it joined), a "
            "backspace run or a cursor movement in a line cut there, or right-to-left text or a "
            "bidirectional control in such a line (its display order may cross the cut), could hide a "
            "token that no segment shows. A Markdown paragraph (lines with no blank line between) is read "
            "whole, since a delimiter pairs with one on another of its lines: one over 256 Ki characters "
            "whose lines may pair, or a streamed one over 16 MiB holding an opener, cannot be.",
            "Strip the terminal codes from the file (a log or a recording), "
            "break the line or the paragraph (a blank line), or close the construct sooner.",
        ),
        Rule(
            "unclassified-path",
            "input",
            "A path in no git repository whose class depends on where its root would be.",
            "Path classes are relative to a repository's root. Outside any repository each folder "
            "above the path could be that root; when one of them would make it a request, report or "
            "probe file while the path as given is not one, what to check cannot be decided.",
            "Check it from inside its repository, or from the folder the path classes are relative to.",
        ),
        Rule(
            "gated-link",
            "input",
            "A request, report or probe file that is a symbolic link or a submodule, a link or "
            "submodule where such files can lie below it, or a file below a folder named like a "
            "Windows short name (REHEAR~1) where they can lie.",
            "Every reader follows a link (or opens the submodule's file), while the stored entry is "
            "only the link text: what is gated would not be what is read.  Through a link to a folder "
            "(rehearsal -> other) readers open rehearsal/requests/x.json and get a file stored under "
            "a name no class gates.  On a Windows volume that makes 8.3 short names, a checkout that "
            "finds the folder rehearsal writes REHEAR~1/requests/x.json into it.",
            "Commit the file itself in place of the link; for a folder, commit the folder itself; "
            "name a folder by its long name.",
        ),
        Rule(
            "gated-attribute",
            "input",
            "A request, report or probe file with an attribute that rewrites its content.",
            "export-subst, filter (Git LFS too), ident and working-tree-encoding change the bytes a "
            "checkout or git archive ships: what is gated would not be what is read.  So does a "
            "line-ending conversion (text, eol=crlf) of a UTF-16 file: the CR byte put before every "
            "0x0A byte, one inside a character too, shifts the characters after it.",
            "Remove the attribute for that path in .gitattributes (for UTF-16: -text, or keep the file UTF-8).",
        ),
        # -- the gate
        Rule(
            "target-not-isolated",
            "gate",
            "The target is not a proven isolated clone.",
            "A rehearsal runs only on an isolated clone: the target must be one of isolated-targets "
            "and the request must say isolated_clone_proven: true (a JSON boolean).",
            _GATE_FIX,
        ),
        Rule(
            "production-target",
            "gate",
            "The target names production, or an informational field's value reads as a production place.",
            "A target that names production is never allowed in the rehearsal lane, in any spelling "
            "(case, hyphens, full-width or zero-width characters are normalised away).  Nor is an "
            "informational field whose value is nothing but production places (prod-eu-1, "
            "db.prod.example.com, prod-eu-1, prod-us-1, prod-eu-1 / prod-us-1): a reader may take it for where to run, "
            "whatever the field is called; prose with other words in it is a note.",
            _GATE_FIX,
        ),
        Rule(
            "forbidden-action",
            "gate",
            "A production-mutating or irreversible action.",
            "Nine actions change production or cannot be undone, and never belong in a rehearsal: "
            "production_apply, real_run, qt001_apply, permit, activation, repoint, cutover, "
            "ci_deploy_production, secrets_change. They, and any action mentioning production, are "
            "forbidden in any spelling (case, hyphens, look-alike letters), whatever the config says.",
            _GATE_FIX,
        ),
        Rule(
            "action-not-allowed",
            "gate",
            "The action is not on the allowlist.",
            "Actions are an allowlist (allowed-actions), matched exactly: an unknown action is not assumed safe.",
            "Use one of allowed-actions, or add a rehearsal action to it in the config.",
        ),
        Rule(
            "rollback-unproven",
            "gate",
            "A rollback claim without evidence or hashes.",
            "A request that claims a proven rollback (claims_rollback_proven: true) must carry the "
            "evidence: rollback_evidence_present: true, before_hash and after_apply_hash.",
            "Attach the evidence and both hashes, or drop the claim.",
        ),
        Rule(
            "rollback-fabricated",
            "gate",
            "after_apply_hash equals before_hash.",
            "If applying changed nothing (after_apply_hash equals before_hash), there was nothing to roll "
            "back, so the rollback proof is empty; hashes compare case-insensitively.",
            "Record the real hashes of the rehearsal.",
        ),
        Rule(
            "pass-without-isolation",
            "gate",
            "A pass requested without proven isolation.",
            "A request may ask for a pass (emit_pass: true) only from a proven isolated clone.",
            _GATE_FIX,
        ),
        Rule(
            "missing-grant",
            "gate",
            "A required grant this lane does not hold.",
            "Every grant in required_grants must be one this rehearsal lane holds (lane-grants); "
            "configuration cannot grant production or irreversible actions.",
            "Drop the grant; production work does not go through this lane.",
        ),
        Rule(
            "invalid-json",
            "gate",
            "Malformed or ambiguous JSON.",
            _UNVERIFIABLE + " Empty files, trailing data, NaN/Infinity and numbers that overflow block.",
            "Write strict JSON (one document).",
        ),
        Rule(
            "duplicate-key",
            "gate",
            "A key appears twice in one object, also in another spelling (target and Target).",
            "Parsers disagree on which value wins, and case-insensitive readers take a variant for the key, "
            "so the file means different things to different readers.",
            "Keep one of the keys.",
        ),
        Rule("undecodable", "input", "Not UTF-8 or UTF-16-with-BOM text.", _UNVERIFIABLE, "Save the file as UTF-8."),
        Rule(
            "request-too-large",
            "gate",
            "Larger than 1 MiB or nested deeper than 64 levels.",
            _UNVERIFIABLE,
            "Split or simplify the file.",
        ),
        Rule(
            "invalid-shape",
            "gate",
            "Not a JSON object or a non-empty array of objects.",
            _UNVERIFIABLE,
            "A request file holds one object, or an array of objects.",
        ),
        Rule(
            "missing-field",
            "gate",
            "target or action is absent.",
            "Both are required to judge a request.",
            "Add the field.",
        ),
        Rule(
            "invalid-type",
            "gate",
            "A field of the wrong JSON type, or null.",
            'Truthy strings such as "true" or "false" are neither true nor false here: only JSON booleans are.',
            "Use the documented type.",
        ),
        Rule(
            "invalid-hash",
            "gate",
            "A hash that is not 64 hexadecimal digits.",
            "Hashes are compared as hashes, not as arbitrary strings.",
            "Record the full SHA-256.",
        ),
        Rule(
            "unknown-field",
            "gate",
            "A field that is neither known nor informational.",
            "An unknown field may carry meaning the gate cannot check.",
            "Remove it, or name it in informational-fields.",
        ),
        # -- reports and probes
        Rule(
            "report-invalid",
            "report",
            "A probe report lacks a key, has one outside its shape, the wrong type, an unknown verdict "
            "or a repeated probe id.",
            "A probe report (a JSON object with verdict and results, as 'rehearsal-hook probes --output' "
            "writes it) must carry every key of that shape with its type, and no other: a key no rule "
            "reads is a claim nothing checks.",
            "Regenerate the report (rehearsal-hook probes --output FILE).",
        ),
        Rule(
            "report-inconsistent",
            "report",
            "A report's claims disagree with its own figures.",
            "ALL_FAIL_CLOSED is only true if every result failed closed, no token leaked, the counts "
            "add up and the control was allowed.",
            "Regenerate the report; do not edit verdicts by hand.",
        ),
        Rule(
            "report-production-mutation",
            "report",
            "The report says production was mutated.",
            "A rehearsal must not touch production.",
            "Investigate; this is not a rehearsal.",
        ),
        Rule(
            "probe-not-blocked",
            "report",
            "A bad-input probe file was allowed by the gate.",
            "Probe files are the repository's own bad inputs; one that passes means the gate (or the probe) is wrong.",
            "Fix the probe, or the configuration that lets it through.",
        ),
        # -- git
        Rule(
            "rules-unstaged",
            "git",
            "The config or baseline has unstaged changes.",
            "What is checked must be what is committed.",
            "Stage (git add) or undo the changes.",
        ),
        Rule("not-a-file", "git", "A config or baseline path that is not a file.", _UNVERIFIABLE, "Fix the path."),
        Rule("unmerged", "git", "Unmerged paths in the index.", _UNVERIFIABLE, "Resolve the conflicts and stage them."),
        Rule(
            "bad-push-line",
            "git",
            "A pre-push / pre-receive input line that cannot be read.",
            _UNVERIFIABLE,
            "This comes from git; report it.",
        ),
        Rule(
            "unknown-object",
            "git",
            "A pushed object that is not in the repository.",
            _UNVERIFIABLE,
            "Fetch, then push again.",
        ),
        Rule(
            "unverifiable-ref",
            "git",
            "A pushed ref that cannot be checked.",
            _UNVERIFIABLE,
            "Push commits, tags or blobs only.",
        ),
        Rule(
            "default-branch-deleted",
            "git",
            "A push to the server deletes the default branch, whose rules judge every push.",
            "Without it the next push would have no rules to trust (or the built-in defaults), so the push is blocked.",
            "Point HEAD at another branch first (git symbolic-ref HEAD refs/heads/NAME) or pin the rules.",
        ),
        Rule(
            "unparsable-diff",
            "git",
            "git's listing of a range's changes could not be parsed, or names a path twice in one "
            "commit: its tree holds that entry twice, which git fsck refuses (duplicateEntries) and "
            "readers take differently (git show the first, a checkout the last).",
            _UNVERIFIABLE,
            "Report it; for a path twice, rewrite the commit so its tree holds the path once, and "
            "have the server refuse such objects (receive.fsckObjects = true).",
        ),
        Rule(
            "no-work-tree",
            "git",
            "A hook mode that needs a work tree ran without one.",
            _UNVERIFIABLE,
            "Run it inside a checkout.",
        ),
        Rule(
            "no-push-range",
            "git",
            "The push range could not be determined.",
            "Guessing could skip commits, so the push is blocked.",
            "Use the native pre-push hook, or fetch.",
        ),
        Rule(
            "missing-base",
            "git",
            "The range base is not in this repository.",
            "Without its base a range cannot be told apart from the history before it. The message "
            "says which case it is: a name that names nothing here (a typo, or a branch never "
            "fetched), a commit id this clone lacks, or a shallow clone cut off before the base.",
            "Check the spelling (git branch -a, git tag); fetch the branch (git fetch origin NAME); "
            "fetch more history (git fetch --unshallow, or fetch-depth: 0 in CI).",
        ),
        Rule("missing-head", "git", "The range head is not in this repository.", _UNVERIFIABLE, "Fetch it."),
    ]
}


def explain(code: str) -> str | None:
    """What ``rehearsal-hook explain CODE`` prints for a rule code: its group, summary, why it
    blocks and how to fix it; None for a code that is no rule."""
    rule = RULES.get(code)
    if rule is None:
        return None
    return f"{rule.code} ({rule.group}): {rule.summary}\n\nWhy it blocks:\n  {rule.why}\n\nHow to fix:\n  {rule.fix}\n"
