"""Raw OOXML (WordprocessingML) builders for the DOCX writer.

python-docx has no API for footnotes, complex fields, bookmarks, internal hyperlinks,
paragraph shading/borders, numbering definitions or font descriptors, so this module builds
those elements directly.  It knows WordprocessingML, not the briefgen tree: ``docx.py``
walks the tree and decides what to build, this module only says how it is spelt.

Child order inside ``w:pPr``, ``w:rPr``, ``w:tblPr``, ``w:tcPr`` and ``w:style`` follows the
schema sequences (ECMA-376 Part 1, §17); Word refuses a file whose children are out of
order, even where LibreOffice would not notice.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Emu

# python-docx types its elements loosely (lxml has no stubs); an alias keeps signatures legible.
Element = Any

# --------------------------------------------------------------------------- units


def twips(points: float) -> int:
    """Points → twentieths of a point (the unit of most WordprocessingML lengths)."""
    return round(points * 20)


def mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def mm_to_emu(mm: float) -> int:
    """Millimetres → English Metric Units (DrawingML lengths): 36,000 to the millimetre."""
    return round(mm * 36_000)


def _hex(colour: str) -> str:
    """``#1f3a5f`` → ``1F3A5F`` (WordprocessingML colours carry no ``#``)."""
    return colour.lstrip("#").upper()


def el(tag: str, **attrs: str | int) -> Element:
    """A new ``w:`` element with ``w:``-qualified attributes (``val=…`` → ``w:val``)."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _sub(parent: Element, tag: str, **attrs: str | int) -> Element:
    child = el(tag, **attrs)
    parent.append(child)
    return child


# --------------------------------------------------------------------------- properties


@dataclass(frozen=True, slots=True)
class Border:
    colour: str
    """``#rrggbb``."""
    width: float
    """Line width in points."""
    space: float = 0
    """Distance between border and text in points (Word caps it at 31)."""


@dataclass(frozen=True, slots=True)
class Borders:
    top: Border | None = None
    left: Border | None = None
    bottom: Border | None = None
    right: Border | None = None


@dataclass(frozen=True, slots=True)
class RunProps:
    """Character formatting; None (or False) leaves a property to the style."""

    style: str | None = None
    """Character style id, e.g. ``Hyperlink``."""
    font: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool = False
    colour: str | None = None
    size: float | None = None
    """Points."""
    underline: bool = False
    superscript: bool = False
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class ParaProps:
    """Paragraph formatting; None (or False) leaves a property to the style.  Points."""

    style: str | None = None
    """Paragraph style id, e.g. ``Heading2``."""
    keep_next: bool = False
    keep_lines: bool = False
    widow_control: bool = False
    num: tuple[int, int] | None = None
    """(numId, ilvl) of a numbered or bulleted paragraph."""
    borders: Borders | None = None
    fill: str | None = None
    right_tab: int | None = None
    """Position of a right-aligned tab stop, in twips."""
    tabs: tuple[tuple[Literal["left", "right"], int], ...] = ()
    """More tab stops: (alignment, position in twips)."""
    before: float | None = None
    after: float | None = None
    line: float | None = None
    """Line height ("at least", so superscripts and larger glyphs never clip)."""
    left: float | None = None
    right: float | None = None
    hanging: float | None = None
    align: Literal["left", "center", "right", "both"] | None = None
    outline_level: int | None = None


def _toggle(parent: Element, tag: str, value: bool | None) -> None:
    if value is not None:
        _sub(parent, tag) if value else _sub(parent, tag, val=0)


def rpr(props: RunProps) -> Element | None:
    """``w:rPr`` for ``props``, or None when there is nothing to say."""
    r = el("w:rPr")
    if props.style:
        _sub(r, "w:rStyle", val=props.style)
    if props.font:
        _sub(r, "w:rFonts", ascii=props.font, hAnsi=props.font, eastAsia=props.font, cs=props.font)
    _toggle(r, "w:b", props.bold)
    _toggle(r, "w:bCs", props.bold)
    _toggle(r, "w:i", props.italic)
    _toggle(r, "w:iCs", props.italic)
    if props.caps:
        _sub(r, "w:caps")
    if props.colour:
        _sub(r, "w:color", val=_hex(props.colour))
    if props.size is not None:
        _sub(r, "w:sz", val=round(props.size * 2))
        _sub(r, "w:szCs", val=round(props.size * 2))
    if props.underline:
        _sub(r, "w:u", val="single")
    if props.superscript:
        _sub(r, "w:vertAlign", val="superscript")
    if props.lang:
        _sub(r, "w:lang", val=props.lang)
    return r if len(r) else None


