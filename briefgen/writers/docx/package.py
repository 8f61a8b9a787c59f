"""The package around the story: template parts trimmed, core properties, settings, and
the zip saved with fixed dates so that two renders are byte-identical.
"""

from __future__ import annotations

from datetime import datetime

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn

from briefgen.tree import Meta, docx_property
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.fonts import FONT_RELATIONSHIP, OBFUSCATED_FONT, embedded_faces
from briefgen.writers.docx.state import Writer

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def trim_template(w: Writer) -> None:
    """Drop template parts that would mislead: a blank thumbnail, a second copy of the
    styles (stylesWithEffects.xml, which would keep Calibri headings), an empty
    bibliography, app properties claiming Word for Mac (:func:`font_table` describes our
    fonts instead)."""
    part = w.word.part
    package = part.package
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.FONT_TABLE):
            del part.rels[r_id]
    for r_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[r_id]
    app = Part(
        PackURI("/docProps/app.xml"),
        CT.OFC_EXTENDED_PROPERTIES,
        ox.app_properties(w.pages),
        package,
    )
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


def properties(w: Writer, meta: Meta, when: datetime, lang: str) -> None:
    props = w.word.core_properties
    props.title = _core(meta.title)
    props.author = _core(meta.author)
    props.last_modified_by = _core(meta.author)
    props.subject = _core(meta.subject)
    props.keywords = _core(", ".join(meta.keywords))
    props.comments = ""
    props.language = _core(lang)
    props.revision = 1
    props.created = when
    props.modified = when


def custom_properties(w: Writer, meta: Meta) -> None:
    """The document's provenance (``briefgen.provenance``) as custom document properties,
    each named ``briefgen.<name>``."""
    if not meta.provenance:
        return
    pairs = tuple((docx_property(name), value) for name, value in meta.provenance)
    package = w.word.part.package
    part = Part(
        PackURI("/docProps/custom.xml"),
        CT.OFC_CUSTOM_PROPERTIES,
        ox.custom_properties(pairs),
        package,
    )
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _core(value: str) -> str:
    """A core property value, within OPC's 255-character limit."""
    # Cut at a word, with an ellipsis, so a reader sees that the rest is in the document.
    return value if len(value) <= 255 else value[:254].rsplit(" ", 1)[0] + "…"


def font_table(w: Writer) -> None:
    """The font table, with every face of the fonts the document names embedded in the
    package (:mod:`.fonts`), subset to the text of all its parts."""
    part = w.word.part
    package = part.package
    families = (w.style.fonts.body, w.style.fonts.heading)
    fonts = ox.font_table(families)
    table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, fonts, package)
    for n, face in enumerate(embedded_faces(families, _package_text(package)), start=1):
        name = f"word/fonts/font{n}.odttf"
        font = Part(PackURI(f"/{name}"), OBFUSCATED_FONT, b"", package)
        w.stored[name] = face.data  # written into the zip by repack, uncompressed
        r_id = table.relate_to(font, FONT_RELATIONSHIP)
        ox.embed_font(fonts, face.family, face.face, r_id, face.key)
    part.relate_to(table, RT.FONT_TABLE)
    ox.embed_fonts_setting(w.word.settings.element)


def _package_text(package: OpcPackage) -> str:
    """Every character the package's parts show: text, field results, list labels."""
    chunks: list[str] = []
    for part in package.iter_parts():
        element = getattr(part, "element", None) if isinstance(part, XmlPart) else None
        if element is None:
            continue
        chunks.extend(t.text or "" for t in element.iter(qn("w:t")))
        chunks.extend(v.get(qn("w:val"), "") for v in element.iter(qn("w:lvlText")))
    return "".join(chunks)
