"""User templates run in Jinja's sandbox: no Python internals, no files outside the template
folders, no huge computations; and case text is never evaluated as a template.

(``test_templating.py`` covers the basic sandbox attributes; these are escape attempts.)
"""

from __future__ import annotations

import time
from pathlib import Path

import markupsafe
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from forankring_docs.case.loader import load_bytes
from forankring_docs.case.model import Case
from forankring_docs.case.validation import validate
from forankring_docs.cli import main
from forankring_docs.pipeline import Renderer
from forankring_docs.templating.folder import TemplateError
from forankring_docs.templating.sandbox import LimitedSandbox, html_escaped
from tests.conftest import MINIMAL

PARTIAL = "partials/why.html.j2"
#: What must never show in an error or a report: file contents and Python objects.
LEAKS = (
    "root:",
    "/bin/",
    "<class",
    "<module",
    "<function",
    "<built-in",
    "<bound method",
    "__builtins__",
    "environ(",
)

ESCAPES = {
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals of a global": "{{ cycler.__init__.__globals__.os }}",
    "lipsum globals": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "template context": "{{ self._TemplateReference__context }}",
    "attr filter": "{{ view|attr('__class__') }}",
    "format string": "{{ '{0.__class__.__mro__}'.format(view) }}",
    "base subclasses": "{{ ().__class__.__base__.__subclasses__() }}",
    "str.format_map": "{{ '{x.__class__}'.format_map({'x': view}) }}",
    "namespace init": "{{ namespace.__init__.__globals__ }}",
    "method self": "{{ ''.join.__self__.__class__ }}",
    "config": "{{ config.items() }}",
    "absolute include": "{% include '/etc/passwd' %}",
    "relative include": "{% include '../../../../etc/passwd' %}",
    "import os": "{% import 'os' as os %}{{ os.system('id') }}",
    "from import": "{% from 'os' import system %}",
    "extends": "{% extends '/etc/passwd' %}",
    "huge string": "{{ 'x' * 10**9 }}",
    "huge list": "{{ ([0] * 10**8)|length }}",
    "huge power": "<p>{{ 2 ** (10**8) }}</p>",
    "huge padding": "{{ '%999999999d' % 1 }}",
    "squaring in a loop": (
        "{% set ns = namespace(x=3) %}{% for i in range(64) %}"
        "{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x }}"
    ),
}

