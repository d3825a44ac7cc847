"""The limits of the template sandbox: no value a template builds may grow past
``MAX_TEMPLATE_VALUE`` characters or items, and no render may run past ``MAX_TEMPLATE_STEPS``
loop steps and calls, write past ``MAX_TEMPLATE_OUTPUT`` characters or take longer than
``MAX_RENDER_SECONDS``.

A size is checked *before* a value is built wherever it can be known from the operands (``*``,
``+``, ``~``, ``%``, ``str.format``, ``ljust``, ``center``, ``zfill``, ``expandtabs``, ``join``,
``replace``, and the built-in filters that build text), so a hostile template is refused at
once instead of after it has taken the memory. Text made of a list (``{{ a_list }}``,
``a_list ~ ''``, ``a_list|string``) is measured by walking the list, since a short list can
hold the same long text many times. Loops, calls and output are counted by the code Jinja
generates for a template (:class:`GuardedCodeGenerator`), which also counts the steps of a
``{% for … if … %}`` whose body never runs.
"""

from __future__ import annotations

import functools
import re
import string
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup, escape

from forankring_docs.i18n import _

__all__ = [
    "MAX_INTEGER_BITS",
    "MAX_RENDER_SECONDS",
    "MAX_TEMPLATE_OUTPUT",
    "MAX_TEMPLATE_STEPS",
    "MAX_TEMPLATE_VALUE",
    "LimitedSandbox",
    "TooLarge",
]

#: The most characters or items one template expression may build, and the largest integer
#: (in bits) it may compute: ``'x' * 10**9`` or ``9 ** 9 ** 9`` would take all memory or time.
MAX_TEMPLATE_VALUE = 10_000_000
MAX_INTEGER_BITS = 100_000
#: Loop steps and calls in one render (a large report takes a few thousand of them), the
#: characters one render writes (kept text counted again where it is written out), and its
#: time: a loop in a loop over large lists would otherwise run for hours.
MAX_TEMPLATE_STEPS = 1_000_000
# What a call (of a macro above all) and an include cost, in loop steps.
CALL_STEPS = 40
INCLUDE_STEPS = 100
MAX_TEMPLATE_OUTPUT = 50_000_000
MAX_RENDER_SECONDS = 10.0

_WIDTHS = re.compile(r"\d+")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.)", re.DOTALL)
_NUMBER_SIZE = 32  # characters of a float, a date or an object's short form
# The built-in filters that turn their value into text, which is measured first; and all
# that are guarded (the others build nothing larger than what they are given).
_TEXT_FILTERS = frozenset(
    [
        "string",
        "e",
        "escape",
        "forceescape",
        "safe",
        "upper",
        "lower",
        "capitalize",
        "title",
        "trim",
        "striptags",
        "center",
        "indent",
        "wordwrap",
        "truncate",
        "urlize",
        "urlencode",
        "replace",
        "format",
        "wordcount",
        "pprint",
        "tojson",
    ]
)


class TooLarge(SecurityError):
    """A template would build a value, or do work, beyond the sandbox's limits."""


def code_revision() -> str:
    """A fingerprint of this module, which decides the code generated for every template:
    part of the name of the folder where compiled templates are kept, since Jinja checks a
    kept template against its source only, and one compiled before a change of the limits
    must not be used after it."""
    import hashlib
    from pathlib import Path

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


# ------------------------------------------------------------------ escaping
_HTML_SPECIAL = re.compile("[&<>'\"]")


def html_escaped(text: str) -> str:
    """``text`` escaped exactly as markupsafe's ``escape`` does it, as a plain ``str``: a
    report writes about a thousand values, and making a Markup of each (whose ``__new__``
    is Python) was a sixth of rendering the template. Most values have nothing to escape."""
    if _HTML_SPECIAL.search(text) is None:
        return text
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


