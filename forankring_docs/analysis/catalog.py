"""Every diagnostic code in one catalog: the errors and loader warnings of ``codes``, and the
rules of ``analysis.checks`` (whose help text is the rule's own docstring, so that a rule
added anywhere is documented where it is written). ``docs/diagnostics.md`` and the SARIF
output's rules are made from this catalog."""

from __future__ import annotations

import inspect

from forankring_docs.analysis.checks import RULES
from forankring_docs.codes import ERRORS, LOADER_WARNINGS, Code

DOCS_FILE = "docs/diagnostics.md"
REGENERATE = "python tools/make_diagnostics_doc.py"


def catalog() -> dict[str, Code]:
    """Every code, errors first, then the loader's warnings, then the rules, each in order."""
    rules = {
        code: Code(code, "warning", rule.title, " ".join(inspect.getdoc(rule.check).split()))
        for code, rule in RULES.items()
    }
    return {**ERRORS, **LOADER_WARNINGS, **rules}


def plain(text: str) -> str:
    """A help text without its reStructuredText/Markdown code marks (for plain-text readers)."""
    return text.replace("``", "'").replace("`", "'")


_SECTIONS = (
    ("E1", "Reading the file (E1xx)"),
    ("E2", "The shape of the case (E2xx)"),
    ("E3", "How the items fit together (E3xx)"),
    ("E4", "Limits (E4xx)"),
    ("T1", "The report template (T1xx)"),
    ("Y1", "Values YAML reads otherwise than they look (Y1xx, warnings)"),
    ("A", "The rules of `forankring check` (A-codes, warnings)"),
)

_INTRO = f"""# Diagnostics

<!-- Generated from the code's registries (forankring_docs/codes.py and the rules of
forankring_docs/analysis/checks/); do not edit by hand. Regenerate: {REGENERATE} -->

Every problem `forankring` finds in a case file (or a template) has a stable code. On the
command line a diagnostic is one line, in the shape gcc and clang write, so that editors and
CI problem matchers read it, with a hint on the next line:

```
cases/solhoej.yaml:42:7: error: fase2.aktører[3].type: 'komune' is not a valid actor type [E205]
  hint: did you mean 'kommune'? Valid: kommune, boligorganisation, ...
cases/solhoej.yaml:88:5: warning: fase3.forankring[0].aktører[1]: … [A304]
```

An error makes the case invalid (exit code 1); a warning does not, unless `--strict` is
given. `--ignore CODE` leaves out a warning (validate, check, render, overview, preview).
A code, once given, keeps its meaning. The codes are grouped: E1xx reading the file, E2xx
the shape of the case, E3xx how its items fit together, E4xx limits, T1xx the report
template, Y1xx values YAML reads otherwise than they look, A1xx–A4xx the rules of each
phase.

On a Danish machine (or with `FORANKRING_LANGUAGE=da`) the same line reads `fejl:` or
`advarsel:`, its message and hint (`tip:`) in Danish; the code, the key path and the case's
own words stay as they are. The texts below, like SARIF's rules, are English.

## Machine-readable formats

`validate` and `check` take `--format FORMAT`; `render` takes `--format-diagnostics FORMAT`
(its `--format` chooses the documents).

- `text` (default): the lines above, on standard error.
- `json`: a JSON list on standard output, one object per diagnostic:

  | field | meaning |
  |---|---|
  | `file` | the case file, as given on the command line |
  | `line`, `column` | where, from 1 as editors count (a problem of the whole file: 1, 1) |
  | `severity` | `error` or `warning`, in English whatever the language |
  | `message` | what is wrong, in the language of the run |
  | `hint` | how to fix it, or `null` |
  | `code` | the code below |
  | `path` | the key path in the case, such as `fase2.aktører[3].type`, or `null` |
  | `more` | only on the line that closes a file's problems cut short: how many more |

- `github`: GitHub Actions workflow commands on standard output
  (`::error file=…,line=…,col=…,title=…::message`, `::warning …` for warnings), so that each
  problem shows as an annotation at its line of the pull request.
- `sarif`: a SARIF 2.1.0 log on standard output, for code scanning (GitHub's
  `upload-sarif`) and other tools; every code below is a rule of it, with its help text.

The closing summary (files, errors, warnings) stays on standard error in every format.
"""


def diagnostics_markdown() -> str:
    """The text of ``docs/diagnostics.md``."""
    entries = catalog()
    out = [_INTRO]
    for prefix, heading in _SECTIONS:
        rows = [entry for code, entry in entries.items() if code.startswith(prefix)]
        if not rows:
            continue
        out.append(f"\n## {heading}\n\n| code | severity | what | help |\n|---|---|---|---|\n")
        for entry in rows:
            cells = (entry.code, entry.severity, entry.title, entry.help)
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n")
    return "".join(out)
