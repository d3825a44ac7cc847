"""Fixtures the report's tests share."""

from __future__ import annotations

import pytest

from forankring_docs.report.labels import Labels
from forankring_docs.templating.folder import TemplateFolder, load_labels


@pytest.fixture(scope="module")
def labels() -> dict[str, Labels]:
    """The built-in template's labels, by language."""
    folder = TemplateFolder.of(None)
    return {lang: load_labels(folder, lang) for lang in ("da", "en")}
