"""Cross-phase warnings (``forankring check``): rules A101–A406 of ``report.md``.

A warning never stops a case from rendering; it points at something a project leader will
want to look at before the steering group does. Each rule is a small named function with a
stable code, registered in :data:`RULES` in the order the rules are reported. A rule yields
:class:`Finding` s: the code, the YAML key path of the item it points at, an English message
and hint for the command line, and the names, dates and concepts that the report's sentence
for it needs (``params``).

Phases that are not worked out yet: a rule that judges a phase keeps quiet while that phase
is absent, because the report already says the phase is pending. After workshop 2 (fase2
written) a project leader wants to know which tasks nobody can take on, not that no actor has
been analysed; after workshop 3 that the analysis and the choice are complete; only once
fase4 exists does it make sense to ask whether the plan builds what the analysis found
missing. So A201/A202 need fase2; A301/A302 need fase3; A304, A305 (and, by their nature,
A403, A404, A405, A406) need fase4. A103 (example text) looks at every text, whatever is
worked out; A104 asks for the missing phases themselves, but only of a case up for approval.

The rules live in one module per phase, registered in that order (with the rules on the
case as a whole, A103 and A104, after fase 1's); what they share is in
``lookups``, the registry in ``registry``, and the report's sentences for findings in
``sentences``.
"""

from __future__ import annotations

# Importing a phase registers its rules; this order is the order the rules are reported in.
# isort: off
from forankring_docs.analysis.checks import phase1, whole_case  # noqa: F401
from forankring_docs.analysis.checks import phase2, phase3, phase4  # noqa: F401

# isort: on
from forankring_docs.analysis.checks.registry import (
    RULES,
    Finding,
    Rule,
    case_today,
    run_checks,
    to_diagnostics,
)
from forankring_docs.analysis.checks.sentences import (
    DATE_PARAMS,
    NAMES_KEY,
    SentenceError,
    placeholders,
    report_sentence,
    sentence_problems,
)

__all__ = [
    "DATE_PARAMS",
    "NAMES_KEY",
    "RULES",
    "Finding",
    "Rule",
    "SentenceError",
    "case_today",
    "placeholders",
    "report_sentence",
    "run_checks",
    "sentence_problems",
    "to_diagnostics",
]
