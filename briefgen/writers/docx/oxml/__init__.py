"""Raw WordprocessingML for the DOCX writer: what python-docx has no API for.

python-docx keeps its XML classes (``docx/oxml``) apart from its API; so does briefgen.
These modules know WordprocessingML, not the briefgen tree: the writer decides what to
build, they only say how it is spelt.

- ``element``: ``el`` and ``sub`` (``w:``-qualified elements and attributes), lengths, colours
- ``properties``: ``ParaProps`` / ``RunProps`` → ``w:pPr`` / ``w:rPr``, borders
- ``runs``: paragraphs, text runs, breaks, tabs, complex fields, pictures, bookmarks, links
- ``footnotes``: references, marks, the notes part's root and separators (footnotes or
  endnotes)
- ``tables``: fixed-grid tables, rows, cells
- ``styles``: ``w:style`` elements and ``w:docDefaults``
- ``numbering``: abstract lists and one ``w:num`` per list
- ``package``: settings, the font table, app properties, the reproducible zip

Child order inside ``w:pPr``, ``w:rPr``, ``w:tblPr``, ``w:tcPr`` and ``w:style`` follows the
schema sequences (ECMA-376 Part 1, §17); Word refuses a file whose children are out of
order, even where LibreOffice would not notice.  The writer imports this package as
``ox`` and reads every builder from here.
"""

from __future__ import annotations

from briefgen.writers.docx.oxml.element import Element, el, mm_to_emu, mm_to_twips, twips
from briefgen.writers.docx.oxml.footnotes import (
    NoteKind,
    enable_footnotes,
    footnote,
    footnote_mark,
    footnote_reference,
    footnotes_root,
    number_endnotes,
)
from briefgen.writers.docx.oxml.numbering import (
    BULLETED_BASE,
    NUMBERED_BASE,
    ListLevels,
    set_numbering,
)
from briefgen.writers.docx.oxml.package import (
    KNOWN_FONTS,
    FontInfo,
    app_properties,
    auto_hyphenation,
    custom_properties,
    embed_font,
    embed_fonts_setting,
    font_table,
    modernise_settings,
    repack,
)
from briefgen.writers.docx.oxml.properties import Border, Borders, ParaProps, RunProps, ppr, rpr
from briefgen.writers.docx.oxml.revisions import (
    deleted_text,
    is_tracked,
    mark_paragraph,
    mark_row,
    tracked,
)
from briefgen.writers.docx.oxml.runs import (
    bookmark,
    bookmark_name,
    break_run,
    field,
    hyperlink,
    paragraph,
    picture_run,
    tab_run,
    text_run,
)
from briefgen.writers.docx.oxml.styles import (
    drop_table_styles,
    install_styles,
    set_doc_defaults,
    style,
)
from briefgen.writers.docx.oxml.tables import table, table_cell, table_row

__all__ = [
    "BULLETED_BASE",
    "KNOWN_FONTS",
    "NUMBERED_BASE",
    "Border",
    "Borders",
    "Element",
    "FontInfo",
    "ListLevels",
    "NoteKind",
    "ParaProps",
    "RunProps",
    "app_properties",
    "auto_hyphenation",
    "bookmark",
    "bookmark_name",
    "break_run",
    "custom_properties",
    "deleted_text",
    "drop_table_styles",
    "el",
    "embed_font",
    "embed_fonts_setting",
    "enable_footnotes",
    "field",
    "font_table",
    "footnote",
    "footnote_mark",
    "footnote_reference",
    "footnotes_root",
    "hyperlink",
    "install_styles",
    "is_tracked",
    "mark_paragraph",
    "mark_row",
    "mm_to_emu",
    "mm_to_twips",
    "modernise_settings",
    "number_endnotes",
    "paragraph",
    "picture_run",
    "ppr",
    "repack",
    "rpr",
    "set_doc_defaults",
    "set_numbering",
    "style",
    "tab_run",
    "table",
    "table_cell",
    "table_row",
    "text_run",
    "tracked",
    "twips",
]