#: Templates that build a huge value or run for ever by other means than ``*``, ``**`` and
#: ``%`` (issue #12, item 6): each must be refused at once, at its line.
HUGE = {
    "~ doubling": (
        "{% set ns = namespace(x='xxxxxxxxxx') %}{% for i in range(40) %}"
        "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}"
    ),
    "+ doubling": (
        "{% set ns = namespace(x='xxxxxxxxxx') %}{% for i in range(40) %}"
        "{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x|length }}"
    ),
    "+ doubling a list": (
        "{% set ns = namespace(x=[1]) %}{% for i in range(40) %}"
        "{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x|length }}"
    ),
    "extend doubling a list": (
        "{% set l = [1] %}{% for i in range(40) %}{% set _ = l.extend(l) %}{% endfor %}"
        "{{ l|length }}"
    ),
    "ljust": "{{ 'x'.ljust(10**9)|length }}",
    "rjust": "{{ 'x'.rjust(10**9)|length }}",
    "center method": "{{ 'x'.center(10**9)|length }}",
    "zfill": "{{ '1'.zfill(10**9)|length }}",
    "expandtabs": "{{ ('\\t' * 1000).expandtabs(10**6)|length }}",
    "join method": "{{ ''.join(['x' * 10**6] * 100)|length }}",
    "replace method": "{{ ('x' * 10**6).replace('x', 'y' * 1000)|length }}",
    "format width": "{{ '{:>1000000000}'.format(1)|length }}",
    "format precision": "{{ '{:.1000000000f}'.format(1.0)|length }}",
    "format nested width": "{{ '{:{w}}'.format(1, w=10**9)|length }}",
    "format repeated": "{{ ('{0}' * 1000).format('x' * 10**6)|length }}",
    "percent mapping width": "{{ '%(a)999999999s' % {'a': 1} }}",
    "percent precision": "{{ '%.999999999f' % 1.0 }}",
    "percent repeated": "{{ ('%s' * 1000) % (('x' * 10**6,) * 1000) }}",
    "center filter": "{{ 'x'|center(10**9)|length }}",
    "indent filter": "{{ ('x\\n' * 1000)|indent(10**7)|length }}",
    "wordwrap filter": "{{ ('a ' * 10**6)|wordwrap(1, wrapstring='x' * 1000)|length }}",
    "format filter": "{{ '%999999999s'|format(1)|length }}",
    "join filter": "{{ (['x' * 10**6] * 100)|join|length }}",
    "replace filter": "{{ ('x' * 10**6)|replace('x', 'y' * 1000)|length }}",
    "batch filter": "{{ [1]|batch(10**9, 'x')|list|length }}",
    "slice filter": "{{ [1]|slice(10**9)|list|length }}",
    "sum filter": "{{ ([[0] * 10**6] * 100)|sum(start=[])|length }}",
    "tojson indent": "{{ (range(1000)|list)|tojson(indent=10**6)|length }}",
    "string of a list": (
        "{% set a = ['x' * 10**6] * 9 %}{% set b = [a, a, a, a, a, a, a, a, a] %}"
        "{{ [b, b, b, b, b, b, b, b, b]|string|length }}"
    ),
    "writing a list": (
        "{% set a = ['x' * 10**6] * 9 %}{% set b = [a, a, a, a, a, a, a, a, a] %}"
        "{{ [b, b, b, b, b, b, b, b, b] }}"
    ),
    "~ of a list": (
        "{% set a = ['x' * 10**6] * 9 %}{% set b = [a, a, a, a, a, a, a, a, a] %}"
        "{{ ([b, b, b, b, b, b, b, b, b] ~ '')|length }}"
    ),
    "lipsum": "{{ lipsum(10**6)|length }}",
    "a loop in a loop": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "a filtered loop in a loop": (
        "{% for i in range(100000) %}{% for j in range(100000) if j < 0 %}{% endfor %}{% endfor %}"
    ),
    "recursive macro": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    ),
    "writing in a loop": "{% for i in range(100000) %}{{ 'x' * 10**6 }}{% endfor %}",
    "keeping in a loop": (
        "{% set x %}{% for i in range(100000) %}{{ 'x' * 10**6 }}{% endfor %}{% endset %}"
    ),
    "including in a loop": (
        "{% for i in range(100000) %}{% include 'partials/plan.html.j2' %}{% endfor %}"
    ),
    "including itself": "{% include 'partials/why.html.j2' %}",
}


@pytest.fixture(scope="module")
def case() -> Case:
    return validate(load_bytes(MINIMAL.encode("utf-8"), "case.yaml")).case


def template_with_partial(folder: Path, body: str) -> Path:
    """A user template folder whose why-partial holds ``body`` on its third line."""
    path = folder / "template" / PARTIAL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<h1>Hvorfor</h1>\n<p>Før</p>\n{body}\n", encoding="utf-8")
    return folder / "template"


@pytest.mark.parametrize("body", list(ESCAPES.values()), ids=list(ESCAPES))
def test_escape_attempts_are_template_errors_without_leaks(
    tmp_path: Path, case: Case, body: str
) -> None:
    template = template_with_partial(tmp_path, body)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        Renderer(template).render(case, formats=("docx", "html"), findings=())
    assert time.perf_counter() - started < 5
    error = caught.value
    assert error.file.endswith(PARTIAL) or error.file.endswith("report.html.j2"), str(error)
    assert not any(leak in str(error) for leak in LEAKS), str(error)


@pytest.mark.parametrize("body", list(HUGE.values()), ids=list(HUGE))
def test_a_template_that_builds_a_huge_value_or_runs_long_is_stopped_at_its_line(
    tmp_path: Path, case: Case, body: str
) -> None:
    template = template_with_partial(tmp_path, body)
    renderer = Renderer(template)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        renderer.render(case, formats=("html",), findings=())
    assert time.perf_counter() - started < 1
    error = caught.value
    assert (error.file, error.line) == (str(template / PARTIAL), 3), str(error)
    assert error.message.startswith("not allowed in a template: "), str(error)


