"""The report template: a sandboxed Jinja environment over a template folder, its labels, and
template errors a user can act on.

A template folder holds ``report.html.j2``, ``partials/*.j2``, ``labels/<lang>.yaml``,
``labels/warnings.<lang>.yaml``, ``styles.docx`` and optionally ``logo.png``/``logo.jpg``
(see ``logo.py``).
A user's folder overrides the built-in one file by file (a Jinja ``ChoiceLoader``); a user's
labels file is merged over the built-in one, so it needs only the keys it changes.

The environment is sandboxed (a template cannot reach Python internals), autoescaped, and
strict about undefined names. It is built and its templates compiled once per process per
folder. Every problem (a syntax error, an error while rendering, markup outside the subset,
a missing file) is a :class:`TemplateError` naming the template file and line.

Template markers: a report with a markup error is made again from its templates compiled
with markers: every template line that starts with a block element (``<h1>``, ``<p>``,
``<table>``, ``<tr>``, ...) gets a ``<!--@ file:line -->`` comment in front of it, on the
same line, so the error names the template line it comes from. Reports without errors are
made without them (``CompiledTemplate.marked``).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import re
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.ext import Extension

from forankring_docs.document.markup import MarkupError
from forankring_docs.errors import ForankringError
from forankring_docs.i18n import _, ngettext
from forankring_docs.report.labels import Labels
from forankring_docs.templating.filters import bullets, cell, inline, keep_year, lines, paragraphs
from forankring_docs.templating.sandbox import LimitedSandbox, TooLarge, code_revision

if TYPE_CHECKING:
    from forankring_docs.case.loader import Loaded
    from forankring_docs.diagnostics import Diagnostic

__all__ = [
    "REPORT_TEMPLATE",
    "CompiledTemplate",
    "LabelGroup",
    "TemplateError",
    "TemplateFolder",
    "builtin_template_dir",
    "compiled_template",
    "forget_compiled",
    "load_labels",
    "markup_error",
]

REPORT_TEMPLATE = "report.html.j2"
PARTIALS = "partials"
LOGO_NAMES = ("logo.png", "logo.jpg", "logo.jpeg")  # read and checked by logo.py
STYLES = "styles.docx"

# Template lines starting with one of these tags get a marker (not cells: one per row is
# enough, and cells are many).
_MARKED_LINE = re.compile(
    r"^(?P<indent>[ \t]*)(?=<(?:h[1-3]|p|ul|ol|li|table|thead|tbody|tr|section|cover|toc|"
    r"pagebreak|img|header|footer|colgroup)[\s>/])",
    re.MULTILINE,
)


# ================================================================ errors
class TemplateError(ForankringError):
    """A problem of the report template, at ``file:line`` or ``file:line:column`` (``line``
    None: the whole file)."""

    code = "T101"

    def __init__(
        self, file: str, line: int | None, message: str, *, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column

    @property
    def where(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.where}: " + _("error: {message}", message=self.message) + f" [{self.code}]"

    def format(self) -> str:
        return str(self)


# ================================================================ the folder
def builtin_template_dir() -> Path:
    """The built-in template: ``forankring_docs.templates/default`` when installed, else the
    repository's ``templates/default``."""
    try:
        return Path(str(importlib.resources.files("forankring_docs.templates") / "default"))
    except ModuleNotFoundError:  # running from a source tree that is not installed
        return Path(__file__).resolve().parents[2] / "templates" / "default"


