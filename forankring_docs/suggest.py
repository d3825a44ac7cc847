"""'Did you mean …?': the closest valid word at a place, ASCII spellings of æ, ø, å included."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable

from forankring_docs.i18n import _

CUTOFF = 0.75
_FOLD = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "Æ": "ae", "Ø": "oe", "Å": "aa"}
)
_FOLD_SHORT = str.maketrans({"æ": "a", "ø": "o", "å": "a", "é": "e", "ü": "u"})


def _folds(word: str) -> tuple[str, str]:
    lower = word.strip().lower().replace(" ", "_")
    return lower.translate(_FOLD), lower.translate(_FOLD_SHORT)


# English (and YAML 1.1) words a Danish project leader may write for the Danish values.
_SYNONYMS = {
    "yes": "ja",
    "y": "ja",
    "true": "ja",
    "on": "ja",
    "no": "nej",
    "n": "nej",
    "false": "nej",
    "off": "nej",
    "partly": "delvist",
    "partial": "delvist",
    "delvis": "delvist",
    "draft": "udkast",
    "approved": "godkendt",
    "done": "afsluttet",
    "full": "fuldt",
    "fully": "fuldt",
    "helt": "fuldt",
    "local": "lokal",
    "external": "ekstern",
    "dansk": "da",
    "danish": "da",
    "engelsk": "en",
    "english": "en",
}
# Danish inflections (egnede, viljen, aktørerne): compared without them, 'egnede' is 'egnet'.
_ENDINGS = ("erne", "ene", "ede", "ens", "ets", "en", "et", "er", "ne", "e", "t", "s")


def _stem(word: str) -> str:
    folded = _folds(word)[0]
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            return folded[: -len(ending)]
    return folded


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
    stem = _stem(word)
    for option in options:  # inflections: egnede → egnet, viljen → vilje
        if _stem(option) == stem:
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
    return shown + (", … " + _("({count} in all)", count=len(items)) if len(items) > limit else "")


def hint_for(word: str, valid: Iterable[str], noun: str | None = None) -> str:
    """'did you mean …? Valid: a, b, c'; ``noun`` (translated) names the valid ones."""
    values = list(valid)
    guess = did_you_mean(word, values)
    prefix = did_you_mean_text(guess) + " " if guess else ""
    noun = noun or _("Valid")
    return f"{prefix}{noun}: {listing(values)}"


def did_you_mean_text(guess: str) -> str:
    """ "did you mean 'x'?" in the language of the run."""
    return _("did you mean '{guess}'?", guess=guess)


# ------------------------------------------------------------------ the form meant
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jan"),
            ("februar", "feb"),
            ("marts", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY_FIRST = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", re.ASCII)
_UNPADDED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_WORDS = re.compile(r"(\d{1,2})\.?\s*([a-zæøå]+)\.?\s+(\d{4})", re.ASCII)


def date_meant(text: str) -> str | None:
    """The ISO date a Danish way of writing one means: 31-03-2026, 31/3/2026, 1. april 2026
    and 2026-3-1 (all day first); None when ``text`` is none of these or no real day."""
    text = ascii_digits(text).strip().lower()
    day = month = year = None
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _UNPADDED.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _WORDS.fullmatch(text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    if year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_ABOUT = re.compile(r"^(ca\.?|cirka|omkring)\s*", re.IGNORECASE)
_UNIT = re.compile(r"\s*(kr\.?|kroner|dkk|timer|time|t\.?)$", re.IGNORECASE)


_GROUPED = re.compile(r"([+-]?)([1-9]\d{0,2})([.,])(\d{3})", re.ASCII)


def grouped_readings(text: str) -> tuple[str, str, str] | None:
    """The two readings of a number with one separator before exactly three digits:
    '40.000' is 40000 to a Dane and 40 as a number, '40,000' is 40 to a Dane and 40000 to
    an Englishman. Returns (the whole number, the decimal number, the decimal number written
    so that it is not ambiguous): ('40000', '40', '40.0'), ('12500', '12.5', '12.5'),
    ('1005', '1.005', '1.0050'). None for a number that is not ambiguous: '7.5', '0.125'
    (an integer part with a leading zero is no thousands group), '1.250.000' (two groups)."""
    match = _GROUPED.fullmatch(text.strip())
    if not match:
        return None
    sign, whole, _, group = match.groups()
    decimals = group.rstrip("0")
    decimal = f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}"
    if not decimals:
        written = f"{sign}{whole}.0"
    elif len(decimals) == 3:
        written = f"{decimal}0"  # three decimals would read as a thousands group again
    else:
        written = decimal
    return f"{sign}{whole}{group}", decimal, written


def number_meant(text: str) -> str | None:
    """The number meant by '7,5', '40.000 kr.' or 'ca. 5', written the way the format reads
    it ('7.5', '40000', '5'); None when no single number is meant ('40,000' is 40 or 40000)."""
    text = _UNIT.sub("", _ABOUT.sub("", ascii_digits(text).strip())).strip()
    if re.fullmatch(r"\d{1,3},\d{3}", text, re.ASCII) and grouped_readings(text):
        return None
    if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+(,\d+)?", text, re.ASCII):  # 40.000, 1.234,5
        text = text.replace(".", "")
    text = text.replace(",", ".", 1) if re.fullmatch(r"\d+,\d+", text, re.ASCII) else text
    return text if re.fullmatch(r"\d+(\.\d+)?", text, re.ASCII) else None


def ascii_digits(text: str) -> str:
    """``text`` with digits of other scripts (Arabic-Indic ٣, full-width ４) as 0–9."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
    )


_SCORE_WORDS = {
    "ikke til stede": "1",
    "svag": "2",
    "delvis": "3",
    "stærk": "4",
    "staerk": "4",
    "ukendt": "null",
}


def score_meant(text: str) -> str | None:
    """The score meant by a scale word ('svag' → 2), a fraction of 4 ('3/4' → 3) or a digit
    of another script ('٣' → 3)."""
    written = text.strip().lower()
    text = ascii_digits(written)
    if text != written and text in ("1", "2", "3", "4"):
        return text
    if match := re.fullmatch(r"([1-4])\s*/\s*4", text):
        return match.group(1)
    return _SCORE_WORDS.get(text)
