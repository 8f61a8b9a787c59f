"""style.yaml → Style: page geometry, fonts, colours, header and footer of a template.

A template folder holds ``brief.md.j2`` (what is said) and ``style.yaml`` (how it looks).
Both writers read the same Style, so the DOCX and the PDF share page size, margins,
fonts, sizes and colours.  Fonts are named by family; ``font_files`` resolves a family to
the TrueType files shipped in ``briefgen/fonts`` (or beside the template).

A template may carry a logo (``logo:``).  ``templates.load_template`` checks the image
file once and attaches what it found (a ``LogoImage``) to the Style, so the writers draw
it without opening or checking anything; ``Style.logo_placement`` says where it goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from briefgen.data import FONTS_DIR
from briefgen.tree import xml_safe

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margins(_Strict):
    """Page margins in millimetres."""

    top: float = Field(22, ge=5, le=60)
    bottom: float = Field(20, ge=5, le=60)
    left: float = Field(22, ge=5, le=60)
    right: float = Field(22, ge=5, le=60)


PAGE_SIZES_MM = {"A4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Width and height of each page size."""


class Page(_Strict):
    size: Literal["A4", "letter"] = "A4"
    margins_mm: Margins = Margins()
    max_pages: int | None = Field(None, ge=1, le=100)
    """How many pages the template is meant to fill at most (a one-page memo): a brief
    that takes more renders, with a warning that says so."""

    @property
    def width_mm(self) -> float:
        return PAGE_SIZES_MM[self.size][0]

    @property
    def height_mm(self) -> float:
        return PAGE_SIZES_MM[self.size][1]

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margins_mm.left - self.margins_mm.right


class Fonts(_Strict):
    """Font families (see ``font_files``) and sizes in points."""

    body: str = "Noto Serif"
    heading: str = "Noto Sans"
    body_size: float = Field(10, ge=6, le=16)
    body_leading: float = Field(14, ge=7, le=24)
    """Line height of body text, in points."""
    title_size: float = Field(21, ge=10, le=40)
    h2_size: float = Field(12.5, ge=8, le=24)
    h3_size: float = Field(10.5, ge=7, le=20)
    small_size: float = Field(8, ge=5, le=12)
    """Header, footer, footnotes, table text and the source line."""


class Colours(_Strict):
    """Colours as ``#rrggbb``."""

    text: str = "#1d2330"
    accent: str = "#1f3a5f"
    """Headings, the title, the callout's rule, link text."""
    muted: str = "#5b6472"
    """Subtitle, meta line, header and footer."""
    callout_fill: str = "#e9eff6"
    table_header_fill: str = "#1f3a5f"
    table_header_text: str = "#ffffff"
    table_rule: str = "#c5cedb"
    marking: str = "#a4262c"
    """The handling marking in the page header."""

    @field_validator("*")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"not a colour of the form #rrggbb: {value!r}")
        return value.lower()


class HeaderFooter(_Strict):
    header_left: str = "Policy brief"
    """Text at the left of every page header; the marking stands at the right."""
    footer: str = "Page {page} of {pages}"
    """Footer text; ``{page}`` and ``{pages}`` become fields (DOCX) or numbers (PDF)."""
    draft_label: str = Field("DRAFT", min_length=1, max_length=40)
    """Put before the marking in every page header of a brief whose status is draft
    ("DRAFT · OFFICIAL"); a template may translate it, never leave it out."""
    continued_left: str | None = Field(None, max_length=200)
    """Text at the left of the header on every page after the first, ``{title}`` the
    brief's title (a memo's continuation pages name their subject); unset, every page
    has ``header_left``."""

    def left_text(self, *, first: bool, title: str) -> str:
        """The header's left text on the first page, or on a later one."""
        if first or self.continued_left is None:
            return self.header_left
        return self.continued_left.replace("{title}", title)

    @field_validator("header_left", "footer", "continued_left")
    @classmethod
    def _xml_safe(cls, value: str | None) -> str | None:
        # Printed in both formats as they stand: the tree's rule, as for the document's text.
        return None if value is None else xml_safe(value)


