"""The PDF's metadata: the Info dictionary's fixed creator and producer, dates from
``Meta.created_at``, and the document ID, digested from what was rendered so that the same
Document and Style give the same bytes.
"""

from __future__ import annotations

from datetime import datetime
from html import escape as _html_escape

from briefgen.style import NotesStyle, Style
from briefgen.tree import (
    PROVENANCE_FIELDS,
    PROVENANCE_NAMESPACE,
    PROVENANCE_PREFIX,
    Document,
    Meta,
    xmp_property,
)

CREATOR = "briefgen"


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (``xml.sax.saxutils.escape`` would import
    urllib's HTTP client, 25 ms of a cold start, for the same three replacements)."""
    return _html_escape(text, quote=False)


PRODUCER = "briefgen (ReportLab)"
"""Fixed, so that a reportlab upgrade alone does not change the bytes of the Info dict."""


_LATER_SETTINGS = {"notes"}
"""Style settings newer than the document ID's recipe."""


def settings(style: Style) -> str:
    """The style as the document ID digests it: settings added later count only where a
    template sets them, so that an upgrade alone does not change a PDF's bytes."""
    settings = style.model_dump_json(exclude=_LATER_SETTINGS)
    if style.notes != NotesStyle():
        settings += style.model_dump_json(include=_LATER_SETTINGS)
    return settings


def pdf_date(moment: datetime) -> str:
    """A PDF date string of ``moment`` (``Meta.created_at``, in UTC)."""
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def signature(doc: Document, style: Style) -> bytes:
    """What the document ID digests: the created moment, the tree, the style, the logo.

    reportlab's own ID digests a timestamp and the Info strings; this one is stable *and*
    differs between documents that share a title.
    """
    text = "\0".join((doc.meta.created, repr(doc), settings(style)))
    if style.logo is not None:
        text += "\0" + style.logo.image.digest  # the picture, not just its name
    return text.encode("utf-8", "surrogatepass")


def xmp_date(moment: datetime) -> str:
    """The XMP form of the date :func:`pdf_date` writes in the Info dictionary."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


_PDFUA_SCHEMA = """<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>"""
"""The PDF/A extension schema that declares ``pdfuaid`` (an archive's validator checks
that every property in the XMP is declared)."""


def _provenance_schema() -> str:
    """The extension schema that declares briefgen's provenance properties."""
    rows = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{xmp_property(name)}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>internal</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(PROVENANCE_FIELDS[name])}</pdfaProperty:description>"
        "</rdf:li>"
        for name in PROVENANCE_FIELDS
    )
    return (
        '<rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>briefgen provenance</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{PROVENANCE_NAMESPACE}</pdfaSchema:namespaceURI>"
        f"<pdfaSchema:prefix>{PROVENANCE_PREFIX}</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{rows}</rdf:Seq></pdfaSchema:property></rdf:li>"
    )


def xmp_packet(meta: Meta, moment: datetime) -> bytes:
    """The XMP metadata of the PDF: what its Info dictionary says, in the same words and
    dates (``/Trapped`` too), and the claims of PDF/A-2u (``pdfaid``) and PDF/UA-1
    (``pdfuaid``) conformance."""

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    stamp = xmp_date(moment)
    fields = [
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title>{alt(meta.title)}</dc:title>",
    ]
    if meta.author:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if meta.subject:
        fields.append(f"<dc:description>{alt(meta.subject)}</dc:description>")
    if meta.language:
        fields.append(
            f"<dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag></dc:language>"
        )
    if meta.keywords:
        fields.append(f"<pdf:Keywords>{escape(', '.join(meta.keywords))}</pdf:Keywords>")
    fields += [
        f"<pdf:Producer>{escape(PRODUCER)}</pdf:Producer>",
        f"<xmp:CreatorTool>{escape(CREATOR)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
        "<pdf:Trapped>False</pdf:Trapped>",
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>U</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ]
    fields += [
        f"<{PROVENANCE_PREFIX}:{xmp_property(k)}>{escape(v)}</{PROVENANCE_PREFIX}:{xmp_property(k)}>"
        for k, v in meta.provenance
    ]
    schemas = _PDFUA_SCHEMA
    if meta.provenance:
        schemas = schemas.replace("</rdf:Bag>", _provenance_schema() + "</rdf:Bag>")
    fields.append(schemas)
    body = "\n".join(fields)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:{PROVENANCE_PREFIX}="{PROVENANCE_NAMESPACE}"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
{body}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
