"""What keeps a DOCX from every reader, and from looking the same everywhere:

- **title**: the core properties name the document (``dc:title``), not a placeholder;
- **language**: the document's default language (``w:lang`` in the style defaults);
- **headings**: the body's headings (paragraphs with an outline level, from their style
  or their own) start at level 1 and skip no level;
- **tables**: a table of more than one row repeats its first row as a header row
  (``w:tblHeader``), which is also how Word marks header cells for a screen reader;
- **pictures**: every drawing has alternative text (``descr``) or is marked decorative;
- **fonts**: every font that a used style, the defaults or a run names is embedded in
  the package (``w:embedRegular`` and its kin, pointing at a part that is there).

A DOCX has no pages until a program lays it out, so a finding names its part (and the
paragraph or table, counted from 1) instead.  The package is read without trusting it:
its declared sizes are checked before anything is unpacked, and XML entities are never
expanded.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx.oxml.parser import parse_xml
from lxml import etree

from briefgen.check.finding import Finding

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""The most a DOCX may unpack to before it is refused (a ZIP can claim gigabytes)."""

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
_W = f"{{{_NS['w']}}}"
_PLACEHOLDER_TITLES = frozenset(("untitled", "document", "title", "document1"))
_EMBEDS = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
_STORY_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


class _Package:
    """The parts of a DOCX, unpacked on demand, parsed once."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self.names = frozenset(archive.namelist())
        self._parsed: dict[str, etree._Element | None] = {}

    def xml(self, name: str) -> etree._Element | None:
        if name not in self._parsed:
            self._parsed[name] = parse_xml(self._archive.read(name)) if name in self.names else None
        return self._parsed[name]

    def targets(self, part: str) -> dict[str, str]:
        """Relationship id → the part it points at, for ``part``'s internal relationships."""
        folder, base = posixpath.split(part)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return {}
        found = {}
        for rel in rels.findall("pr:Relationship", _NS):
            if rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                found[rel.get("Id", "")] = posixpath.normpath(posixpath.join(folder, target))
        return found


def check_docx(path: Path) -> list[Finding]:
    """Every finding in the DOCX at ``path`` (raises ValueError when it cannot be read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                mib = MAX_UNPACKED_BYTES // 2**20
                raise ValueError(f"it would unpack to more than {mib} MiB")
            package = _Package(archive)
            if package.xml("word/document.xml") is None:
                raise ValueError("cannot read it as a DOCX (no word/document.xml)")
            return list(_findings(package))
    except ValueError:
        raise
    except Exception as err:  # noqa: BLE001 - zipfile and lxml raise many kinds
        raise ValueError(f"cannot read it as a DOCX ({type(err).__name__}: {err})") from None


def _findings(package: _Package) -> Iterator[Finding]:
    yield from _title(package)
    styles = _Styles(package.xml("word/styles.xml"), package.xml("word/theme/theme1.xml"))
    if not styles.language:
        yield Finding(
            None, "styles", "no document language (w:lang in the defaults)", "word/styles.xml"
        )
    body = package.xml("word/document.xml")
    assert body is not None  # checked by the caller
    yield from _headings(body, styles)
    yield from _tables(body)
    stories = sorted(name for name in package.names if _STORY_PARTS.fullmatch(name))
    used: set[str] = set(styles.default_fonts())
    for name in stories:
        story = package.xml(name)
        if story is None:
            continue
        yield from _pictures(story, name)
        used |= styles.fonts_of(story)
    yield from _fonts(package, used)


def _title(package: _Package) -> Iterator[Finding]:
    core = package.xml("docProps/core.xml")
    title = core.findtext("dc:title", "", _NS).strip() if core is not None else ""
    where = "docProps/core.xml"
    if not title:
        yield Finding(None, "dc:title", "no document title", where)
    elif title.lower() in _PLACEHOLDER_TITLES:
        yield Finding(None, "dc:title", f"the title is a placeholder ({title!r})", where)


class _Styles:
    """What a paragraph or run's style says about its outline level and fonts, through
    the ``basedOn`` chain, down to the document defaults."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self._defaults: etree._Element | None = None
        if styles is not None:
            for style in styles.findall("w:style", _NS):
                self._by_id[style.get(f"{_W}styleId", "")] = style
            self._defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", _NS)
        self._theme: dict[str, str] = {}
        if theme is not None:
            for kind in ("major", "minor"):
                latin = theme.find(f".//a:{kind}Font/a:latin", _NS)
                if latin is not None and latin.get("typeface"):
                    self._theme[kind] = latin.get("typeface", "")
        lang = self._defaults.find("w:lang", _NS) if self._defaults is not None else None
        self.language = (lang.get(f"{_W}val", "") if lang is not None else "").strip()

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            based = style.find("w:basedOn", _NS)
            style_id = based.get(f"{_W}val") if based is not None else None

    def outline_level(self, paragraph: etree._Element) -> int | None:
        """The paragraph's heading level (1–9), or None for body text."""
        own = paragraph.find("w:pPr/w:outlineLvl", _NS)
        if own is None:
            style = paragraph.find("w:pPr/w:pStyle", _NS)
            style_id = style.get(f"{_W}val") if style is not None else "Normal"
            for element in self._chain(style_id):
                own = element.find("w:pPr/w:outlineLvl", _NS)
                if own is not None:
                    break
        if own is None:
            return None
        try:
            level = int(own.get(f"{_W}val", "9"))
        except ValueError:
            return None
        return level + 1 if 0 <= level < 9 else None  # 9 is "body text"

    def _font(self, fonts: etree._Element | None) -> str | None:
        if fonts is None:
            return None
        theme = fonts.get(f"{_W}asciiTheme")  # a theme font wins over a named one
        if theme:
            return self._theme.get("major" if theme.startswith("major") else "minor")
        return fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")

    def default_fonts(self) -> set[str]:
        found = (
            self._font(self._defaults.find("w:rFonts", _NS)) if self._defaults is not None else None
        )
        return {found} if found else set()

    def _style_font(self, style_id: str) -> str | None:
        for style in self._chain(style_id):
            found = self._font(style.find("w:rPr/w:rFonts", _NS))
            if found:
                return found
        return None

    def fonts_of(self, story: etree._Element) -> set[str]:
        """The fonts that ``story``'s styles and runs name."""
        used: set[str] = set()
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for ref in story.iter(f"{_W}{tag}"):
                found = self._style_font(ref.get(f"{_W}val", ""))
                if found:
                    used.add(found)
        for fonts in story.iter(f"{_W}rFonts"):
            found = self._font(fonts)
            if found:
                used.add(found)
        return used


