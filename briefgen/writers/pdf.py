"""Document → PDF bytes, with reportlab's platypus.

The walk mirrors the DOCX writer: an exhaustive ``match`` per block, state in one typed
dataclass.  What is special to PDF lives here:

- fonts: the template's TrueType faces, registered once per process (parsing a face
  costs far more than laying out a two-page brief), embedded as subsets;
- "Page X of Y": pages are held back by a canvas that draws the footers once the count
  is known, a single layout pass;
- the outline (bookmarks) and named destinations from the heading anchors, so ``#anchor``
  links and the reader's sidebar both work;
- reproducibility: with ``Meta.created`` set, fixed dates and a document ID derived from
  the content, so the same Document and Style give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    ListFlowable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from typing_extensions import assert_never

from briefgen.style import BoxStyle, LogoImage, NotesStyle, Style, font_files
from briefgen.tree import (
    Block,
    Box,
    BulletList,
    Document,
    Heading,
    Inline,
    ListItem,
    Note,
    OrderedList,
    Para,
    Quote,
    walk,
)
from briefgen.tree import (
    Table as TableNode,
)
from briefgen.writers._rlmarkup import (
    MarkupContext,
    anchor_markup,
    escape_text,
    inline_markup,
    outline_text,
)

__all__ = ["render_pdf"]

CREATOR = "briefgen"
PRODUCER = "briefgen (ReportLab)"
"""Fixed, so that a reportlab upgrade alone does not change the bytes of the Info dict."""


def render_pdf(doc: Document, style: Style) -> bytes:
    """Lay out ``doc`` with ``style`` and return the PDF file's bytes."""
    return _PdfWriter(doc, style).render()


# --------------------------------------------------------------------------- fonts

_FONT_LOCK = threading.Lock()
_FACE_NAMES: dict[Path, str] = {}
"""TrueType file → the name it is registered under with reportlab (once per process)."""
_FAMILIES: set[str] = set()


@dataclass(frozen=True, slots=True)
class _Faces:
    """The reportlab names of one family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, *, bold: bool = False, italic: bool = False) -> str:
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


def _faces(family: str) -> _Faces:
    """Register ``family``'s faces (once) and tie them together for ``<b>`` and ``<i>``."""
    files = font_files(family)
    with _FONT_LOCK:
        faces = _Faces(
            regular=_register(files.regular),
            bold=_register(files.bold),
            italic=_register(files.italic),
            bold_italic=_register(files.bold_italic),
        )
        if faces.regular not in _FAMILIES:
            # The family is named after its regular face, so a paragraph set in any of
            # the four faces finds the others when its markup says <b> or <i>.
            pdfmetrics.registerFontFamily(
                faces.regular,
                normal=faces.regular,
                bold=faces.bold,
                italic=faces.italic,
                boldItalic=faces.bold_italic,
            )
            _FAMILIES.add(faces.regular)
    return faces


def _register(path: Path) -> str:
    name = _FACE_NAMES.get(path)
    if name is None:
        # Two templates may ship different files with the same name; reportlab's
        # registry is global and keyed by name, so the second one gets a suffix.
        taken = set(_FACE_NAMES.values())
        name, n = path.stem, 1
        while name in taken:
            n += 1
            name = f"{path.stem}~{n}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _FACE_NAMES[path] = name
    return name


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True)
class _Styles:
    """Every paragraph style of one render, made from the Style once."""

    body: ParagraphStyle
    headings: dict[int, ParagraphStyle]
    head_cell: ParagraphStyle
    cell: ParagraphStyle
    note: ParagraphStyle
    boxes: dict[str, ParagraphStyle]


_RULE_GAP = 3.0
"""Points between a section heading's text and the rule under it."""


class _RuledParagraph(Paragraph):
    """A paragraph with a thin full-width rule under it (the DOCX's bottom border)."""

    def __init__(self, text: str, style: ParagraphStyle, colour: colors.Color) -> None:
        super().__init__(text, style)
        self._rule_colour = colour

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self._rule_colour)
        canvas.setLineWidth(0.5)
        canvas.line(0, -_RULE_GAP, self.width, -_RULE_GAP)
        canvas.restoreState()


def _colour(value: str) -> colors.Color:
    return colors.HexColor(value)


