"""The command line: the only layer that prints or exits."""

from forankring_docs.cli.main import entry

__all__ = ["entry"]
