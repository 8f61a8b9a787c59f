"""Document tree → DOCX bytes, with python-docx.

python-docx supplies the package (parts, relationships, content types, core properties,
sections, header and footer parts); ``_ooxml`` builds the WordprocessingML python-docx has
no API for.  This module walks the tree, as pandoc's ``blockToOpenXML`` does, with one
exhaustive ``match`` per node kind, and keeps its mutable state in one dataclass.

What the reader gets is a real Word document: Heading 1-3 (the navigation pane shows
them), List Number / List Bullet with numbering restarted per list, a Quote style, a
"Box <Kind>" paragraph style per box kind, Footnote Text with real footnotes, Hyperlink,
a table with a repeating header row, and PAGE / NUMPAGES fields in the footer.
"""

from __future__ import annotations

import io
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import Literal

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.parts.image import ImagePart
from docx.parts.story import StoryPart
from docx.shared import Twips

from briefgen.style import BoxStyle, Colours, Logo, LogoPlacement, Style
from briefgen.tree import (
    Block,
    Box,
    BulletList,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Meta,
    Node,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Quote,
    Strong,
    Table,
    Text,
    plain,
    walk,
)
from briefgen.writers import _ooxml as ox
from briefgen.writers._ooxml import Border, Borders, Element, ParaProps, RunProps

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - Python 3.10
    from typing_extensions import assert_never

__all__ = ["render_docx"]

# Style ids.  Built-in Word styles keep their ids and names ("heading 1" shows as
# "Heading 1"), so Word and LibreOffice treat them as the real thing.
NORMAL = "Normal"
HEADINGS = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
LIST_NUMBER = "ListNumber"
LIST_BULLET = "ListBullet"
LIST_CONTINUE = "ListContinue"
QUOTE = "Quote"
NOTE_TEXT = "FootnoteText"
NOTE_REF = "FootnoteReference"
HYPERLINK = "Hyperlink"
HEADER = "Header"
FOOTER = "Footer"
TABLE_TEXT = "TableText"
TABLE_HEADING = "TableHeading"

_QUOTE_INDENT = 14.0  # points
_LIST_STEP = 17.0  # points of indent per list level
_CELL_PADDING = (2.5, 5.0)  # points: top/bottom, left/right
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def render_docx(doc: Document, style: Style) -> bytes:
    """``doc`` as a DOCX file laid out by ``style``.

    When ``doc.meta.created`` is set the bytes depend only on ``doc`` and ``style``.
    """
    return _DocxWriter(doc, style).render()


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class _Page:
    """Page geometry in twips."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


@dataclass(frozen=True, slots=True)
class _BoxLook:
    style_id: str
    italic: bool
    space_before: float
    space_after: float


@dataclass(frozen=True, slots=True)
class _Context:
    """Where blocks go and how a plain paragraph looks there; replaced, never mutated."""

    add: Callable[[Element], None]
    """Puts a new block element in its container (body, footnote)."""
    para_style: str = NORMAL
    indent: float | None = None
    """Left indent of Para paragraphs in points; None keeps the style's."""
    italic: bool = False
    """The paragraph style is italic, so Emph sets roman type."""
    in_note: bool = False
    """Inside a footnote, where a footnote reference cannot stand."""
    depth: int = 0
    """List nesting level."""


@dataclass(slots=True)
class _State:
    """Everything the walk changes, in one place (pandoc's ``WriterState``)."""

    part: Part
    """The part whose relationships hold hyperlink targets (document, then footnotes)."""
    lists: list[tuple[bool, int, int]] = field(default_factory=list)
    """(numbered, level, start) of each list; numId = 3 + index."""
    bookmarks: int = 0
    notes_called: list[int] = field(default_factory=list)
    """Numbers of the notes referenced, in reading order."""
    pending_number: tuple[str, int, int] | None = None
    """(style, numId, level) for the next paragraph: the first one of a list item."""
    pending_note_mark: bool = False
    """The next paragraph opens a footnote and starts with its number."""
    after_table: bool = False
    """The last block was a table: Word gives tables no space below, the next paragraph does."""


# --------------------------------------------------------------------------- the writer