def _border(parent: Element, side: str, border: Border | None) -> None:
    if border is not None:
        _sub(
            parent,
            f"w:{side}",
            val="single",
            sz=max(2, round(border.width * 8)),  # eighths of a point
            space=min(31, round(border.space)),  # points
            color=_hex(border.colour),
        )


def ppr(props: ParaProps) -> Element | None:
    """``w:pPr`` for ``props``, or None when there is nothing to say."""
    p = el("w:pPr")
    if props.style:
        _sub(p, "w:pStyle", val=props.style)
    if props.keep_next:
        _sub(p, "w:keepNext")
    if props.keep_lines:
        _sub(p, "w:keepLines")
    if props.widow_control:
        _sub(p, "w:widowControl")
    if props.num is not None:
        num_pr = _sub(p, "w:numPr")
        _sub(num_pr, "w:ilvl", val=props.num[1])
        _sub(num_pr, "w:numId", val=props.num[0])
    if props.borders is not None:
        bdr = _sub(p, "w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            _border(bdr, side, getattr(props.borders, side))
    if props.fill:
        _sub(p, "w:shd", val="clear", color="auto", fill=_hex(props.fill))
    stops = list(props.tabs)
    if props.right_tab is not None:
        stops.append(("right", props.right_tab))
    if stops:
        tabs = _sub(p, "w:tabs")
        for align, pos in sorted(stops, key=lambda stop: stop[1]):  # Word lists them in order
            _sub(tabs, "w:tab", val=align, pos=pos)
    if props.before is not None or props.after is not None or props.line is not None:
        spacing = _sub(p, "w:spacing")
        if props.before is not None:
            spacing.set(qn("w:before"), str(twips(props.before)))
        if props.after is not None:
            spacing.set(qn("w:after"), str(twips(props.after)))
        if props.line is not None:
            spacing.set(qn("w:line"), str(twips(props.line)))
            spacing.set(qn("w:lineRule"), "atLeast")
    if props.left is not None or props.right is not None or props.hanging is not None:
        ind = _sub(p, "w:ind")
        if props.left is not None:
            ind.set(qn("w:left"), str(twips(props.left)))
        if props.right is not None:
            ind.set(qn("w:right"), str(twips(props.right)))
        if props.hanging is not None:
            ind.set(qn("w:hanging"), str(twips(props.hanging)))
    if props.align:
        _sub(p, "w:jc", val=props.align)
    if props.outline_level is not None:
        _sub(p, "w:outlineLvl", val=props.outline_level)
    return p if len(p) else None


# --------------------------------------------------------------------------- paragraphs, runs


def paragraph(props: ParaProps) -> Element:
    p = el("w:p")
    pr = ppr(props)
    if pr is not None:
        p.append(pr)
    return p


def _run(props: RunProps | None) -> Element:
    r = el("w:r")
    pr = rpr(props) if props is not None else None
    if pr is not None:
        r.append(pr)
    return r


def text_run(text: str, props: RunProps | None = None) -> Element:
    """A run of literal text; tabs and newlines become ``w:tab`` and ``w:br``.

    ``text`` holds no character XML forbids: the tree and the style drop them."""
    r = _run(props)
    for piece in re.split(r"(\t|\r\n|\n|\r)", text):
        if piece == "\t":
            _sub(r, "w:tab")
        elif piece in ("\n", "\r\n", "\r"):
            _sub(r, "w:br")
        elif piece:
            t = _sub(r, "w:t")
            t.text = piece
            # Word drops leading/trailing spaces of a w:t unless told to keep them.
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def picture_run(shape_id: int, r_id: str, name: str, size: tuple[int, int], descr: str) -> Element:
    """A run holding an inline picture: the image part ``r_id``, ``size`` (cx, cy) in EMU.

    ``descr`` is the alternative text a screen reader speaks.
    """
    cx, cy = size
    inline = CT_Inline.new_pic_inline(shape_id, r_id, name, Emu(cx), Emu(cy))
    # Word writes the distances and so should we: LibreOffice reads missing ones as its
    # own default (about 3 mm each side), which pushes the picture off the margin.
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    inline.docPr.set("descr", descr)
    r = _run(None)
    _sub(r, "w:drawing").append(inline)
    return r


def break_run(props: RunProps | None = None) -> Element:
    r = _run(props)
    _sub(r, "w:br")
    return r


def tab_run(props: RunProps | None = None) -> Element:
    r = _run(props)
    _sub(r, "w:tab")
    return r


def field(instruction: str, cached: str, props: RunProps | None = None) -> list[Element]:
    """A complex field (begin, instruction, separate, cached result, end) as five runs.

    The cached result is what a reader that does not update fields shows.
    """
    begin, instr, separate, end = _run(props), _run(props), _run(props), _run(props)
    _sub(begin, "w:fldChar", fldCharType="begin")
    code = _sub(instr, "w:instrText")
    code.text = f" {instruction} "
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _sub(separate, "w:fldChar", fldCharType="separate")
    _sub(end, "w:fldChar", fldCharType="end")
    return [begin, instr, separate, text_run(cached, props), end]


_BOOKMARK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


def bookmark_name(anchor: str) -> str:
    """The bookmark name for a heading anchor: the anchor itself when Word can keep it.

    Word truncates bookmark names at 40 characters and wants a letter first; other
    anchors get a stable, hidden (``_``-prefixed) name derived from them, used alike by
    the bookmark and by every ``#anchor`` link.
    """
    if _BOOKMARK_NAME.match(anchor):
        return anchor
    stem = re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:28]
    digest = 0
    for char in anchor:  # FNV-1a: stable across runs, unlike hash()
        digest = ((digest ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return f"_{stem}_{digest:08x}"


def bookmark(bookmark_id: int, name: str) -> tuple[Element, Element]:
    start = el("w:bookmarkStart", id=bookmark_id, name=name)
    return start, el("w:bookmarkEnd", id=bookmark_id)


def hyperlink(*, r_id: str | None = None, anchor: str | None = None) -> Element:
    """``w:hyperlink`` to an external relationship ``r_id`` or an internal bookmark."""
    link = el("w:hyperlink")
    if r_id is not None:
        link.set(qn("r:id"), r_id)
        link.set(qn("w:history"), "1")
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    return link


# --------------------------------------------------------------------------- footnotes


def footnote_reference(note_id: int, style: str) -> Element:
    """The run in the text that calls footnote ``note_id``."""
    r = _run(RunProps(style=style))
    _sub(r, "w:footnoteReference", id=note_id)
    return r


def footnote_mark(style: str) -> Element:
    """The run that repeats the footnote's number at the start of the note itself."""
    r = _run(RunProps(style=style))
    _sub(r, "w:footnoteRef")
    return r


def footnotes_root() -> Element:
    """``w:footnotes`` holding the separator (-1) and continuation separator (0), as Word does."""
    # Declare r: on the root so hyperlinks in notes read r:id, not an invented prefix.
    root = OxmlElement("w:footnotes", nsdecls={"w": nsmap["w"], "r": nsmap["r"]})
    for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = _sub(root, "w:footnote", type=kind, id=note_id)
        p = paragraph(ParaProps(before=0, after=0))
        note.append(p)
        _sub(_sub(p, "w:r"), f"w:{kind}")
    return root


def footnote(root: Element, note_id: int) -> Element:
    return _sub(root, "w:footnote", id=note_id)


def enable_footnotes(settings: Element) -> None:
    """Name the separator footnotes in settings.xml (``w:footnotePr``), as Word writes it."""
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = el("w:footnotePr")
    _sub(pr, "w:footnote", id=-1)
    _sub(pr, "w:footnote", id=0)
    # The schema puts footnotePr just before endnotePr/compat/…; insert before the first of
    # those that exists (python-docx's default settings.xml has w:compat).
    for tag in ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:themeFontLang"):
        successor = settings.find(qn(tag))
        if successor is not None:
            successor.addprevious(pr)
            return
    settings.append(pr)


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


# --------------------------------------------------------------------------- tables


def table(columns: Sequence[int], *, indent: int, rule: str, margins: tuple[int, int]) -> Element:
    """``w:tbl`` with a fixed layout whose grid ``columns`` (twips) fill the width exactly.

    Rules between rows and under the last one; no vertical rules.  ``margins`` are the
    cells' (top/bottom, left/right) padding in twips.
    """
    tbl = el("w:tbl")
    pr = _sub(tbl, "w:tblPr")
    _sub(pr, "w:tblW", w=sum(columns), type="dxa")
    _sub(pr, "w:jc", val="left")
    _sub(pr, "w:tblInd", w=indent, type="dxa")
    borders = _sub(pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in ("bottom", "insideH"):
            _sub(borders, f"w:{side}", val="single", sz=4, space=0, color=_hex(rule))
        else:
            _sub(borders, f"w:{side}", val="nil")
    _sub(pr, "w:tblLayout", type="fixed")
    mar = _sub(pr, "w:tblCellMar")
    vertical, horizontal = margins
    for side, size in (("top", vertical), ("left", horizontal)):
        _sub(mar, f"w:{side}", w=size, type="dxa")
    for side, size in (("bottom", vertical), ("right", horizontal)):
        _sub(mar, f"w:{side}", w=size, type="dxa")
    _sub(pr, "w:tblLook", val="0020", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0,
         noHBand=1, noVBand=1)  # fmt: skip
    grid = _sub(tbl, "w:tblGrid")
    for width in columns:
        _sub(grid, "w:gridCol", w=width)
    return tbl


def table_row(tbl: Element, *, header: bool) -> Element:
    """A row that never splits across pages; a header row repeats on each page."""
    tr = _sub(tbl, "w:tr")
    pr = _sub(tr, "w:trPr")
    _sub(pr, "w:cantSplit")
    if header:
        _sub(pr, "w:tblHeader")
    return tr


def table_cell(tr: Element, width: int, fill: str | None = None) -> Element:
    tc = _sub(tr, "w:tc")
    pr = _sub(tc, "w:tcPr")
    _sub(pr, "w:tcW", w=width, type="dxa")
    if fill:
        _sub(pr, "w:shd", val="clear", color="auto", fill=_hex(fill))
    return tc


# --------------------------------------------------------------------------- styles


def style(
    kind: Literal["paragraph", "character"],
    style_id: str,
    name: str,
    *,
    para: ParaProps | None = None,
    run: RunProps | None = None,
    based_on: str | None = None,
    next_style: str | None = None,
    priority: int | None = None,
    quick: bool = False,
    default: bool = False,
) -> Element:
    """A complete ``w:style`` element (it replaces any template style of that id)."""
    s = el("w:style", type=kind, styleId=style_id)
    if default:
        s.set(qn("w:default"), "1")
    _sub(s, "w:name", val=name)
    if based_on:
        _sub(s, "w:basedOn", val=based_on)
    if next_style:
        _sub(s, "w:next", val=next_style)
    if priority is not None:
        _sub(s, "w:uiPriority", val=priority)
    if quick:
        _sub(s, "w:qFormat")
    if para is not None and (pr := ppr(para)) is not None:
        s.append(pr)
    if run is not None and (rr := rpr(run)) is not None:
        s.append(rr)
    return s


def install_styles(styles: Element, new: Iterable[Element]) -> None:
    """Put ``new`` styles into ``styles``, replacing template styles with the same ids."""
    existing = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    replaced: set[str] = set()
    for s in new:
        style_id = s.get(qn("w:styleId"))
        old = existing.get(style_id)
        if old is not None:
            old.getparent().replace(old, s)
            replaced.add(style_id)
        else:
            styles.append(s)
    # The template's linked character styles ("Heading 1 Char", theme fonts and all) would
    # point at styles that no longer link back: drop them.
    for s in list(styles.iter(qn("w:style"))):
        link = s.find(qn("w:link"))
        if link is not None and link.get(qn("w:val")) in replaced:
            styles.remove(s)


def set_doc_defaults(styles: Element, *, font: str, size: float, lang: str) -> None:
    """``w:docDefaults``: the body font on all four script slots, its size and language."""
    old = styles.find(qn("w:docDefaults"))
    defaults = el("w:docDefaults")
    run = _sub(_sub(defaults, "w:rPrDefault"), "w:rPr")
    _sub(run, "w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    _sub(run, "w:sz", val=round(size * 2))
    _sub(run, "w:szCs", val=round(size * 2))
    _sub(run, "w:lang", val=lang)
    para = _sub(_sub(defaults, "w:pPrDefault"), "w:pPr")
    _sub(para, "w:spacing", after=0, line=240, lineRule="auto")
    if old is not None:
        styles.replace(old, defaults)
    else:
        styles.insert(0, defaults)


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True, slots=True)
class ListLevels:
    """How list levels look: indents in points, marker run formatting."""

    step: float
    """Left indent added per level."""
    hanging: float
    """Room for the number or bullet."""
    marker: RunProps


_DECIMAL_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
_BULLETS = ("•", "–", "•")  # in Noto Sans, which carries the markers


def _abstract_num(abstract_id: int, *, numbered: bool, levels: ListLevels) -> Element:
    a = el("w:abstractNum", abstractNumId=abstract_id)
    _sub(a, "w:nsid", val=f"B41E{abstract_id:04X}")
    _sub(a, "w:multiLevelType", val="hybridMultilevel")
    for level in range(9):
        lvl = _sub(a, "w:lvl", ilvl=level)
        _sub(lvl, "w:start", val=1)
        if numbered:
            _sub(lvl, "w:numFmt", val=_DECIMAL_FORMATS[level % 3])
            _sub(lvl, "w:lvlText", val=f"%{level + 1}.")
        else:
            _sub(lvl, "w:numFmt", val="bullet")
            _sub(lvl, "w:lvlText", val=_BULLETS[level % 3])
        _sub(lvl, "w:lvlJc", val="left")
        lvl.append(
            ppr(ParaProps(left=levels.step * level + levels.hanging, hanging=levels.hanging))
        )
        marker = rpr(levels.marker)
        if marker is not None:
            lvl.append(marker)
    return a


NUMBERED_BASE = 1
"""numId of the plain numbered list (List Number's own); lists get ids from 3 on."""
BULLETED_BASE = 2


def set_numbering(
    numbering: Element, lists: Sequence[tuple[bool, int, int]], levels: ListLevels
) -> None:
    """Replace numbering.xml's content: two abstract lists (numbered, bulleted) and one
    ``w:num`` per list in ``lists`` = (numbered, level, start), numIds 3, 4, ….

    Every numbered list gets its own ``w:num`` with a ``w:startOverride``: Word continues
    numbering across ``w:num``s that share an abstract list unless told to restart.
    """
    for child in list(numbering):
        numbering.remove(child)
    numbering.append(_abstract_num(0, numbered=True, levels=levels))
    numbering.append(_abstract_num(1, numbered=False, levels=levels))
    instances = [(True, 0, 1), (False, 0, 1), *lists]
    for num_id, (numbered, level, start) in enumerate(instances, start=1):
        num = _sub(numbering, "w:num", numId=num_id)
        _sub(num, "w:abstractNumId", val=0 if numbered else 1)
        if numbered:
            override = _sub(num, "w:lvlOverride", ilvl=level)
            _sub(override, "w:startOverride", val=start)


# --------------------------------------------------------------------------- package parts


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
        font = _sub(fonts, "w:font", name=name)
        info = KNOWN_FONTS.get(name)
        if info is None:
            _sub(font, "w:family", val="auto")
            _sub(font, "w:pitch", val="variable")
            continue
        _sub(font, "w:panose1", val=info.panose)
        _sub(font, "w:charset", val="00")
        _sub(font, "w:family", val=info.family)
        _sub(font, "w:pitch", val="variable")
        usb0, usb1, usb2, usb3, csb0, csb1 = info.signature
        _sub(font, "w:sig", usb0=usb0, usb1=usb1, usb2=usb2, usb3=usb3, csb0=csb0, csb1=csb1)
    return fonts


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


def repack(package: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """The same zip with every entry dated ``when``, in the same order, fixed attributes.

    python-docx stamps entries with the current time; this makes two renders identical.
    """
    when = min(max(when, (1980, 1, 1, 0, 0, 0)), (2107, 12, 31, 23, 59, 58))  # what zip can hold
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so unzip gives ordinary rw-r--r-- files
            info.external_attr = 0o100644 << 16
            dst.writestr(info, src.read(entry.filename), compresslevel=6)
    return out.getvalue()