def test_ordinary_text_building_still_works(tmp_path: Path, case: Case) -> None:
    template = template_with_partial(
        tmp_path,
        "<p>{{ 'a' ~ 'b' }} {{ 'a' + 'b' }} {{ 'x'.ljust(3, '.') }} {{ '{:*>4}'.format(7) }} "
        "{{ ['a', 'b']|join('-') }} {{ 'ab'|replace('b', 'c') }} {{ 'q'|center(3)|length }} "
        "{% for i in range(3) if i %}{{ i }}{% endfor %} {{ [1, 2] + [3] }}</p>",
    )
    html = Renderer(template).render(case, formats=("html",), findings=())["html"].decode()
    assert "ab ab x.. ***7 a-b ac 3 12 [1, 2, 3]" in html


@pytest.mark.parametrize("name", ["subclasses", "absolute include", "huge string"])
def test_escape_attempts_through_the_command_line(tmp_path: Path, name: str) -> None:
    template = template_with_partial(tmp_path, ESCAPES[name])
    case = tmp_path / "case.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main,
        ["render", str(case), "-o", str(out), "-j", "1", "--template", str(template), "-f", "html"],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{PARTIAL}:3" in result.stderr, result.stderr
    assert not any(leak in result.output for leak in LEAKS), result.output
    assert not (out / "case.html").exists()


def test_ordinary_arithmetic_still_works(tmp_path: Path, case: Case) -> None:
    template = template_with_partial(
        tmp_path, "<p>{{ 6 * 7 }} {{ 2 ** 10 }} {{ '-' * 3 }} {{ '%03d' % 7 }} {{ 17 % 5 }}</p>"
    )
    html = Renderer(template).render(case, formats=("html",), findings=())["html"].decode()
    assert "42 1024 --- 007 2" in html


TEMPLATE_LIKE = "Svar: {{ 7*7 }} {% if true %}ja{% endif %} {# note #} ${x} <%= y %>"


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_case_text_that_looks_like_a_template_is_never_evaluated(fmt: str) -> None:
    text = MINIMAL.replace("Fordi det virker.", f"'{TEMPLATE_LIKE}'").replace(
        "navn: Klubben", "navn: '{{ 7*7 }}'"
    )
    valid = validate(load_bytes(text.encode("utf-8"), "case.yaml"))
    assert valid.case.phase1.why == TEMPLATE_LIKE
    data = Renderer.for_template(None).render(valid, formats=(fmt,))[fmt]
    shown = _text_of(data) if fmt == "docx" else _unescaped(data.decode("utf-8"))
    assert TEMPLATE_LIKE in shown and "{{ 7*7 }}" in shown
    assert "Svar: 49" not in shown and "Svar: ja" not in shown


def _text_of(docx_bytes: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _unescaped(html: str) -> str:
    import html as html_module

    return html_module.unescape(html)


# ------------------------------------------------------------------ escaping
@settings(max_examples=500)
@given(text=st.text(st.sampled_from("ab &<>'\"é\u00a0\n") | st.characters(), max_size=30))
def test_written_text_is_escaped_exactly_as_markupsafe_escapes_it(text: str) -> None:
    assert html_escaped(text) == str(markupsafe.escape(text))
    assert LimitedSandbox.escaped(text) == str(markupsafe.escape(text))


def test_a_template_escapes_text_but_not_markup_and_keeps_numbers() -> None:
    env = LimitedSandbox(autoescape=True)
    template = env.from_string(
        "{{ t }}|{{ m }}|{{ n }}|{% autoescape false %}{{ t }}{% endautoescape %}"
    )
    written = template.render(t="<b> & 'x' \"y\"", m=markupsafe.Markup("<i>ok</i>"), n=3)
    assert written == ("&lt;b&gt; &amp; &#39;x&#39; &#34;y&#34;|<i>ok</i>|3|<b> & 'x' \"y\"")