@dataclass(frozen=True, slots=True)
class TemplateFolder:
    """A user's template folder (optional) in front of the built-in one."""

    user: Path | None
    builtin: Path

    @classmethod
    def of(cls, folder: Path | None) -> TemplateFolder:
        builtin = builtin_template_dir()
        if folder is None:
            return cls(None, builtin)
        path = Path(folder).expanduser().resolve()
        if not path.is_dir():
            raise TemplateError(str(folder), None, _("the template folder does not exist"))
        return cls(None if path == builtin.resolve() else path, builtin)

    @property
    def roots(self) -> tuple[Path, ...]:
        return (self.user, self.builtin) if self.user else (self.builtin,)

    def find(self, name: str) -> Path | None:
        """The file ``name`` from the user's folder, else the built-in one; None if neither."""
        for root in self.roots:
            path = file_in(root, name)
            if path is not None:
                return path
        return None

    def display(self, name: str) -> str:
        """How errors name a template file: the user's path, or the built-in name."""
        if self.user is not None and (self.user / name).is_file():
            return str(self.user / name)
        return name

    def name_of(self, filename: str) -> str | None:
        """The template name of a file in one of the folders (None if in neither)."""
        path = Path(filename)
        for root in self.roots:
            try:
                return path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
        return None


def file_in(root: Path, name: str) -> Path | None:
    """The file ``name`` of the folder ``root``; None when it has none. Every file of a
    template folder is found here or checked by :func:`inside`."""
    path = root / name
    return inside(root, path) if path.is_file() else None


def inside(root: Path, path: Path) -> Path:
    """``path``, which must lie inside ``root`` once links are followed: a template reads no
    file outside its folder (the README promises it), so a link that leads out is an error."""
    target = path.resolve()
    if target.is_relative_to(root.resolve()):
        return path
    raise TemplateError(
        str(path),
        None,
        _(
            "this is a link to {target}, outside the template folder, and a template may "
            "only use the files in its own folder; put a copy of the file in the folder "
            "instead",
            target=target,
        ),
    )


# ================================================================ markers
class MarkerExtension(Extension):
    """Puts ``<!--@ name:line -->`` in front of each template line that opens a block."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        label = name or "<template>"
        starts = _line_starts(source)

        def marker(match: re.Match[str]) -> str:
            line = _line_of(starts, match.start())
            return f"{match['indent']}<!--@ {label}:{line} -->"

        return _MARKED_LINE.sub(marker, source)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


# ================================================================ the environment
class LabelGroup:
    """Labels in a template: ``L.headings.why`` or ``L.words.status["udkast"]``."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[Any, Any]) -> None:
        self._items = {
            key: LabelGroup(value) if isinstance(value, Mapping) else value
            for key, value in items.items()
        }

    def __getattr__(self, name: str) -> Any:
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: Any) -> Any:
        return self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)


class ReportEnvironment(LimitedSandbox):
    """The sandbox with its limits (``sandbox.py``), and a short way to the report's data."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """The sandbox's ``obj.attribute``, with a short way for the report's own data: a
        label (``L.headings.why``) or a dataclass field of the view that holds no callable.
        The sandbox would return the same value: such an object is no Python internal, the
        name has no underscore, and only callables need its wrapping. Most of a template's
        attribute look-ups are these, and the sandbox's checks took ~40 % of Jinja's time."""
        cls = type(obj)
        if cls is LabelGroup:
            value = obj._items.get(attribute, _NOT_PLAIN) if attribute[:1] != "_" else _NOT_PLAIN
        else:
            fields = _PLAIN_FIELDS.get(cls)
            if fields is None:
                fields = _PLAIN_FIELDS[cls] = _plain_fields(cls)
            value = getattr(obj, attribute, _NOT_PLAIN) if attribute in fields else _NOT_PLAIN
        if value is _NOT_PLAIN or callable(value):
            return super().getattr(obj, attribute)
        return value


_NOT_PLAIN = object()
#: The dataclass fields without an underscore of each type a template has looked into.
_PLAIN_FIELDS: dict[type, frozenset[str]] = {}


def _plain_fields(cls: type) -> frozenset[str]:
    names = getattr(cls, "__dataclass_fields__", None)
    if not isinstance(names, dict):
        return frozenset()
    return frozenset(name for name in names if isinstance(name, str) and name[:1] != "_")


CACHE_ENV = "FORANKRING_CACHE_DIR"


@functools.lru_cache(maxsize=2)
def bytecode_cache(markers: bool = True) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling is most of a run's start-up), in the user's
    cache folder: ``$FORANKRING_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or ``~/.cache``, under
    ``forankring-docs/<version>/jinja``. Jinja checks each entry against its template's
    source, and the sandbox acts when a template runs, so a cached template is as safe as a
    fresh one. No cache (None) when the folder cannot be made: nothing else changes.
    Templates compiled with ``markers`` and without are kept apart: Jinja's check is of the
    source before the markers go in."""
    import os

    from forankring_docs import __version__

    base = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "forankring-docs"
    )
    folder = Path(base) / __version__ / f"jinja-{code_revision()}{'' if markers else '-plain'}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


