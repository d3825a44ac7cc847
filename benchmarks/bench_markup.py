"""Print how long parse_markup takes on synthetic reports of about 2,000 and 20,000 elements.

Run from the repository root: python -m benchmarks.bench_markup
"""

from __future__ import annotations

import re
import time

from lxml import etree

from forankring_docs.document.markup import parse_markup
from forankring_docs.writers.html import write_html

_CHUNK = """<!--@ report.html.j2:{n} -->
<h2>Aktivitet {n} &amp; opfølgning</h2>
<p class="lead">Boligorganisationen og <strong>kommunen</strong> aftaler
  ansvar for <em>drift</em>.<br/>Se <a href="https://example.dk/{n}">example.dk</a>.</p>
<ul><li>Første punkt</li><li><p>Andet &lt;b&gt; punkt</p></li></ul>
<table class="heat"><colgroup><col width="3"/><col width="1"/><col width="1"/></colgroup>
<thead><tr><th>Aktør</th><th>Evne</th><th>Vilje</th></tr></thead>
<tbody><tr class="group"><td>Gruppe {n}</td></tr>
<tr><td>Beboerforening</td><td data-shade="red">2</td><td data-shade="green">4</td></tr>
<tr><td>Kommunen</td><td data-shade="yellow" align="center">3</td>
<td><span class="late">forsinket</span></td></tr></tbody></table>
"""
_HEAD = """<html lang="da-DK"><head><meta name="title" content="Benchmark"/></head>
<body><header>Solhøj · Forankringsstrategi</header>
<footer>Side <field code="PAGE">1</field> af <field code="NUMPAGES">1</field></footer>
<toc title="Indholdsfortegnelse"/>
"""
_TAIL = "</body></html>\n"
_START_TAG = re.compile(r"<[a-z]")


def synthetic_markup(elements: int) -> str:
    """A report-like document with roughly ``elements`` elements."""
    per_chunk = len(_START_TAG.findall(_CHUNK))
    chunks = max(1, round((elements - 10) / per_chunk))
    return _HEAD + "".join(_CHUNK.format(n=n) for n in range(chunks)) + _TAIL


def xml_parse(markup: str) -> None:
    """lxml's XML parser alone, wrapping the markup as parse_markup does: the floor under it."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False)
    etree.fromstring("<root>" + markup + "</root>", parser)


def best_ms(action: object, repeat: int = 7) -> float:
    assert callable(action)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    print(f"{'elements':>9} {'chars':>9} {'xml parse':>12} {'parse_markup':>13} {'write_html':>11}")
    for target in (2_000, 20_000):
        markup = synthetic_markup(target)
        count = len(_START_TAG.findall(markup))
        document = parse_markup(markup)

        floor = best_ms(lambda markup=markup: xml_parse(markup))
        parse = best_ms(lambda markup=markup: parse_markup(markup))
        write = best_ms(lambda document=document: write_html(document))
        print(f"{count:>9} {len(markup):>9} {floor:>10.1f}ms {parse:>11.1f}ms {write:>9.1f}ms")


if __name__ == "__main__":
    main()
