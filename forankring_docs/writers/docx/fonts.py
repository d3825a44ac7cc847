"""The fonts a written .docx asks for: those of the document defaults and of the styles its
paragraphs, runs and tables use (with the styles they are based on), for comparing with
the fonts a PDF of it embeds."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_STYLE_REFS = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"')
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def fonts_asked_for(docx_bytes: bytes) -> set[str]:
    """The font names (``w:rFonts/@w:ascii`` and ``@w:hAnsi``, theme fonts resolved) of the
    defaults and of the styles that the document's body uses."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        names = set(package.namelist())
        styles = etree.fromstring(package.read("word/styles.xml"), _PARSER)
        used = {ref.decode() for ref in _STYLE_REFS.findall(package.read("word/document.xml"))}
        theme_name = "word/theme/theme1.xml"
        theme = etree.fromstring(package.read(theme_name), _PARSER) if theme_name in names else None
    by_id = {s.get(f"{_W}styleId"): s for s in styles.iter(f"{_W}style")}
    defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    default_paragraph = [s for s in by_id.values() if s.get(f"{_W}default") in {"1", "true"}]
    found: set[str] = set(_fonts(defaults, theme))
    seen: set[str] = set()
    stack = [*used, *(s.get(f"{_W}styleId") or "" for s in default_paragraph)]
    while stack:
        style_id = stack.pop()
        style = by_id.get(style_id)
        if style is None or style_id in seen:
            continue
        seen.add(style_id)
        found.update(_fonts(style.find(f"{_W}rPr"), theme))
        based_on = style.find(f"{_W}basedOn")
        if based_on is not None:
            stack.append(based_on.get(f"{_W}val") or "")
    return found


def _fonts(rpr: etree._Element | None, theme: etree._Element | None) -> list[str]:
    fonts = rpr.find(f"{_W}rFonts") if rpr is not None else None
    if fonts is None:
        return []
    out = [fonts.get(f"{_W}{side}") or "" for side in ("ascii", "hAnsi")]
    for side in ("asciiTheme", "hAnsiTheme"):
        theme_font = fonts.get(f"{_W}{side}")
        if theme_font and theme is not None:
            kind = "major" if theme_font.startswith("major") else "minor"
            latin = theme.find(f".//{_A}{kind}Font/{_A}latin")
            if latin is not None:
                out.append(latin.get("typeface") or "")
    return [name for name in out if name]