class _DocxWriter:
    def __init__(self, doc: Document, style: Style) -> None:
        self._doc = doc
        self._style = style
        self._word = docx.Document()
        self._page = _page(style)
        self._boxes = _box_looks(style.boxes)
        self._notes = {note.number: note for note in doc.notes}
        self._state = _State(part=self._word.part)
        self._pages = _estimate_pages(doc, style, self._page)

    def render(self) -> bytes:
        meta = self._doc.meta
        moment = meta.created_at
        created = None if moment is None else moment.replace(tzinfo=None)
        lang = meta.language or "en"
        self._trim_template()
        styles = self._word.styles.element
        ox.set_doc_defaults(
            styles, font=self._style.fonts.body, size=self._style.fonts.body_size, lang=lang
        )
        ox.install_styles(styles, _style_elements(self._style, self._page, self._boxes))
        self._section()

        body = self._word.element.body
        section = body.find(qn("w:sectPr"))
        ctx = _Context(add=section.addprevious)
        for block in self._doc.blocks:
            self._block(block, ctx)
        self._footnotes()

        marker = RunProps(font=self._style.fonts.heading, bold=True, colour=self._colours.accent)
        levels = ox.ListLevels(step=_LIST_STEP, hanging=self._hanging, marker=marker)
        ox.set_numbering(self._word.part.numbering_part.element, self._state.lists, levels)
        settings = self._word.settings.element
        ox.modernise_settings(settings, lang)
        if self._state.notes_called:
            ox.enable_footnotes(settings)
        self._properties(meta, created or datetime.now(timezone.utc).replace(tzinfo=None), lang)

        out = io.BytesIO()
        self._word.save(out)
        when = (1980, 1, 1, 0, 0, 0)
        if created is not None:
            c = created
            when = (c.year, c.month, c.day, c.hour, c.minute, c.second)
        return ox.repack(out.getvalue(), when)

    @property
    def _colours(self) -> Colours:
        return self._style.colours

    @property
    def _hanging(self) -> float:
        """Room for a list number or bullet, in points."""
        return max(13.0, self._style.fonts.body_size * 1.5)

    # ----------------------------------------------------------------- blocks

    def _block(self, node: Block, ctx: _Context) -> None:
        match node:
            case Heading(level=level, anchor=anchor, children=kids):
                self._heading(level, anchor, kids, ctx)
            case Para(children=kids):
                self._para(kids, ctx)
            case BulletList(items=items):
                self._list(items, ctx, numbered=False, start=1)
            case OrderedList(items=items, start=start):
                self._list(items, ctx, numbered=True, start=start)
            case Table():
                self._table(node, ctx)
            case Quote(children=kids):
                indent = (ctx.indent or 0) + _QUOTE_INDENT
                inner = replace(ctx, para_style=QUOTE, indent=indent, italic=True)
                for child in kids:
                    self._block(child, inner)
            case Box(kind=kind, children=kids):
                self._box(kind, kids, ctx)
            case _:
                assert_never(node)

    def _paragraph(self, props: ParaProps, ctx: _Context) -> Element:
        """A new paragraph in ctx's container, taking a pending list number or note mark."""
        if self._state.pending_number is not None:
            style_id, num_id, level = self._state.pending_number
            self._state.pending_number = None
            props = replace(props, style=style_id, num=(num_id, level), left=None)
        if self._state.after_table:
            self._state.after_table = False
            gap = self._style.fonts.body_leading * 0.6
            if props.style not in HEADINGS.values() and (props.before or 0) < gap:
                props = replace(props, before=gap)
        p = ox.paragraph(props)
        if self._state.pending_note_mark:
            self._state.pending_note_mark = False
            p.append(ox.footnote_mark(NOTE_REF))
            p.append(ox.text_run(" "))
        ctx.add(p)
        return p

    def _para(
        self,
        kids: tuple[Inline, ...],
        ctx: _Context,
        before: float | None = None,
        after: float | None = None,
    ) -> None:
        props = ParaProps(style=ctx.para_style, left=ctx.indent, before=before, after=after)
        p = self._paragraph(props, ctx)
        self._inlines(p, kids, ctx, RunProps(), in_link=False)

    def _heading(self, level: int, anchor: str, kids: tuple[Inline, ...], ctx: _Context) -> None:
        style_id = HEADINGS[min(max(level, 1), 3)]
        p = self._paragraph(ParaProps(style=style_id), ctx)
        start, end = ox.bookmark(self._state.bookmarks, ox.bookmark_name(anchor))
        self._state.bookmarks += 1
        p.append(start)
        self._inlines(p, kids, replace(ctx, italic=False), RunProps(), in_link=False)
        p.append(end)

    def _list(
        self, items: tuple[ListItem, ...], ctx: _Context, *, numbered: bool, start: int
    ) -> None:
        level = min(ctx.depth, 8)
        self._state.lists.append((numbered, level, start))
        num_id = 2 + len(self._state.lists)
        style_id = LIST_NUMBER if numbered else LIST_BULLET
        inner = replace(
            ctx,
            para_style=LIST_CONTINUE if ctx.para_style == NORMAL else ctx.para_style,
            indent=_LIST_STEP * level + self._hanging,
            depth=ctx.depth + 1,
        )
        for item in items:
            self._state.pending_number = (style_id, num_id, level)
            if not item.children or not isinstance(item.children[0], Para):
                # The number needs a paragraph of its own before a nested list or table.
                self._paragraph(ParaProps(style=style_id), inner)
            for child in item.children:
                self._block(child, inner)
        self._state.pending_number = None

    def _box(self, kind: str, kids: tuple[Block, ...], ctx: _Context) -> None:
        look = self._boxes.get(kind)
        if look is None:  # compose validates kinds; an unknown one reads as body text
            for child in kids:
                self._block(child, ctx)
            return
        inner = replace(ctx, para_style=look.style_id, indent=None, italic=look.italic)
        last = len(kids) - 1
        for i, child in enumerate(kids):
            if isinstance(child, Para):
                # Only the ends of the box take its outer spacing; paragraphs inside keep
                # the style's small gap, so the shading and rule run on as one box.
                before = look.space_before if i == 0 else None
                after = look.space_after if i == last else None
                self._para(child.children, inner, before=before, after=after)
            else:
                self._block(child, inner)

    def _table(self, node: Table, ctx: _Context) -> None:
        if not any((node.header, *node.rows)):
            return
        indent = ox.twips(ctx.indent or 0)
        widths = [round(w) for w in node.column_widths(self._page.text_width - indent)]
        padding = (ox.twips(_CELL_PADDING[0]), ox.twips(_CELL_PADDING[1]))
        tbl = ox.table(widths, indent=indent, rule=self._colours.table_rule, margins=padding)
        cell_ctx = replace(ctx, italic=False)
        rows = [(True, node.header)] if node.header else []
        rows += [(False, row) for row in node.rows]
        for header, cells in rows:
            tr = ox.table_row(tbl, header=header)
            fill = self._colours.table_header_fill if header else None
            for i, width in enumerate(widths):
                tc = ox.table_cell(tr, width, fill)
                p = ox.paragraph(ParaProps(style=TABLE_HEADING if header else TABLE_TEXT))
                tc.append(p)
                if i < len(cells):
                    self._inlines(p, cells[i], cell_ctx, RunProps(), in_link=False)
        ctx.add(tbl)
        self._state.after_table = True

    # ----------------------------------------------------------------- inlines

    def _inlines(
        self,
        parent: Element,
        kids: tuple[Inline, ...],
        ctx: _Context,
        fmt: RunProps,
        *,
        in_link: bool,
    ) -> None:
        for node in kids:
            match node:
                case Text(text=text):
                    if text:
                        parent.append(ox.text_run(text, fmt))
                case Emph(children=inner):
                    italic = fmt.italic if fmt.italic is not None else ctx.italic
                    self._inlines(
                        parent, inner, ctx, replace(fmt, italic=not italic), in_link=in_link
                    )
                case Strong(children=inner):
                    self._inlines(parent, inner, ctx, replace(fmt, bold=True), in_link=in_link)
                case Link(children=inner):
                    link = None if in_link else self._hyperlink(node)
                    if link is None:
                        self._inlines(parent, inner, ctx, fmt, in_link=in_link)
                    else:
                        parent.append(link)
                        self._inlines(link, inner, ctx, replace(fmt, style=HYPERLINK), in_link=True)
                case NoteRef(number=number):
                    parent.append(self._note_ref(number, ctx))
                case LineBreak():
                    parent.append(ox.break_run(fmt))
                case _:
                    assert_never(node)

    def _hyperlink(self, link: Link) -> Element | None:
        if link.anchor is not None:
            return ox.hyperlink(anchor=ox.bookmark_name(link.anchor))
        if link.external:
            r_id = self._state.part.relate_to(link.url, RT.HYPERLINK, is_external=True)
            return ox.hyperlink(r_id=r_id)
        return None  # not a kind of link the tree promises: keep the text, drop the link

    def _note_ref(self, number: int, ctx: _Context) -> Element:
        state = self._state
        if ctx.in_note or number not in self._notes or number < 1 or number in state.notes_called:
            # A Word footnote has exactly one reference, outside the notes: anything else
            # prints as a plain superscript number.
            return ox.text_run(str(number), RunProps(style=NOTE_REF))
        state.notes_called.append(number)
        return ox.footnote_reference(number, NOTE_REF)

    # ----------------------------------------------------------------- parts

    def _footnotes(self) -> None:
        """word/footnotes.xml with every referenced note, hyperlinks related to that part."""
        if not self._state.notes_called:
            return
        root = ox.footnotes_root()
        part = XmlPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, self._word.part.package
        )
        self._word.part.relate_to(part, RT.FOOTNOTES)
        self._state.part = part
        for number in sorted(self._state.notes_called):
            container = ox.footnote(root, number)
            ctx = _Context(add=container.append, para_style=NOTE_TEXT, in_note=True)
            self._state.pending_note_mark = True
            self._state.after_table = False
            for block in self._notes[number].children:
                self._block(block, ctx)
            if (
                self._state.pending_note_mark
                or not len(container)
                or container[-1].tag != qn("w:p")
            ):
                # Empty note, or one ending in a table: Word wants a closing paragraph.
                self._paragraph(ParaProps(style=NOTE_TEXT), ctx)
        self._state.part = self._word.part

    def _trim_template(self) -> None:
        """Drop template parts that would mislead: a blank thumbnail, a second copy of the
        styles (stylesWithEffects.xml, which would keep Calibri headings), an empty
        bibliography, app properties claiming Word for Mac; describe our fonts instead."""
        part = self._word.part
        package = part.package
        for r_id, rel in list(part.rels.items()):
            if rel.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.FONT_TABLE):
                del part.rels[r_id]
        for r_id, rel in list(package.rels.items()):
            if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
                del package.rels[r_id]
        fonts = ox.font_table((self._style.fonts.body, self._style.fonts.heading))
        table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, fonts, package)
        part.relate_to(table, RT.FONT_TABLE)
        app = Part(
            PackURI("/docProps/app.xml"),
            CT.OFC_EXTENDED_PROPERTIES,
            ox.app_properties(self._pages),
            package,
        )
        package.relate_to(app, RT.EXTENDED_PROPERTIES)

    def _section(self) -> None:
        """Page size and margins; header (left text, marking at a right tab) and footer."""
        page = self._page
        section = self._word.sections[0]
        section.page_width, section.page_height = Twips(page.width), Twips(page.height)
        section.top_margin, section.bottom_margin = Twips(page.top), Twips(page.bottom)
        section.left_margin, section.right_margin = Twips(page.left), Twips(page.right)
        section.header_distance = Twips(page.top * 9 // 20)
        section.footer_distance = Twips(page.bottom * 9 // 20)
        section.gutter = Twips(0)

        header = section.header
        header.is_linked_to_previous = False
        hdr = header._element
        for child in list(hdr):
            hdr.remove(child)
        runs = [ox.text_run(self._style.header_footer.header_left)]
        if self._doc.meta.marking:
            marking = RunProps(bold=True, colour=self._colours.marking)
            runs += [ox.tab_run(), ox.text_run(self._doc.meta.marking, marking)]
        tabs: tuple[tuple[Literal["left", "right"], int], ...] = ()
        logo, place = self._style.logo, self._style.logo_placement()
        if logo is not None and place is not None:
            # The picture is the tallest thing on the header's line, so the header starts
            # at its top edge; text sits on its foot (the baseline), tab stops beside it.
            section.header_distance = Twips(ox.mm_to_twips(place.top))
            picture = self._logo(header.part, logo, place)
            margin = self._style.page.margins_mm.left
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

        footer = section.footer
        footer.is_linked_to_previous = False
        ftr = footer._element
        for child in list(ftr):
            ftr.remove(child)
        p = ox.paragraph(ParaProps(style=FOOTER))
        ftr.append(p)
        for piece in re.split(r"(\{pages\}|\{page\})", self._style.header_footer.footer):
            if piece == "{page}":
                runs = ox.field("PAGE", "1")
            elif piece == "{pages}":
                runs = ox.field("NUMPAGES", str(self._pages))
            elif piece:
                runs = [ox.text_run(piece)]
            else:
                continue
            for run in runs:
                p.append(run)

    def _logo(self, header: StoryPart, logo: Logo, place: LogoPlacement) -> Element:
        """The logo as an inline picture in ``header``, its image a part of its own.

        The image part is made here, not by python-docx's ``add_picture``: that one sniffs
        the file again and refuses JPEGs without a JFIF or Exif segment, which Pillow (and
        Word) read; the template check already knows the format and the pixel size.
        """
        image = logo.image
        ext, content_type = ("png", CT.PNG) if image.format == "PNG" else ("jpeg", CT.JPEG)
        package = self._word.part.package
        partname = package.next_partname(f"/word/media/image%d.{ext}")
        r_id = header.relate_to(ImagePart(partname, content_type, image.data), RT.IMAGE)
        size = (ox.mm_to_emu(place.width), ox.mm_to_emu(place.height))
        name = PurePosixPath(logo.file).name
        return ox.picture_run(header.next_id, r_id, name, size, descr="Logo")

    def _properties(self, meta: Meta, when: datetime, lang: str) -> None:
        props = self._word.core_properties
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


# --------------------------------------------------------------------------- styles


def _page(style: Style) -> _Page:
    m = style.page.margins_mm
    return _Page(
        width=ox.mm_to_twips(style.page.width_mm),
        height=ox.mm_to_twips(style.page.height_mm),
        top=ox.mm_to_twips(m.top),
        bottom=ox.mm_to_twips(m.bottom),
        left=ox.mm_to_twips(m.left),
        right=ox.mm_to_twips(m.right),
    )


def _box_looks(boxes: dict[str, BoxStyle]) -> dict[str, _BoxLook]:
    looks: dict[str, _BoxLook] = {}
    taken: set[str] = set()
    for kind, box in boxes.items():
        stem = "Box" + "".join(w.capitalize() for w in re.findall(r"[A-Za-z0-9]+", kind))
        style_id, n = stem, 1
        while style_id in taken:
            n += 1
            style_id = f"{stem}{n}"
        taken.add(style_id)
        looks[kind] = _BoxLook(style_id, box.italic, box.space_before, box.space_after)
    return looks


def _box_style(kind: str, box: BoxStyle, look: _BoxLook, style: Style) -> Element:
    f, c = style.fonts, style.colours
    size = box.size if box.size is not None else f.body_size
    leading = box.leading if box.leading is not None else size * f.body_leading / f.body_size
    para = ParaProps(before=0, after=round(leading * 0.3, 1), line=leading)
    if box.fill or box.rule:
        # Borders in the fill colour pad the text; the rule is a 3 pt left border.  Indents
        # pull the box in so its outer edges sit exactly on the text margins.
        pad = min(box.padding, 31)
        edge = Border(box.fill, 0.25, pad) if box.fill else None
        rule = Border(box.rule, 3, pad) if box.rule else edge
        rule_width = 3 if box.rule else 0.25 if box.fill else 0
        para = replace(
            para,
            borders=Borders(top=edge, left=rule, bottom=edge, right=edge),
            fill=box.fill,
            left=pad + rule_width,
            right=pad + (0.25 if box.fill else 0),
        )
    run = RunProps(
        font=f.heading if box.font == "heading" else f.body,
        bold=box.bold or None,
        italic=box.italic or None,
        caps=box.uppercase,
        colour=box.colour or c.text,
        size=size,
    )
    words = " ".join(w.capitalize() for w in re.findall(r"[A-Za-z0-9]+", kind)) or look.style_id
    return ox.style(
        "paragraph",
        look.style_id,
        f"Box {words}",
        para=para,
        run=run,
        based_on=NORMAL,
        next_style=NORMAL,
        priority=30,
        quick=True,
    )


def _style_elements(style: Style, page: _Page, boxes: dict[str, _BoxLook]) -> list[Element]:
    """The Word styles of the brief, from the Style (Word names for Word's own styles)."""
    f, c = style.fonts, style.colours
    rule = Border(c.table_rule, 0.5, 2)
    table_size = f.body_size - 0.5
    h2_rule = Borders(bottom=rule)
    return [
        ox.style(
            "paragraph",
            NORMAL,
            "Normal",
            default=True,
            quick=True,
            para=ParaProps(
                widow_control=True, after=round(f.body_leading * 0.4, 1), line=f.body_leading
            ),
            run=RunProps(font=f.body, size=f.body_size, colour=c.text),
        ),
        _heading_style(1, f.title_size, before=0, after=6, line=f.title_size * 1.2, style=style),
        _heading_style(
            2, f.h2_size, before=12, after=4, line=f.h2_size * 1.3, style=style, rule=h2_rule
        ),
        _heading_style(3, f.h3_size, before=8, after=2, line=f.h3_size * 1.3, style=style),
        *(
            ox.style(
                "paragraph",
                style_id,
                name,
                based_on=NORMAL,
                priority=99,
                para=ParaProps(num=(num_id, 0) if num_id else None, after=3),
            )
            for style_id, name, num_id in (
                (LIST_NUMBER, "List Number", ox.NUMBERED_BASE),
                (LIST_BULLET, "List Bullet", ox.BULLETED_BASE),
                (LIST_CONTINUE, "List Continue", 0),
            )
        ),
        ox.style(
            "paragraph",
            QUOTE,
            "Quote",
            based_on=NORMAL,
            next_style=NORMAL,
            priority=29,
            quick=True,
            para=ParaProps(
                left=_QUOTE_INDENT,
                right=_QUOTE_INDENT,
                borders=Borders(left=Border(c.accent, 1.5, 7)),
            ),
            run=RunProps(italic=True),
        ),
        ox.style(
            "paragraph",
            NOTE_TEXT,
            "footnote text",
            based_on=NORMAL,
            priority=99,
            para=ParaProps(after=1, line=f.small_size * 1.35, widow_control=True),
            run=RunProps(size=f.small_size),
        ),
        ox.style(
            "character",
            NOTE_REF,
            "footnote reference",
            priority=99,
            run=RunProps(superscript=True),
        ),
        ox.style(
            "character",
            HYPERLINK,
            "Hyperlink",
            priority=99,
            run=RunProps(colour=c.accent, underline=True),
        ),
        ox.style(
            "paragraph",
            HEADER,
            "header",
            based_on=NORMAL,
            priority=99,
            para=ParaProps(
                after=0,
                line=f.small_size * 1.3,
                right_tab=page.text_width,
                borders=Borders(bottom=Border(c.table_rule, 0.5, 4)),
            ),
            run=RunProps(font=f.heading, size=f.small_size, colour=c.muted),
        ),
        ox.style(
            "paragraph",
            FOOTER,
            "footer",
            based_on=NORMAL,
            priority=99,
            para=ParaProps(after=0, line=f.small_size * 1.3, align="right"),
            run=RunProps(font=f.heading, size=f.small_size, colour=c.muted),
        ),
        ox.style(
            "paragraph",
            TABLE_TEXT,
            "Table Text",
            based_on=NORMAL,
            priority=40,
            para=ParaProps(before=0, after=0, line=table_size * 1.3),
            run=RunProps(size=table_size),
        ),
        ox.style(
            "paragraph",
            TABLE_HEADING,
            "Table Heading",
            based_on=TABLE_TEXT,
            priority=40,
            para=ParaProps(keep_next=True),
            run=RunProps(font=f.heading, bold=True, colour=c.table_header_text),
        ),
        *(_box_style(kind, box, boxes[kind], style) for kind, box in style.boxes.items()),
    ]


def _heading_style(
    level: int,
    size: float,
    *,
    before: float,
    after: float,
    line: float,
    style: Style,
    rule: Borders | None = None,
) -> Element:
    return ox.style(
        "paragraph",
        HEADINGS[level],
        f"heading {level}",
        based_on=NORMAL,
        next_style=NORMAL,
        priority=9,
        quick=True,
        para=ParaProps(
            keep_next=True,
            keep_lines=True,
            borders=rule,
            before=before,
            after=after,
            line=line,
            outline_level=level - 1,
        ),
        run=RunProps(font=style.fonts.heading, bold=True, colour=style.colours.accent, size=size),
    )


# --------------------------------------------------------------------------- helpers


def _core(value: str) -> str:
    """A core property value, within OPC's 255-character limit."""
    return value[:255]


def _estimate_pages(doc: Document, style: Style, page: _Page) -> int:
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
            return _LIST_STEP
        case Quote():
            return 2 * _QUOTE_INDENT
        case Heading() | Para() | Table() | Box() | ListItem() | Note():
            return 0.0
        case _:
            assert_never(node)
