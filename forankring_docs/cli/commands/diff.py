"""``forankring diff``: what changed between two versions of a case, by id."""

from __future__ import annotations

from pathlib import Path

import click

from forankring_docs.cli.errors import echo_out, handles_errors
from forankring_docs.cli.options import CONTEXT, ExistingPath, danish_by_default, display_name
from forankring_docs.errors import EXIT_INVALID, EXIT_OK, printable
from forankring_docs.i18n import _


@click.command(context_settings=CONTEXT)
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="[OLD] NEW",
    type=ExistingPath(dir_okay=False),
)
@click.option(
    "--since",
    "since",
    metavar="REV",
    help="Compare NEW with its version at this git revision (tag, branch, commit). "
    "Default for one file: HEAD, the last commit.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the changes as a JSON object on stdout.",
)
@danish_by_default("the text (the words of the report's section on changes)")
@handles_errors
def diff(paths: tuple[Path, ...], since: str | None, output_format: str, language: str) -> int:
    """What changed between two versions of a case, item by item (by id, not by line).

    \b
      forankring diff cases/solhoej.yaml --since v1.0   against a git tag, branch or commit
      forankring diff cases/solhoej.yaml                against the last commit (HEAD)
      forankring diff OLD.yaml NEW.yaml                 two files
    """
    import json

    from forankring_docs.analysis.changes import compare_cases
    from forankring_docs.analysis.checked import CheckedCase, load_and_check
    from forankring_docs.analysis.history import (
        check_revision,
        find_revision,
        load_found,
        revision_name,
    )
    from forankring_docs.diagnostics import CaseError, to_json

    if len(paths) == 1 and since is None:
        since = "HEAD"  # what changed since the last commit
    if since is not None:  # '' (an unset shell variable) is a mistake, not "no changes"
        check_revision(since)
    if not ((len(paths) == 2 and since is None) or (len(paths) == 1 and since is not None)):
        raise click.UsageError(_("give two files (OLD NEW), or one file (and --since REV)"))
    new_path = paths[-1]
    new_name = display_name(new_path)
    old_name = revision_name(new_name, since) if since is not None else display_name(paths[0])
    if since is not None:  # a revision (or git) that cannot give the old one: exit 2
        found = find_revision(new_path, since)
        if found is not None and found.renamed:  # followed as git log --follow does
            old_name = revision_name(found.path, since)
            click.echo(
                _(
                    "note: {file} was {old} at {rev} (renamed since)",
                    file=printable(new_name),
                    old=printable(found.path),
                    rev=since,
                ),
                err=True,
            )
        try:
            old = CheckedCase(old_name, load_found(found, old_name))
        except CaseError as exc:
            old = CheckedCase(old_name, None, exc.diagnostics)
    else:
        old = load_and_check(paths[0], old_name, rules=False)
    new = load_and_check(new_path, new_name, rules=False)
    invalid = [  # warnings (a Y101 comment in a text) do not keep a version from a diff
        (which.format(file=checked.file), checked.diagnostics)
        for which, checked in (
            (_("the old version ({file})"), old),
            (_("the new version ({file})"), new),
        )
        if any(d.severity == "error" for d in checked.diagnostics)
    ]
    if invalid or new.valid is None:
        if output_format == "json":
            echo_out(to_json([d for _, found in invalid for d in found]))
        for which, found in invalid:
            click.echo(
                _(
                    "error: {version} is not a valid case; nothing was compared",
                    version=printable(which),
                ),
                err=True,
            )
            if output_format == "text":
                for d in found:
                    click.echo(d.format(), err=True)
        return EXIT_INVALID
    changes = compare_cases(old.valid.case if old.valid else None, new.valid.case)
    if output_format == "json":
        data = {"old": old_name, "new": new_name, **changes.as_dict()}
        echo_out(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from forankring_docs.pipeline import Renderer
        from forankring_docs.report.changes import build_changes, changes_text

        labels = Renderer.for_template().labels(language)
        view = build_changes(changes, since or old_name, new.valid.case, labels)
        versions = f"({old_name} → {new_name})"
        echo_out(printable(changes_text(view, versions), lines=True), nl=False)
    return EXIT_OK
