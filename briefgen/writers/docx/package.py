"""The package around the story: template parts trimmed, core properties, settings, and
the zip saved with fixed dates so that two renders are byte-identical.
"""

from __future__ import annotations

from datetime import datetime

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart

from briefgen.tree import Meta
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.state import Writer

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def trim_template(w: Writer) -> None:
    """Drop template parts that would mislead: a blank thumbnail, a second copy of the
    styles (stylesWithEffects.xml, which would keep Calibri headings), an empty
    bibliography, app properties claiming Word for Mac; describe our fonts instead."""
    part = w.word.part
    package = part.package
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.FONT_TABLE):
            del part.rels[r_id]
    for r_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[r_id]
    fonts = ox.font_table((w.style.fonts.body, w.style.fonts.heading))
    table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, fonts, package)
    part.relate_to(table, RT.FONT_TABLE)
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


def _core(value: str) -> str:
    """A core property value, within OPC's 255-character limit."""
    # Cut at a word, with an ellipsis, so a reader sees that the rest is in the document.
    return value if len(value) <= 255 else value[:254].rsplit(" ", 1)[0] + "…"
