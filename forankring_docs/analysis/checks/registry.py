"""The rule registry: :class:`Finding`, :class:`Rule`, the :func:`rule` decorator that
registers a rule in :data:`RULES`, and running the rules on a case.

Reached through its package, whose import registers every phase's rules first, so that
:data:`RULES` is complete wherever it is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from forankring_docs.case.model import Case
from forankring_docs.diagnostics import Diagnostic, Path, format_path

if TYPE_CHECKING:
    from forankring_docs.case.validation import ValidCase

Param = str | tuple[str, ...]  # a name, date, score or concept; or a list of names


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning about one item of a case."""

    code: str
    path: Path  # YAML key path of the item, e.g. ("fase3", "forankring", 0, "aktører", 1)
    message: str  # for the command line, in its language; names items by their names
    hint: str  # what to do about it, in the same language
    params: dict[str, Param] = field(default_factory=dict)  # for the report sentence
    variant: str | None = None  # which sentence of the rule reads right here, if it has several

    @property
    def sentence_key(self) -> str:
        """The key of this finding's sentence in a warnings label file."""
        return f"{self.code}.{self.variant}" if self.variant else self.code

    def __hash__(self) -> int:
        return hash(
            (
                self.code,
                self.path,
                self.message,
                self.hint,
                tuple(sorted(self.params.items())),
                self.variant,
            )
        )


Check = Callable[[Case, dt.date], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its code, a one-line English title, and the params it provides."""

    code: str
    title: str
    check: Check
    params: tuple[str, ...]  # in every finding of the rule
    variants: Mapping[str, tuple[str, ...]]  # variant → the params it adds

    @property
    def sentence_keys(self) -> tuple[str, ...]:
        return (self.code, *(f"{self.code}.{variant}" for variant in self.variants))

    def params_for(self, sentence_key: str) -> frozenset[str]:
        """The placeholders a sentence under ``sentence_key`` may use."""
        _, _, variant = sentence_key.partition(".")
        return frozenset((*self.params, *self.variants.get(variant, ())))


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    title: str,
    params: tuple[str, ...],
    variants: Mapping[str, tuple[str, ...]] | None = None,
) -> Callable[[Check], Check]:
    """Register a rule function under ``code`` (in the order of definition: the package
    imports the phases in the order the rules are reported)."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule {code} is registered twice")
        RULES[code] = Rule(code, title, check, params, dict(variants or {}))
        return check

    return register


def run_checks(case: Case, today: dt.date) -> list[Finding]:
    """Every finding of every rule: by rule order, then in the order of the items in the file."""
    return [finding for entry in RULES.values() for finding in entry.check(case, today)]


def case_today(case: Case, fallback: dt.date) -> dt.date:
    """The rules' "today": meta.dato when the case gives it, else ``fallback`` (rendering)."""
    return case.meta.date or fallback


def to_diagnostics(findings: Iterable[Finding], valid_case: ValidCase) -> list[Diagnostic]:
    """Findings as warnings at their place in the case file."""
    out = []
    for finding in findings:
        line, column = valid_case.positions.value(finding.path)
        out.append(
            Diagnostic(
                valid_case.file,
                line,
                column,
                "warning",
                finding.message,
                finding.hint,
                code=finding.code,
                path=format_path(finding.path),
            )
        )
    return out
