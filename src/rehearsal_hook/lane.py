"""The request lane's words: the fields a request holds, and how a value is read as naming
production, a forbidden action or a place to run -- in every spelling a reader may take
(case, separators, look-alikes, escapes, digits as letters).  The gate judges requests with
them, and configuration (config.py) is refused where it would widen the lane by them."""

from __future__ import annotations

import re
import unicodedata

from rehearsal_hook.scan.escaped import decoded_spellings
from rehearsal_hook.scan.normalize import comparison_key

# The seed's nine production-mutating or irreversible actions: never allowed, in any spelling.
FORBIDDEN_ACTIONS = frozenset(
    {
        "production_apply",
        "real_run",
        "qt001_apply",
        "permit",
        "activation",
        "repoint",
        "cutover",
        "ci_deploy_production",
        "secrets_change",
    }
)


# The fields a request may hold (the seed's); anything else must be informational.
REQUIRED_STRINGS = ("target", "action")
BOOL_FIELDS = ("isolated_clone_proven", "claims_rollback_proven", "rollback_evidence_present", "emit_pass")
HASH_FIELDS = ("before_hash", "after_apply_hash")
KNOWN_FIELDS = frozenset((*REQUIRED_STRINGS, *BOOL_FIELDS, *HASH_FIELDS, "required_grants"))

# Digits that read as letters (UTS #39 confusables: 0 as O, 1 as l), and 1 as i besides:
# ``pr0ducti1n`` is read as production.  The value as written is always one of the readings.
_DIGIT_READINGS = (str.maketrans("", ""), str.maketrans("01", "ol"), str.maketrans("01", "oi"))
# The same actions as people also write them: the verb for the noun (activate, activated),
# the words the other way round, one secret.  Compacted, each is looked for as the nine are.
_FORBIDDEN_FORMS = FORBIDDEN_ACTIONS | {"activat", "run_real", "change_secret", "secret_change", "apply_qt001"}
_FORBIDDEN_COMPACT = tuple(
    frozenset(a.replace("_", "").translate(t) for a in _FORBIDDEN_FORMS) for t in _DIGIT_READINGS
)
# What a grant that mentions production may otherwise say: it must be a rehearsal-only grant
# in these words (the default ``PRODUCTION_REHEARSAL_ONLY_CLONE``); any other word --
# ``EXECUTION``, ``OPT4``, ``DEPLOY`` -- may name production execution, so it is refused.
_REHEARSAL_GRANT_WORDS = frozenset(
    {"production", "prod", "prd", "rehearsal", "only", "clone", "staging", "local", "isolated", "db", "dump", "copy"}
)


# ``prod`` and ``prd`` (SAP's DEV/QAS/PRD) as words, and production in the languages teams
# name environments in (diacritics are dropped by the comparison key: producción, produção).
_PROD_WORD = re.compile(r"pro?d[0-9]*")
_PRODUCTION_WORDS = ("production", "produktion", "produccion", "producao", "produzione", "productie", "produkcja")


# Words that name where a request runs.  A field so named is the request's place to some reader
# (a deploy script reading ``"environment": "production"``), and the gate reads only ``target``
# for that: configuration cannot make such a field a note the gate ignores.
_PLACE_WORDS = frozenset(
    {
        "env",
        "environment",
        "environments",
        "stage",
        "tier",
        "host",
        "hostname",
        "server",
        "cluster",
        "database",
        "db",
        "destination",
        "dest",
        "instance",
        "namespace",
        "deployment",
        "landscape",
        "lane",
        "region",
        "site",
    }
)


def compact_key(value: str) -> str:
    """The comparison key without separators: ``Cut-Over``, ``cut.over`` and ``CUTOVER`` are
    all ``cutover``.  Strict JSON compares keys by it too."""
    return comparison_key(value).replace("_", "")


# Each request field by its compact key: a key that reads as one of these is that field to a
# case-insensitive reader.
FIELD_BY_KEY = {compact_key(k): k for k in sorted(KNOWN_FIELDS)}


def _readings(value: str) -> list[tuple[list[str], str, frozenset[str]]]:
    """(words, compact, the forbidden actions compacted alike) of the value as written, with its
    escapes decoded (decoded_spellings), and with its digits read as letters; the words both
    with and without a change of case as a word boundary (``ProdDB``, ``pROD``).  Among
    lower-case letters a capital I reads as l (``reaI_run``): that is one more spelling read
    the same ways."""
    spellings, _ = decoded_spellings(value)
    spellings += [s.replace("I", "l") for s in spellings if "I" in s and not s.isupper()]
    out = []
    for spelling in spellings:
        key = comparison_key(spelling)
        words = key.split("_")
        if not spelling.isascii() or not (spelling.islower() or spelling.isupper()):
            words += comparison_key(spelling, split_case=False).split("_")
        compact = key.replace("_", "")
        out += [
            ([w.translate(t) for w in words], compact.translate(t), forbidden)
            for t, forbidden in zip(_DIGIT_READINGS, _FORBIDDEN_COMPACT, strict=True)
        ]
    return out


