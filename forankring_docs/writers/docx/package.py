"""The .docx package: its parts zipped as python-docx's ``save`` does, but with fixed
timestamps, so that the same document always gives the same bytes.

The zip is written here rather than by ``zipfile``: the members of a template that no write
changes (styles and settings per language, fonts, theme, ...) are serialized and compressed
once per writer and reused, and ``zlib.compress`` costs a fraction of a ``zipfile`` member
(``benchmarks/bench_docx_writer.py`` shows the difference on a small report). The layout
is ``zipfile``'s own (same headers and flags); the deflate level is a faster one than
zipfile's 6, for a somewhat larger document.xml.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.spec import default_content_types

# The parts that a write changes (or may: a header, a restarted numbering); any other part
# of the template is written as the template has it, but for its variant (the language, and
# the settings a write makes: ``settings.py``).
WRITTEN_TYPES = frozenset(
    {CT.WML_DOCUMENT_MAIN, CT.OPC_CORE_PROPERTIES, CT.WML_HEADER, CT.WML_FOOTER, CT.WML_NUMBERING}
)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same document gives the same bytes
_DEFLATE_LEVEL = 3
_ZIP_VERSION = 20  # deflate
_ZIP_UNIX = 3  # "made by" a Unix system: the external attributes are Unix permissions
_ZIP_DEFLATE = 8
_ZIP_UTF8 = 0x800
_ZIP_PERMISSIONS = 0o644 << 16
_ZIP_DOS_TIME = _ZIP_DATE[3] << 11 | _ZIP_DATE[4] << 5 | _ZIP_DATE[5] // 2
_ZIP_DOS_DATE = (_ZIP_DATE[0] - 1980) << 9 | _ZIP_DATE[1] << 5 | _ZIP_DATE[2]
_ZIP_LIMIT = 0xFFFFFFFF  # beyond this a member needs zip64 (never for a report)
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")


@dataclass(frozen=True, slots=True)
class _ZipMember:
    """One file of the package, deflated, with what the zip headers say of it."""

    name: bytes
    flags: int
    crc: int
    size: int
    data: bytes  # the raw deflate stream

    @classmethod
    def of(cls, name: str, content: bytes) -> _ZipMember:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _ZIP_UTF8
        data = zlib.compress(content, _DEFLATE_LEVEL, -15)  # raw deflate, as in a zip
        if len(content) > _ZIP_LIMIT or len(data) > _ZIP_LIMIT:
            raise ValueError(f"{name} is too large for a Word document")
        return cls(encoded, flags, zlib.crc32(content), len(content), data)

    def local_header(self) -> bytes:
        return _LOCAL_HEADER.pack(
            b"PK\x03\x04", _ZIP_VERSION, 0, self.flags, _ZIP_DEFLATE, _ZIP_DOS_TIME,
            _ZIP_DOS_DATE, self.crc, len(self.data), self.size, len(self.name), 0,
        ) + self.name  # fmt: skip

    def central_header(self, offset: int) -> bytes:
        return _CENTRAL_HEADER.pack(
            b"PK\x01\x02", _ZIP_VERSION, _ZIP_UNIX, _ZIP_VERSION, 0, self.flags, _ZIP_DEFLATE,
            _ZIP_DOS_TIME, _ZIP_DOS_DATE, self.crc, len(self.data), self.size, len(self.name),
            0, 0, 0, 0, _ZIP_PERMISSIONS, offset,
        ) + self.name  # fmt: skip


def _zip_bytes(members: Iterable[_ZipMember]) -> bytes:
    """The zip archive of ``members``, in order (laid out as ``zipfile`` writes it)."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for member in members:
        header = member.local_header()
        directory.append(member.central_header(offset))
        chunks += (header, member.data)
        offset += len(header) + len(member.data)
    if offset > _ZIP_LIMIT:
        raise ValueError("the document is too large for a Word document")
    central = b"".join(directory)
    end = _END_RECORD.pack(
        b"PK\x05\x06", 0, 0, len(directory), len(directory), len(central), offset, 0
    )
    return b"".join((*chunks, central, end))


def _part_members(part: Any, blob: bytes | None = None) -> list[_ZipMember]:
    """A package part (``blob``: its content, when not its own) and, when it has
    relationships, its ``.rels``."""
    members = [_ZipMember.of(part.partname.membername, part.blob if blob is None else blob)]
    if len(part.rels):
        members.append(_ZipMember.of(part.partname.rels_uri.membername, _xml_bytes(part.rels.xml)))
    return members


def _xml_bytes(xml: str | bytes) -> bytes:
    """A relationships part's XML (python-docx gives bytes, and says ``str``)."""
    return xml.encode("utf-8") if isinstance(xml, str) else xml


class TemplateMembers:
    """The zip members of a template's parts that writes leave as the template has them,
    made on first use and kept per variant: the language (styles and settings carry it) and
    the settings that depend on the document (whether Word updates its fields)."""

    def __init__(self, template: WordDocument) -> None:
        self.names = frozenset(str(p.partname) for p in template.part.package.iter_parts())
        self._members: dict[tuple[str, str], list[_ZipMember]] = {}
        self.made: set[str] = set()  # the variants whose members are all kept

    def of(self, part: Any, variant: str) -> list[_ZipMember] | None:
        """The part's members, or ``None`` for a part that a write changes or adds."""
        name = str(part.partname)
        if part.content_type in WRITTEN_TYPES or name not in self.names:
            return None
        members = self._members.get((name, variant))
        if members is None:
            part.before_marshal()
            members = self._members[(name, variant)] = _part_members(part)
        return members


def package_bytes(
    document: WordDocument, main_xml: bytes, template: TemplateMembers, variant: str
) -> bytes:
    """The zipped package of ``document``, whose main part's content is ``main_xml``; the
    template's unchanged parts come from ``template``."""
    package = document.part.package
    parts = list(package.iter_parts())
    members = [
        _ZipMember.of("[Content_Types].xml", _content_types(parts)),
        _ZipMember.of("_rels/.rels", _xml_bytes(package.rels.xml)),
    ]
    for part in parts:
        if part is document.part:
            members += _part_members(part, main_xml)
            continue
        found = template.of(part, variant)
        if found is None:
            part.before_marshal()
            found = _part_members(part)
        members += found
    data = _zip_bytes(members)
    template.made.add(variant)
    return data


def _content_types(parts: list[Any]) -> bytes:
    """``[Content_Types].xml`` by python-docx's rule: a part whose extension has a standard
    content type is covered by a default, any other has an override. (python-docx's own
    writer of it, ``_ContentTypesItem``, is private; its public ``CT_Types`` element is.)
    The same parts give the same bytes: kept for the next write."""
    key = tuple((str(part.partname), part.content_type) for part in parts)
    found = _CONTENT_TYPES.get(key)
    if found is None:
        if len(_CONTENT_TYPES) >= 64:
            _CONTENT_TYPES.clear()
        found = _CONTENT_TYPES[key] = _content_types_xml(parts)
    return found


_CONTENT_TYPES: dict[tuple[tuple[str, str], ...], bytes] = {}


def _content_types_xml(parts: list[Any]) -> bytes:
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = part.partname.ext.lower()
        if (ext, part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    types = CT_Types.new()
    for ext, content_type in defaults.items():
        types.add_default(ext, content_type)
    for name, content_type in sorted(overrides.items()):
        types.add_override(name, content_type)
    return serialize_part_xml(types)
