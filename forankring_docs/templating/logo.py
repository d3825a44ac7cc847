"""The organisation's logo: ``logo.png`` or ``logo.jpg`` (``logo.jpeg``) in a template folder.

The logo is read and checked once per template folder, so a broken image is a
:class:`~forankring_docs.templating.folder.TemplateError` naming the file before any report is
written, not a failure deep inside the Word writer. A template places it with
``<img src="logo" width="{{ logo.fit(2.5, 1) }}"/>``: the width at which the logo fits a box
of 2.5 × 1 cm, keeping its proportions, so a square logo and a wide one both look right.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from forankring_docs.i18n import _
from forankring_docs.templating.folder import LOGO_NAMES, TemplateError, TemplateFolder, file_in

__all__ = ["LOGO_NAMES", "Logo", "load_logo"]

# Logo files in a format Word or the report cannot use: named in an error, not ignored.
UNSUPPORTED_LOGO_NAMES = ("logo.svg", "logo.gif", "logo.bmp", "logo.tif", "logo.tiff", "logo.webp")
ASSET_NAME = "logo"  # the ``<img src>`` of the logo in the template markup

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_START = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"


@dataclass(frozen=True, slots=True)
class Logo:
    """A checked logo: its bytes, a file name telling its real format, and its pixel size."""

    data: bytes
    filename: str  # "logo.png" or "logo.jpg", after the format of the bytes
    width_px: int
    height_px: int

    def fit(self, width_cm: float, height_cm: float) -> str:
        """The width (e.g. ``"2.50cm"``) at which the logo fits a box of ``width_cm`` ×
        ``height_cm``, keeping its proportions."""
        by_height = height_cm * self.width_px / self.height_px
        return f"{min(width_cm, by_height):.2f}cm"

    @property
    def asset(self) -> tuple[bytes, str]:
        """The logo as the markup parser's asset (bytes, file name)."""
        return (self.data, self.filename)


def find_logo_file(folder: TemplateFolder) -> Path | None:
    """The logo file: the user's folder first, then the built-in one; None when neither has
    one. A logo in a format that cannot be used is an error."""
    for root in folder.roots:
        for name in LOGO_NAMES:
            path = file_in(root, name)
            if path is not None:
                return path
        for name in UNSUPPORTED_LOGO_NAMES:
            if (root / name).is_file():
                raise TemplateError(
                    str(root / name),
                    None,
                    _("the logo must be a PNG or JPEG picture: save it as logo.png or logo.jpg"),
                )
    return None


def load_logo(folder: TemplateFolder) -> Logo | None:
    """The template folder's logo, checked; None when there is none."""
    path = find_logo_file(folder)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(
            str(path),
            None,
            _(
                "cannot read the logo: {reason}",
                reason=exc.strerror,
            ),
        ) from None
    return read_logo(data, str(path))


def read_logo(data: bytes, display: str) -> Logo:
    """Check a logo's bytes (a whole PNG or JPEG picture) and measure it."""
    if data.startswith(_PNG_SIGNATURE):
        problem = _png_problem(data)
        filename = "logo.png"
    elif data.startswith(_JPEG_START):
        problem = None if _JPEG_END in data[-1024:] else _("the JPEG picture is cut off")
        filename = "logo.jpg"
    else:
        problem = _("not a PNG or JPEG picture")
        filename = ""
    if problem is None:
        size = _pixel_size(data)
        if size is None:
            problem = _("the picture's size cannot be read")
    if problem is not None:
        raise TemplateError(
            display,
            None,
            _(
                "the logo is broken: {problem}; save it again as PNG or JPEG",
                problem=problem,
            ),
        )
    width, height = size  # type: ignore[misc]
    return Logo(data, filename, width, height)


def _png_problem(data: bytes) -> str | None:
    """What is wrong with a PNG's chunks (a bad checksum, a missing end), or None."""
    offset = len(_PNG_SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        end = offset + 12 + length
        if end > len(data):
            return _("the PNG picture is cut off")
        body = data[offset + 4 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(body) != crc:
            return _("the PNG picture is damaged (a checksum does not match)")
        if body[:4] == b"IEND":
            return None
        offset = end
    return _("the PNG picture is cut off")


def _pixel_size(data: bytes) -> tuple[int, int] | None:
    """The picture's size in pixels, read as the Word writer will read it."""
    from docx.image import exceptions
    from docx.image.image import Image

    unreadable = (
        exceptions.InvalidImageStreamError,
        exceptions.UnexpectedEndOfFileError,
        exceptions.UnrecognizedImageError,
        struct.error,
        ValueError,
        IndexError,
        KeyError,
    )
    try:
        image = Image.from_blob(data)
    except unreadable:
        return None
    if image.px_width <= 0 or image.px_height <= 0:
        return None
    return image.px_width, image.px_height
