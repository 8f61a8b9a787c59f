"""The section: page size and margins, the header (text, marking, logo) and the footer
(PAGE / NUMPAGES fields, with a page estimate as their cached result).
"""

from __future__ import annotations

import math
import re
from pathlib import PurePosixPath
from typing import Any, Literal

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.image import ImagePart
from docx.parts.story import StoryPart
from docx.shared import Twips
from typing_extensions import assert_never

from briefgen.style import Logo, LogoPlacement, Style
from briefgen.tree import (
    Box,
    BulletList,
    Document,
    Heading,
    Inline,
    ListItem,
    Node,
    Note,
    OrderedList,
    Para,
    Quote,
    Table,
    plain,
    walk,
)
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.oxml.element import Element
from briefgen.writers.docx.oxml.properties import ParaProps, RunProps
from briefgen.writers.docx.state import Page, Writer
from briefgen.writers.docx.styles import FOOTER, HEADER, LIST_STEP, QUOTE_INDENT


def write_section(w: Writer) -> None:
    """Page size and margins; header (left text, marking at a right tab) and footer.

    A template with ``continued_left`` gets Word's "different first page": the first
    page's header has ``header_left``, every later one the continued text."""
    page = w.page
    section = w.word.sections[0]
    section.page_width, section.page_height = Twips(page.width), Twips(page.height)
    section.top_margin, section.bottom_margin = Twips(page.top), Twips(page.bottom)
    section.left_margin, section.right_margin = Twips(page.left), Twips(page.right)
    section.header_distance = Twips(page.top * 9 // 20)
    section.footer_distance = Twips(page.bottom * 9 // 20)
    section.gutter = Twips(0)

    texts = w.style.header_footer
    title = w.doc.meta.title
    pairs = [(section.header, section.footer, texts.left_text(first=True, title=title))]
    if texts.continued_left is not None:
        section.different_first_page_header_footer = True
        later = texts.left_text(first=False, title=title)
        pairs = [
            (section.first_page_header, section.first_page_footer, pairs[0][2]),
            (section.header, section.footer, later),
        ]
    for header, footer, left in pairs:
        _header(w, section, header, left)
        _footer(w, footer)


def _header(w: Writer, section: Any, header: Any, left: str) -> None:
    header.is_linked_to_previous = False
    hdr = header._element
    for child in list(hdr):
        hdr.remove(child)
    runs = [ox.text_run(left)]
    if w.doc.meta.marking:
        marking = RunProps(bold=True, colour=w.style.colours.marking)
        runs += [ox.tab_run(), ox.text_run(w.doc.meta.marking, marking)]
    tabs: tuple[tuple[Literal["left", "right"], int], ...] = ()
    logo, place = w.style.logo, w.style.logo_placement()
    if logo is not None and place is not None:
        # The picture is the tallest thing on the header's line, so the header starts
        # at its top edge; text sits on its foot (the baseline), tab stops beside it.
        section.header_distance = Twips(ox.mm_to_twips(place.top))
        picture = logo_run(w, header.part, logo, place)
        margin = w.style.page.margins_mm.left
        if logo.position == "left":  # the text starts at a tab stop beyond the logo
            tabs = (("left", ox.mm_to_twips(place.text_left - margin)),)
            runs = [picture, ox.tab_run(), *runs]
        else:  # the marking ends at a tab stop before the logo
            tabs = (("right", ox.mm_to_twips(place.text_right - margin)),)
            runs = [*runs, ox.tab_run(), picture]
    p = ox.paragraph(ParaProps(style=HEADER, tabs=tabs))
    hdr.append(p)
    for run in runs:
        p.append(run)


def _footer(w: Writer, footer: Any) -> None:
    footer.is_linked_to_previous = False
    ftr = footer._element
    for child in list(ftr):
        ftr.remove(child)
    p = ox.paragraph(ParaProps(style=FOOTER))
    ftr.append(p)
    for piece in re.split(r"(\{pages\}|\{page\})", w.style.header_footer.footer):
        if piece == "{page}":
            runs = ox.field("PAGE", "1")
        elif piece == "{pages}":
            runs = ox.field("NUMPAGES", str(w.pages))
        elif piece:
            runs = [ox.text_run(piece)]
        else:
            continue
        for run in runs:
            p.append(run)


def logo_run(w: Writer, header: StoryPart, logo: Logo, place: LogoPlacement) -> Element:
    """The logo as an inline picture in ``header``, its image a part of its own.

    The image part is made here, not by python-docx's ``add_picture``: that one sniffs
    the file again and refuses JPEGs without a JFIF or Exif segment, which Pillow (and
    Word) read; the template check already knows the format and the pixel size.
    """
    image = logo.image
    ext, content_type = ("png", CT.PNG) if image.format == "PNG" else ("jpeg", CT.JPEG)
    package = w.word.part.package
    partname = package.next_partname(f"/word/media/image%d.{ext}")
    r_id = header.relate_to(ImagePart(partname, content_type, image.data), RT.IMAGE)
    size = (ox.mm_to_emu(place.width), ox.mm_to_emu(place.height))
    name = PurePosixPath(logo.file).name
    return ox.picture_run(header.next_id, r_id, name, size, descr=logo.alt)


def estimate_pages(doc: Document, style: Style, page: Page) -> int:
    """A rough page count, only for the cached NUMPAGES result and app.xml.

    Word and LibreOffice recompute the field; readers that do not still show a number
    near the truth instead of a blank.
    """
    f = style.fonts
    width = page.text_width / 20

    def lines(inlines: tuple[Inline, ...], size: float, room: float) -> int:
        per_line = max(1.0, room / (0.5 * size))
        text = plain(inlines)
        return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))

    body = 0.0
    for node, parents in walk(doc.blocks):
        room = width - sum(_inset(parent) for parent in parents)
        match node:
            case Heading(level=level, children=kids):
                size = {1: f.title_size, 2: f.h2_size}.get(level, f.h3_size)
                body += lines(kids, size, room) * size * 1.3 + 14
            case Para(children=kids):
                body += lines(kids, f.body_size, room) * f.body_leading + f.body_leading * 0.4
            case Table(header=header, rows=rows):
                size = f.body_size - 0.5
                columns = node.columns
                body += sum(
                    max((lines(cell, size, room / columns) for cell in row), default=1) * size * 1.3
                    + 5
                    for row in (header, *rows)
                )
            case Box(kind=kind):
                box = style.boxes.get(kind)
                body += (box.space_before + box.space_after + 2 * box.padding) if box else 0
            case BulletList() | OrderedList() | ListItem() | Quote() | Note():
                pass  # their blocks count, in the walk
            case _:
                assert_never(node)
    notes = sum(
        lines(child.children, f.small_size, width) * f.small_size * 1.35
        for note in doc.notes
        for child in note.children
        if isinstance(child, Para)
    )
    usable = (page.height - page.top - page.bottom) / 20
    return max(1, math.ceil((body + notes) / usable))


def _inset(node: Node) -> float:
    """How much narrower the text inside ``node`` is, in points."""
    match node:
        case BulletList() | OrderedList():
            return LIST_STEP
        case Quote():
            return 2 * QUOTE_INDENT
        case Heading() | Para() | Table() | Box() | ListItem() | Note():
            return 0.0
        case _:
            assert_never(node)
