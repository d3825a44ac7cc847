"""The built-in report templates, shipped inside the package as ``forankring_docs.templates``."""
