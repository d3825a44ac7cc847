"""The report's sentences for findings.

Report sentences live in the template's label files (``labels/warnings.<lang>.yaml``), a flat
mapping from a sentence key to a sentence with ``{param}`` placeholders. The key is the code
(``A304``), or for a rule whose findings read differently case by case the code and a variant
(``A304.unknown``); the plain code is the fallback sentence, valid for every finding of the
rule. Params are language-neutral: names as written (a list of names, such as ``tasks``, as a
tuple), scores as digits, dates as ISO dates, concepts as the method's Danish terms (plus an
English word in ``concept_en``). :func:`report_sentence` writes them for the language: dates
in its words, the names of elements, tasks and activities in its quotation marks, and lists
joined as its ``names`` entry says ("»A«, »B« og »C«").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from forankring_docs.analysis.checks.registry import RULES, Finding, Param

DATE_PARAMS = frozenset({"date", "deadline", "handover", "period_end"})
# Params holding the names of elements, tasks and activities, a risk or a text of the case:
# phrases such as "Skriv erfaringsopsamling" that would run into the sentence around them, so
# the report sets them off in quotation marks. Actor names are proper names ("Solhøj Skole")
# and stand as they are.
QUOTED_PARAMS = frozenset({"element", "task", "tasks", "activity", "risk", "text"})
# The entry of a warnings label file that says how names and lists are written, not a sentence.
NAMES_KEY = "names"
NAMES_FIELDS = ("quote_open", "quote_close", "separator", "last")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class SentenceError(LookupError):
    """A warnings label file lacks a sentence, or a sentence names an unknown placeholder."""


def placeholders(sentence: str) -> set[str]:
    """The ``{param}`` names a sentence uses."""
    return set(PLACEHOLDER.findall(sentence))


@dataclass(frozen=True, slots=True)
class NameStyle:
    """How a language writes names and lists in a sentence (a warnings file's ``names``)."""

    quote_open: str = ""
    quote_close: str = ""
    separator: str = ", "
    last: str = ", "  # before the last item: " og ", " and "

    @classmethod
    def of(cls, sentences: Mapping[str, object]) -> NameStyle:
        entry = sentences.get(NAMES_KEY)
        if not isinstance(entry, Mapping):
            return cls()
        return cls(**{name: str(entry[name]) for name in NAMES_FIELDS if name in entry})

    def quoted(self, name: str) -> str:
        return f"{self.quote_open}{name}{self.quote_close}"

    def joined(self, items: Iterable[str]) -> str:
        """ "A, B og C" (``separator`` between, ``last`` before the last item)."""
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        return self.separator.join(items[:-1]) + self.last + items[-1]


def report_sentence(
    finding: Finding,
    sentences: Mapping[str, object],
    format_date: Callable[[dt.date], str] = dt.date.isoformat,
) -> str:
    """The finding in the words of a warnings label file (one language's mapping).

    The variant's sentence is used when the file has it, else the rule's own. Dates in the
    params (``DATE_PARAMS``) are ISO dates; ``format_date`` writes them for the report's
    language (e.g. "1. januar 2027"). Names of ``QUOTED_PARAMS`` get the file's quotation
    marks, and a list of names is joined as its ``names`` entry says (:class:`NameStyle`).
    """
    key = finding.sentence_key if finding.sentence_key in sentences else finding.code
    template = sentences.get(key)
    if template is None or key == NAMES_KEY:
        raise SentenceError(f"the warnings label file has no sentence for {finding.code}")
    style = NameStyle.of(sentences)
    values = {
        name: _param_text(name, value, style, format_date) for name, value in finding.params.items()
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise SentenceError(
                f"the sentence for {key} uses {{{name}}}, which {finding.code} does not "
                f"provide here; it provides {', '.join(sorted(values)) or 'nothing'}"
            )
        return values[name]

    return PLACEHOLDER.sub(fill, str(template))


def _param_text(
    name: str, value: Param, style: NameStyle, format_date: Callable[[dt.date], str]
) -> str:
    if isinstance(value, tuple):
        return style.joined(style.quoted(v) if name in QUOTED_PARAMS else v for v in value)
    if name in DATE_PARAMS:
        return format_date(dt.date.fromisoformat(value))
    return style.quoted(value) if name in QUOTED_PARAMS else value


def sentence_problems(sentences: Mapping[str, object]) -> list[str]:
    """What is wrong with a warnings label file: missing codes, unknown keys or placeholders,
    or a ``names`` entry that is not a mapping of texts."""
    problems = [f"no sentence for {code}" for code in RULES if code not in sentences]
    for key, sentence in sentences.items():
        if key == NAMES_KEY:
            problems += _names_problems(sentence)
            continue
        owner = RULES.get(str(key).partition(".")[0])
        if owner is None or key not in owner.sentence_keys:
            problems.append(f"'{key}' is not a warning code or variant")
            continue
        if not isinstance(sentence, str) or not sentence.strip():
            problems.append(f"the sentence for {key} is empty")
            continue
        unknown = placeholders(sentence) - owner.params_for(str(key))
        problems.extend(
            f"the sentence for {key} uses {{{name}}}, which {owner.code} does not provide"
            for name in sorted(unknown)
        )
    return problems


def _names_problems(entry: object) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"'{NAMES_KEY}' is not a mapping of {', '.join(NAMES_FIELDS)}"]
    return [
        f"'{NAMES_KEY}.{name}' is not one of {', '.join(NAMES_FIELDS)}"
        if name not in NAMES_FIELDS
        else f"'{NAMES_KEY}.{name}' is not a text"
        for name, value in entry.items()
        if name not in NAMES_FIELDS or not isinstance(value, str)
    ]
