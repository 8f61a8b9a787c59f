"""Every paragraph style of one render, made from the Style once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from briefgen.style import BoxStyle, Style
from briefgen.writers.pdf.fonts import Faces


@dataclass(frozen=True, slots=True)
class Styles:
    """Every paragraph style of one render, made from the Style once."""

    body: ParagraphStyle
    headings: dict[int, ParagraphStyle]
    head_cell: ParagraphStyle
    cell: ParagraphStyle
    note: ParagraphStyle
    boxes: dict[str, ParagraphStyle]


RULE_GAP = 3.0
"""Points between a section heading's text and the rule under it."""


def colour(value: str) -> colors.Color:
    return colors.HexColor(value)


@lru_cache(maxsize=16)
def hyphenator(language: str) -> Callable[[str], list[tuple[str, str]]]:
    """pyphen's ways to break a word, for reportlab, made once per language (reportlab
    would build the dictionary again for every paragraph).  A word that has a hyphen of
    its own breaks after it, never before: pyphen offers "anti" / "-Westernism", which
    reportlab would draw with a second hyphen."""
    import pyphen

    dictionary = pyphen.Pyphen(lang=language)

    def pairs(word: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for head, tail in dictionary.iterate(word):
            if tail.startswith("-"):
                head, tail = head + "-", tail[1:]
            if head and tail and (head, tail) not in found:
                found.append((head, tail))
        return found

    return pairs


def make_styles(style: Style, body: Faces, heading: Faces, hyphenation: str = "") -> Styles:
    """Every paragraph style of a render; ``hyphenation`` (a pyphen dictionary) breaks
    words at line ends when the template hyphenates."""
    f, c = style.fonts, style.colours
    text = colour(c.text)
    accent = colour(c.accent)
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
        hyphenationLang=hyphenator(hyphenation) if style.hyphenate and hyphenation else "",  # type: ignore[arg-type]  # reportlab takes a callable too
        uriWasteReduce=0.3 if style.hyphenate and hyphenation else 0,
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
            hyphenationLang="",  # a heading's words stay whole
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
    return Styles(
        body=base,
        headings={
            1: heading_style(1, f.title_size, 0, 5),
            2: heading_style(2, f.h2_size, 12, 4 + RULE_GAP),
            3: heading_style(3, f.h3_size, 9, 3),
        },
        head_cell=ParagraphStyle(
            "head_cell",
            parent=cell,
            fontName=heading.bold,
            textColor=colour(c.table_header_text),
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
    kind: str, box: BoxStyle, base: ParagraphStyle, body: Faces, heading: Faces, style: Style
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
        textColor=colour(box.colour or style.colours.text),
        textTransform="uppercase" if box.uppercase else None,
        spaceAfter=round(leading * 0.25, 2),
        # Text set in the heading face (a kicker, a subtitle, a callout) stays whole.
        hyphenationLang=base.hyphenationLang if box.font == "body" else "",
    )