def _headings(body: etree._Element, styles: _Styles) -> Iterator[Finding]:
    where = "word/document.xml"
    previous: int | None = None
    for number, paragraph in enumerate(body.iter(f"{_W}p"), start=1):
        level = styles.outline_level(paragraph)
        if level is None:
            continue
        text = _short("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
        if previous is None and level != 1:
            yield Finding(
                None,
                f"paragraph {number} ({text})",
                f"the first heading is level {level}, not 1",
                where,
            )
        elif previous is not None and level > previous + 1:
            yield Finding(
                None,
                f"paragraph {number} ({text})",
                f"a heading level skipped ({previous} to {level})",
                where,
            )
        previous = level


def _tables(body: etree._Element) -> Iterator[Finding]:
    for number, table in enumerate(body.iter(f"{_W}tbl"), start=1):
        rows = table.findall("w:tr", _NS)
        if len(rows) < 2:
            continue
        mark = rows[0].find("w:trPr/w:tblHeader", _NS)
        if mark is None or mark.get(f"{_W}val", "true") in ("false", "0", "off"):
            yield Finding(
                None,
                f"table {number}",
                "its first row is not a header row (w:tblHeader)",
                "word/document.xml",
            )


def _pictures(story: etree._Element, part: str) -> Iterator[Finding]:
    for number, props in enumerate(story.iter(f"{{{_NS['wp']}}}docPr"), start=1):
        decorative = props.find(".//adec:decorative", _NS)
        if decorative is not None and decorative.get("val") in ("1", "true"):
            continue
        if not (props.get("descr") or "").strip():
            name = props.get("name") or f"picture {number}"
            yield Finding(None, f"picture {name!r}", "no alternative text (descr)", part)


def _fonts(package: _Package, used: set[str]) -> Iterator[Finding]:
    table = package.xml("word/fontTable.xml")
    targets = package.targets("word/fontTable.xml")
    embedded: set[str] = set()
    if table is not None:
        for font in table.findall("w:font", _NS):
            for kind in _EMBEDS:
                embed = font.find(f"w:{kind}", _NS)
                rid = embed.get(f"{{{_NS['r']}}}id") if embed is not None else None
                if rid and targets.get(rid) in package.names:
                    embedded.add(font.get(f"{_W}name", ""))
    for name in sorted(used - embedded):
        yield Finding(None, f"font {name}", "named but not embedded", "word/fontTable.xml")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."