# ------------------------------------------------------------------ sizes
def text_size(value: Any, limit: int = MAX_TEMPLATE_VALUE) -> int:
    """About how many characters ``str(value)`` has; counting stops past ``limit``. Lists,
    tuples, sets, mappings and the view's dataclasses are walked, an object as often as it is
    held (``[s] * 9`` is nine times ``s``), and a list that holds itself until the limit."""
    kind = type(value)
    if kind is str or kind is Markup:  # the common case, first
        return len(value)
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item) * (1 if isinstance(item, str) else 4)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        elif isinstance(item, list | tuple | set | frozenset | Mapping):
            total += 2 + 2 * len(item)
            if total <= limit:
                stack.extend(item if not isinstance(item, Mapping) else _pairs(item))
        elif hasattr(type(item), "__dataclass_fields__"):  # the view's data: shown with fields
            names = type(item).__dataclass_fields__
            total += len(type(item).__name__) + 2 + sum(len(name) + 3 for name in names)
            stack.extend(getattr(item, name, None) for name in names)
        else:
            total += _NUMBER_SIZE
    return total


def _pairs(mapping: Mapping[Any, Any]) -> Iterator[Any]:
    for key, value in mapping.items():
        yield key
        yield value


def _length(value: Any) -> int:
    """The items of a sized value, else 0."""
    return len(value) if isinstance(value, str | bytes | list | tuple | set | Mapping) else 0


def _integer_bits(value: Any) -> int:
    return abs(value).bit_length() if type(value) is int else 0


def binop_problem(operator: str, left: Any, right: Any) -> str | None:
    """Why ``left operator right`` would build a value too large, or None."""
    if operator == "*":
        repeated = max(_repeated(left, right), _repeated(right, left))
        if repeated > MAX_TEMPLATE_VALUE:
            return _("'*' would build {size} characters or items", size=f"{repeated:,}")
        if _integer_bits(left) + _integer_bits(right) > MAX_INTEGER_BITS:
            return _("'*' would compute a number too large")
    elif operator == "**":
        if (
            _integer_bits(left) > 1
            and type(right) is int
            and _integer_bits(left) * right > MAX_INTEGER_BITS
        ):
            return _("'**' would compute a number too large")
    elif operator == "+":
        size = _length(left) + _length(right)
        if size > MAX_TEMPLATE_VALUE:
            return _("'+' would build {size} characters or items", size=f"{size:,}")
    elif operator == "%" and isinstance(left, str):
        size = percent_size(left, right)
        if size > MAX_TEMPLATE_VALUE:
            return _("'%' would build about {size} characters", size=f"{size:,}")
    return None


def _repeated(sequence: Any, times: Any) -> int:
    if isinstance(sequence, str | bytes | list | tuple) and type(times) is int:
        return len(sequence) * times
    return 0


def percent_size(pattern: str, values: Any) -> int:
    """About how long ``pattern % values`` is: its text, and per conversion the largest of
    its width and precision and the longest value."""
    if isinstance(values, Mapping):
        items = list(values.values())
    else:
        items = list(values) if isinstance(values, tuple | list) else [values]
    longest = max((text_size(item) for item in items), default=0)
    numbers = [item for item in items if type(item) is int]
    size = len(pattern)
    for match in _PERCENT.finditer(pattern):
        if match.group(3) == "%":
            continue
        widths = [
            max(numbers, default=0) if part == "*" else int(part)
            for part in match.groups()[:2]
            if part
        ]
        size += max(widths, default=0) + longest
    return size


