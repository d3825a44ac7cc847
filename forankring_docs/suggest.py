"""'Did you mean …?': the closest valid word at a place, ASCII spellings of æ, ø, å included."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.75
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "Æ": "ae",
                       "Ø": "oe", "Å": "aa"})
_FOLD_SHORT = str.maketrans({"æ": "a", "ø": "o", "å": "a", "é": "e", "ü": "u"})


def _folds(word: str) -> tuple[str, str]:
    lower = word.strip().lower().replace(" ", "_")
    return lower.translate(_FOLD), lower.translate(_FOLD_SHORT)


# English (and YAML 1.1) words a Danish project leader may write for the Danish values.
_SYNONYMS = {"yes": "ja", "y": "ja", "true": "ja", "on": "ja", "no": "nej", "n": "nej",
             "false": "nej", "off": "nej", "partly": "delvist", "partial": "delvist",
             "delvis": "delvist", "draft": "udkast", "approved": "godkendt", "done": "afsluttet",
             "full": "fuldt", "fully": "fuldt", "local": "lokal", "external": "ekstern"}


def did_you_mean(word: str, valid: Iterable[str]) -> str | None:
    """The valid word closest to ``word``, or None when nothing is close enough."""
    options = [v for v in valid if v != word]
    if not options or not isinstance(word, str):
        return None
    synonym = _SYNONYMS.get(word.strip().lower())
    if synonym in options:
        return synonym
    folded = _folds(word)
    for option in options:  # ASCII or case spellings: aktoerer → aktører, Kommune → kommune
        if set(_folds(option)) & set(folded):
            return option
    by_fold = {}
    for option in options:
        for variant in _folds(option):
            by_fold.setdefault(variant, option)
    best: tuple[float, str] | None = None
    for variant in folded:
        for match in difflib.get_close_matches(variant, list(by_fold), n=1, cutoff=CUTOFF):
            ratio = difflib.SequenceMatcher(None, variant, match).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, by_fold[match])
    return best[1] if best else None


def listing(values: Iterable[str], limit: int = 12) -> str:
    items = list(values)
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items)} in all)" if len(items) > limit else "")


def hint_for(word: str, valid: Iterable[str], noun: str = "Valid") -> str:
    values = list(valid)
    guess = did_you_mean(word, values)
    prefix = f"did you mean '{guess}'? " if guess else ""
    return f"{prefix}{noun}: {listing(values)}"
