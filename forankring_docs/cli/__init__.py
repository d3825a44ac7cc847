"""The command line: the only layer that prints or exits."""

from forankring_docs.cli.app import entry, main

__all__ = ["entry", "main"]
