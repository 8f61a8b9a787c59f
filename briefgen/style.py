"""style.yaml → Style: page geometry, fonts, colours, header and footer of a template.

A template folder holds ``brief.md.j2`` (what is said) and ``style.yaml`` (how it looks).
Both writers read the same Style, so the DOCX and the PDF share page size, margins,
fonts, sizes and colours.  Fonts are named by family; ``font_files`` resolves a family to
the TrueType files shipped in ``briefgen/fonts`` (or beside the template).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

FONTS_DIR = Path(__file__).parent / "fonts"

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margins(_Strict):
    """Page margins in millimetres."""

    top: float = Field(22, ge=5, le=60)
    bottom: float = Field(20, ge=5, le=60)
    left: float = Field(22, ge=5, le=60)
    right: float = Field(22, ge=5, le=60)


class Page(_Strict):
    size: Literal["A4", "letter"] = "A4"
    margins_mm: Margins = Margins()


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


class Style(_Strict):
    name: str
    description: str = ""
    page: Page = Page()
    fonts: Fonts = Fonts()
    colours: Colours = Colours()
    header_footer: HeaderFooter = HeaderFooter()
    boxes: dict[str, BoxStyle] = {}
    """Box kinds the template may use (``::: callout``); using another is an error."""
    formats: tuple[Literal["docx", "pdf"], ...] = ("docx", "pdf")
    """The formats a render writes when none are asked for."""


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
