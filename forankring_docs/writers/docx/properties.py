"""The document's core properties (title, subject, author, keywords, language, dates)."""

from __future__ import annotations

import datetime as dt

from docx.opc.coreprops import CoreProperties

from forankring_docs.document.model import Properties
from forankring_docs.writers.docx.oxml import clean

_CORE_TEXT_MAX = 255  # python-docx refuses longer core properties


def set_core_properties(core: CoreProperties, props: Properties, language: str) -> None:
    core.title = _core_text(props.title)
    core.subject = _core_text(props.subject)
    core.author = _core_text(props.author)
    core.keywords = _core_text(props.keywords)
    core.language = language
    created = _core_datetime(props.created)
    if created is not None:
        core.created = created
        core.modified = created


def _core_text(value: str) -> str:
    return clean(value)[:_CORE_TEXT_MAX]


def _core_datetime(value: str) -> dt.datetime | None:
    """A UTC datetime from an ISO date or date-time; ``None`` when empty or unreadable."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed
