"""The package around the story: settings, the font table, app properties, the zip itself."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Literal

from docx.oxml.ns import qn

from briefgen.writers.docx.oxml.element import Element, el, sub


def modernise_settings(settings: Element, lang: str) -> None:
    """Word 2013+ layout (no "[Compatibility Mode]"), our language, no preview thumbnail."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    font_lang = settings.find(qn("w:themeFontLang"))
    if font_lang is not None:
        font_lang.set(qn("w:val"), lang)
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)


def auto_hyphenation(settings: Element) -> None:
    """Ask Word and LibreOffice to hyphenate the document in its language
    (``w:autoHyphenation``, after ``w:defaultTabStop`` as CT_Settings orders them)."""
    if settings.find(qn("w:autoHyphenation")) is not None:
        return
    element = el("w:autoHyphenation")
    tab_stop = settings.find(qn("w:defaultTabStop"))
    if tab_stop is not None:
        tab_stop.addnext(element)
        return
    later = ("w:characterSpacingControl", "w:compat", "w:rsids", "w:themeFontLang")
    for tag in later:
        found = settings.find(qn(tag))
        if found is not None:
            found.addprevious(element)
            return
    settings.append(element)


@dataclass(frozen=True, slots=True)
class FontInfo:
    """What Word needs to substitute a font that is not installed (w:font in fontTable)."""

    family: Literal["roman", "swiss", "modern", "script", "decorative", "auto"]
    panose: str
    """Ten PANOSE bytes in hex, from the font's OS/2 table."""
    signature: tuple[str, str, str, str, str, str]
    """OS/2 ulUnicodeRange1-4, ulCodePageRange1-2."""


_NOTO_SIGNATURE = ("E00002FF", "4000201F", "08000029", "00100000", "0000019F", "00000000")

KNOWN_FONTS = {
    "Noto Serif": FontInfo("roman", "02020502060505020204", _NOTO_SIGNATURE),
    "Noto Sans": FontInfo("swiss", "020B0502040504020204", _NOTO_SIGNATURE),
}
"""Descriptors of the shipped fonts, read from their OS/2 tables."""


def font_table(families: Iterable[str]) -> Element:
    """``w:fonts`` describing ``families`` (family class and PANOSE where known)."""
    fonts = el("w:fonts")
    for name in dict.fromkeys(families):
        font = sub(fonts, "w:font", name=name)
        info = KNOWN_FONTS.get(name)
        if info is None:
            sub(font, "w:family", val="auto")
            sub(font, "w:pitch", val="variable")
            continue
        sub(font, "w:panose1", val=info.panose)
        sub(font, "w:charset", val="00")
        sub(font, "w:family", val=info.family)
        sub(font, "w:pitch", val="variable")
        usb0, usb1, usb2, usb3, csb0, csb1 = info.signature
        sub(font, "w:sig", usb0=usb0, usb1=usb1, usb2=usb2, usb3=usb3, csb0=csb0, csb1=csb1)
    return fonts


def embed_font(fonts: Element, family: str, face: str, r_id: str, key: str) -> None:
    """Name in the font table ``fonts`` the embedded ``face`` of ``family`` (``Regular``,
    ``Bold`` …, as in ``w:embedRegular``): its relationship and obfuscation key."""
    for font in fonts.iter(qn("w:font")):
        if font.get(qn("w:name")) == family:
            embed = sub(font, f"w:embed{face}", fontKey=key)
            embed.set(qn("r:id"), r_id)
            return


_BEFORE_EMBEDDING = (
    "w:printFormsData",
    "w:printFractionalCharacterWidth",
    "w:printPostScriptOverText",
    "w:displayBackgroundShape",
    "w:doNotDisplayPageBoundaries",
    "w:removeDateAndTime",
    "w:removePersonalInformation",
    "w:zoom",
    "w:view",
    "w:writeProtection",
)
"""The settings the schema puts before ``w:embedTrueTypeFonts``, last first."""


def embed_fonts_setting(settings: Element) -> None:
    """``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``: the package carries its fonts
    (subsets of them), and Word keeps them when it saves."""
    for tag in ("w:saveSubsetFonts", "w:embedTrueTypeFonts"):
        if settings.find(qn(tag)) is None:
            # In the schema's order, before everything but the view settings.
            after = None
            for earlier in _BEFORE_EMBEDDING:
                after = settings.find(qn(earlier))
                if after is not None:
                    break
            element = el(tag)
            if after is None:
                settings.insert(0, element)
            else:
                after.addnext(element)


def app_properties(pages: int) -> bytes:
    """docProps/app.xml naming briefgen (the template's claims Word on a Mac wrote it)."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes"><Application>briefgen</Application>'
        f"<Pages>{pages}</Pages><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


CUSTOM_PROPERTY_FORMAT = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id every user-defined document property carries (MS-OLEPS, OOXML 22.3)."""


def custom_properties(pairs: tuple[tuple[str, str], ...]) -> bytes:
    """docProps/custom.xml: each (name, value) a text property, shown by Word under File,
    Properties, Custom and by LibreOffice under File, Properties, Custom Properties."""
    rows = "".join(
        f'<property fmtid="{CUSTOM_PROPERTY_FORMAT}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(pairs, start=2)  # pid 0 and 1 are reserved
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{rows}</Properties>'
    ).encode()


def repack(
    package: bytes,
    when: tuple[int, int, int, int, int, int],
    stored: dict[str, bytes] | None = None,
) -> bytes:
    """The same zip with every entry dated ``when``, in the same order, fixed attributes;
    the entries named in ``stored`` hold those bytes instead, uncompressed.

    python-docx stamps entries with the current time; this makes two renders identical.
    """
    stored = stored or {}
    when = min(max(when, (1980, 1, 1, 0, 0, 0)), (2107, 12, 31, 23, 59, 58))  # what zip can hold
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.create_system = 3  # Unix, so unzip gives ordinary rw-r--r-- files
            info.external_attr = 0o100644 << 16
            if entry.filename in stored:
                info.compress_type = zipfile.ZIP_STORED
                dst.writestr(info, stored[entry.filename])
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(entry.filename), compresslevel=6)
    return out.getvalue()