class _FolderLoader(jinja2.FileSystemLoader):
    """Jinja's loader of one template folder that reads no file through a link out of it."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root), encoding="utf-8")
        self.root = root

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        file_in(self.root, "/".join(jinja2.loaders.split_template_path(template)))
        return super().get_source(environment, template)


def create_environment(folder: TemplateFolder, *, markers: bool = True) -> ReportEnvironment:
    """The folder's environment; ``markers``: with the template markers (``MarkerExtension``)
    that locate a markup error."""
    loader = jinja2.ChoiceLoader([_FolderLoader(root) for root in folder.roots])
    env = ReportEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
        extensions=[MarkerExtension] if markers else [],
        bytecode_cache=bytecode_cache(markers),
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["inline"] = inline
    env.filters["cell"] = cell
    env.filters["lines"] = lines
    env.filters["bullets"] = bullets
    env.filters["keep_year"] = keep_year
    return env


@dataclass(frozen=True, slots=True)
class CompiledTemplate:
    """A template of a folder, compiled. Reports are rendered without the template markers
    (a report of some hundred table rows carried as many comments through the markup
    parser); the markup of a report that has a markup error is made again ``marked``, so
    that the error names the template line it comes from."""

    folder: TemplateFolder
    environment: ReportEnvironment
    template: jinja2.Template
    markers: bool = False

    def marked(self) -> CompiledTemplate:
        """The same template compiled with its markers (``self`` if it has them)."""
        if self.markers:
            return self
        return _compiled_marked(self.folder, self.template.name or REPORT_TEMPLATE)

    def render(self, context: Mapping[str, Any]) -> str:
        """The markup; any problem is a TemplateError at the template's file and line."""
        self.environment.start()
        try:
            return self.template.render(context)
        except TemplateError:  # a link out of the folder, found by an include
            raise
        except jinja2.TemplateSyntaxError as exc:  # an include compiled on first use
            raise _syntax_error(self.folder, exc) from None
        except jinja2.TemplateNotFound as exc:
            file, line = _template_frame(self.folder, exc) or (
                self.folder.display(REPORT_TEMPLATE),
                None,
            )
            raise TemplateError(
                file,
                line,
                _(
                    "the template {name} does not exist",
                    name=repr(exc.name),
                ),
            ) from None
        except Exception as exc:
            place = _template_frame(self.folder, exc)
            if place is None:
                raise  # not the template's fault: a bug of ours, keep the traceback
            raise TemplateError(place[0], place[1], _runtime_message(exc)) from None


def compiled_template(folder: TemplateFolder) -> CompiledTemplate:
    """The environment and the compiled report template of ``folder`` (once per process)."""
    return _compiled(folder)


def forget_compiled() -> None:
    """Forget every compiled template and the words read from template folders, so that the
    next use reads the files again (the live preview, after a template file was saved)."""
    _compiled.cache_clear()
    _compiled_named.cache_clear()
    _marked_environment.cache_clear()
    _compiled_marked.cache_clear()
    _own_words.cache_clear()


@functools.lru_cache(maxsize=16)
def _compiled(folder: TemplateFolder) -> CompiledTemplate:
    env = create_environment(folder, markers=False)
    try:
        template = env.get_template(REPORT_TEMPLATE)
        for name in env.list_templates(filter_func=_is_partial):
            env.get_template(name)  # compile the partials now, and report their errors now
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(folder, exc) from None
    except jinja2.TemplateNotFound as exc:
        missing = _("the file is missing")
        raise TemplateError(folder.display(str(exc.name)), None, missing) from None
    except UnicodeDecodeError as exc:
        raise TemplateError(
            REPORT_TEMPLATE,
            None,
            _(
                "not UTF-8 text ({reason})",
                reason=exc.reason,
            ),
        ) from None
    return CompiledTemplate(folder, env, template)


