"""The Word styles of a brief, from the Style: Word's own (Normal, Heading 1-3, List Number,
List Bullet, Quote, footnote text, Hyperlink, header, footer) under their Word names, and a
"Box <Kind>" paragraph style per box kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from briefgen.style import BoxStyle, Style
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.oxml.element import Element
from briefgen.writers.docx.oxml.properties import Border, Borders, ParaProps, RunProps

# Style ids.  Built-in Word styles keep their ids and names ("heading 1" shows as
# "Heading 1"), so Word and LibreOffice treat them as the real thing.
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


QUOTE_INDENT = 14.0  # points
LIST_STEP = 17.0  # points of indent per list level
CELL_PADDING = (2.5, 5.0)  # points: top/bottom, left/right


@dataclass(frozen=True, slots=True)
class BoxLook:
    style_id: str
    italic: bool
    space_before: float
    space_after: float


def box_looks(boxes: dict[str, BoxStyle]) -> dict[str, BoxLook]:
    looks: dict[str, BoxLook] = {}
    taken: set[str] = set()
    for kind, box in boxes.items():
        stem = "Box" + "".join(w.capitalize() for w in re.findall(r"[A-Za-z0-9]+", kind))
        style_id, n = stem, 1
        while style_id in taken:
            n += 1
            style_id = f"{stem}{n}"
        taken.add(style_id)
        looks[kind] = BoxLook(style_id, box.italic, box.space_before, box.space_after)
    return looks


def _box_style(kind: str, box: BoxStyle, look: BoxLook, style: Style) -> Element:
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


def style_elements(style: Style, text_width: int, boxes: dict[str, BoxLook]) -> list[Element]:
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
                left=QUOTE_INDENT,
                right=QUOTE_INDENT,
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
                right_tab=text_width,
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