def _make_styles(style: Style, body: _Faces, heading: _Faces) -> _Styles:
    f, c = style.fonts, style.colours
    text = _colour(c.text)
    accent = _colour(c.accent)
    base = ParagraphStyle(
        "body",
        fontName=body.regular,
        fontSize=f.body_size,
        leading=f.body_leading,
        textColor=text,
        spaceAfter=round(f.body_leading * 0.45, 2),
        allowWidows=0,
        allowOrphans=0,
        bulletFontName=body.regular,
    )

    def heading_style(level: int, size: float, before: float, after: float) -> ParagraphStyle:
        return ParagraphStyle(
            f"h{level}",
            parent=base,
            fontName=heading.bold,
            fontSize=size,
            leading=round(size * 1.25, 2),
            textColor=accent,
            spaceBefore=before,
            spaceAfter=after,
            bulletFontName=heading.bold,
        )

    small = f.small_size
    cell_size = max(f.body_size - 0.5, small + 1)
    cell = ParagraphStyle(
        "cell",
        parent=base,
        fontSize=cell_size,
        leading=round(cell_size * f.body_leading / f.body_size, 2),
        spaceAfter=0,
    )
    boxes = {
        kind: _box_style(kind, box, base, body, heading, style) for kind, box in style.boxes.items()
    }
    return _Styles(
        body=base,
        headings={
            1: heading_style(1, f.title_size, 0, 5),
            2: heading_style(2, f.h2_size, 12, 4 + _RULE_GAP),
            3: heading_style(3, f.h3_size, 9, 3),
        },
        head_cell=ParagraphStyle(
            "head_cell",
            parent=cell,
            fontName=heading.bold,
            textColor=_colour(c.table_header_text),
        ),
        cell=cell,
        note=ParagraphStyle(
            "note",
            parent=base,
            fontSize=small,
            leading=round(small * 1.35, 2),
            spaceAfter=2,
            leftIndent=12,
            firstLineIndent=-12,
        ),
        boxes=boxes,
    )


def _box_style(
    kind: str, box: BoxStyle, base: ParagraphStyle, body: _Faces, heading: _Faces, style: Style
) -> ParagraphStyle:
    faces = heading if box.font == "heading" else body
    size = box.size if box.size is not None else style.fonts.body_size
    leading = box.leading
    if leading is None:
        leading = size * style.fonts.body_leading / style.fonts.body_size
    return ParagraphStyle(
        f"box-{kind}",
        parent=base,
        fontName=faces.pick(bold=box.bold, italic=box.italic),
        fontSize=size,
        leading=leading,
        textColor=_colour(box.colour or style.colours.text),
        textTransform="uppercase" if box.uppercase else None,
        spaceAfter=round(leading * 0.25, 2),
    )


# --------------------------------------------------------------------------- flowables


class _RoomFor(CondPageBreak):
    """Start a new page unless a heading, and the start of what follows it, fit here.

    reportlab's keepWithNext keeps a heading with the *whole* next flowable, so a heading
    over a long list or table would drag all of it to the next page and leave a hole;
    this asks only for the heading(s) and the first few lines of what comes next.
    """

    def __init__(self, heading: Sequence[Flowable], follow: float, page: float) -> None:
        super().__init__(0)
        self._keep: list[Flowable] = list(heading)
        self._then: Flowable | None = None
        self._follow = follow
        self._page = page
        """The frame's full height: with that much room, breaking cannot help."""

    def keep(self, flowables: Sequence[Flowable]) -> None:
        """A heading that follows at once must fit as well (no heading pile at a page end)."""
        self._keep.extend(flowables)

    def then(self, flowable: Flowable) -> None:
        self._then = flowable

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availHeight >= self._page - 0.01:
            return 0, 0  # a fresh page is as good as it gets
        need = 0.0
        for f in self._keep:
            need += f.getSpaceBefore() + f.wrapOn(self.canv, availWidth, availHeight)[1]
            need += f.getSpaceAfter()
        if self._then is not None:
            h = self._then.wrapOn(self.canv, availWidth, availHeight)[1]
            need += self._then.getSpaceBefore() + min(h, self._follow)
        self.height = need
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return result


