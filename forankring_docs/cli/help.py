"""The help texts of the commands and options, shown in the language of the run.

Click reads them from the docstrings and ``help=`` when the program starts, in English; they
are the message ids. Before each run they are put in the language of the run, so that
``--help`` follows the locale (and ``FORANKRING_LANGUAGE``) as the other messages do.
``tools/messages.py`` takes the ids from :func:`help_texts` (Babel's extractor does not read
docstrings). Click's own words ("Usage:", "Options:", its errors) stay English: click has no
Danish catalog.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import click

from forankring_docs.i18n import _

_ORIGINAL = "_forankring_help"  # where the English text is kept, once translated


def help_texts(command: click.Command) -> Iterator[tuple[object, str, str]]:
    """(object, attribute, English text) for every help text below ``command``."""
    for item in (command, *command.params):
        for attribute in ("help", "short_help"):
            originals = item.__dict__.setdefault(_ORIGINAL, {})
            text = originals.setdefault(attribute, getattr(item, attribute, None))
            if text:
                yield item, attribute, inspect.cleandoc(text)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from help_texts(sub)


def translate_help(command: click.Command) -> None:
    """Every help text below ``command`` in the language of the run."""
    for item, attribute, text in help_texts(command):
        setattr(item, attribute, _(text))


class TranslatedGroup(click.Group):
    """A group whose help texts (and its commands') are translated before each run."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        translate_help(self)
        return super().main(*args, **kwargs)