def mentions_production(value: str) -> bool:
    """True if a person reads production in the value: ``production`` in any spelling, with
    separators inserted or letters disguised, or ``prod`` as a word."""
    if decoded_spellings(value)[1]:
        return True
    return any(
        any(p in compact for p in _PRODUCTION_WORDS) or any(_PROD_WORD.fullmatch(w) for w in words)
        for words, compact, _ in _readings(value)
    )


# The words of a value as a reader lists places: apart at ASCII blanks, commas and semicolons
# (any other character -- a no-break space, a zero-width one -- is inside a word: read so, a
# disguised place stays one word that names production); a comma or a semicolon is kept, as the
# end of an item of a list.
_VALUE_TOKENS = re.compile(r"[,;]|[^ \t\r\n\f\v,;]+")


def names_production_place(value: str) -> bool:
    """True for a value that reads as a place in production, or as a list of places one of
    which is: a word of it mentions production, and every other one is a mark with no letter
    (``prod-eu-1``, ``production``, ``db.prod.example.com``, ``prod-eu-1 / prod-us-1``), or
    each item of the list it is -- between commas, semicolons and such marks -- is one word
    (``rehearsal-db, prod-eu-1``, ``staging / prod``) -- the value a reader takes for where to
    run, whatever the field is called.  Prose with any other word in it (``rehearse the
    production cutover``, ``restored, prod untouched``) is a note."""
    named = False
    only_places = True  # every word with a letter names production
    listed = True  # every item between separators is one word
    in_item = 0
    for word in _VALUE_TOKENS.findall(value):
        if mentions_production(word):
            named = True
        elif word in (",", ";") or not any(c.isalpha() for c in word):
            # (a word with no letter -- ``/``, ``->``, ``|``, ``-``, ``1.`` -- joins places as the
            # comma does: ``prod-eu-1 / prod-us-1`` passed as prose; no list of separators is
            # complete, so any such mark is one)
            in_item = 0
            continue
        else:
            only_places = False
        in_item += 1
        listed = listed and in_item == 1
        if not only_places and not listed:
            return False
    # (found attacking main: "targets": "rehearsal-db, prod-eu-1" passed as prose -- a list
    # whose other place does not name production)
    return named


def names_forbidden_action(value: str) -> bool:
    """True if the value names one of the forbidden actions, however spelled or compacted
    (``Cut‐Over``, ``cut.over``, ``secrets/change``, ``REAL-RUN-NOW``)."""
    return any(any(action in compact for action in forbidden) for _, compact, forbidden in _readings(value))


def is_forbidden_action(value: str) -> bool:
    """True for an action that names a forbidden action or mentions production."""
    return names_forbidden_action(value) or mentions_production(value)


def names_a_place(name: str) -> bool:
    """True for a field name with a word that names where a request runs (``environment``,
    ``targetEnv``, ``DB-host``), or its plural (``hosts``, ``envs``: a list of places to a
    reader all the same), read as ``mentions_production`` reads words, digits as letters
    included; the long words also run together with others (``targetenvironment``)."""
    return any(
        any(w in _PLACE_WORDS or w.removesuffix("s") in _PLACE_WORDS for w in words)
        or any(len(p) >= 8 and p in compact for p in _PLACE_WORDS)
        for words, compact, _ in _readings(name)
    )


# Words of a key by which a reader brings another document into a request or a report: a
# runner that follows ``"extends": "base.json"`` or ``"include": ...`` runs what that file
# says, a reader of a report shows its claims, and the tool read only this one.  (A name
# starting with ``$`` or ``@`` is a meta key to JSON tools -- JSON Reference's ``$ref``
# replaces the object with the one it names, JSON-LD's ``@context`` and ``@import`` fetch --
# so every such name is refused.)  One list for both: the gate's informational fields
# (config.py) and every report's keys (report_files.py).
_REFERENCE_WORDS = frozenset({"extend", "extends", "include", "import", "inherit"})


def brings_another_document(name: str) -> bool:
    """True for a key a reader may follow to another document (``$ref``, ``@context``,
    ``extends``, ``include``, ``imports``), in any spelling ``names_a_place`` reads."""
    if unicodedata.normalize("NFKC", name).lstrip()[:1] in ("$", "@"):
        return True
    return any(
        any(w in _REFERENCE_WORDS or w.removesuffix("s") in _REFERENCE_WORDS for w in words)
        for words, _, _ in _readings(name)
    )


def grant_widens_lane(grant: str) -> bool:
    """True for a grant that names a forbidden action, or mentions production without being
    a rehearsal-only grant."""
    if names_forbidden_action(grant):
        return True
    if not mentions_production(grant):
        return False
    words = comparison_key(grant).split("_")
    return "rehearsal" not in words or not all(w in _REHEARSAL_GRANT_WORDS or w.isdigit() for w in words)
