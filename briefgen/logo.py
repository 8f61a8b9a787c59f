"""A template's logo, checked once when the template is loaded.

A logo file must stay inside the template folder, be a PNG or JPEG of modest size, and
its header must promise a bitmap of modest size: the header is read without decoding the
pixels, so a small file that would decompress to gigabytes is refused before anything
decodes it.  The image must also fit the header of the page it is drawn on.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Literal

from briefgen.errors import Problem
from briefgen.load import SourceMap
from briefgen.style import (
    LOGO_CLEARANCE_MM,
    LOGO_MAX_WIDTH_SHARE,
    LOGO_MIN_TOP_MM,
    Logo,
    LogoImage,
    Style,
    logo_top_mm,
)

MAX_LOGO_BYTES = 2 * 1024 * 1024
"""A header logo is a few kilobytes; 2 MB is generous, and bounds what is read."""
MAX_LOGO_PIXELS = 25_000_000
"""25 megapixels (100 MB decoded): far more than a 9 mm logo needs at any resolution."""

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


class _Refused(Exception):
    """Why a logo file cannot be used, as the message for ``logo.file``."""


def check_logo(
    logo: Logo, style: Style, folder: Path, source: SourceMap
) -> tuple[Logo, list[Problem]]:
    """The logo with its checked image attached, or the problems that stop it."""
    problems = []
    margin = style.page.margins_mm.top
    if logo_top_mm(margin, logo.height_mm) < LOGO_MIN_TOP_MM:
        fits = margin - LOGO_CLEARANCE_MM - LOGO_MIN_TOP_MM
        problems.append(
            source.problem(
                ("logo", "height_mm"),
                f"a {logo.height_mm:g} mm logo does not fit in the {margin:g} mm top margin "
                f"(page.margins_mm.top): "
                + (f"at most {fits:.1f} mm does" if fits > 0 else "widen the margin"),
            )
        )
    try:
        image = _read_logo(folder, logo.file)
    except _Refused as err:
        problems.append(source.problem(("logo", "file"), str(err)))
        return logo, problems
    logo = logo.with_image(image)
    room = style.page.text_width_mm * LOGO_MAX_WIDTH_SHARE
    if logo.width_mm > room:
        problems.append(
            source.problem(
                ("logo", "file"),
                f"{logo.file!r} ({image.width_px:,} × {image.height_px:,} pixels) is too wide "
                f"for the header: at {logo.height_mm:g} mm high it is {logo.width_mm:.0f} mm "
                f"wide, and the header has room for {room:.0f} mm; crop the image or lower "
                "logo.height_mm",
            )
        )
    return logo, problems


def _read_logo(folder: Path, name: str) -> LogoImage:
    """Read and check the logo file ``name`` of the template in ``folder``.

    Raises _Refused saying why it cannot be used.  The size comes from the image header,
    before any pixel is decoded.
    """
    path = _inside(folder, name)
    try:
        if not path.exists():
            raise _Refused(f"{name!r} does not exist in the template folder {folder}")
        if path.is_dir():
            raise _Refused(f"{name!r} is a folder, not an image file")
        if not path.is_file():  # a pipe or a device: reading it could block forever
            raise _Refused(f"{name!r} is not a regular file")
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise _Refused(
                f"{name!r} is {size:,} bytes; the limit for a logo is 2 MB "
                f"({MAX_LOGO_BYTES:,} bytes)"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)  # the file may have grown since stat()
    except PermissionError:
        raise _Refused(f"{name!r} cannot be read: permission denied") from None
    except OSError as err:
        raise _Refused(f"{name!r} cannot be read: {err.strerror or err}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise _Refused(f"{name!r} is larger than the 2 MB limit for a logo")
    kind = _format(name, data)
    width, height = _inspect(name, data, kind)
    digest = hashlib.sha256(data).hexdigest()
    return LogoImage(path, data, kind, width, height, digest)


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused if it leads out of ``folder`` (``..``, absolute, symlinks).

    The lexical checks come first, so nothing outside the folder is even looked at.
    """
    relative = Path(name)
    if relative.is_absolute() or relative.drive:
        raise _Refused(f"{name!r} is an absolute path; give a path inside the template folder")
    if Path(os.path.normpath(relative)).parts[:1] == (os.pardir,):
        raise _Refused(f"{name!r} is outside the template folder")
    root = folder.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise _Refused(f"{name!r} leads outside the template folder (a symbolic link)")
    return target


_OTHER_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x00\x00\x01\x00", "an icon (ICO)"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"\xff\x0a", "a JPEG XL image"),
)


def _format(name: str, data: bytes) -> Literal["PNG", "JPEG"]:
    """PNG or JPEG, judged by the content (not the name); _Refused for anything else."""
    if data.startswith(_PNG):
        return "PNG"
    if data.startswith(_JPEG):
        return "JPEG"
    other = _other_format(data)
    if other is None:
        raise _Refused(f"{name!r} is not a PNG or JPEG image")
    raise _Refused(f"{name!r} is {other}; the logo must be a PNG or JPEG image")


def _other_format(data: bytes) -> str | None:
    """What else an image file is, to say so; None when it is not an image we know."""
    for magic, kind in _OTHER_KINDS:
        if data.startswith(magic):
            return kind
    if data.startswith(b"BM") and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"avif"):
        return "an HEIF/AVIF image"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "an SVG drawing (export it as a PNG)"
    return None


def _inspect(name: str, data: bytes, kind: Literal["PNG", "JPEG"]) -> tuple[int, int]:
    """Width and height from the image header, then a check that the rest is whole.

    The pixel limit is checked before anything is decoded.  Pillow's format plugins are
    used directly, not ``Image.open``: that one also runs Pillow's decompression-bomb
    check, whose warning or error would escape as a traceback instead of our own limit;
    ours is lower and says what it is.
    """
    # Imported here: Pillow costs every command ~35 ms to import, and most templates
    # have no logo.
    from PIL import JpegImagePlugin, PngImagePlugin

    plugin = PngImagePlugin.PngImageFile if kind == "PNG" else JpegImagePlugin.JpegImageFile
    try:
        with plugin(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                raise _Refused(
                    f"{name!r} is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} "
                    f"megapixels); the limit for a logo is {MAX_LOGO_PIXELS // 1_000_000} "
                    "megapixels"
                )
            if kind == "PNG":
                image.verify()  # walks the chunks and their CRCs; decodes nothing
            else:
                # Decoding at an eighth of the size is cheap and reads the whole stream,
                # so a truncated JPEG is refused here rather than failing in the PDF writer.
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        detail = " ".join(str(err).split()) or type(err).__name__
        raise _Refused(f"{name!r} is a damaged {kind} image ({detail})") from None
    return width, height