class NotesStyle(_Strict):
    """Notes, the same in both formats: at the foot of the page that cites them (Word's
    footnotes; the default), or all at the end of the document (Word's endnotes; the
    PDF sets them under ``heading``)."""

    placement: Literal["footnotes", "endnotes"] = "footnotes"
    """Where the notes stand: at the foot of each page, or at the end."""
    heading: str = Field("Notes", min_length=1, max_length=80)
    """The heading over notes set at the end of the document; a template may translate it."""

    @field_validator("heading")
    @classmethod
    def _xml_safe(cls, value: str) -> str:
        return xml_safe(value)


LOGO_GAP_MM = 3.0
"""Room between the logo and the header text beside it."""
LOGO_CLEARANCE_MM = 6.0
"""From the logo's foot (the header text's baseline) down to the body text: the text's
descenders, the header rule with its spacing, and a gap."""
LOGO_MIN_TOP_MM = 4.0
"""The logo's top edge keeps this far from the page's edge (printers' unprintable strip)."""
LOGO_MAX_WIDTH_SHARE = 0.4
"""The logo takes at most this share of the text width; the header text needs the rest."""


@dataclass(frozen=True, slots=True)
class LogoImage:
    """A logo file as ``templates.load_template`` checked it: what the writers draw."""

    path: Path
    """The file, resolved (inside the template folder)."""
    data: bytes = field(repr=False)
    """The file's bytes, read once: the writers embed these, never the file as it is later."""
    format: Literal["PNG", "JPEG"]
    width_px: int
    height_px: int
    digest: str
    """SHA-256 of ``data`` in hex: a cache key, and part of the PDF's document ID."""


class Logo(_Strict):
    """A picture (PNG or JPEG) in every page header, beside the header text."""

    file: str = Field(min_length=1)
    """The image, relative to the template folder (it must stay inside that folder)."""
    alt: str = Field(min_length=1, max_length=250)
    """What the logo says, for a reader who cannot see it ("Ministry of Foreign Affairs"):
    the PDF's Figure /Alt and the DOCX picture's description."""
    height_mm: float = Field(9, ge=4, le=30)
    """Printed height; the width follows from the image's aspect ratio."""
    position: Literal["left", "right"] = "left"
    """Which end of the header it stands at; the header text moves beside it."""

    _image: LogoImage | None = PrivateAttr(None)

    @property
    def image(self) -> LogoImage:
        """The checked image; only a Style from ``templates.load_template`` has one."""
        if self._image is None:
            raise RuntimeError("logo.file was never checked: load the template first")
        return self._image

    @property
    def width_mm(self) -> float:
        image = self.image
        return self.height_mm * image.width_px / image.height_px

    def with_image(self, image: LogoImage) -> Logo:
        """This logo with its checked image attached."""
        logo = self.model_copy()
        logo._image = image
        return logo


def logo_top_mm(margin_top: float, height: float) -> float:
    """Where a logo ``height`` mm high starts, from the page's top edge.

    As high as a header without a logo starts (0.45 of the top margin), lower only as far
    as a tall logo needs to leave ``LOGO_CLEARANCE_MM`` above the body text.
    """
    return min(margin_top * 0.45, margin_top - height - LOGO_CLEARANCE_MM)


@dataclass(frozen=True, slots=True)
class LogoPlacement:
    """Where the logo and the header text go, in mm from the page's left and top edges.

    The logo's foot is the header text's baseline: both sit on one line above the rule.
    """

    x: float
    top: float
    width: float
    height: float
    text_left: float
    """Where ``header_left`` starts."""
    text_right: float
    """Where the marking ends (it is set flush right against this)."""


class BoxStyle(_Strict):
    """How a ``::: kind`` box looks.  Text settings apply to the paragraphs inside it."""

    font: Literal["body", "heading"] = "body"
    size: float | None = Field(None, ge=5, le=40)
    """Font size in points; None keeps the body size."""
    leading: float | None = Field(None, ge=5, le=48)
    colour: str | None = None
    bold: bool = False
    italic: bool = False
    uppercase: bool = False
    fill: str | None = None
    """Background colour; None for none."""
    rule: str | None = None
    """Colour of a 3 pt rule down the left edge; None for none."""
    padding: float = Field(0, ge=0, le=30)
    """Inner padding in points (used when there is a fill or a rule)."""
    space_before: float = Field(0, ge=0, le=60)
    space_after: float = Field(6, ge=0, le=60)

    @field_validator("colour", "fill", "rule")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        if value is not None and not _HEX.match(value):
            raise ValueError(f"not a colour of the form #rrggbb: {value!r}")
        return None if value is None else value.lower()


