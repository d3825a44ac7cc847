"""The words of one report language, and the helpers that put them together: dates,
numbers and lists as the language writes them.

Plain data with no dependencies, so that the template folder (which loads the labels files
into it) and every part of the report can use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

__all__ = ["Labels", "fill"]

Day = date  # for the annotations of Labels, whose method ``date`` hides the type
_FIELD = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` with its ``{name}`` placeholders filled in and ``{{``, ``}}`` read as braces,
    as ``str.format`` does; a name not given, and anything else in braces, stays as written.
    Unlike ``str.format`` it never indexes, pads or formats a value, so no label can fail or
    build a huge text."""
    if _plain(text):  # the common case, at str.format's speed
        return text.format_map(_Kept(values))

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group()[0]
        return str(values[name]) if name in values else match.group()

    return _FIELD.sub(one, text)


@functools.lru_cache(maxsize=1024)
def _plain(text: str) -> bool:
    """Whether every ``{…}`` of ``text`` is a plain name (then ``str.format`` fills it
    safely)."""
    import string

    try:
        fields = [
            (name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
        ]
    except ValueError:
        return False
    return all(
        name is None or (name.isidentifier() and not spec and not conversion)
        for name, spec, conversion in fields
    )


class _Kept(dict[str, object]):
    """The values of a label; a name without one stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Labels:
    """The words of one report language: ``labels/<lang>.yaml`` (``texts``) and the warning
    sentences of ``labels/warnings.<lang>.yaml`` (``sentences``). Plain data; loaded by
    ``templating.folder.load_labels``."""

    __slots__ = ("language", "texts", "sentences")

    def __init__(
        self, language: str, texts: Mapping[str, Any], sentences: Mapping[str, Any] | None = None
    ) -> None:
        self.language = language
        self.texts = texts
        self.sentences: Mapping[str, Any] = sentences or {}

    def __repr__(self) -> str:
        return f"Labels({self.language!r})"

    def get(self, *path: str | int) -> Any:
        """The label at a path of keys, e.g. ``get("headings", "why")``; KeyError names it."""
        node: Any = self.texts
        for key in path:
            try:
                node = node[key]
            except (KeyError, TypeError, IndexError):
                where = ".".join(map(str, path))
                message = f"the label {where!r} is missing in labels/{self.language}.yaml"
                raise KeyError(message) from None
        return node

    def text(self, *path: str, **values: object) -> str:
        """A label as text, with its ``{placeholders}`` filled in."""
        value = str(self.get(*path))
        return fill(value, values) if values else value

    def word(self, group: str, value: str | int | None) -> str:
        """The word for an enumeration value (``word("status", "udkast")`` → "Udkast")."""
        if value is None:
            value = "unknown"
        words = self.get("words", group)
        key = str(value)  # the labels' keys are text: scores are "1" … "4"
        if key in words:
            return str(words[key])
        return key

    @property
    def tag(self) -> str:
        return str(self.get("language_tag"))

    # ------------------------------------------------------------ dates and numbers
    def date(self, day: Day | None, *, short: bool = False) -> str:
        """ "15. november 2026" (long) or "15. nov. 2026" (short), per language."""
        if day is None:
            return ""
        dates = self.get("dates")
        month = dates["months_short" if short else "months"][day.month - 1]
        pattern = dates["short" if short else "long"]
        return fill(str(pattern), {"day": day.day, "month": month, "year": day.year})

    def date_range(self, start: Day, end: Day, *, short: bool = False) -> str:
        return self.text(
            "dates", "range", start=self.date(start, short=short), end=self.date(end, short=short)
        )

    def number(self, value: float) -> str:
        """6 → "6", 2.5 → "2,5", 40000 → "40.000" (Danish separators)."""
        numbers = self.get("numbers")
        if float(value).is_integer():
            text = f"{int(value):,}"
        else:
            text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return (
            text.translate({ord(","): "\0", ord("."): "\1"})
            .replace("\0", str(numbers["thousands"]))
            .replace("\1", str(numbers["decimal"]))
        )

    def amount(self, value: float) -> str:
        """An amount of money: 40000 → "40.000", 12500.5 → "12.500,50" (öre are written with
        two decimals, as amounts are)."""
        if float(value).is_integer():
            return self.number(value)
        whole = self.number(int(value))
        cents = f"{abs(value) % 1:.2f}"[2:]
        return f"{whole}{self.get('numbers', 'decimal')}{cents}"

    def join(self, items: Iterable[str]) -> str:
        """ "A, B og C"."""
        items = [item for item in items if item]
        if len(items) < 2:
            return "".join(items)
        separator, last = self.get("list", "separator"), self.get("list", "last")
        return separator.join(items[:-1]) + last + items[-1]
