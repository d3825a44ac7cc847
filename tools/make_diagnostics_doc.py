"""Write ``docs/diagnostics.md`` from the code's registries of codes and rules.

Run it from the repository root after adding or changing a code or a rule::

    python tools/make_diagnostics_doc.py

``tests/analysis/test_diagnostic_codes.py`` fails while the committed file differs.
"""

from __future__ import annotations

from pathlib import Path

from forankring_docs.analysis.catalog import DOCS_FILE, diagnostics_markdown


def main() -> None:
    target = Path(__file__).resolve().parents[1] / DOCS_FILE
    target.write_text(diagnostics_markdown(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