def _is_partial(name: str) -> bool:
    return name.startswith(PARTIALS + "/") and name.endswith(".j2")


@functools.lru_cache(maxsize=16)
def _marked_environment(folder: TemplateFolder) -> ReportEnvironment:
    return create_environment(folder, markers=True)


@functools.lru_cache(maxsize=32)
def _compiled_marked(folder: TemplateFolder, name: str) -> CompiledTemplate:
    """``name`` compiled with markers, on first use (a report with a markup error). It
    compiled without them, so it compiles with them."""
    env = _marked_environment(folder)
    return CompiledTemplate(folder, env, env.get_template(name), markers=True)


def _syntax_error(folder: TemplateFolder, exc: jinja2.TemplateSyntaxError) -> TemplateError:
    name = exc.name or (folder.name_of(exc.filename) if exc.filename else None) or REPORT_TEMPLATE
    return TemplateError(folder.display(name), exc.lineno, exc.message or "syntax error")


def _template_frame(folder: TemplateFolder, exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in the traceback of ``exc`` (Jinja rewrites the
    frames of compiled templates to the template's file and line)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if not frame.filename.endswith(".j2"):
            continue
        name = folder.name_of(frame.filename)
        if name is not None and frame.lineno is not None:
            found = (folder.display(name), frame.lineno)
    return found


def _runtime_message(exc: BaseException) -> str:
    if isinstance(exc, TooLarge):
        return _(
            "not allowed in a template: {problem}; make this line build or repeat less (the "
            "limits are in the README's Security section)",
            problem=exc,
        )
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return _("not allowed in a template: {problem}", problem=exc)
    if isinstance(exc, RecursionError):
        return _(
            "not allowed in a template: it includes or calls itself without end; check its "
            "{% include %} lines and the macros that call themselves"
        )
    if isinstance(exc, jinja2.UndefinedError):
        return _("{problem} (check the spelling of the name)", problem=exc)
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def markup_error(folder: TemplateFolder, exc: MarkupError) -> TemplateError:
    """A markup error as a template error at the file and line of its marker."""
    message = exc.message
    if exc.from_marker:
        message += " " + _("(line {line} of the generated markup)", line=exc.html_line)
        return TemplateError(folder.display(exc.source), exc.line, message)
    message += " " + _("(in the generated markup)")
    return TemplateError(folder.display(REPORT_TEMPLATE), exc.line, message)


# ================================================================ labels
def load_labels(folder: TemplateFolder, language: str) -> Labels:
    """The labels of ``language``: the built-in files with the user's merged over them."""
    texts = _merged_yaml(folder, f"labels/{language}.yaml", required=True)
    sentences = _merged_yaml(folder, f"labels/warnings.{language}.yaml", required=False)
    return Labels(language, texts, sentences)


def _merged_yaml(folder: TemplateFolder, name: str, *, required: bool) -> dict[Any, Any]:
    merged: dict[Any, Any] = {}
    found = False
    for root in reversed(folder.roots):  # built-in first, the user's over it
        path = file_in(root, name)
        if path is not None:
            found = True
            display = folder.display(name) if root != folder.builtin else name
            labels = _read_labels(path, display)
            if root != folder.builtin:
                check_user_labels(labels, merged, own_words=_own_words(root))
            _merge(merged, labels.data)
    if required and not found:
        available = sorted(
            p.stem for root in folder.roots for p in (root / "labels").glob("??.yaml")
        )
        raise TemplateError(
            name,
            None,
            _(
                "no labels for this language (available: {languages})",
                languages=", ".join(available) or _("none"),
            ),
        )
    return merged


def _read_labels(path: Path, display: str) -> Loaded:
    """A labels file, read as a case file is (by the case loader, with its limits: no anchors,
    aliases or tags, the size, nesting and value limits); its first problem is a TemplateError
    at its file, line and column. Its data's keys are text (``score: {1: …}`` gives "1")."""
    from forankring_docs.case.loader import read_case
    from forankring_docs.diagnostics import CaseError

    try:
        labels = read_case(path, display, kind="labels")
    except CaseError as exc:
        raise _labels_error(exc.diagnostics) from None
    if labels.problems:
        raise _labels_error(labels.problems)
    if labels.data is None:
        labels.data = {}
    if not isinstance(labels.data, dict):
        raise TemplateError(
            display,
            1,
            _(
                "a labels file is a mapping of keys ('headings:', 'dates:', ...); copy the "
                "shape of the built-in file ('forankring template init')"
            ),
            column=1,
        )
    return labels


def _labels_error(diagnostics: Sequence[Diagnostic]) -> TemplateError:
    first = diagnostics[0]
    more = len(diagnostics) - 1
    message = first.message + (f"; {first.hint}" if first.hint else "")
    if more:
        message += " " + ngettext(
            "(and {n} more problem after it)", "(and {n} more problems after it)", more
        )
    return TemplateError(first.file, first.line, message, column=first.column)


def _merge(into: dict[Any, Any], data: Mapping[Any, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


# ================================================================ checking a user's labels
def check_user_labels(
    labels: Loaded,
    builtin: Mapping[Any, Any],
    own_words: frozenset[str] = frozenset(),
) -> None:
    """A user's labels must have the built-in file's shape where they override it: a group
    stays a group, a list keeps its length (twelve months), and a text uses the
    ``{placeholders}`` of the built-in text, each as a plain name, and leaves none out
    (see :func:`_placeholder_problem`). An empty text becomes "".

    A key the built-in file does not have is most often a misspelling, whose text would
    never appear: it is an error naming the closest built-in key, unless the user's own
    templates mention it (``own_words``: a label for their own partials). A labels file with
    no built-in counterpart (a new language) is all the user's own."""
    if not builtin:
        return
    problem = _label_problem(labels.data, builtin, (), own_words)
    if problem is not None:
        keys, message, on_value = problem
        where = ".".join(map(str, keys))
        positions = labels.positions
        line, column = positions.value(keys) if on_value else positions.key(keys)
        raise TemplateError(
            labels.file,
            line,
            f"{where}: {message}",
            column=column,
        )


def _label_problem(
    user: dict[Any, Any],
    builtin: Mapping[Any, Any],
    keys: tuple[Any, ...],
    own_words: frozenset[str],
) -> tuple[tuple[Any, ...], str, bool] | None:
    """The first problem: the keys of its label, the message, and whether it is about the
    label's value (else its key)."""
    for key, value in user.items():
        if key not in builtin:
            if str(key) in own_words:
                continue
            return (*keys, key), _unknown_label(str(key), [str(k) for k in builtin], keys), False
        expected, here = builtin[key], (*keys, key)
        if isinstance(expected, Mapping):
            if not isinstance(value, dict):
                message = _("expected a group of labels (indented 'key: text' lines below it)")
                return here, message, False
            found = _label_problem(value, expected, here, own_words)
            if found is not None:
                return found
        elif isinstance(expected, list):
            if not isinstance(value, list) or len(value) != len(expected):
                message = _(
                    "expected a list of {count} items, as in the built-in file",
                    count=len(expected),
                )
                return here, message, False
        elif isinstance(expected, str):
            if value is None:
                user[key] = ""
            elif isinstance(value, dict | list):
                return here, _("expected a text, not a group or a list"), True
            else:
                message = _placeholder_problem(str(value), expected, str(key))
                if message is not None:
                    return here, message, True
    return None


def _unknown_label(key: str, valid: list[str], group: tuple[Any, ...]) -> str:
    from forankring_docs.suggest import did_you_mean, did_you_mean_text, listing

    guess = did_you_mean(key, valid)
    if guess:
        hint = did_you_mean_text(guess)
    elif group:
        hint = _(
            "the labels in '{group}' are: {labels}",
            group=".".join(map(str, group)),
            labels=listing(valid),
        )
    else:
        hint = _("the labels at the top are: {labels}", labels=listing(valid))
    return _(
        "not a label of the template, so this text would never be shown; {hint} "
        "(a label of your own is fine once one of your templates uses it)",
        hint=hint,
    )


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=8)
def _own_words(root: Path) -> frozenset[str]:
    """The words of the user's own template files, where a label of their own is used (read
    once a folder: each of its labels files asks)."""
    words: set[str] = set()
    for path in sorted(root.rglob("*.j2")):
        with contextlib.suppress(OSError, UnicodeDecodeError, TemplateError):
            words.update(_WORD.findall(inside(root, path).read_text(encoding="utf-8")))
    return frozenset(words)


#: The placeholders a singular text (key ``one`` or ``…_one``) may write as a word, since
#: they stand for 1 there: "one housing area" for "{n} …", "en time/uge" for "{value} …".
_COUNTS = frozenset({"n", "value"})


def _placeholder_problem(text: str, builtin: str, key: str) -> str | None:
    """What is wrong with the placeholders of a user's text for a built-in one, or None.

    A placeholder is one of the built-in text's names in braces, as written there: no
    ``[index]``, ``.attribute``, ``!conversion`` or ``:format``, which could fail or build a
    huge text when the report is made. Every one of them must be there, since each carries
    data the report would silently lose; only a singular text (key ``one`` or ``…_one``) may
    write its count as a word."""
    allowed = _placeholders(builtin)
    if not allowed:  # a text that is never filled in: braces are plain characters
        return None
    names = ", ".join("{" + name + "}" for name in sorted(allowed))
    fields = _fields(text)
    if fields is None:
        return _(
            "a '{' or '}' without its partner; placeholders look like {n} "
            "(write '{{' or '}}' for a brace itself)"
        )
    for written, name in fields:
        if written != name or not name.isidentifier():
            return _(
                "{placeholder} is not a placeholder this text can use; write a placeholder "
                "as a plain name in braces, one of {names} (no [index], .attribute, "
                "!conversion or :format)",
                placeholder="{" + written + "}",
                names=names,
            )
        if name not in allowed:
            return _(
                "unknown placeholder {placeholder}; this text can use {names}",
                placeholder="{" + name + "}",
                names=names,
            )
    missing = sorted(allowed - {name for _, name in fields})
    if key == "one" or key.endswith("_one"):
        missing = [name for name in missing if name not in _COUNTS]
    if missing:
        return _(
            "the text leaves out {placeholder}, so the report would not show what it stands "
            'for; put {placeholder} where it belongs (the built-in text is "{builtin}")',
            placeholder="{" + missing[0] + "}",
            builtin=builtin,
        )
    return None


def _fields(text: str) -> list[tuple[str, str]] | None:
    """Each ``{…}`` of a text as written and its name (the part before '[', '.', '!' or
    ':'); None when its braces do not pair up."""
    import string

    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    fields = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        fields.append((written, re.split(r"[.\[]", name, maxsplit=1)[0]))
    return fields


def _placeholders(text: str) -> set[str]:
    """The names in a built-in text's ``{placeholders}``."""
    return {name for _, name in _fields(text) or ()}


def compiled_named(folder: TemplateFolder, name: str) -> CompiledTemplate:
    """Another template of ``folder`` (e.g. the portfolio overview), compiled once per
    process in the report's environment, with the same error handling."""
    return _compiled_named(folder, name)


@functools.lru_cache(maxsize=16)
def _compiled_named(folder: TemplateFolder, name: str) -> CompiledTemplate:
    env = compiled_template(folder).environment
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(folder, exc) from None
    except jinja2.TemplateNotFound as exc:
        missing = _("the file is missing")
        raise TemplateError(folder.display(str(exc.name)), None, missing) from None
    except UnicodeDecodeError as exc:
        raise TemplateError(
            folder.display(name),
            None,
            _(
                "not UTF-8 text ({reason})",
                reason=exc.reason,
            ),
        ) from None
    return CompiledTemplate(folder, env, template)
