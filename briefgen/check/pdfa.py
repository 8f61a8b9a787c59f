"""The rules of PDF/A-2u (ISO 19005-2, level U) that a program can check for certain.

- the XMP claims PDF/A-2 at level U (``pdfaid:part`` 2, ``pdfaid:conformance`` U, or A,
  which includes U's rules);
- every entry of the Info dictionary that XMP has a property for says the same as it
  (6.6.3: title, author, subject, keywords, creator, producer and both dates);
- an output intent of PDF/A (``/S /GTS_PDFA1``) carries an ICC profile whose colour space
  has the ``/N`` components it declares; two intents carry the same profile;
- no encryption, and no JavaScript anywhere an action can hold it.

Fonts (embedded, mapped to Unicode) are checked once, by ``pdf``, for both standards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from briefgen.check.finding import Finding
from briefgen.check.objects import dictionaries

_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}
"""ICC colour spaces (header bytes 16–19) and the components each has."""


def check_archive(reader: Any, catalog: Any) -> Iterator[Finding]:
    """The document-level PDF/A-2u findings of the file ``reader`` reads (encryption is
    found before, by ``pdf``, which must decrypt the file to read the rest)."""
    yield from _metadata(reader, catalog)
    yield from _output_intents(catalog)
    yield from _javascript(reader, catalog)


def _metadata(reader: Any, catalog: Any) -> Iterator[Finding]:
    if "/Metadata" not in catalog:
        return  # the PDF/UA rules already say there is no XMP
    xmp = reader.xmp_metadata
    if xmp is None:
        yield Finding(None, "metadata", "the XMP cannot be read")
        return
    part, conformance = xmp.pdfaid_part, xmp.pdfaid_conformance
    if str(part or "").strip() != "2":
        yield Finding(None, "metadata", "the XMP does not claim PDF/A-2 (pdfaid:part 2)")
    elif str(conformance or "").strip().upper() not in ("U", "A"):
        claimed = str(conformance or "none").strip()
        yield Finding(None, "metadata", f"the XMP claims PDF/A-2 level {claimed}, not U")
    info = reader.metadata or {}
    pairs = (
        ("/Title", "dc:title", _default(xmp.dc_title)),
        ("/Author", "dc:creator", ", ".join(xmp.dc_creator or ()) or None),
        ("/Subject", "dc:description", _default(xmp.dc_description)),
        ("/Keywords", "pdf:Keywords", xmp.pdf_keywords),
        ("/Creator", "xmp:CreatorTool", xmp.xmp_creator_tool),
        ("/Producer", "pdf:Producer", xmp.pdf_producer),
    )
    for key, prop, in_xmp in pairs:
        in_info = info.get(key)
        if in_info is not None and str(in_info) != (in_xmp or ""):
            said = "nothing" if in_xmp is None else repr(_short(in_xmp))
            yield Finding(None, "metadata", f"Info {key} is not the XMP's {prop} ({said})")
    dates = (
        ("/CreationDate", "xmp:CreateDate", info.get("/CreationDate"), xmp.xmp_create_date),
        ("/ModDate", "xmp:ModifyDate", info.get("/ModDate"), xmp.xmp_modify_date),
    )
    for key, prop, raw, in_xmp in dates:
        if raw is None:
            continue
        in_info = _info_date(reader, key == "/CreationDate")
        if in_info is None or in_xmp is None or _utc(in_info) != _utc(in_xmp):
            yield Finding(None, "metadata", f"Info {key} is not the XMP's {prop}")


def _default(alternatives: dict[str, str] | None) -> str | None:
    """A language alternative's default text (``x-default``, else its first)."""
    if not alternatives:
        return None
    return alternatives.get("x-default", next(iter(alternatives.values())))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _info_date(reader: Any, created: bool) -> datetime | None:
    """The Info dictionary's date of creation (or of change), None if it is no date."""
    try:
        info = reader.metadata
        moment: datetime | None = info.creation_date if created else info.modification_date
    except ValueError:  # not a PDF date
        return None
    return moment


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC, naive (pypdf gives XMP dates naive, in UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _output_intents(catalog: Any) -> Iterator[Finding]:
    intents = [i.get_object() for i in catalog.get("/OutputIntents", []) or []]
    pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
    if not pdfa:
        yield Finding(None, "catalog", "no PDF/A output intent (/OutputIntents, /GTS_PDFA1)")
        return
    profiles: set[bytes] = set()
    for intent in pdfa:
        stream = intent.get("/DestOutputProfile")
        if stream is None:
            yield Finding(None, "OutputIntent", "no ICC profile (/DestOutputProfile)")
            continue
        stream = stream.get_object()
        profile = stream.get_data()
        components = _COMPONENTS.get(profile[16:20]) if len(profile) >= 128 else None
        if components is None:
            yield Finding(None, "OutputIntent", "the ICC profile cannot be read")
        elif stream.get("/N") != components:
            yield Finding(
                None, "OutputIntent", f"/N is {stream.get('/N')}, the profile has {components}"
            )
        elif profile[8] >= 5:
            yield Finding(None, "OutputIntent", f"an ICC profile of version {profile[8]}")
        profiles.add(profile)
    if len(profiles) > 1:
        yield Finding(None, "catalog", "output intents with different ICC profiles")


def _javascript(reader: Any, catalog: Any) -> Iterator[Finding]:
    names = catalog.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        yield Finding(None, "catalog", "JavaScript in the name tree (/Names /JavaScript)")
    if _is_javascript(catalog.get("/OpenAction")):
        yield Finding(None, "catalog", "JavaScript run when the file opens (/OpenAction)")
    if "/AA" in catalog:
        yield Finding(None, "catalog", "actions on document events (/AA)")
    for number, page in enumerate(reader.pages, start=1):
        if "/AA" in page:
            yield Finding(number, "page", "actions on page events (/AA)")
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if _is_javascript(annot.get("/A")):
                yield Finding(number, str(annot.get("/Subtype", "/Annot"))[1:], "JavaScript")


def _is_javascript(action: Any) -> bool:
    """Whether an action (or one it chains to with ``/Next``) runs JavaScript."""
    return any(item.get("/S") == "/JavaScript" for item in dictionaries(action, "/Next"))