RuleId = Literal[
    "bottom-line-judgment",
    "bottom-line-length",
    "rec-verb",
    "rec-actor",
    "rec-timeframe",
    "estimative-scale",
    "estimative-hedge",
    "evidence-unused",
    "rec-unsupported",
    "quote-length",
    "prose",
]
"""The house rules of ``briefgen lint`` (``briefgen.lint``), each on unless disabled."""


class LintStyle(_Strict):
    """What ``briefgen lint`` holds a brief of this template to."""

    disable: tuple[RuleId, ...] = ()
    """Rules this template does not apply."""
    scale: Literal["icd203", "phia"] = "icd203"
    """The probability scale estimative words must come from: US ICD 203's seven terms, or
    the UK PHIA yardstick."""
    bottom_line_words: int = Field(80, ge=10, le=1000)
    """The most words the bottom line may take."""
    quote_words: int = Field(40, ge=3, le=1000)
    """The most words a quote may take: a brief cites, it does not reprint."""
    prose_off: tuple[str, ...] = ()
    """proselint checks not applied, by name or family (``weasel_words.very``, ``typography``)."""


class Style(_Strict):
    name: str
    description: str = ""
    page: Page = Page()
    fonts: Fonts = Fonts()
    colours: Colours = Colours()
    header_footer: HeaderFooter = HeaderFooter()
    notes: NotesStyle = NotesStyle()
    logo: Logo | None = None
    """A picture in the page header; none by default."""
    boxes: dict[str, BoxStyle] = {}
    """Box kinds the template may use (``::: callout``); using another is an error."""
    formats: tuple[Literal["docx", "pdf"], ...] = ("docx", "pdf")
    """The formats a render writes when none are asked for."""
    hyphenate: bool = False
    """Hyphenate the text in the brief's language: the PDF by pyphen's dictionary of it,
    the DOCX by telling Word and LibreOffice to (``w:autoHyphenation``)."""
    lint: LintStyle = LintStyle()
    """The house's analytic standards for ``briefgen lint``."""
    appendix: Literal["sources"] | None = None
    """``sources``: after the brief, every claim and recommendation with the ¶ of the
    essay it rests on and the essay's words there (``briefgen.appendix``)."""

    def logo_placement(self) -> LogoPlacement | None:
        """The logo's box and the room left for the header text; None without a logo."""
        logo = self.logo
        if logo is None:
            return None
        margins = self.page.margins_mm
        left = margins.left
        right = self.page.width_mm - margins.right
        width = logo.width_mm
        top = logo_top_mm(margins.top, logo.height_mm)
        if logo.position == "left":
            return LogoPlacement(
                left, top, width, logo.height_mm, left + width + LOGO_GAP_MM, right
            )
        x = right - width
        return LogoPlacement(x, top, width, logo.height_mm, left, x - LOGO_GAP_MM)


@dataclass(frozen=True, slots=True)
class FontFiles:
    """The four TrueType faces of one family."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def font_files(family: str, extra_dirs: tuple[Path, ...] = ()) -> FontFiles:
    """Find the four faces of ``family`` ("Noto Serif" → NotoSerif-Regular.ttf, …).

    Looks in ``extra_dirs`` (a template's own fonts) first, then briefgen's shipped fonts.
    Raises FileNotFoundError naming the first missing face.
    """
    stem = family.replace(" ", "")
    faces = {}
    for face, suffix in (
        ("regular", "Regular"),
        ("bold", "Bold"),
        ("italic", "Italic"),
        ("bold_italic", "BoldItalic"),
    ):
        name = f"{stem}-{suffix}.ttf"
        for folder in (*extra_dirs, FONTS_DIR):
            if (folder / name).is_file():
                faces[face] = folder / name
                break
        else:
            raise FileNotFoundError(f"font {family!r}: no {name} in the template or briefgen")
    return FontFiles(family=family, **faces)
