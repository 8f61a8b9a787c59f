"""What makes the PDF an archive's PDF/A-2u besides its XMP: the sRGB output intent.

Every colour briefgen draws is DeviceRGB (or gray); PDF/A asks the file to say which RGB
that is, with an ICC profile embedded in an ``/OutputIntents`` entry of the catalog.  The
profile is LittleCMS's built-in sRGB, made by Pillow once per process.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

SRGB = "sRGB IEC61966-2.1"
"""The registered name of the output condition (the ICC's registry of characterisations)."""

_PROFILE_DATE = bytes.fromhex("07d0 0001 0001 0000 0000 0000")
"""The creation date written in the profile's header: fixed (2000-01-01), where LittleCMS
writes the moment it made the profile, so that the same brief gives the same bytes."""


@cache
def srgb_profile() -> bytes:
    """An ICC (v4, display class) profile of sRGB, the same bytes in every process."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = _PROFILE_DATE  # the header's dateTimeNumber; the profile ID is unset
    return bytes(profile)


def output_intents(doc: object) -> PDFArray:
    """The catalog's ``/OutputIntents``: one PDF/A intent, sRGB, its profile embedded."""
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),  # the PDF/A intent's name in every part of PDF/A
            "OutputConditionIdentifier": PDFString(SRGB),
            "Info": PDFString(SRGB),
            "RegistryName": PDFString("http://www.color.org"),
            "DestOutputProfile": doc.Reference(profile),  # type: ignore[attr-defined]
        }
    )
    return PDFArray([intent])