class _DeferredCanvas(Canvas):
    """A canvas that holds every page back until the end, to print "Page X of Y".

    Page content is kept as the canvas's own state per page (the well-known
    "NumberedCanvas" recipe).  Named destinations are held back too: reportlab binds one
    to the page being *written*, and while pages are held back that is always page 1.
    """

    def __init__(
        self,
        filename: Any,
        *,
        footer: Callable[[Canvas, int, int], None],
        outline: Sequence[tuple[str, str, int]],
        created: datetime | None,
        signature: bytes,
        **kwargs: Any,
    ) -> None:
        super().__init__(filename, **kwargs)
        self._footer = footer
        self._outline = outline
        self._held: list[dict[str, Any]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []
        if created is not None:
            stamp = created.strftime("D:%Y%m%d%H%M%S+00'00'")  # created is in UTC
            self.setDateFormatter(lambda *_: stamp)
            # reportlab's ID digests a timestamp (SOURCE_DATE_EPOCH or a fixed one) and the
            # Info strings; ours digests what was rendered, so it is stable *and* differs
            # between documents that share a title.
            vars(self)["_doc"].signature = hashlib.md5(signature, usedforsecurity=False)

    def bookmarkPage(
        self,
        key: str,
        fit: str = "Fit",
        left: float | None = None,
        top: float | None = None,
        bottom: float | None = None,
        right: float | None = None,
        zoom: float | None = None,
    ) -> Any:
        where = {"fit": fit, "left": left, "top": top, "bottom": bottom, "right": right}
        self._marks.append((key, {**where, "zoom": zoom}))
        return self._bookmarkReference(key)  # type: ignore[attr-defined]

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._marks = []
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        held = self._held
        total = len(held)
        bound: set[str] = set()
        for number, state in enumerate(held, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            for key, kw in self._marks:
                Canvas.bookmarkPage(self, key, **kw)
                bound.add(key)
            Canvas.showPage(self)
        for title, key, level in self._outline:
            self.addOutlineEntry(title, key, level, closed=False)
        if self._outline:
            self.showOutline()
        self._name_destinations(sorted(bound, key=_pdf_string_order))
        Canvas.save(self)

    def _name_destinations(self, names: list[str]) -> None:
        """List the anchors in the catalog's /Dests name tree (``brief.pdf#evidence``).

        reportlab writes explicit destinations into links and the outline, which is all
        the document itself needs; the name tree lets a link from outside open at a
        section too.
        """
        if not names:
            return
        pairs: list[Any] = []
        for name in names:
            pairs += [PDFString(name), self._bookmarkReference(name)]  # type: ignore[attr-defined]
        tree = PDFDictionary({"Dests": PDFDictionary({"Names": PDFArray(pairs)})})
        vars(self)["_doc"].Catalog.Names = tree


def _pdf_string_order(name: str) -> bytes:
    """A name tree's keys are sorted as the bytes of their PDF strings.

    reportlab writes a string in PDFDocEncoding when it can (its codec "pdfdoc",
    registered when pdfdoc is imported), else as UTF-16BE with a byte-order mark.
    """
    try:
        return name.encode("pdfdoc")
    except UnicodeEncodeError:
        return b"\xfe\xff" + name.encode("utf-16-be", "surrogatepass")


# --------------------------------------------------------------------------- the header

_LOGO_LOCK = threading.Lock()
_LOGO_READERS: dict[str, ImageReader] = {}
"""Logo digest → its reader, which keeps the decoded pixels: a batch decodes a logo once
per process, not once per brief."""
_MAX_LOGO_READERS = 8


def _logo_reader(image: LogoImage) -> ImageReader:
    """The (shared) reader of ``image``; call with ``_LOGO_LOCK`` held."""
    reader = _LOGO_READERS.get(image.digest)
    if reader is None:
        if len(_LOGO_READERS) >= _MAX_LOGO_READERS:
            _LOGO_READERS.clear()
        # From the bytes the template check read, not the file, which may have changed.
        reader = _LOGO_READERS[image.digest] = ImageReader(io.BytesIO(image.data))
    return reader


def _header_texts(
    label: str, marking: str, faces: _Faces, size: float, room: float
) -> tuple[str, str, float]:
    """The header's left text, the marking and the marking's size, fitted to ``room``.

    The marking must print whole, so it shrinks if it alone is too wide; the left text
    gives way to it, cut short with an ellipsis, rather than run into it.
    """
    marking_size = size
    if marking:
        width = pdfmetrics.stringWidth(marking, faces.bold, size)
        if width > room:
            marking_size = size * room / width
            width = room
        room -= width + size  # an em between the two
    if pdfmetrics.stringWidth(label, faces.regular, size) > room:
        while label and pdfmetrics.stringWidth(label + "…", faces.regular, size) > room:
            label = label[:-1]
        label = label.rstrip() + "…" if label else ""
    return label, marking, marking_size


# --------------------------------------------------------------------------- the writer


@dataclass(frozen=True, slots=True)
class _Ctx:
    """Where a block sits: the paragraph style it takes and the width it has."""

    para: ParagraphStyle
    width: float
    depth: int = 0
    """List nesting depth."""


@dataclass(slots=True)
class _State:
    """Everything the walk accumulates or looks up."""

    style: Style
    styles: _Styles
    body: _Faces
    heading: _Faces
    markup: MarkupContext
    frame_width: float
    frame_height: float
    outline: list[tuple[str, str, int]] = field(default_factory=list)
    outline_open: list[int] = field(default_factory=list)
    """Levels of the headings the next outline entry may nest under."""
    guards: list[_RoomFor] = field(default_factory=list)
    """Heading guards still waiting for the block that follows their heading."""
    variants: dict[str, ParagraphStyle] = field(default_factory=dict)
    """Derived paragraph styles (tighter in lists, italic in quotes), made once each."""


class _PdfWriter:
    def __init__(self, doc: Document, style: Style) -> None:
        self._doc = doc
        body = _faces(style.fonts.body)
        heading = _faces(style.fonts.heading)
        page_w, page_h = _page_size(style)
        margins = style.page.margins_mm
        anchors = {node.anchor for node, _ in walk(doc.blocks) if isinstance(node, Heading)}
        anchors.update(note.anchor for note in doc.notes)
        anchors.add(doc.notes_anchor)
        self._s = _State(
            style=style,
            styles=_make_styles(style, body, heading),
            body=body,
            heading=heading,
            markup=MarkupContext(
                link_colour=style.colours.accent,
                anchors=frozenset(anchors),
                notes=frozenset(n.number for n in doc.notes),
            ),
            frame_width=page_w - (margins.left + margins.right) * mm,
            frame_height=page_h - (margins.top + margins.bottom) * mm,
        )

    # ------------------------------------------------------------------ document

    def render(self) -> bytes:
        s = self._s
        style, meta = s.style, self._doc.meta
        size = _page_size(style)
        m = style.page.margins_mm
        frame = Frame(
            m.left * mm,
            m.bottom * mm,
            s.frame_width,
            s.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        story = self._story()
        buf = io.BytesIO()
        template = BaseDocTemplate(
            buf,
            pagesize=size,
            leftMargin=m.left * mm,
            rightMargin=m.right * mm,
            topMargin=m.top * mm,
            bottomMargin=m.bottom * mm,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=list(meta.keywords),
            creator=CREATOR,
            producer=PRODUCER,
            invariant=1 if meta.created_at else 0,
            lang=meta.language or None,
            initialFontName=s.body.regular,
            displayDocTitle=True,
            pageTemplates=[PageTemplate(id="page", frames=[frame], onPage=self._header)],
        )
        signature = "\0".join((meta.created, repr(self._doc), _settings(style)))
        if style.logo is not None:
            signature += "\0" + style.logo.image.digest  # the picture, not just its name
        canvasmaker = partial(
            _DeferredCanvas,
            footer=self._footer,
            outline=s.outline,
            created=meta.created_at,
            signature=signature.encode("utf-8", "surrogatepass"),
        )
        template.build(story, canvasmaker=canvasmaker)
        return buf.getvalue()

    def _story(self) -> list[Flowable]:
        s = self._s
        top = _Ctx(para=s.styles.body, width=s.frame_width)
        story: list[Flowable] = []
        for block in self._doc.blocks:
            self._place(story, self._block(block, top), heading=isinstance(block, Heading))
        if self._doc.notes:
            self._notes(story)
        if not story:
            story.append(Spacer(0, 0))  # a PDF needs a page, even an empty one
        return story

    def _place(self, story: list[Flowable], flows: list[Flowable], *, heading: bool) -> None:
        """Append a top-level block, guarding headings against a page end."""
        s = self._s
        if not flows:
            return
        if heading:
            for guard in s.guards:
                guard.keep(flows)
            guard = _RoomFor(flows, follow=3 * s.style.fonts.body_leading, page=s.frame_height)
            s.guards.append(guard)
            story.append(guard)
        else:
            for guard in s.guards:
                guard.then(flows[0])
            s.guards.clear()
        story.extend(flows)

    def _notes(self, story: list[Flowable]) -> None:
        """Endnotes: a small section under the template's notes heading, each note a
        numbered paragraph."""
        s = self._s
        label, anchor = s.style.notes.heading, self._doc.notes_anchor
        title = Paragraph(anchor_markup(anchor) + escape_text(label), s.styles.headings[2])
        self._outline_entry(label, anchor, 2)
        self._place(story, [title], heading=True)
        ctx = _Ctx(para=s.styles.note, width=s.frame_width)
        for note in self._doc.notes:
            self._place(story, self._note(note, ctx), heading=False)

    def _note(self, note: Note, ctx: _Ctx) -> list[Flowable]:
        label = anchor_markup(note.anchor) + f"{note.number}.\u2002"
        first, rest = (note.children[0], note.children[1:]) if note.children else (None, ())
        if isinstance(first, Para):
            flows: list[Flowable] = [
                Paragraph(label + inline_markup(first.children, self._s.markup), ctx.para)
            ]
        else:
            flows = [Paragraph(label, ctx.para)]
            rest = note.children
        flows.extend(self._blocks(rest, ctx))
        return flows

    # ------------------------------------------------------------------ page decoration

    def _header(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        s = self._s
        style = s.style
        size = _page_size(style)
        m = style.page.margins_mm
        left, right = m.left * mm, size[0] - m.right * mm
        top = size[1] - m.top * mm
        small = style.fonts.small_size
        base = top + max(m.top * mm * 0.42, small + 6)
        rule = base - 4
        text_left, text_right = left, right
        canvas.saveState()
        place = style.logo_placement()
        if place is not None and style.logo is not None:
            # The text stands on the logo's foot, beside it; the rule clears the
            # descenders by the 4 pt the DOCX header's bottom border keeps.
            base = size[1] - (place.top + place.height) * mm
            rule = base + pdfmetrics.getDescent(s.heading.regular, small) - 4
            text_left, text_right = place.text_left * mm, place.text_right * mm
            with _LOGO_LOCK:  # the reader, its pixels and its file handle are shared
                canvas.drawImage(
                    _logo_reader(style.logo.image),
                    place.x * mm,
                    base,
                    width=place.width * mm,
                    height=place.height * mm,
                    mask="auto",  # a PNG's transparency stays transparent
                )
        label, marking, marking_size = _header_texts(
            style.header_footer.header_left,
            self._doc.meta.marking,
            s.heading,
            small,
            text_right - text_left,
        )
        canvas.setFont(s.heading.regular, small)
        canvas.setFillColor(_colour(style.colours.muted))
        canvas.drawString(text_left, base, label)
        if marking:
            canvas.setFont(s.heading.bold, marking_size)
            canvas.setFillColor(_colour(style.colours.marking))
            canvas.drawRightString(text_right, base, marking)
        canvas.setStrokeColor(_colour(style.colours.table_rule))
        canvas.setLineWidth(0.5)
        canvas.line(left, rule, right, rule)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, page: int, pages: int) -> None:
        style = self._s.style
        size = _page_size(style)
        m = style.page.margins_mm
        small = style.fonts.small_size
        text = style.header_footer.footer.replace("{page}", str(page))
        text = text.replace("{pages}", str(pages))
        canvas.saveState()
        canvas.setFont(self._s.heading.regular, small)
        canvas.setFillColor(_colour(style.colours.muted))
        # Right-aligned, as in the DOCX footer.
        canvas.drawRightString(size[0] - m.right * mm, m.bottom * mm * 0.45, text)
        canvas.restoreState()

    # ------------------------------------------------------------------ blocks

    def _blocks(self, blocks: Sequence[Block], ctx: _Ctx) -> list[Flowable]:
        flows: list[Flowable] = []
        for block in blocks:
            flows.extend(self._block(block, ctx))
        return flows

    def _block(self, node: Block, ctx: _Ctx) -> list[Flowable]:
        s = self._s
        match node:
            case Heading(level=level, anchor=anchor, children=kids):
                self._outline_entry(outline_text(kids), anchor, level)
                style = s.styles.headings[min(max(level, 1), 3)]
                markup = anchor_markup(anchor) + inline_markup(kids, s.markup)
                if level == 2:  # section headings carry a thin rule, as in the DOCX
                    return [_RuledParagraph(markup, style, _colour(s.style.colours.table_rule))]
                return [Paragraph(markup, style)]
            case Para(children=kids):
                return [Paragraph(inline_markup(kids, s.markup), ctx.para)]
            case BulletList(items=items):
                return [self._list(items, ctx, start=None)] if items else []
            case OrderedList(items=items, start=start):
                return [self._list(items, ctx, start=start)] if items else []
            case TableNode(header=header, rows=rows):
                return [self._table(node, ctx)] if header or rows else []
            case Quote(children=kids):
                return [self._quote(kids, ctx)] if kids else []
            case Box(kind=kind, children=kids):
                return self._box(kind, kids, ctx)
            case _:
                assert_never(node)

    def _outline_entry(self, title: str, anchor: str, level: int) -> None:
        # An entry sits under the nearest earlier heading of a higher rank, so the tree
        # never skips a level (reportlab refuses that) even when the headings do.
        s = self._s
        while s.outline_open and s.outline_open[-1] >= level:
            s.outline_open.pop()
        s.outline.append((title or anchor, anchor, len(s.outline_open)))
        s.outline_open.append(level)

    def _variant(self, para: ParagraphStyle, suffix: str, **changes: Any) -> ParagraphStyle:
        """``para`` with some changes: list items are tighter, quotes italic."""
        variants = self._s.variants
        name = f"{para.name}-{suffix}"
        found = variants.get(name)
        if found is None:
            found = variants[name] = ParagraphStyle(name, parent=para, **changes)
        return found

    def _list(self, items: tuple[ListItem, ...], ctx: _Ctx, *, start: int | None) -> Flowable:
        s = self._s
        para = self._variant(ctx.para, "tight", spaceAfter=ctx.para.spaceAfter / 2)
        ordered = start is not None
        indent = para.fontSize * (1.9 if ordered else 1.4)
        inner = replace(ctx, para=para, width=ctx.width - indent, depth=ctx.depth + 1)
        contents: list[list[Flowable]] = []
        for item in items:
            flows = self._blocks(item.children, inner)
            contents.append(flows or [Paragraph("", para)])
        accent = _colour(s.style.colours.accent)
        common: dict[str, Any] = {
            "leftIndent": indent,
            "bulletFontSize": para.fontSize,
            "bulletColor": accent,
            "spaceAfter": ctx.para.spaceAfter,
        }
        if ordered:
            return ListFlowable(
                contents,
                start=start,
                bulletType="1",
                bulletFormat="%s.",
                bulletFontName=s.heading.bold,
                bulletAlign="right",
                bulletDedent=para.fontSize * 0.45,
                **common,
            )
        return ListFlowable(
            contents,
            start="\u2022" if ctx.depth % 2 == 0 else "\u2013",
            bulletType="bullet",
            bulletFontName=s.body.regular,
            bulletAlign="left",
            bulletDedent=indent - para.fontSize * 0.15,
            **common,
        )

    def _table(self, node: TableNode, ctx: _Ctx) -> Flowable:
        s = self._s
        st = s.styles
        ncols = node.columns
        rows = [_pad(node.header, ncols), *(_pad(row, ncols) for row in node.rows)]
        data: list[list[Flowable]] = [
            [Paragraph(inline_markup(cell, s.markup), st.head_cell) for cell in rows[0]]
        ]
        data.extend(
            [Paragraph(inline_markup(cell, s.markup), st.cell) for cell in row] for row in rows[1:]
        )
        c = s.style.colours
        table = Table(
            data,
            colWidths=list(node.column_widths(ctx.width, 3)),
            repeatRows=1,
            hAlign="LEFT",
            splitInRow=1,
            style=TableStyle(
                [
                    # Cells hold Paragraphs, but the table still sets a font per cell;
                    # its default is Helvetica, which would land in the file unembedded.
                    ("FONTNAME", (0, 0), (-1, -1), s.body.regular),
                    ("BACKGROUND", (0, 0), (-1, 0), _colour(c.table_header_fill)),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.5, _colour(c.table_rule)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
                ]
            ),
        )
        table.spaceBefore = 3
        table.spaceAfter = round(s.style.fonts.body_leading * 0.7, 2)
        return table

    def _quote(self, kids: tuple[Block, ...], ctx: _Ctx) -> Flowable:
        s = self._s
        rule, pad = 2.0, 10.0
        outer = ctx.width - 6
        family, bold, _ = ps2tt(ctx.para.fontName)
        para = self._variant(ctx.para, "quote", fontName=tt2ps(family, bold, 1))
        inner = replace(ctx, para=para, width=outer - rule / 2 - pad)
        panel = _panel(
            self._blocks(kids, inner),
            outer,
            fill=None,
            rule=s.style.colours.accent,
            rule_width=rule,
            padding=(pad, 0, 1, 1),
            font=s.body.regular,
        )
        panel.spaceBefore = 2
        panel.spaceAfter = ctx.para.spaceAfter + 2
        return panel

    def _box(self, kind: str, kids: tuple[Block, ...], ctx: _Ctx) -> list[Flowable]:
        s = self._s
        box = s.style.boxes.get(kind)
        para = s.styles.boxes.get(kind)
        if box is None or para is None:  # compose validates kinds; still, print the text
            return self._blocks(kids, ctx)
        framed = box.fill is not None or box.rule is not None
        rule = 3.0 if box.rule is not None else 0.0
        pad = box.padding if framed else 0.0
        inner = replace(ctx, para=para, width=ctx.width - rule / 2 - 2 * pad)
        flows = self._blocks(kids, inner)
        if not flows:
            return []
        if framed:
            panel = _panel(
                flows,
                ctx.width,
                fill=box.fill,
                rule=box.rule,
                rule_width=rule,
                padding=(pad, pad, pad, pad),
                font=s.body.regular,
            )
            panel.spaceBefore = box.space_before
            panel.spaceAfter = box.space_after
            return [panel]
        flows[0].spaceBefore = box.space_before
        flows[-1].spaceAfter = box.space_after
        return flows


def _panel(
    flows: list[Flowable],
    width: float,
    *,
    fill: str | None,
    rule: str | None,
    rule_width: float,
    padding: tuple[float, float, float, float],
    font: str,
) -> Table:
    """A one-cell table: optional background, optional rule down the left edge, padding.

    The rule is drawn centred on the cell's edge, so the cell starts half a rule in from
    the text edge and the rule ends flush with it.  ``padding`` is left, right, top, bottom.
    """
    left, right, top, bottom = padding
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # not the Helvetica default (see _table)
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]
    if fill is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), _colour(fill)))
    if rule is not None:
        commands.append(("LINEBEFORE", (0, 0), (0, -1), rule_width, _colour(rule)))
    return Table(
        [[flows]],
        colWidths=[width - rule_width / 2],
        hAlign="RIGHT",
        splitInRow=1,
        style=TableStyle(commands),
    )


def _pad(cells: tuple[tuple[Inline, ...], ...], n: int) -> list[tuple[Inline, ...]]:
    return [*cells, *([()] * (n - len(cells)))]


def _page_size(style: Style) -> tuple[float, float]:
    """The page's width and height in points."""
    return style.page.width_mm * mm, style.page.height_mm * mm


_LATER_SETTINGS = {"notes"}
"""Style settings newer than the document ID's recipe."""


def _settings(style: Style) -> str:
    """The style as the document ID digests it: settings added later count only where a
    template sets them, so that an upgrade alone does not change a PDF's bytes."""
    settings = style.model_dump_json(exclude=_LATER_SETTINGS)
    if style.notes != NotesStyle():
        settings += style.model_dump_json(include=_LATER_SETTINGS)
    return settings
