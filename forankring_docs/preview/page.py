"""The preview's page: the report, with the errors and warnings above it, and its updates.

The page is the report's own HTML page with two additions: a status panel at the top (the
errors, each with its line of the file, and the warnings, in a panel that folds away) and
the page's script and style, which swap in each new build without a reload. Every text of a
problem goes through :func:`html.escape`; the report is the HTML writer's, escaped there.
"""

from __future__ import annotations

import importlib.resources
import json
from html import escape

from forankring_docs.i18n import _, ngettext
from forankring_docs.preview.builder import Build, Problem

__all__ = ["ASSETS", "page", "update"]

# The page's own files, served at fixed addresses: (content, media type).
ASSETS: dict[str, tuple[bytes, str]] = {
    f"/assets/{name}": (
        (importlib.resources.files(__package__) / "assets" / name).read_bytes(),
        media_type,
    )
    for name, media_type in (
        ("preview.js", "text/javascript; charset=utf-8"),
        ("preview.css", "text/css; charset=utf-8"),
    )
}
_ASSET_TAGS = (
    '<link rel="stylesheet" href="/assets/preview.css">\n'
    '<script src="/assets/preview.js" defer></script>\n'
)
# Before the first good build: a page with the report's parts, empty.
_NO_REPORT = (
    '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
    "<title>forankring preview</title>\n<style></style>\n</head>\n<body>\n</body>\n</html>\n"
)


def page(build: Build) -> str:
    """The whole page for ``build``, as a browser first loads it."""
    head, body = _parts(build.report or _NO_REPORT)
    head = head.replace("</head>", _ASSET_TAGS + "</head>", 1)
    stale = ' class="fp-stale"' if build.stale else ""
    return (
        f'{head}<body data-version="{build.version}" data-report-version="'
        f'{build.report_version}">\n<div id="fp-status">{status(build)}</div>\n'
        f'<div id="fp-report"{stale}>{body}</div>\n</body>\n</html>\n'
    )


def update(build: Build, *, with_report: bool) -> str:
    """A build as the page's script takes it (one line of JSON); ``with_report``: the
    report too (the page has not got this version of it yet)."""
    data: dict[str, object] = {
        "version": build.version,
        "reportVersion": build.report_version,
        "status": status(build),
        "stale": build.stale,
    }
    if with_report and build.report is not None:
        data["head"], data["body"] = _parts(build.report)
    return json.dumps(data, ensure_ascii=False)


def _parts(report: str) -> tuple[str, str]:
    """The report page up to its ``<body>`` tag, and what its body holds."""
    head, _, rest = report.partition("<body>")
    return head, rest.rpartition("</body>")[0]


def status(build: Build) -> str:
    """The panel above the report: the errors, then the warnings (folded away on a click)."""
    out = []
    if build.errors:
        if build.stale:
            title = ngettext(
                "{n} error: the report below is out of date",
                "{n} errors: the report below is out of date",
                len(build.errors),
            )
        else:
            title = ngettext(
                "{n} error: no report yet", "{n} errors: no report yet", len(build.errors)
            )
        out.append(f'<section class="fp-errors" role="alert"><div class="fp-title">{title}</div>')
        out.extend(_problem(problem) for problem in build.errors)
        out.append("</section>")
    if build.warnings:
        out.append('<details class="fp-warnings" open>')
        warnings = ngettext("{n} warning", "{n} warnings", len(build.warnings))
        out.append(f"<summary>{warnings}</summary>")
        out.extend(_problem(problem) for problem in build.warnings)
        out.append("</details>")
    return "".join(out)


def _problem(problem: Problem) -> str:
    out = [
        '<div class="fp-problem">',
        f'<div class="fp-message"><span class="fp-where">{escape(problem.where)}</span> ',
        f"{escape(problem.message)}</div>",
    ]
    if problem.source is not None and problem.line is not None:
        number = f"{problem.line} | "
        caret = ""
        if problem.column:
            caret = "\n" + " " * (len(number) + problem.column - 1) + "^"
        out.append(f'<pre class="fp-source">{escape(number + problem.source)}{caret}</pre>')
    if problem.hint:
        hint = escape(_("hint: {hint}", hint=problem.hint))
        out.append(f'<div class="fp-hint">{hint}</div>')
    out.append("</div>")
    return "".join(out)