def format_size(pattern: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    """About how long ``pattern.format(*args, **kwargs)`` is (0 when it is not a valid
    pattern: formatting says why). A width taken from a value (``{:{w}}``) counts as the
    largest number given."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        return 0
    values = [*args, *kwargs.values()]
    longest = max((text_size(value) for value in values), default=0)
    largest = max((value for value in values if type(value) is int), default=0)
    size = 0
    for literal, name, spec, _conversion in parsed:
        size += len(literal)
        if name is None:
            continue
        widths = [int(n) for n in _WIDTHS.findall(spec or "")]
        if spec and "{" in spec:
            widths.append(largest)
        size += max([longest, *widths])
    return size


# ------------------------------------------------------------------ calls
def _width(args: tuple[Any, ...], kwargs: Mapping[str, Any], name: str, default: int) -> int:
    value = args[0] if args else kwargs.get(name, default)
    return value if type(value) is int else 0


def _str_method_size(text: str, name: str, args: tuple[Any, ...], kwargs: Any) -> int:
    """About how long ``text.name(*args)`` is, for the methods that can make text longer."""
    if name in ("ljust", "rjust", "center", "zfill"):
        return max(len(text), _width(args, kwargs, "width", 0))
    if name == "expandtabs":
        return len(text) + text.count("\t") * _width(args, kwargs, "tabsize", 8)
    if name == "replace" and len(args) >= 2:
        return _replaced_size(text, args[0], args[1], args[2] if len(args) > 2 else -1)
    if name == "join" and args:
        return _joined_size(text, args[0])
    return len(text)


def _replaced_size(text: Any, old: Any, new: Any, count: Any) -> int:
    text, old, new = (str(part) for part in (text, old, new))
    found = text.count(old) if old else len(text) + 1
    if type(count) is int and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _joined_size(separator: Any, items: Any) -> int:
    if not isinstance(items, list | tuple | str | Mapping | set | frozenset):
        return 0  # an iterator: measured as a list by the caller
    size = max(len(items) - 1, 0) * text_size(separator)
    for item in items:
        size += text_size(item, MAX_TEMPLATE_VALUE - size)
        if size > MAX_TEMPLATE_VALUE:
            break
    return size


def call_size(obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    """About how large the result of ``obj(*args, **kwargs)`` is, for the callables a
    template can reach that build text or lists; 0 for any other."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        return _str_method_size(owner, name, args, kwargs)
    if isinstance(owner, list | set | dict) and name in ("extend", "update"):
        return len(owner) + sum(_length(arg) for arg in args)
    if obj is generate_lorem_ipsum:
        count = _width(args, kwargs, "n", 5)
        longest = args[3] if len(args) > 3 else kwargs.get("max", 100)
        return count * (longest if type(longest) is int else 0) * 12
    return 0


# ------------------------------------------------------------------ filters
def _filter_size(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    """About how large a built-in filter's result is, for those that can build more than they
    are given; 0 for the others."""
    value, rest = (args[0], args[1:]) if args else (None, ())

    def arg(index: int, key: str, default: Any) -> Any:
        return rest[index] if len(rest) > index else kwargs.get(key, default)

    if name == "center":
        return max(text_size(value), _number(arg(0, "width", 80)))
    if name == "indent":
        width = arg(0, "width", 4)
        step = _number(width) if not isinstance(width, str) else len(width)
        lines = value.count("\n") + 1 if isinstance(value, str) else text_size(value)
        return text_size(value) + lines * step
    if name == "wordwrap":
        width = max(_number(arg(0, "width", 79)), 1)
        wrap = arg(2, "wrapstring", None)
        size = text_size(value)
        return size + (size // width + 1) * len(str(wrap or "\n"))
    if name == "format":
        return percent_size(str(value), kwargs or rest)
    if name == "join":
        return _joined_size(arg(0, "d", ""), value)
    if name == "replace":
        return _replaced_size(value, arg(0, "old", ""), arg(1, "new", ""), arg(2, "count", None))
    if name in ("batch", "slice"):
        return _number(arg(0, "linecount" if name == "batch" else "slices", 0))
    if name == "sum":
        start = arg(1, "start", 0)
        if not isinstance(start, str | list | tuple):
            return 0
        return len(start) + sum(_length(item) for item in value)
    if name == "tojson":
        indent = _number(arg(0, "indent", 0))
        return text_size(value) * (1 + indent * 8)
    return 0


_GUARDED_FILTERS = _TEXT_FILTERS | {"join", "batch", "slice", "sum"}


def _number(value: Any) -> int:
    return value if type(value) is int else 0


def guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that refuses to build a value beyond the limits. Its first value
    is measured as text (a filter may turn a list into text), an iterator is read into a
    list first (so that it can be measured), and what it returns is measured again."""
    passes_first = getattr(function, "jinja_pass_arg", None) is not None

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        head, values = (args[:1], args[1:]) if passes_first else ((), args)
        if values and isinstance(values[0], Iterator):
            values = (list(values[0]), *values[1:])
        if values and name in _TEXT_FILTERS and text_size(values[0]) > MAX_TEMPLATE_VALUE:
            raise TooLarge(
                _(
                    "the filter '{name}' was given a value too large for a report",
                    name=name,
                )
            )
        size = _filter_size(name, values, kwargs)
        if size > MAX_TEMPLATE_VALUE:
            raise TooLarge(
                _(
                    "the filter '{name}' would build about {size} characters or items",
                    name=name,
                    size=f"{size:,}",
                )
            )
        result = function(*head, *values, **kwargs)
        if _length(result) > MAX_TEMPLATE_VALUE:
            raise TooLarge(
                _(
                    "the filter '{name}' built a value too large for a report",
                    name=name,
                )
            )
        return result

    return guarded


# ------------------------------------------------------------------ the generated code
class GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the sandbox's counting in the code of every template:
    steps of loops (and of their conditions), every written value and piece of template
    text, and the operands of ``~``. (Jinja allows no node types of one's own, so the loop
    bodies and conditions to count are marked by identity.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._counted: set[int] = set()
        self._outputs: list[bool] = []  # per written value: measured and escaped in one call

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        self._counted.add(id(node.body))
        if node.test is not None:
            self._counted.add(id(node.test))
        super().visit_For(node, frame)

    def blockvisit(self, body: Any, frame: Frame) -> None:
        if id(body) in self._counted:  # a loop's body: one step
            self.writeline("environment.tick()")
        super().blockvisit(body, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in self._counted:
            return super().visit(node, *args, **kwargs)
        self.write("(environment.tick() or ")  # a loop's condition: one step
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}(environment.parts((")
        for operand in node.nodes:
            self.visit(operand, frame)
            self.write(", ")
        self.write(")))")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        one_call = (
            frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None
        )
        self._outputs.append(one_call)
        if one_call:
            # Jinja's own is escape(...): the same text (see html_escaped), in one call
            # with the measuring.
            self.write("environment.output_escaped(")
            return
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.output(")

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
        if not self._outputs.pop():
            super()._output_child_post(node, frame, finalize)

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        self.writeline(f"environment.tick({INCLUDE_STEPS})")
        super().visit_Include(node, frame)

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        # The template text it writes, counted without a call (it is most of the output):
        # the next step or written value checks the count.
        text = sum(
            len(child.data if isinstance(child, nodes.TemplateData) else child.value)
            for child in node.nodes
            if isinstance(child, nodes.TemplateData)
            or (isinstance(child, nodes.Const) and isinstance(child.value, str))
        )
        if text:
            self.writeline(f"environment.written += {text}")
        super().visit_Output(node, frame)


# ------------------------------------------------------------------ the environment
class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the limits of this module. :meth:`start` begins a render."""

    intercepted_binops: frozenset[str] = frozenset({"*", "**", "%", "+"})
    code_generator_class = GuardedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters.update(
            (name, guarded_filter(name, self.filters[name]))
            for name in _GUARDED_FILTERS
            if name in self.filters
        )
        self.start()

    def start(self) -> None:
        """Start counting a render's steps, output and time afresh."""
        self.steps = 0
        self.written = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    # The generated code of a template calls the next three.
    def tick(self, steps: int = 1) -> None:
        """One step of a loop, or a call or include (their weight in steps)."""
        self.steps += steps
        if self.written > MAX_TEMPLATE_OUTPUT:
            self.wrote_too_much()
        if self.steps > MAX_TEMPLATE_STEPS:
            raise TooLarge(
                _(
                    "the template takes more than {limit} loop steps and calls for "
                    "one report; check for a loop inside a loop that need not be there",
                    limit=f"{MAX_TEMPLATE_STEPS:,}",
                )
            )
        if not self.steps & 0xFF and time.monotonic() > self.deadline:
            raise TooLarge(
                _(
                    "the template takes more than {seconds} seconds for one report; "
                    "check its loops for work that need not be repeated",
                    seconds=f"{MAX_RENDER_SECONDS:g}",
                )
            )

    def output(self, value: Any) -> Any:
        """A value a template writes out (``{{ value }}``), measured before it becomes text."""
        kind = type(value)
        if kind is str or kind is Markup:
            self.written += len(value)
        elif kind is not int:  # a number is short
            size = text_size(value)
            if size > MAX_TEMPLATE_VALUE:
                raise TooLarge(_("the value written here would be a text too large for a report"))
            self.written += size
        if self.written > MAX_TEMPLATE_OUTPUT:
            self.wrote_too_much()
        return value

    @staticmethod
    def escaped(value: Any) -> str:
        """A value a template writes out, escaped: ``html_escaped`` for plain text, a Markup
        as it is, anything else as markupsafe escapes it (its ``__html__``, or its text)."""
        kind = value.__class__
        if kind is str:
            return html_escaped(value)
        if kind is Markup:
            return value
        return escape(value)

    def output_escaped(self, value: Any) -> str:
        """``escaped(output(value))``: what the code of an autoescaped template calls for
        each value it writes (plain text, the common case, without the two calls)."""
        if value.__class__ is str:
            self.written += len(value)
            if self.written > MAX_TEMPLATE_OUTPUT:
                self.wrote_too_much()
            return html_escaped(value)
        return self.escaped(self.output(value))

    def wrote_too_much(self) -> None:
        raise TooLarge(
            _(
                "the template writes more than {limit} characters for one report; check its loops",
                limit=f"{MAX_TEMPLATE_OUTPUT:,}",
            )
        )

    def parts(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """The operands of ``~``, when their text together stays within the limit."""
        size = 0
        for value in values:
            size += text_size(value, MAX_TEMPLATE_VALUE - size)
            if size > MAX_TEMPLATE_VALUE:
                raise TooLarge(_("'~' would build a text too large for a report"))
        return values

    # The sandbox's own hooks.
    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        problem = binop_problem(operator, left, right)
        if problem is not None:
            raise TooLarge(
                _(
                    "{problem}, too large for a report",
                    problem=problem,
                )
            )
        return super().call_binop(context, operator, left, right)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.tick(CALL_STEPS)
        name = getattr(obj, "__name__", "the call")
        if args and isinstance(args[0], Iterator):  # 'x'.join(…), a_list.extend(…): measured
            args = (list(args[0]), *args[1:])
        size = call_size(obj, args, kwargs)
        if size > MAX_TEMPLATE_VALUE:
            raise TooLarge(
                _(
                    "'{name}' would build about {size} characters or items",
                    name=name,
                    size=f"{size:,}",
                )
            )
        result = super().call(context, obj, *args, **kwargs)
        if max(_length(result), _length(getattr(obj, "__self__", None))) > MAX_TEMPLATE_VALUE:
            raise TooLarge(
                _(
                    "'{name}' built a value too large for a report",
                    name=name,
                )
            )
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """The sandbox's ``str.format`` and ``str.format_map``, refusing a huge result."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        pattern, by_name = value.__self__, value.__name__ == "format_map"

        def checked(*args: Any, **kwargs: Any) -> str:
            if by_name:
                args, kwargs = (), args[0] if args and isinstance(args[0], Mapping) else {}
            size = format_size(pattern, args, kwargs)
            if size > MAX_TEMPLATE_VALUE:
                raise TooLarge(
                    _(
                        "'format' would build about {size} characters",
                        size=f"{size:,}",
                    )
                )
            return wrapped(*args, **kwargs)

        return functools.update_wrapper(checked, value)
