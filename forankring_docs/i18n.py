"""The language of the command line's messages: Danish or English, as the user's locale says.

Messages are written in English in the code and looked up in a GNU gettext catalog
(``locale/da/LC_MESSAGES/forankring.po``, compiled to ``.mo``) at the moment they are made,
so that a message says what it says in the language of the run. The language is chosen as
command-line tools choose it: ``FORANKRING_LANGUAGE`` (``da`` or ``en``) first, then
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` in gettext's order; English otherwise.

Placeholders are named (``{file}``), so that a translation may put them in another order;
the values are filled in after the lookup. The lowest layer, so that every other may use it.
``tools/messages.py`` extracts the messages and compiles the catalog.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")
DOMAIN = "forankring"
LOCALE_DIR = Path(__file__).with_name("locale")


_pinned: Language | None = None  # set by ``language_pinned`` while a case is worked on


def language() -> Language:
    """The language of messages now: read from the environment on every call, since a test
    (or a long-running preview) may change it; what the values mean is worked out once.
    Inside ``language_pinned``, the language it read on entry."""
    if _pinned is not None:
        return _pinned
    get = os.environ.get
    return _language(
        get("FORANKRING_LANGUAGE"), get("LANGUAGE"), get("LC_ALL"), get("LC_MESSAGES"), get("LANG")
    )


@contextmanager
def language_pinned() -> Iterator[Language]:
    """The language read once for a stretch of work that makes many messages (a case's
    rendering makes a hundred or so): five environment look-ups per message were a few
    per cent of a batch's time. Nests; the language is read again after the outermost."""
    global _pinned
    previous = _pinned
    _pinned = found = language()
    try:
        yield found
    finally:
        _pinned = previous


@functools.lru_cache(maxsize=32)
def _language(override: str | None, priority: str | None, *locales: str | None) -> Language:
    known = _known(override or "")
    if known:
        return known
    locale = next((value for value in locales if value), "")
    # GNU gettext ignores LANGUAGE under the C locale: a script that sets LC_ALL=C for
    # parseable output gets the untranslated messages whatever LANGUAGE says.
    if locale.split(".")[0] not in ("C", "POSIX"):
        for entry in (priority or "").split(":"):
            if found := _known(entry):
                return found
    return _known(locale) or "en"


def _known(value: str) -> Language | None:
    """'da', 'da_DK.UTF-8', 'da_DK@euro' → 'da'; a language without messages → None."""
    code = value.strip().split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None  # type: ignore[return-value]


@functools.cache
def _catalog(lang: Language) -> gettext.NullTranslations:
    if lang == "en":  # the messages are written in English: nothing to look up
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


def _(message: str, /, **values: object) -> str:
    """``message`` in the language of the run, its ``{placeholders}`` filled in from
    ``values``. Without values the text is returned as it is (braces and all)."""
    text = _catalog(language()).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for ``n`` (available as ``{n}``), translated."""
    return _catalog(language()).ngettext(singular, plural, n).format(n=n, **values)


def N_(message: str, /) -> str:  # noqa: N802 - gettext's name for a marker
    """Marks ``message`` for the catalog without translating it: for a text kept in a
    constant and translated with :func:`_` where it is shown."""
    return message


def NP_(singular: str, plural: str, /) -> tuple[str, str]:  # noqa: N802 - as N_
    """Marks a singular and plural for the catalog, for :func:`ngettext` where shown."""
    return singular, plural
